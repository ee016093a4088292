package httpapi

import (
	"context"

	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/poverty"
)

// IDPath is the {id} path parameter; exported because huma only reads exported embedded fields.
type IDPath struct {
	ID int64 `path:"id" minimum:"1"`
}

type itemsOut[T any] struct {
	Body struct {
		Items []T `json:"items"`
	}
}

type bodyOut[T any] struct{ Body T }

func out[T any](v T) *bodyOut[T] { return &bodyOut[T]{Body: v} }

type listAreasIn struct {
	ParentID int64     `query:"parent_id" doc:"children of this area"`
	Roots    bool      `query:"roots" doc:"the top of the tree"`
	Kind     area.Kind `query:"kind" enum:"province,district,ward,commune,neighbourhood,hamlet,residential_group"`
	Q        string    `query:"q" maxLength:"100" doc:"code or name contains"`
}

func (s *Server) listAreas(ctx context.Context, in *listAreasIn) (*itemsOut[area.Summary], error) {
	f := area.ListFilter{Kind: in.Kind, Query: in.Q, Roots: in.Roots}
	if in.ParentID != 0 {
		f.ParentID = &in.ParentID
	} else if in.Q == "" && in.Kind == "" {
		f.Roots = true
	}
	items, err := s.d.Areas.List(ctx, f)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[area.Summary]{}
	o.Body.Items = items
	return o, nil
}

type areaDetail struct {
	Area         area.Area    `json:"area"`
	Ancestors    []area.Area  `json:"ancestors"`
	Totals       []area.Total `json:"totals"`
	SubtreeTotal *yearTotal   `json:"subtree_total" doc:"households of the whole subtree in the latest year with figures"`
}

type yearTotal struct {
	Year  int `json:"year"`
	Total int `json:"total"`
}

type getAreaIn struct {
	IDPath
	Year int `query:"year" doc:"year of subtree_total; default: the latest year with figures"`
}

func (s *Server) getArea(ctx context.Context, in *getAreaIn) (*bodyOut[areaDetail], error) {
	a, err := s.d.Areas.Get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	anc, err := s.d.Areas.Ancestors(ctx, a)
	if err != nil {
		return nil, err
	}
	totals, err := s.d.Areas.Totals(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	d := areaDetail{Area: *a, Ancestors: anc, Totals: totals}
	year := in.Year
	if year == 0 {
		year, err = s.d.Areas.LatestTotalYear(ctx, a)
		if err != nil {
			return nil, err
		}
	}
	if year != 0 {
		if n, ok, err := s.d.Areas.TotalFor(ctx, a.ID, year); err != nil {
			return nil, err
		} else if ok {
			d.SubtreeTotal = &yearTotal{Year: year, Total: n}
		}
	}
	return out(d), nil
}

func (s *Server) createArea(ctx context.Context, in *struct{ Body area.Input }) (*bodyOut[*area.Area], error) {
	a, err := s.d.Areas.Create(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(a), nil
}

type updateAreaIn struct {
	IDPath
	Body struct {
		Version int       `json:"version" doc:"the version you read"`
		Code    string    `json:"code"`
		Name    string    `json:"name"`
		Kind    area.Kind `json:"kind"`
		Urban   bool      `json:"urban"`
	}
}

func (s *Server) updateArea(ctx context.Context, in *updateAreaIn) (*bodyOut[*area.Area], error) {
	b := in.Body
	a, err := s.d.Areas.Update(ctx, s.d.Now(), in.ID, b.Version, area.Input{Code: b.Code, Name: b.Name, Kind: b.Kind, Urban: b.Urban})
	if err != nil {
		return nil, err
	}
	return out(a), nil
}

type reparentIn struct {
	IDPath
	Body struct {
		ParentID *int64     `json:"parent_id" doc:"the new parent; null for the top of the tree"`
		On       civil.Date `json:"on,omitempty" required:"false" doc:"effective day; default today"`
		Reason   string     `json:"reason,omitempty" required:"false" maxLength:"500"`
	}
}

func (s *Server) reparentArea(ctx context.Context, in *reparentIn) (*bodyOut[*area.Area], error) {
	a, err := s.d.Areas.Reparent(ctx, s.d.Now(), in.ID, in.Body.ParentID, in.Body.On, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return out(a), nil
}

type mergeIn struct {
	IDPath
	Body struct {
		IntoID int64      `json:"into_id" minimum:"1"`
		On     civil.Date `json:"on,omitempty" required:"false"`
		Reason string     `json:"reason,omitempty" required:"false" maxLength:"500"`
	}
}

func (s *Server) mergeArea(ctx context.Context, in *mergeIn) (*bodyOut[*area.Area], error) {
	a, err := s.d.Areas.Merge(ctx, s.d.Now(), in.ID, in.Body.IntoID, in.Body.On, in.Body.Reason)
	if err != nil {
		return nil, err
	}
	return out(a), nil
}

func (s *Server) areaHistory(ctx context.Context, in *IDPath) (*itemsOut[area.Parent], error) {
	rows, err := s.d.Areas.History(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[area.Parent]{}
	o.Body.Items = rows
	return o, nil
}

type setTotalIn struct {
	IDPath
	Year int `path:"year"`
	Body struct {
		Total int `json:"total"`
	}
}

func (s *Server) setAreaTotal(ctx context.Context, in *setTotalIn) (*bodyOut[*area.Total], error) {
	t, err := s.d.Areas.SetTotal(ctx, s.d.Now(), in.ID, in.Year, in.Body.Total)
	if err != nil {
		return nil, err
	}
	return out(t), nil
}

type reconcileIn struct {
	IDPath
	Year  int           `query:"year" required:"true"`
	Class poverty.Class `query:"class" default:"poor" enum:"poor,near_poor"`
}

func (s *Server) reconcileArea(ctx context.Context, in *reconcileIn) (*bodyOut[*poverty.Reconciliation], error) {
	r, err := s.d.Households.Reconcile(ctx, in.ID, in.Year, in.Class)
	if err != nil {
		return nil, err
	}
	return out(r), nil
}
