package plan

import (
	"slices"
	"sort"
	"strings"

	"chungtay/internal/civil"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// The expansion of a plan's duties into tasks, as a pure function of a World
// (what the register says today). For each duty of the plan:
//
//   - Periods: the duty's periods within the plan's year (months, Q1–Q4, S1–S2,
//     the year, or the one-off period ending on due_on), keeping those that
//     end on or after both valid_from and today and start on or before
//     valid_to. Periods already over are history: expansion never creates,
//     moves, closes or reopens their tasks (except closing the open tasks of
//     an archived household, which the programme no longer follows).
//   - Responsible units: the duty's unit, or every unit of unit_kind whose
//     area lies in scope_area_id's subtree (default: the plan's area).
//     Archived units are never responsible.
//   - Per unit: one task per responsible unit and period.
//   - Per household: the households of the duty's area (selector.area_id,
//     else scope_area_id, else the plan's area), not archived, matching the
//     selector (current class in classes; deprived in deprivation; carrying
//     flag). For a one-unit duty the owner is that unit (with
//     assigned_to_unit, only households currently assigned to it). For
//     "every unit of a kind", the owner is the responsible unit the household
//     is currently assigned to (primary first, then the latest); else, unless
//     assigned_to_unit, the responsible unit whose area, or an area it is
//     in charge of today (unit_areas), is the deepest containing the
//     household's area; else the household is skipped and
//     reported (household.not_assigned, household.no_unit,
//     household.ambiguous_unit when two units tie).
//   - The owner person is the household's current person assignment, when
//     that person is a current member of the owner unit; else nobody.

// UnitInfo is a unit as the expansion sees it.
type UnitInfo struct {
	ID     int64
	Kind   unit.Kind
	Path   string   // its area's path
	Charge []string // paths of the areas it is in charge of today
}

// reach returns the length of the deepest of u's area and areas in charge
// that contains path, or -1 when none does.
func (u UnitInfo) reach(path string) int {
	best := -1
	if strings.HasPrefix(path, u.Path) {
		best = len(u.Path)
	}
	for _, p := range u.Charge {
		if strings.HasPrefix(path, p) && len(p) > best {
			best = len(p)
		}
	}
	return best
}

// HouseholdInfo is a household as the expansion sees it.
type HouseholdInfo struct {
	ID           int64
	Path         string // its area's path
	Class        poverty.Class
	Deprivations poverty.Deprivations
	Flags        poverty.Flags
	Archived     bool
}

// World is everything one expansion reads.
type World struct {
	Year       int
	PlanPath   string
	Today      civil.Date
	Duties     []Duty
	Units      map[int64]UnitInfo      // the units that may be responsible (not archived)
	Households map[int64]HouseholdInfo // the households of the plan's area, and those with tasks
	AreaPaths  map[int64]string        // paths of the areas the duties name
	UnitsOf    map[int64][]int64       // household → current unit assignments, preferred first
	PersonOf   map[int64]int64         // household → current person assignment
	Members    map[int64]map[int64]bool
}

// Want is one task the world calls for.
type Want struct {
	DutyID      int64
	UnitID      int64
	HouseholdID int64 // 0 for a unit task
	UserID      int64 // 0 for nobody
	Period      Period
	Due         civil.Date
}

// Skip is a household that matches a duty but has no unit to own its tasks.
type Skip struct {
	DutyID      int64  `json:"duty_id"`
	HouseholdID int64  `json:"household_id"`
	Reason      string `json:"reason" enum:"household.not_assigned,household.no_unit,household.ambiguous_unit"`
}

// The reasons a household is skipped.
const (
	skipNotAssigned = "household.not_assigned"
	skipNoUnit      = "household.no_unit"
	skipAmbiguous   = "household.ambiguous_unit"
)

// Desired returns the tasks w calls for, in a stable order, and the households skipped.
func Desired(w *World) ([]Want, []Skip) {
	var wants []Want
	var skips []Skip
	for i := range w.Duties {
		d := &w.Duties[i]
		periods := livePeriods(d, w.Year, w.Today)
		if len(periods) == 0 {
			continue
		}
		resp := w.responsible(d)
		if d.Target == PerUnit {
			for _, u := range resp {
				for _, p := range periods {
					wants = append(wants, Want{DutyID: d.ID, UnitID: u, Period: p, Due: dueOn(d, p)})
				}
			}
			continue
		}
		// Owners first, then the wants in one allocation: a city's duty
		// wants hundreds of thousands of tasks.
		type owned struct{ household, unit, user int64 }
		var hs []owned
		for _, hid := range w.householdIDs() {
			h := w.Households[hid]
			if !w.matches(d, h) {
				continue
			}
			owner, reason := w.owner(d, h, resp)
			if reason != "" {
				skips = append(skips, Skip{DutyID: d.ID, HouseholdID: h.ID, Reason: reason})
				continue
			}
			if owner == 0 {
				continue
			}
			user := w.PersonOf[h.ID]
			if !w.Members[owner][user] {
				user = 0
			}
			hs = append(hs, owned{h.ID, owner, user})
		}
		wants = slices.Grow(wants, len(hs)*len(periods))
		for _, o := range hs {
			for _, p := range periods {
				wants = append(wants, Want{DutyID: d.ID, UnitID: o.unit, HouseholdID: o.household, UserID: o.user, Period: p, Due: dueOn(d, p)})
			}
		}
	}
	return wants, skips
}

// householdIDs returns the ids of the world's households in order.
func (w *World) householdIDs() []int64 {
	ids := make([]int64, 0, len(w.Households))
	for id := range w.Households {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// scopePath is the subtree whose units are responsible for a kind duty.
func (w *World) scopePath(d *Duty) string {
	if d.ScopeAreaID != nil {
		if p, ok := w.AreaPaths[*d.ScopeAreaID]; ok {
			return p
		}
	}
	return w.PlanPath
}

// responsible returns the ids of the units responsible for d, in order.
func (w *World) responsible(d *Duty) []int64 {
	var out []int64
	if d.UnitID != nil {
		if _, ok := w.Units[*d.UnitID]; ok {
			out = append(out, *d.UnitID)
		}
		return out
	}
	scope := w.scopePath(d)
	for id, u := range w.Units {
		if u.Kind == d.UnitKind && strings.HasPrefix(u.Path, scope) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// householdPath is the subtree of the households a per-household duty is about.
func (w *World) householdPath(d *Duty) string {
	if d.Selector.AreaID != 0 {
		if p, ok := w.AreaPaths[d.Selector.AreaID]; ok {
			return p
		}
		return "\x00" // an area not found matches nothing
	}
	if d.UnitID == nil {
		return w.scopePath(d)
	}
	return w.PlanPath
}

// matches reports whether h is one of the households d is about (its owner
// aside): inside the duty's area and the plan's, not archived, and matching
// the selector's class, deprivation and flag.
func (w *World) matches(d *Duty, h HouseholdInfo) bool {
	if d.Target != PerHousehold || h.Archived || !strings.HasPrefix(h.Path, w.PlanPath) || !strings.HasPrefix(h.Path, w.householdPath(d)) {
		return false
	}
	s := d.Selector
	if len(s.Classes) > 0 && !slices.Contains(s.Classes, h.Class) {
		return false
	}
	if s.Deprivation != "" {
		ind, ok := poverty.IndicatorByCode(s.Deprivation)
		if !ok || !h.Deprivations.Has(ind) {
			return false
		}
	}
	if s.Flag != "" {
		f, err := poverty.ParseFlags([]string{s.Flag})
		if err != nil || !h.Flags.Has(f) {
			return false
		}
	}
	return true
}

// owner returns the unit that owns h's tasks of d, or a reason to skip h.
// (0, "") means h is not the duty's: a one-unit duty for assigned households
// only, and h is not assigned to that unit; or the unit is not responsible.
func (w *World) owner(d *Duty, h HouseholdInfo, resp []int64) (int64, string) {
	if d.UnitID != nil {
		if len(resp) == 0 || (d.Selector.AssignedToUnit && !slices.Contains(w.UnitsOf[h.ID], *d.UnitID)) {
			return 0, ""
		}
		return *d.UnitID, ""
	}
	for _, u := range w.UnitsOf[h.ID] {
		if slices.Contains(resp, u) {
			return u, ""
		}
	}
	if d.Selector.AssignedToUnit {
		return 0, skipNotAssigned
	}
	var deepest []int64
	depth := -1
	for _, id := range resp {
		r := w.Units[id].reach(h.Path)
		switch {
		case r < 0:
		case r > depth:
			deepest, depth = []int64{id}, r
		case r == depth:
			deepest = append(deepest, id)
		}
	}
	switch len(deepest) {
	case 0:
		return 0, skipNoUnit
	case 1:
		return deepest[0], ""
	}
	return 0, skipAmbiguous
}

// sortWants orders wants by duty, unit, household and period start.
func sortWants(ws []Want) {
	sort.SliceStable(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		switch {
		case a.DutyID != b.DutyID:
			return a.DutyID < b.DutyID
		case a.UnitID != b.UnitID:
			return a.UnitID < b.UnitID
		case a.HouseholdID != b.HouseholdID:
			return a.HouseholdID < b.HouseholdID
		}
		return a.Period.Start.Before(b.Period.Start)
	})
}
