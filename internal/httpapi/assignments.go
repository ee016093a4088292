package httpapi

import (
	"context"

	"chungtay/internal/assignment"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

func (s *Server) listAssignments(ctx context.Context, in *IDPath) (*itemsOut[assignment.View], error) {
	items, err := s.assignments.List(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[assignment.View]{}
	o.Body.Items = items
	return o, nil
}

type assignIn struct {
	IDPath
	Body assignment.Input
}

func (s *Server) assignHousehold(ctx context.Context, in *assignIn) (*bodyOut[*assignment.Assignment], error) {
	a, err := s.assignments.Assign(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(a), nil
}

// bulkBody is the filter, the unit and its role of a bulk assignment.
type bulkBody struct {
	UnitID      int64         `json:"unit_id" minimum:"1" doc:"the unit that takes the households"`
	Role        string        `json:"role" enum:"primary,supporting" doc:"primary: the unit becomes the households' primary unit (they leave the one they had); supporting: a supporting unit beside it"`
	AreaID      int64         `json:"area_id,omitempty" required:"false" doc:"filter: the area's subtree"`
	Class       poverty.Class `json:"class,omitempty" required:"false" enum:"poor,near_poor,escaped,average,none"`
	Deprivation string        `json:"deprivation,omitempty" required:"false"`
	Flag        string        `json:"flag,omitempty" required:"false"`
	Q           string        `json:"q,omitempty" required:"false" maxLength:"100"`
	ValidFrom   civil.Date    `json:"valid_from,omitempty" required:"false"`
	Reason      string        `json:"reason,omitempty" required:"false" maxLength:"500"`
	// The preview says whether it is needed (confirm_count_required) and ignores it.
	ConfirmCount *int `json:"confirm_count,omitempty" required:"false" minimum:"0" doc:"the number of matching households, typed back: required when the filter has no criterion but the area (the whole ward or area)"`
}

func (b bulkBody) input() assignment.BulkInput {
	return assignment.BulkInput{
		Filter: household.Filter{AreaID: b.AreaID, Class: b.Class, Deprivation: b.Deprivation, Flag: b.Flag, Query: b.Q},
		UnitID: b.UnitID, Role: b.Role, ValidFrom: b.ValidFrom, Reason: b.Reason, ConfirmCount: b.ConfirmCount,
	}
}

type bulkIn struct {
	Body bulkBody
}

func (s *Server) previewBulk(ctx context.Context, in *bulkIn) (*bodyOut[*assignment.BulkPreview], error) {
	pv, err := s.assignments.PreviewBulk(ctx, s.d.Now(), in.Body.input())
	if err != nil {
		return nil, err
	}
	return out(pv), nil
}

func (s *Server) assignBulk(ctx context.Context, in *bulkIn) (*bodyOut[*assignment.BulkResult], error) {
	res, err := s.assignments.AssignByFilter(ctx, s.d.Now(), in.Body.input())
	if err != nil {
		return nil, err
	}
	return out(res), nil
}

type spreadIn struct {
	IDPath
	Body assignment.SpreadInput
}

func (s *Server) previewSpread(ctx context.Context, in *spreadIn) (*bodyOut[*assignment.SpreadPlan], error) {
	p, err := s.assignments.PreviewSpread(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) spreadUnit(ctx context.Context, in *spreadIn) (*bodyOut[*assignment.BulkResult], error) {
	res, err := s.assignments.Spread(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(res), nil
}

func (s *Server) unitMembers(ctx context.Context, in *IDPath) (*itemsOut[assignment.Member], error) {
	items, err := s.assignments.Members(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[assignment.Member]{}
	o.Body.Items = items
	return o, nil
}

type unitHouseholdsIn struct {
	IDPath
	Q       string `query:"q" maxLength:"100"`
	Page    int    `query:"page" default:"1" minimum:"1"`
	PerPage int    `query:"per_page" default:"25" minimum:"1" maximum:"200"`
}

func (s *Server) unitHouseholds(ctx context.Context, in *unitHouseholdsIn) (*bodyOut[*assignment.UnitHouseholdPage], error) {
	p, err := s.assignments.Households(ctx, s.d.Now(), in.ID, in.Q, in.Page, in.PerPage)
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) unitAreas(ctx context.Context, in *IDPath) (*itemsOut[assignment.AreaInCharge], error) {
	items, err := s.assignments.AreasInCharge(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[assignment.AreaInCharge]{}
	o.Body.Items = items
	return o, nil
}

type unitAreaIn struct {
	IDPath
	Body assignment.AreaInput
}

func (s *Server) setUnitArea(ctx context.Context, in *unitAreaIn) (*bodyOut[*assignment.AreaInCharge], error) {
	a, err := s.assignments.SetAreaInCharge(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(a), nil
}
