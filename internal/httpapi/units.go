package httpapi

import (
	"context"

	"chungtay/internal/unit"
)

type listUnitsIn struct {
	AreaID   int64     `query:"area_id" doc:"units of this area's whole subtree"`
	Kind     unit.Kind `query:"kind"`
	Q        string    `query:"q" maxLength:"100"`
	Archived bool      `query:"archived"`
}

func (s *Server) listUnits(ctx context.Context, in *listUnitsIn) (*itemsOut[unit.Unit], error) {
	items, err := s.d.Units.List(ctx, unit.ListFilter{AreaID: in.AreaID, Kind: in.Kind, Query: in.Q, Archived: in.Archived})
	if err != nil {
		return nil, err
	}
	o := &itemsOut[unit.Unit]{}
	o.Body.Items = items
	return o, nil
}

func (s *Server) createUnit(ctx context.Context, in *struct{ Body unit.Input }) (*bodyOut[*unit.Unit], error) {
	u, err := s.d.Units.Create(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(u), nil
}

func (s *Server) getUnit(ctx context.Context, in *IDPath) (*bodyOut[*unit.Unit], error) {
	u, err := s.d.Units.Get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return out(u), nil
}

type updateUnitIn struct {
	IDPath
	Body struct {
		Version int `json:"version" doc:"the version you read"`
		unit.Input
	}
}

func (s *Server) updateUnit(ctx context.Context, in *updateUnitIn) (*bodyOut[*unit.Unit], error) {
	u, err := s.d.Units.Update(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Input)
	if err != nil {
		return nil, err
	}
	return out(u), nil
}

type versionIn struct {
	IDPath
	Body struct {
		Version int `json:"version" doc:"the version you read"`
	}
}

type archiveUnitIn struct {
	IDPath
	Body struct {
		Version int    `json:"version" doc:"the version you read"`
		Reason  string `json:"reason,omitempty" required:"false" maxLength:"500" doc:"why: dissolved, merged into another unit…"`
	}
}

func (s *Server) archiveUnit(ctx context.Context, in *archiveUnitIn) (*bodyOut[*unit.Unit], error) {
	u, err := s.d.Units.Archive(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return out(u), nil
}
