package support

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
)

// target is a household the caller may record for, with the path of its area
// (where its audit entries belong).
type target struct {
	ID   int64
	Path string
}

// visibleHousehold returns the household if the caller sees it. One the
// caller does not see is not found, exactly like one that does not exist, and
// the error names the field that carried the id.
func visibleHousehold(ctx context.Context, db bun.IDB, id int64, field string) (*target, error) {
	t := new(target)
	q := db.NewSelect().TableExpr("households AS h").ColumnExpr("h.id, a.path").
		Join("JOIN areas AS a ON a.id = h.area_id").Where("h.id = ?", id)
	err := access.ScopeHouseholds(ctx, q, "h.id", "a.path").Scan(ctx, &t.ID, &t.Path)
	if errors.Is(err, sql.ErrNoRows) {
		e := apperr.NotFoundError(entityHouse)
		e.Fields = []apperr.FieldError{apperr.Field(field, "field.not_found", nil)}
		return nil, e
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("support: household %d", id))
	}
	return t, nil
}

// keepsArea reports whether the caller is an officer or a chair (or an
// administrator) of the area at path: one who keeps the register or assigns
// households there.
func keepsArea(p *access.Principal, path string) bool {
	return p.Can(access.WriteRegister, path) || p.Can(access.Assign, path)
}

// memberOf reports whether the caller belongs to the unit (leader or member).
func memberOf(p *access.Principal, unitID *int64) bool {
	if p == nil || unitID == nil {
		return false
	}
	for _, m := range p.Memberships {
		if m.UnitID == *unitID {
			return true
		}
	}
	return false
}

// userOf returns the caller's user id, nil for the system.
func userOf(p *access.Principal) *int64 {
	if p == nil || p.UserID == 0 {
		return nil
	}
	id := p.UserID
	return &id
}

// mayCorrect reports whether the caller may change what unitID recorded by
// userID on the household at path: the unit's people, the person who recorded
// it, and the officers and chairs of the area.
func mayCorrect(p *access.Principal, path string, unitID, userID *int64) error {
	if keepsArea(p, path) || memberOf(p, unitID) || (userID != nil && p != nil && p.UserID == *userID) {
		return nil
	}
	return apperr.New(apperr.Forbidden, "error.forbidden", nil)
}

// unitFor returns the unit a record or visit of the household belongs to. A
// unit named by the caller must be one the caller sees and, unless the caller
// reads the households of the area by role, one of the caller's own units.
// Without one, it is the caller's unit to which the household is assigned
// today (none for an officer without a unit).
func unitFor(ctx context.Context, db bun.IDB, h *target, want *int64) (*int64, error) {
	p := access.From(ctx)
	if want != nil {
		q := db.NewSelect().TableExpr("units AS u").Join("JOIN areas AS a ON a.id = u.area_id").Where("u.id = ?", *want)
		n, err := access.ScopeUnits(ctx, q, "u.id", "a.path").Count(ctx)
		if err != nil {
			return nil, apperr.Wrap(err, "support: unit")
		}
		if n == 0 {
			return nil, apperr.InvalidFields(apperr.Field("unit_id", "field.not_found", nil))
		}
		if !p.Can(access.ReadHouseholds, h.Path) && !memberOf(p, want) {
			return nil, apperr.InvalidFields(apperr.Field("unit_id", "support.not_your_unit", nil))
		}
		return want, nil
	}
	if p == nil || len(p.Memberships) == 0 {
		return nil, nil
	}
	units := make([]int64, len(p.Memberships))
	for i, m := range p.Memberships {
		units[i] = m.UnitID
	}
	var ids []int64
	err := db.NewSelect().Table("household_assignments").Column("unit_id").
		Where("household_id = ? AND unit_id IN (?)", h.ID, bun.In(units)).Where(access.InForce("household_assignments", p.Day())).
		OrderExpr("is_primary DESC, id").Limit(1).Scan(ctx, &ids)
	if err != nil {
		return nil, apperr.Wrap(err, "support: unit of the household")
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return &ids[0], nil
}

// resolve checks what a new record or visit refers to: the household (the
// caller must see it), the task (of the same household) and the unit
// (unitFor); it returns the household and the unit.
func resolve(ctx context.Context, db bun.IDB, householdID int64, unitID, taskID *int64) (*target, *int64, error) {
	h, err := visibleHousehold(ctx, db, householdID, "household_id")
	if err != nil {
		return nil, nil, err
	}
	if err := checkTask(ctx, db, h.ID, taskID); err != nil {
		return nil, nil, err
	}
	unit, err := unitFor(ctx, db, h, unitID)
	if err != nil {
		return nil, nil, err
	}
	return h, unit, nil
}

// checkTask checks that a task named on a record or visit is one the caller
// sees (access.ScopeTasks: one out of sight is not found, exactly like a
// missing one) and is about the same household.
func checkTask(ctx context.Context, db bun.IDB, householdID int64, taskID *int64) error {
	if taskID == nil {
		return nil
	}
	var of sql.NullInt64
	q := db.NewSelect().TableExpr("tasks AS t").Column("t.household_id").Where("t.id = ?", *taskID)
	err := access.ScopeTasks(ctx, db, q).Scan(ctx, &of)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return apperr.InvalidFields(apperr.Field("task_id", "field.not_found", nil))
	case err != nil:
		return apperr.Wrap(err, "support: task")
	case !of.Valid || of.Int64 != householdID:
		return apperr.InvalidFields(apperr.Field("task_id", "support.task_household", nil))
	}
	return nil
}
