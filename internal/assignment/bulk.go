package assignment

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/household"
)

// MaxBulk is the most households one bulk assignment may touch.
const MaxBulk = 20_000

// The role a bulk assignment gives the unit: the households' primary unit
// (đơn vị phụ trách chính: they leave the primary unit they had), or a
// supporting unit (đơn vị phối hợp: beside the primary unit, which stays).
const (
	RolePrimary    = "primary"
	RoleSupporting = "supporting"
)

// BulkInput gives every household matching a filter to a unit.
type BulkInput struct {
	Filter    household.Filter
	UnitID    int64
	Role      string // RolePrimary or RoleSupporting
	ValidFrom civil.Date
	Reason    string
	// ConfirmCount is the number of households typed back by the caller; it
	// must match when the filter does not narrow the households (Narrowed).
	ConfirmCount *int
}

// Narrowed reports whether a filter picks households by more than their area:
// without it a bulk action covers every household of a ward or area, and the
// caller must type the count back.
func Narrowed(f household.Filter) bool {
	return f.Class != "" || f.Deprivation != "" || f.Flag != "" || strings.TrimSpace(f.Query) != ""
}

// LeavingUnit is a primary unit some households leave, and how many.
type LeavingUnit struct {
	UnitID     int64  `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	Households int    `json:"households"`
}

// BulkPreview says what a bulk assignment would do, before it acts.
type BulkPreview struct {
	Matched              int           `json:"matched" doc:"households matching the filter"`
	Assign               int           `json:"assign" doc:"households that will get the unit"`
	Unchanged            int           `json:"unchanged" doc:"households that already have the unit (that way or as primary)"`
	Leaving              int           `json:"leaving" doc:"households that will leave another primary unit (primary only)"`
	LeavingUnits         []LeavingUnit `json:"leaving_units" doc:"the primary units they leave, most households first"`
	ConfirmCountRequired bool          `json:"confirm_count_required" doc:"the filter does not narrow the households: confirm_count must equal matched"`
	ValidFrom            civil.Date    `json:"valid_from" doc:"the day the assignment takes effect"`
}

// BulkResult says what a bulk action did.
type BulkResult struct {
	Assigned  int           `json:"assigned"`
	Unchanged int           `json:"unchanged" doc:"already assigned that way"`
	Leaving   int           `json:"leaving,omitempty" doc:"households that left another primary unit"`
	PerMember map[int64]int `json:"per_member,omitempty" doc:"households in each member's charge in the unit after the spread"`
}

// bulkTarget is one household a bulk assignment touches, as of its day.
type bulkTarget struct {
	id      int64
	path    string
	primary int64 // the primary unit in force (0: none)
	has     bool  // already has the unit that way
}

// PreviewBulk counts what AssignByFilter would do with the same input,
// writing nothing: how many households match, how many already have the
// unit, and how many would leave which other primary unit.
func (s *Service) PreviewBulk(ctx context.Context, now time.Time, in BulkInput) (*BulkPreview, error) {
	in, err := s.checkBulk(ctx, now, in)
	if err != nil {
		return nil, err
	}
	targets, err := s.bulkTargets(ctx, s.db, in)
	if err != nil {
		return nil, err
	}
	pv := &BulkPreview{Matched: len(targets), ConfirmCountRequired: !Narrowed(in.Filter), ValidFrom: in.ValidFrom, LeavingUnits: []LeavingUnit{}}
	leaving := map[int64]int{}
	for _, t := range targets {
		if t.has {
			pv.Unchanged++
			continue
		}
		pv.Assign++
		if in.Role == RolePrimary && t.primary != 0 {
			pv.Leaving++
			leaving[t.primary]++
		}
	}
	if len(leaving) > 0 {
		ids := make([]int64, 0, len(leaving))
		for id := range leaving {
			ids = append(ids, id)
		}
		var names []struct {
			ID   int64  `bun:"id"`
			Name string `bun:"name"`
		}
		if err := s.db.NewSelect().Table("units").Column("id", "name").Where("id IN (?)", bun.In(ids)).OrderExpr("name").Scan(ctx, &names); err != nil {
			return nil, apperr.Wrap(err, "bulk preview: units")
		}
		for _, n := range names {
			pv.LeavingUnits = append(pv.LeavingUnits, LeavingUnit{UnitID: n.ID, UnitName: n.Name, Households: leaving[n.ID]})
		}
		slices.SortStableFunc(pv.LeavingUnits, func(a, b LeavingUnit) int { return b.Households - a.Households })
	}
	return pv, nil
}

// AssignByFilter gives every household matching the filter (within the
// caller's scope) to a unit, as its primary or a supporting unit, in one
// transaction: all or nothing. The caller needs the assign right on each
// household's area; over a whole area (no narrowing filter) the count must be
// typed back in ConfirmCount.
func (s *Service) AssignByFilter(ctx context.Context, now time.Time, in BulkInput) (*BulkResult, error) {
	in, err := s.checkBulk(ctx, now, in)
	if err != nil {
		return nil, err
	}
	res := &BulkResult{}
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		targets, err := s.bulkTargets(ctx, tx, in)
		if err != nil {
			return err
		}
		if !Narrowed(in.Filter) {
			n := len(targets)
			switch {
			case in.ConfirmCount == nil:
				return apperr.InvalidFields(apperr.Field("confirm_count", "assignment.confirm_count_required", apperr.Args{"Count": n}))
			case *in.ConfirmCount != n:
				return apperr.InvalidFields(apperr.Field("confirm_count", "assignment.confirm_count_mismatch", apperr.Args{"Count": n, "Typed": *in.ConfirmCount}))
			}
		}
		primary := in.Role == RolePrimary
		var moved []int64
		for _, t := range targets {
			if t.has {
				res.Unchanged++
				continue
			}
			if primary && t.primary != 0 {
				res.Leaving++
			}
			unitID := in.UnitID
			if _, err := s.write(ctx, tx, now, t.id, t.path, Input{UnitID: &unitID, IsPrimary: primary, ValidFrom: in.ValidFrom, Reason: in.Reason}); err != nil {
				return err
			}
			moved = append(moved, t.id)
			res.Assigned++
		}
		if err := s.households.Followed(ctx, tx, now, moved); err != nil {
			return err
		}
		// The bulk action itself, beside the entry of each household it changed.
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Assign, Entity: "unit", EntityID: in.UnitID,
			After: map[string]any{"bulk": in.Filter, "role": in.Role, "valid_from": in.ValidFrom,
				"assigned": res.Assigned, "unchanged": res.Unchanged, "leaving": res.Leaving}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkBulk validates a bulk input and fills its defaults.
func (s *Service) checkBulk(ctx context.Context, now time.Time, in BulkInput) (BulkInput, error) {
	var c apperr.Collector
	if in.Role != RolePrimary && in.Role != RoleSupporting {
		c.Add("role", "assignment.role", nil)
	}
	if _, err := s.units.Get(ctx, in.UnitID); err != nil {
		c.Add("unit_id", "field.not_found", nil)
	}
	if in.ConfirmCount != nil && *in.ConfirmCount < 0 {
		c.Add("confirm_count", "assignment.confirm_count_mismatch", apperr.Args{"Count": 0, "Typed": *in.ConfirmCount})
	}
	if in.ValidFrom.IsZero() {
		in.ValidFrom = civil.DateOf(now, s.loc)
	}
	in.Reason = strings.TrimSpace(in.Reason)
	return in, c.Err()
}

// bulkTargets lists the households matching the filter within the caller's
// scope, each with its area and, on the assignment's day, its primary unit
// and whether it already has the unit. A household whose area the caller may
// not assign in refuses the whole action.
func (s *Service) bulkTargets(ctx context.Context, db bun.IDB, in BulkInput) ([]bulkTarget, error) {
	var ids []int64
	err := s.households.Each(ctx, in.Filter, func(it *household.ListItem) error {
		if len(ids) >= MaxBulk {
			return apperr.InvalidFields(apperr.Field("filter", "assignment.too_many", apperr.Args{"Max": MaxBulk}))
		}
		ids = append(ids, it.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	p := access.From(ctx)
	targets := make([]bulkTarget, len(ids))
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		targets[i].id = id
		at[id] = i
	}
	const chunk = 500
	for lo := 0; lo < len(ids); lo += chunk {
		part := ids[lo:min(lo+chunk, len(ids))]
		var paths []struct {
			ID   int64  `bun:"id"`
			Path string `bun:"path"`
		}
		if err := db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").
			ColumnExpr("h.id, a.path").Where("h.id IN (?)", bun.In(part)).Scan(ctx, &paths); err != nil {
			return nil, apperr.Wrap(err, "bulk assign: areas")
		}
		for _, r := range paths {
			if !p.Can(access.Assign, r.Path) {
				return nil, apperr.New(apperr.Forbidden, "error.forbidden", nil)
			}
			targets[at[r.ID]].path = r.Path
		}
		var rows []struct {
			HouseholdID int64 `bun:"household_id"`
			UnitID      int64 `bun:"unit_id"`
			IsPrimary   bool  `bun:"is_primary"`
		}
		if err := db.NewSelect().TableExpr("household_assignments AS ha").ColumnExpr("ha.household_id, ha.unit_id, ha.is_primary").
			Where("ha.household_id IN (?) AND ha.unit_id IS NOT NULL", bun.In(part)).Where(access.InForce("ha", in.ValidFrom)).
			Scan(ctx, &rows); err != nil {
			return nil, apperr.Wrap(err, "bulk assign: units in charge")
		}
		for _, r := range rows {
			t := &targets[at[r.HouseholdID]]
			if r.IsPrimary {
				t.primary = r.UnitID
			}
			// Primary: has it when it is the primary unit. Supporting: when
			// the unit is with the household either way.
			if r.UnitID == in.UnitID && (r.IsPrimary || in.Role == RoleSupporting) {
				t.has = true
			}
		}
	}
	return targets, nil
}
