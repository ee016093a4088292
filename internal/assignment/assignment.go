// Package assignment is who is in charge of a household (phân công): dated
// rows giving a household to a responsible unit (a party cell, a union, a
// school) and to a person (the party member in charge). Reassignment closes
// the current row and opens a new one, so the history is kept. Unit leaders
// and members see households through these rows.
package assignment

import (
	"context"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/household"
	"chungtay/internal/unit"
)

// Assignment is one dated row.
type Assignment struct {
	bun.BaseModel `bun:"table:household_assignments"`

	ID          int64      `bun:"id,pk,autoincrement" json:"id"`
	HouseholdID int64      `bun:"household_id,notnull" json:"household_id"`
	UnitID      *int64     `bun:"unit_id" json:"unit_id"`
	UserID      *int64     `bun:"user_id" json:"user_id"`
	IsPrimary   bool       `bun:"is_primary,notnull" json:"is_primary"`
	ValidFrom   civil.Date `bun:"valid_from,notnull" json:"valid_from"`
	ValidTo     civil.Date `bun:"valid_to,nullzero" json:"valid_to"`
	Reason      string     `bun:"reason,notnull" json:"reason"`
	CreatedAt   time.Time  `bun:"created_at,notnull" json:"created_at"`
}

// View is an assignment with the names of its unit or person.
type View struct {
	Assignment
	UnitName string `bun:"unit_name" json:"unit_name"`
	UserName string `bun:"user_name" json:"user_name"`
}

// Input assigns a household to a unit or to a person.
type Input struct {
	UnitID    *int64     `json:"unit_id,omitempty" required:"false"`
	UserID    *int64     `json:"user_id,omitempty" required:"false"`
	IsPrimary bool       `json:"is_primary" doc:"true: the primary unit (the cell) or the person in charge, replacing the current one from valid_from; false: a supporting unit (đơn vị phối hợp) added beside the primary one"`
	ValidFrom civil.Date `json:"valid_from,omitempty" required:"false" doc:"the first day it applies (default today); not before the start of the row it replaces"`
	Reason    string     `json:"reason,omitempty" required:"false" maxLength:"500"`
}

// Service keeps the assignments.
type Service struct {
	db         *bun.DB
	households *household.Service
	units      *unit.Service
	loc        *time.Location
}

// NewService returns the assignment service.
func NewService(db *bun.DB, households *household.Service, units *unit.Service, loc *time.Location) *Service {
	return &Service{db: db, households: households, units: units, loc: loc}
}

// List returns a household's assignments, current first, if the caller sees the household.
func (s *Service) List(ctx context.Context, householdID int64) ([]View, error) {
	if _, err := s.households.Get(ctx, householdID); err != nil {
		return nil, err
	}
	out := []View{}
	err := s.db.NewSelect().TableExpr("household_assignments AS ha").ColumnExpr("ha.*").
		ColumnExpr("COALESCE(u.name, '') AS unit_name, COALESCE(p.name, '') AS user_name").
		Join("LEFT JOIN units AS u ON u.id = ha.unit_id").Join("LEFT JOIN users AS p ON p.id = ha.user_id").
		Where("ha.household_id = ?", householdID).OrderExpr("ha.valid_to IS NOT NULL, ha.valid_from DESC, ha.id DESC").
		Scan(ctx, &out)
	if err != nil {
		return nil, apperr.Wrap(err, "list assignments")
	}
	return out, nil
}

// Assign gives a household to a unit or a person from a day on. Chairs,
// officers… with the assign right on the household's area may assign to any
// unit or person; a unit leader may give the unit's households to the
// unit's members. A primary assignment closes the current primary one of the
// same kind (unit or person).
func (s *Service) Assign(ctx context.Context, now time.Time, householdID int64, in Input) (*Assignment, error) {
	var c apperr.Collector
	if (in.UnitID == nil) == (in.UserID == nil) {
		c.Add("unit_id", "assignment.unit_or_user", nil)
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.ValidFrom.IsZero() {
		in.ValidFrom = civil.DateOf(now, s.loc)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	h, err := s.households.Get(ctx, householdID)
	if err != nil {
		return nil, err
	}
	var out *Assignment
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var path string
		if err := tx.NewSelect().Table("areas").Column("path").Where("id = ?", h.AreaID).Scan(ctx, &path); err != nil {
			return apperr.Wrap(err, "assignment: area")
		}
		if err := s.allowed(ctx, tx, h.ID, path, in); err != nil {
			return err
		}
		var err error
		if out, err = s.write(ctx, tx, now, h.ID, path, in); err != nil {
			return err
		}
		return s.households.Followed(ctx, tx, now, []int64{h.ID}) // its open tasks move to the new unit or person
	})
	return out, err
}

// write checks the unit or person and writes one assignment from
// in.ValidFrom on; the caller has checked the right. Each row means "from
// valid_from until valid_to (exclusive)":
//
//   - A primary row (unit or person) ends the open primary row of the same
//     kind on in.ValidFrom; a day before that row's start is refused
//     (valid_from), never a row that ends before it starts. Giving the
//     household to the unit or person it already has is no change.
//   - A new primary unit ends the open person row, unless that person is a
//     member of the new unit; it ends the unit's own supporting row.
//   - A person in charge (primary) must be a member of the primary unit in
//     force on in.ValidFrom (user_id); a supporting person, of one of the
//     household's units then.
//   - A supporting unit (is_primary false) is added beside the others: the
//     household stays with its primary unit. The primary unit cannot also be
//     a supporting one (unit_id); adding a supporting unit twice is no change.
func (s *Service) write(ctx context.Context, tx bun.IDB, now time.Time, householdID int64, path string, in Input) (*Assignment, error) {
	if in.UnitID != nil {
		if _, err := s.units.Get(ctx, *in.UnitID); err != nil {
			return nil, apperr.InvalidFields(apperr.Field("unit_id", "field.not_found", nil))
		}
	} else {
		n, err := tx.NewSelect().Table("users").Where("id = ? AND active", *in.UserID).Count(ctx)
		if err != nil || n == 0 {
			return nil, apperr.InvalidFields(apperr.Field("user_id", "field.not_found", nil))
		}
		if err := s.mustBeMember(ctx, tx, householdID, in); err != nil {
			return nil, err
		}
	}
	open, err := openRows(ctx, tx, householdID)
	if err != nil {
		return nil, err
	}
	day := in.ValidFrom
	var ends []*Assignment // rows to end on day
	for _, r := range open {
		switch {
		case in.UnitID != nil && r.UnitID != nil && *r.UnitID == *in.UnitID && r.IsPrimary == in.IsPrimary && !r.ValidFrom.After(day):
			return r, nil // already so: no change
		case in.UserID != nil && r.UserID != nil && *r.UserID == *in.UserID && r.IsPrimary == in.IsPrimary && !r.ValidFrom.After(day):
			return r, nil
		case in.UnitID != nil && !in.IsPrimary && r.UnitID != nil && *r.UnitID == *in.UnitID && r.IsPrimary:
			return nil, apperr.InvalidFields(apperr.Field("unit_id", "assignment.unit_is_primary", nil))
		case in.UnitID != nil && !in.IsPrimary && r.UnitID != nil && *r.UnitID == *in.UnitID:
			// The same supporting unit from a later day: one row per unit, never two overlapping.
			return nil, apperr.InvalidFields(apperr.Field("valid_from", "assignment.before_current", apperr.Args{"From": r.ValidFrom.VN()}))
		}
		if !in.IsPrimary {
			continue
		}
		sameKind := r.IsPrimary && ((in.UnitID != nil) == (r.UnitID != nil))
		ownSupport := in.UnitID != nil && r.UnitID != nil && !r.IsPrimary && *r.UnitID == *in.UnitID
		if !sameKind && !ownSupport {
			continue
		}
		if day.Before(r.ValidFrom) {
			return nil, apperr.InvalidFields(apperr.Field("valid_from", "assignment.before_current", apperr.Args{"From": r.ValidFrom.VN()}))
		}
		ends = append(ends, r)
	}
	if in.UnitID != nil && in.IsPrimary {
		// The person in charge stays only as a member of the new unit.
		for _, r := range open {
			if r.UserID == nil || !r.IsPrimary {
				continue
			}
			member, err := isMember(ctx, tx, *in.UnitID, *r.UserID)
			if err != nil {
				return nil, err
			}
			if !member {
				ends = append(ends, r)
			}
		}
	}
	for _, r := range ends {
		end := day
		if end.Before(r.ValidFrom) {
			end = r.ValidFrom // a person row starting later than the move never comes into force
		}
		if _, err := tx.NewUpdate().Model((*Assignment)(nil)).Set("valid_to = ?", end).Where("id = ?", r.ID).Exec(ctx); err != nil {
			return nil, apperr.Wrap(err, "end assignment")
		}
		before := *r
		r.ValidTo = end
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Assign, Entity: "household", EntityID: householdID, AreaPath: path,
			Before: before, After: r}); err != nil {
			return nil, err
		}
	}
	a := &Assignment{HouseholdID: householdID, UnitID: in.UnitID, UserID: in.UserID, IsPrimary: in.IsPrimary,
		ValidFrom: in.ValidFrom, Reason: in.Reason, CreatedAt: now.UTC()}
	if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
		return nil, apperr.Wrap(err, "insert assignment")
	}
	return a, audit.Record(ctx, tx, now, audit.Change{Action: audit.Assign, Entity: "household", EntityID: householdID, AreaPath: path, After: a})
}

// openRows returns a household's assignments not ended (valid_to NULL),
// including those dated in the future.
func openRows(ctx context.Context, tx bun.IDB, householdID int64) ([]*Assignment, error) {
	var rows []*Assignment
	if err := tx.NewSelect().Model(&rows).Where("household_id = ? AND valid_to IS NULL", householdID).
		OrderExpr("valid_from DESC, id DESC").Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "assignment: open rows")
	}
	return rows, nil
}

// isMember reports whether a user is a member (or leader) of a unit now.
func isMember(ctx context.Context, tx bun.IDB, unitID, userID int64) (bool, error) {
	n, err := tx.NewSelect().Table("memberships").Where("unit_id = ? AND user_id = ? AND ended_at IS NULL", unitID, userID).Count(ctx)
	if err != nil {
		return false, apperr.Wrap(err, "assignment: membership")
	}
	return n > 0, nil
}

// mustBeMember refuses a person who is not a member of the household's
// primary unit in force on in.ValidFrom (of one of its units, for a
// supporting person), naming user_id.
func (s *Service) mustBeMember(ctx context.Context, tx bun.IDB, householdID int64, in Input) error {
	q := tx.NewSelect().TableExpr("household_assignments AS ha").
		Join("JOIN memberships AS m ON m.unit_id = ha.unit_id AND m.user_id = ? AND m.ended_at IS NULL", *in.UserID).
		Where("ha.household_id = ?", householdID).Where(access.InForce("ha", in.ValidFrom))
	if in.IsPrimary {
		q = q.Where("ha.is_primary")
	}
	n, err := q.Count(ctx)
	if err != nil {
		return apperr.Wrap(err, "assignment: person's unit")
	}
	if n == 0 {
		return apperr.InvalidFields(apperr.Field("user_id", "assignment.person_not_member", apperr.Args{"On": in.ValidFrom.VN()}))
	}
	return nil
}

// allowed checks the caller's right to make this assignment.
func (s *Service) allowed(ctx context.Context, tx bun.IDB, householdID int64, path string, in Input) error {
	p := access.From(ctx)
	if p.Can(access.Assign, path) {
		return nil
	}
	if in.UserID != nil && p != nil {
		// A leader hands the unit's households to the unit's members.
		for _, m := range p.Memberships {
			if m.Role != access.UnitLeader {
				continue
			}
			held, err := tx.NewSelect().TableExpr("household_assignments AS ha").
				Where("ha.household_id = ? AND ha.unit_id = ?", householdID, m.UnitID).Where(access.InForce("ha", in.ValidFrom)).Count(ctx)
			if err != nil {
				return apperr.Wrap(err, "assignment: unit")
			}
			member, err := tx.NewSelect().Table("memberships").
				Where("unit_id = ? AND user_id = ? AND ended_at IS NULL", m.UnitID, *in.UserID).Count(ctx)
			if err != nil {
				return apperr.Wrap(err, "assignment: membership")
			}
			if held > 0 && member > 0 {
				return nil
			}
		}
	}
	return apperr.New(apperr.Forbidden, "error.forbidden", nil)
}
