package httpapi

import (
	"context"

	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// HouseholdFilter is the query of the list and of the export (exported: huma
// reads only exported embedded fields).
type HouseholdFilter struct {
	AreaID      int64         `query:"area_id" doc:"the area's whole subtree"`
	Class       poverty.Class `query:"class" enum:"poor,near_poor,escaped,average,none"`
	Year        int           `query:"year" doc:"with class: the class on that year's list"`
	Deprivation string        `query:"deprivation" doc:"deprivation indicator code"`
	Flag        string        `query:"flag" doc:"flag code"`
	Q           string        `query:"q" maxLength:"100" doc:"head's name (diacritics optional) or code"`
	Archived    bool          `query:"archived"`
	UnitID      int64         `query:"unit_id" doc:"households assigned today to this unit"`
	Sort        string        `query:"sort" default:"code" enum:"code,-code,head_name,-head_name,members,-members,updated_at,-updated_at,classification,-classification,area,-area"`
}

func (f HouseholdFilter) filter() household.Filter {
	return household.Filter{AreaID: f.AreaID, Class: f.Class, Year: f.Year, Deprivation: f.Deprivation,
		Flag: f.Flag, Query: f.Q, Archived: f.Archived, Sort: f.Sort, UnitID: f.UnitID}
}

type listHouseholdsIn struct {
	HouseholdFilter
	Page    int `query:"page" default:"1" minimum:"1"`
	PerPage int `query:"per_page" default:"25" minimum:"1" maximum:"200"`
}

func (s *Server) listHouseholds(ctx context.Context, in *listHouseholdsIn) (*bodyOut[*household.Page], error) {
	f := in.filter()
	f.Page, f.PerPage = in.Page, in.PerPage
	p, err := s.d.Households.List(ctx, f)
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) getHousehold(ctx context.Context, in *IDPath) (*bodyOut[*household.Detail], error) {
	d, err := s.d.Households.Detail(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return out(d), nil
}

func (s *Server) createHousehold(ctx context.Context, in *struct{ Body household.Input }) (*bodyOut[household.View], error) {
	h, err := s.d.Households.Create(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(household.ViewOf(h)), nil
}

type updateHouseholdIn struct {
	IDPath
	Body struct {
		Version int `json:"version" doc:"the version you read; a stale one gets 409"`
		household.Input
	}
}

func (s *Server) updateHousehold(ctx context.Context, in *updateHouseholdIn) (*bodyOut[household.View], error) {
	h, err := s.d.Households.Update(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Input)
	if err != nil {
		return nil, err
	}
	return out(household.ViewOf(h)), nil
}

type archiveHouseholdIn struct {
	IDPath
	Body struct {
		Version int    `json:"version"`
		Reason  string `json:"reason" maxLength:"500"`
	}
}

func (s *Server) archiveHousehold(ctx context.Context, in *archiveHouseholdIn) (*bodyOut[household.View], error) {
	h, err := s.d.Households.Archive(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return out(household.ViewOf(h)), nil
}

type recordEventIn struct {
	IDPath
	Body household.EventInput
}

func (s *Server) recordEvent(ctx context.Context, in *recordEventIn) (*bodyOut[*household.Event], error) {
	ev, err := s.d.Households.RecordEvent(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(ev), nil
}

type classifyIn struct {
	Body struct {
		Standard      poverty.Standard `json:"standard" enum:"2016-2020,2022-2026,city"`
		Urban         bool             `json:"urban"`
		IncomeMonthly int64            `json:"income_monthly" minimum:"0"`
		Deprivations  []string         `json:"deprivations,omitempty" required:"false"`
	}
}

type classifyOut struct {
	Classification poverty.Class `json:"classification"`
	Deprivations   int           `json:"deprivations" doc:"deprivations counted under the standard"`
}

func (s *Server) classify(ctx context.Context, in *classifyIn) (*bodyOut[classifyOut], error) {
	d, err := poverty.ParseDeprivations(in.Body.Deprivations)
	if err != nil {
		return nil, invalidCode("deprivations", err)
	}
	c, err := poverty.Classify(poverty.Input{Standard: in.Body.Standard, Urban: in.Body.Urban,
		IncomeMonthly: in.Body.IncomeMonthly, Deprivations: d}, s.d.Households.City())
	if err != nil {
		return nil, invalidCode("standard", err)
	}
	return out(classifyOut{Classification: c, Deprivations: d.Count(in.Body.Standard)}), nil
}
