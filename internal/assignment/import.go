package assignment

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// ImportRow is one row of an assignment sheet: a household by its code,
// given to a unit (by code) and/or a person (by email).
type ImportRow struct {
	Row           int
	HouseholdCode string
	UnitCode      string
	Email         string
	From          civil.Date // zero: today
	Reason        string
}

// RowProblem is a bad field of a row.
type RowProblem struct {
	Row   int
	Field string // household_code, unit_code, email, valid_from
	Error apperr.FieldError
}

// ImportResult says what an import did or would do.
type ImportResult struct {
	Rows      int
	Assigned  int // rows that give a household to a new unit or person
	Unchanged int // rows already in force: nothing to write
	Problems  []RowProblem
}

// importRow is a row resolved to ids.
type importRow struct {
	row          ImportRow
	hh           int64
	path         string
	unit, person *int64
}

// Import checks every field of every row (the household and unit visible to
// the caller, the person an active user, the caller's right to make the
// assignment) and reports every problem, then — unless dryRun or any row is
// bad — writes them all in one transaction. A row whose unit and person are
// already the primary ones in force on its day changes nothing (Unchanged):
// importing the same file twice adds no history rows.
func (s *Service) Import(ctx context.Context, now time.Time, rows []ImportRow, dryRun bool) (*ImportResult, error) {
	res := &ImportResult{Rows: len(rows)}
	bad := func(row int, field, id string, args apperr.Args) {
		res.Problems = append(res.Problems, RowProblem{Row: row, Field: field, Error: apperr.Field(field, id, args)})
	}
	today := civil.DateOf(now, s.loc)
	var todo []importRow
	for _, r := range rows {
		r.HouseholdCode, r.UnitCode, r.Email = strings.TrimSpace(r.HouseholdCode), strings.TrimSpace(r.UnitCode), strings.ToLower(strings.TrimSpace(r.Email))
		if r.From.IsZero() {
			r.From = today
		}
		v, ok, err := s.resolve(ctx, r, bad)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		// The same rights as one assignment: a leader may give the unit's households to its members.
		if (v.unit != nil && s.allowed(ctx, s.db, v.hh, v.path, Input{UnitID: v.unit}) != nil) ||
			(v.person != nil && s.allowed(ctx, s.db, v.hh, v.path, Input{UserID: v.person}) != nil) {
			bad(r.Row, "household_code", "assignment.not_yours", apperr.Args{"Value": r.HouseholdCode})
			continue
		}
		if v.unit, err = s.unlessInForce(ctx, s.db, v.hh, "unit_id", v.unit, r.From); err != nil {
			return nil, err
		}
		if v.person, err = s.unlessInForce(ctx, s.db, v.hh, "user_id", v.person, r.From); err != nil {
			return nil, err
		}
		if v.unit == nil && v.person == nil {
			res.Unchanged++
			continue
		}
		todo = append(todo, v)
	}
	if len(res.Problems) > 0 {
		res.Unchanged = 0
		return res, nil
	}
	if dryRun {
		res.Assigned = len(todo)
		return res, nil
	}
	errRowsInvalid := errors.New("rows invalid")
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		moved := make([]int64, 0, len(todo))
		for _, v := range todo {
			for _, in := range []Input{{UnitID: v.unit}, {UserID: v.person}} {
				if in.UnitID == nil && in.UserID == nil {
					continue
				}
				in.IsPrimary, in.ValidFrom, in.Reason = true, v.row.From, v.row.Reason
				if _, err := s.write(ctx, tx, now, v.hh, v.path, in); err != nil {
					// A date the service refuses (before the current row's
					// start) is the row's problem, reported like the others.
					if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && len(e.Fields) > 0 {
						for _, fe := range e.Fields {
							bad(v.row.Row, importField(fe.Field), fe.MessageID, fe.Args)
						}
						break
					}
					return err
				}
			}
			moved = append(moved, v.hh)
			res.Assigned++
		}
		if len(res.Problems) > 0 {
			return errRowsInvalid
		}
		if err := s.households.Followed(ctx, tx, now, moved); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Import, Entity: "assignment_import",
			After: map[string]int{"rows": res.Rows, "assigned": res.Assigned, "unchanged": res.Unchanged}})
	})
	if errors.Is(err, errRowsInvalid) {
		res.Assigned, res.Unchanged = 0, 0
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// resolve looks up a row's household, unit and person, reporting every one
// that is missing; ok is false when the row has any problem.
func (s *Service) resolve(ctx context.Context, r ImportRow, bad func(row int, field, id string, args apperr.Args)) (importRow, bool, error) {
	v := importRow{row: r}
	ok := true
	if r.HouseholdCode != "" {
		h, err := s.households.ByCode(ctx, r.HouseholdCode)
		switch {
		case unseen(err):
			bad(r.Row, "household_code", "field.not_found", apperr.Args{"Value": r.HouseholdCode})
			ok = false
		case err != nil:
			return v, false, err
		default:
			v.hh = h.ID
			if err := s.db.NewSelect().Table("areas").Column("path").Where("id = ?", h.AreaID).Scan(ctx, &v.path); err != nil {
				return v, false, apperr.Wrap(err, "import assignments: area")
			}
		}
	} else {
		bad(r.Row, "household_code", "field.required", nil)
		ok = false
	}
	if r.UnitCode == "" && r.Email == "" {
		bad(r.Row, "unit_code", "assignment.unit_or_user", nil)
		ok = false
	}
	if r.UnitCode != "" {
		u, err := s.units.ByCode(ctx, r.UnitCode)
		switch {
		case unseen(err):
			bad(r.Row, "unit_code", "field.not_found", apperr.Args{"Value": r.UnitCode})
			ok = false
		case err != nil:
			return v, false, err
		default:
			v.unit = &u.ID
		}
	}
	if r.Email != "" {
		var id int64
		err := s.db.NewSelect().Table("users").Column("id").Where("email = ? AND active", r.Email).Scan(ctx, &id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			bad(r.Row, "email", "field.not_found", apperr.Args{"Value": r.Email})
			ok = false
		case err != nil:
			return v, false, apperr.Wrap(err, "import assignments: user")
		default:
			v.person = &id
		}
	}
	return v, ok, nil
}

// unseen reports whether a look-up failed because its code names nothing
// the caller may see.
func unseen(err error) bool {
	e, ok := apperr.As(err)
	return ok && (e.Code == apperr.NotFound || e.Code == apperr.Forbidden)
}

// unlessInForce returns target, or nil when target is already the primary
// unit (column unit_id) or person (user_id) of the household in force on day.
func (s *Service) unlessInForce(ctx context.Context, db bun.IDB, householdID int64, column string, target *int64, day civil.Date) (*int64, error) {
	if target == nil {
		return nil, nil
	}
	n, err := db.NewSelect().TableExpr("household_assignments AS ha").
		Where("ha.household_id = ? AND ha.is_primary AND ha."+column+" = ?", householdID, *target).
		Where(access.InForce("ha", day)).Count(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "import assignments: current")
	}
	if n > 0 {
		return nil, nil
	}
	return target, nil
}

// importField names a field of Input as the sheet's column.
func importField(f string) string {
	switch f {
	case "unit_id":
		return "unit_code"
	case "user_id":
		return "email"
	}
	return f
}
