package plan

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// tooLong adds a max_len error when s has more than max characters.
func tooLong(c *apperr.Collector, field, s string, max int) {
	if len([]rune(s)) > max {
		c.Add(field, "field.max_len", apperr.Args{"Max": max})
	}
}

// visibleUnit returns the path of a unit's area if the caller sees the unit
// and it is not archived; ok is false otherwise.
func visibleUnit(ctx context.Context, db bun.IDB, id int64) (path string, ok bool) {
	q := db.NewSelect().TableExpr("units AS u").ColumnExpr("a.path").Join("JOIN areas AS a ON a.id = u.area_id").
		Where("u.id = ? AND u.archived_at IS NULL", id)
	err := access.ScopeUnits(ctx, q, "u.id", "a.path").Scan(ctx, &path)
	return path, err == nil
}

// checkPlan trims and checks a plan's input and the caller's right to enter
// it; it returns the path of the plan's area.
func checkPlan(ctx context.Context, db bun.IDB, in *Input) (string, error) {
	var c apperr.Collector
	in.Issuer, in.Number, in.Title = strings.TrimSpace(in.Issuer), strings.TrimSpace(in.Number), strings.TrimSpace(in.Title)
	if !in.Kind.Valid() {
		c.Add("kind", "field.one_of", apperr.Args{"Values": "resolution, plan"})
	}
	if in.Issuer == "" {
		c.Add("issuer", "field.required", nil)
	}
	tooLong(&c, "issuer", in.Issuer, 300)
	tooLong(&c, "number", in.Number, 100)
	if in.Title == "" {
		c.Add("title", "field.required", nil)
	}
	tooLong(&c, "title", in.Title, 500)
	if in.Year < household.MinYear || in.Year > household.MaxYear {
		c.Add("year", "field.between", apperr.Args{"Min": household.MinYear, "Max": household.MaxYear})
	}
	if !in.IssuedOn.IsZero() && (in.IssuedOn.Year() < household.MinYear || in.IssuedOn.Year() > household.MaxYear) {
		c.Add("issued_on", "field.between", apperr.Args{"Min": household.MinYear, "Max": household.MaxYear})
	}
	if in.IssuerUnitID != nil {
		if _, ok := visibleUnit(ctx, db, *in.IssuerUnitID); !ok {
			c.Add("issuer_unit_id", "field.not_found", nil)
		}
	}
	a, err := area.Visible(ctx, db, in.AreaID)
	if err != nil {
		c.Add("area_id", "field.not_found", nil)
	}
	if err := c.Err(); err != nil {
		return "", err
	}
	return a.Path, mayManage(ctx, a.Path)
}

// areaRef is an area a target or duty names.
type areaRef struct {
	ID   int64  `bun:"id"`
	Path string `bun:"path"`
	Name string `bun:"name"`
}

// areasByID reads the areas with the given ids.
func areasByID(ctx context.Context, db bun.IDB, ids []int64) (map[int64]areaRef, error) {
	out := map[int64]areaRef{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []areaRef
	if err := db.NewSelect().Table("areas").Column("id", "path", "name").Where("id IN (?)", bun.In(ids)).Scan(ctx, &rows); err != nil {
		return nil, apperr.Wrap(err, "read areas")
	}
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// checkArea adds an error unless area id exists inside the plan's area.
func checkArea(c *apperr.Collector, field string, areas map[int64]areaRef, id int64, planPath string) {
	a, ok := areas[id]
	switch {
	case !ok:
		c.Add(field, "field.not_found", nil)
	case !strings.HasPrefix(a.Path, planPath):
		c.Add(field, "plan.area_outside", apperr.Args{"Area": a.Name})
	}
}

// checkTargets checks a plan's targets: areas inside the plan's area, the
// right measures for each kind, no target twice, and no split over child
// areas exceeding the target it splits.
func checkTargets(ctx context.Context, db bun.IDB, p *View, in []TargetInput) ([]Target, error) {
	if len(in) > maxTargets {
		return nil, apperr.InvalidFields(apperr.Field("targets", "field.max", apperr.Args{"Max": maxTargets}))
	}
	ids := []int64{p.AreaID}
	for i := range in {
		if in[i].AreaID == 0 {
			in[i].AreaID = p.AreaID
		}
		ids = append(ids, in[i].AreaID)
	}
	areas, err := areasByID(ctx, db, ids)
	if err != nil {
		return nil, err
	}
	var c apperr.Collector
	seen := map[string]int{}
	out := make([]Target, len(in))
	for i, t := range in {
		f := fmt.Sprintf("targets[%d].", i)
		t.Indicator, t.Note = strings.TrimSpace(t.Indicator), strings.TrimSpace(t.Note)
		if !t.Kind.Valid() {
			c.Add(f+"kind", "field.one_of", apperr.Args{"Values": "poor_reduction, near_poor_reduction, poor_remaining, near_poor_remaining, coverage"})
		}
		checkArea(&c, f+"area_id", areas, t.AreaID, p.AreaPath)
		if t.Kind == TargetCoverage {
			if !coverageIndicator(t.Indicator) {
				c.Add(f+"indicator", "field.one_of", apperr.Args{"Values": "health_insurance, child_schooling, adequate_housing, clean_water, latrine, telecom, information_assets"})
			}
			if t.BasisPoints == nil {
				c.Add(f+"basis_points", "field.required", nil)
			}
			if t.Households != nil {
				c.Add(f+"households", "plan.coverage_rate_only", nil)
			}
		} else {
			if t.Indicator != "" {
				c.Add(f+"indicator", "plan.indicator_coverage_only", nil)
			}
			if t.Households == nil && t.BasisPoints == nil {
				c.Add(f+"households", "plan.count_or_rate", nil)
			}
		}
		if t.Households != nil && (*t.Households < 0 || *t.Households > 10_000_000) {
			c.Add(f+"households", "field.between", apperr.Args{"Min": 0, "Max": 10_000_000})
		}
		if t.BasisPoints != nil && (*t.BasisPoints < 0 || *t.BasisPoints > maxBasisPoints) {
			c.Add(f+"basis_points", "field.between", apperr.Args{"Min": 0, "Max": maxBasisPoints})
		}
		tooLong(&c, f+"note", t.Note, 500)
		k := fmt.Sprintf("%s|%d|%s", t.Kind, t.AreaID, t.Indicator)
		if _, dup := seen[k]; dup {
			c.Add(f+"area_id", "plan.target_twice", nil)
		}
		seen[k] = i
		out[i] = Target{PlanID: p.ID, AreaID: t.AreaID, Kind: t.Kind, Indicator: t.Indicator, Households: t.Households,
			BasisPoints: t.BasisPoints, Note: t.Note}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return out, checkSplits(out, areas)
}

// checkSplits refuses a split of a count over child areas that exceeds the
// count it splits: each target's nearest enclosing target of the same kind
// must hold at least the sum of its parts. The error names that area.
func checkSplits(ts []Target, areas map[int64]areaRef) error {
	sums := map[int]int{}
	for j, t := range ts {
		if t.Households == nil || t.Kind == TargetCoverage {
			continue
		}
		parent, depth := -1, -1
		for i, u := range ts {
			pu, pt := areas[u.AreaID].Path, areas[t.AreaID].Path
			if i == j || u.Kind != t.Kind || u.Households == nil || pu == pt || !strings.HasPrefix(pt, pu) {
				continue
			}
			if len(pu) > depth {
				parent, depth = i, len(pu)
			}
		}
		if parent >= 0 {
			sums[parent] += *t.Households
		}
	}
	var c apperr.Collector
	for i, t := range ts {
		if sum, ok := sums[i]; ok && sum > *t.Households {
			c.Add(fmt.Sprintf("targets[%d].households", i), "plan.split_exceeds",
				apperr.Args{"Area": areas[t.AreaID].Name, "Sum": sum, "Total": *t.Households})
		}
	}
	return c.Err()
}

// defaultValidFrom is today if it falls in the plan's year, else 1 January of it.
func defaultValidFrom(year int, today civil.Date) civil.Date {
	if today.Year() == year {
		return today
	}
	return civil.NewDate(year, time.January, 1)
}

// checkDuty trims and checks a duty of plan p, filling valid_from when omitted.
func checkDuty(ctx context.Context, db bun.IDB, p *View, today civil.Date, in *DutyInput) error {
	var c apperr.Collector
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	if in.Title == "" {
		c.Add("title", "field.required", nil)
	}
	tooLong(&c, "title", in.Title, 300)
	tooLong(&c, "description", in.Description, 4000)
	var ids []int64
	if in.ScopeAreaID != nil {
		ids = append(ids, *in.ScopeAreaID)
	}
	if in.Selector.AreaID != 0 {
		ids = append(ids, in.Selector.AreaID)
	}
	areas, err := areasByID(ctx, db, ids)
	if err != nil {
		return err
	}
	switch {
	case (in.UnitID == nil) == (in.UnitKind == ""):
		c.Add("unit_id", "duty.unit_or_kind", nil)
	case in.UnitID != nil:
		path, ok := visibleUnit(ctx, db, *in.UnitID)
		if !ok {
			c.Add("unit_id", "field.not_found", nil)
		} else if !strings.HasPrefix(path, p.AreaPath) && !strings.HasPrefix(p.AreaPath, path) {
			c.Add("unit_id", "duty.unit_outside", nil)
		}
		if in.ScopeAreaID != nil {
			c.Add("scope_area_id", "duty.scope_with_kind", nil)
		}
	case !in.UnitKind.Valid():
		c.Add("unit_kind", "field.invalid_choice", nil)
	}
	if in.ScopeAreaID != nil && in.UnitID == nil {
		checkArea(&c, "scope_area_id", areas, *in.ScopeAreaID, p.AreaPath)
	}
	if !in.Target.Valid() {
		c.Add("target", "field.one_of", apperr.Args{"Values": "household, unit"})
	}
	checkSelector(&c, in, areas, p.AreaPath)
	if in.ClosesOnVisit && in.Target != PerHousehold {
		c.Add("closes_on_visit", "duty.visit_per_household", nil)
	}
	if !in.Frequency.Valid() {
		c.Add("frequency", "field.one_of", apperr.Args{"Values": "once, monthly, quarterly, six_monthly, yearly"})
	}
	if in.DueDaysBeforeEnd < 0 || in.DueDaysBeforeEnd > 365 {
		c.Add("due_days_before_end", "field.between", apperr.Args{"Min": 0, "Max": 365})
	}
	switch {
	case in.Frequency == Once && in.DueOn.IsZero():
		c.Add("due_on", "field.required", nil)
	case in.Frequency == Once && in.DueOn.Year() != p.Year:
		c.Add("due_on", "duty.in_plan_year", apperr.Args{"Year": p.Year})
	case in.Frequency != Once && !in.DueOn.IsZero():
		c.Add("due_on", "duty.due_on_once_only", nil)
	}
	if in.ValidFrom.IsZero() {
		in.ValidFrom = defaultValidFrom(p.Year, today)
	}
	if in.ValidFrom.Year() > p.Year || in.ValidFrom.Year() < household.MinYear {
		c.Add("valid_from", "duty.in_plan_year", apperr.Args{"Year": p.Year})
	}
	if !in.ValidTo.IsZero() && in.ValidTo.Before(in.ValidFrom) {
		c.Add("valid_to", "duty.valid_to_before_from", nil)
	}
	return c.Err()
}

// checkSelector checks the household selector of a duty.
func checkSelector(c *apperr.Collector, in *DutyInput, areas map[int64]areaRef, planPath string) {
	s := &in.Selector
	if in.Target == PerUnit && !s.empty() {
		c.Add("selector", "duty.selector_households_only", nil)
		return
	}
	for _, cl := range s.Classes {
		if !cl.Valid() {
			c.Add("selector.classes", "field.one_of", apperr.Args{"Values": "poor, near_poor, escaped, average, none"})
			break
		}
	}
	if s.Deprivation != "" {
		if _, ok := poverty.IndicatorByCode(s.Deprivation); !ok {
			c.Add("selector.deprivation", "field.unknown_code", apperr.Args{"Value": s.Deprivation})
		}
	}
	if s.Flag != "" {
		if _, err := poverty.ParseFlags([]string{s.Flag}); err != nil {
			c.Add("selector.flag", "field.unknown_code", apperr.Args{"Value": s.Flag})
		}
	}
	if s.AreaID != 0 {
		checkArea(c, "selector.area_id", areas, s.AreaID, planPath)
	}
}
