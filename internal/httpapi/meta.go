package httpapi

import (
	"context"

	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// Label is a code with its Vietnamese and English labels.
type Label struct {
	Code    string `json:"code"`
	LabelVI string `json:"label_vi"`
	LabelEN string `json:"label_en"`
}

type indicator struct {
	Code      string             `json:"code"`
	LabelVI   string             `json:"label_vi"`
	LabelEN   string             `json:"label_en"`
	Dimension string             `json:"dimension"`
	Standards []poverty.Standard `json:"standards"`
}

type meta struct {
	AreaKinds   []area.KindInfo `json:"area_kinds"`
	UnitKinds   []unit.KindInfo `json:"unit_kinds"`
	Classes     []Label         `json:"classes"`
	Standards   []Label         `json:"standards"`
	Indicators  []indicator     `json:"indicators"`
	Dimensions  []Label         `json:"dimensions"`
	Causes      []Label         `json:"causes"`
	Flags       []Label         `json:"flags"`
	CurrentYear int             `json:"current_year"`

	Frequencies        []plan.Word              `json:"frequencies" doc:"how often a duty recurs"`
	TargetKinds        []plan.Word              `json:"target_kinds" doc:"what a plan's target measures"`
	CoverageIndicators []plan.CoverageIndicator `json:"coverage_indicators" doc:"the coverage targets, each with the deprivation indicator whose absence it counts"`
}

func labels(infos []poverty.CodeInfo) []Label {
	out := make([]Label, len(infos))
	for i, c := range infos {
		out[i] = Label{c.Code, c.LabelVI, c.LabelEN}
	}
	return out
}

func (s *Server) getMeta(ctx context.Context, _ *struct{}) (*bodyOut[meta], error) {
	m := meta{AreaKinds: area.Kinds, UnitKinds: unit.Kinds, Classes: labels(poverty.ClassInfos),
		Standards: labels(poverty.StandardInfos), Causes: labels(poverty.CauseInfos), Flags: labels(poverty.FlagInfos),
		Dimensions:  labels(poverty.DimensionInfos),
		CurrentYear: civil.DateOf(s.d.Now(), s.d.Config.Location).Year(),
		Frequencies: plan.Frequencies, TargetKinds: plan.TargetKinds, CoverageIndicators: plan.CoverageIndicators}
	for _, in := range poverty.Indicators {
		m.Indicators = append(m.Indicators, indicator{Code: in.Code, LabelVI: in.LabelVI, LabelEN: in.LabelEN,
			Dimension: in.Dimension, Standards: in.Standards})
	}
	return out(m), nil
}

// invalidCode reports a bad code in a field.
func invalidCode(field string, err error) error {
	return apperr.InvalidFields(apperr.Field(field, "field.invalid", apperr.Args{"Detail": err.Error()}))
}
