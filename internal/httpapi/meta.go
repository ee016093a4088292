package httpapi

import (
	"context"

	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

type label struct {
	Code    string `json:"code"`
	LabelVI string `json:"label_vi"`
	LabelEN string `json:"label_en"`
}

type indicator struct {
	label
	Dimension string             `json:"dimension"`
	Standards []poverty.Standard `json:"standards"`
}

type meta struct {
	AreaKinds   []area.KindInfo `json:"area_kinds"`
	UnitKinds   []unit.KindInfo `json:"unit_kinds"`
	Classes     []label         `json:"classes"`
	Standards   []label         `json:"standards"`
	Indicators  []indicator     `json:"indicators"`
	Dimensions  []label         `json:"dimensions"`
	Causes      []label         `json:"causes"`
	Flags       []label         `json:"flags"`
	CurrentYear int             `json:"current_year"`
}

func labels(infos []poverty.CodeInfo) []label {
	out := make([]label, len(infos))
	for i, c := range infos {
		out[i] = label{c.Code, c.LabelVI, c.LabelEN}
	}
	return out
}

func (s *Server) getMeta(ctx context.Context, _ *struct{}) (*bodyOut[meta], error) {
	m := meta{AreaKinds: area.Kinds, UnitKinds: unit.Kinds, Classes: labels(poverty.ClassInfos),
		Standards: labels(poverty.StandardInfos), Causes: labels(poverty.CauseInfos), Flags: labels(poverty.FlagInfos),
		Dimensions:  labels(poverty.DimensionInfos),
		CurrentYear: civil.DateOf(s.d.Now(), s.d.Config.Location).Year()}
	for _, in := range poverty.Indicators {
		m.Indicators = append(m.Indicators, indicator{label: label{in.Code, in.LabelVI, in.LabelEN},
			Dimension: in.Dimension, Standards: in.Standards})
	}
	return out(m), nil
}

// invalidCode reports a bad code in a field.
func invalidCode(field string, err error) error {
	return apperr.InvalidFields(apperr.Field(field, "field.invalid", apperr.Args{"Detail": err.Error()}))
}
