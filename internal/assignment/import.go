package assignment

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

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
	From          civil.Date
	Reason        string
}

// RowProblem is a bad field of a row.
type RowProblem struct {
	Row   int
	Field string // household_code, unit_code, email
	Error apperr.FieldError
}

// ImportResult says what an import did or would do.
type ImportResult struct {
	Rows     int
	Assigned int
	Problems []RowProblem
}

// Import checks every row (the household and unit visible to the caller, the
// person an active user, the caller's right to make the assignment), then —
// unless dryRun or any row is bad — writes them all in one transaction.
func (s *Service) Import(ctx context.Context, now time.Time, rows []ImportRow, dryRun bool) (*ImportResult, error) {
	res := &ImportResult{Rows: len(rows)}
	type resolved struct {
		row    ImportRow
		hh     int64
		path   string
		unit   *int64
		person *int64
	}
	var ok []resolved
	bad := func(row int, field, id string, args apperr.Args) {
		res.Problems = append(res.Problems, RowProblem{Row: row, Field: field, Error: apperr.Field(field, id, args)})
	}
	for _, r := range rows {
		r.HouseholdCode, r.UnitCode, r.Email = strings.TrimSpace(r.HouseholdCode), strings.TrimSpace(r.UnitCode), strings.ToLower(strings.TrimSpace(r.Email))
		if r.From.IsZero() {
			r.From = civil.DateOf(now, s.loc)
		}
		v := resolved{row: r}
		h, err := s.households.ByCode(ctx, r.HouseholdCode)
		if err != nil {
			bad(r.Row, "household_code", "field.not_found", nil)
			continue
		}
		v.hh = h.ID
		if err := s.db.NewSelect().Table("areas").Column("path").Where("id = ?", h.AreaID).Scan(ctx, &v.path); err != nil {
			return nil, apperr.Wrap(err, "import assignments: area")
		}
		if r.UnitCode == "" && r.Email == "" {
			bad(r.Row, "unit_code", "assignment.unit_or_user", nil)
			continue
		}
		if r.UnitCode != "" {
			u, err := s.units.ByCode(ctx, r.UnitCode)
			if err != nil {
				bad(r.Row, "unit_code", "field.not_found", nil)
				continue
			}
			v.unit = &u.ID
		}
		if r.Email != "" {
			var id int64
			if err := s.db.NewSelect().Table("users").Column("id").Where("email = ? AND active", r.Email).Scan(ctx, &id); err != nil {
				bad(r.Row, "email", "field.not_found", nil)
				continue
			}
			v.person = &id
		}
		// The same rights as one assignment: a leader may give the unit's households to its members.
		if (v.unit != nil && s.allowed(ctx, s.db, v.hh, v.path, Input{UnitID: v.unit}) != nil) ||
			(v.person != nil && s.allowed(ctx, s.db, v.hh, v.path, Input{UserID: v.person}) != nil) {
			bad(r.Row, "household_code", "assignment.not_yours", nil)
			continue
		}
		ok = append(ok, v)
	}
	if len(res.Problems) > 0 || dryRun {
		if dryRun && len(res.Problems) == 0 {
			res.Assigned = len(ok)
		}
		return res, nil
	}
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		moved := make([]int64, 0, len(ok))
		for _, v := range ok {
			if v.unit != nil {
				if _, err := s.write(ctx, tx, now, v.hh, v.path, Input{UnitID: v.unit, IsPrimary: true, ValidFrom: v.row.From, Reason: v.row.Reason}); err != nil {
					return err
				}
			}
			if v.person != nil {
				if _, err := s.write(ctx, tx, now, v.hh, v.path, Input{UserID: v.person, IsPrimary: true, ValidFrom: v.row.From, Reason: v.row.Reason}); err != nil {
					return err
				}
			}
			moved = append(moved, v.hh)
			res.Assigned++
		}
		if err := s.households.Followed(ctx, tx, now, moved); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Import, Entity: "assignment_import",
			After: map[string]int{"rows": res.Rows, "assigned": res.Assigned}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
