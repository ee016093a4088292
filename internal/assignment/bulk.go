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
)

// MaxBulk is the most households one bulk assignment may touch.
const MaxBulk = 20_000

// BulkResult says what a bulk action did.
type BulkResult struct {
	Assigned  int           `json:"assigned"`
	Unchanged int           `json:"unchanged" doc:"already assigned that way"`
	PerMember map[int64]int `json:"per_member,omitempty" doc:"households per member (spread)"`
}

// AssignByFilter gives every household matching f (within the caller's
// scope) to a unit, as its primary unit, in one transaction: all or nothing.
// The caller needs the assign right on each household's area.
func (s *Service) AssignByFilter(ctx context.Context, now time.Time, f household.Filter, unitID int64, from civil.Date, reason string) (*BulkResult, error) {
	if from.IsZero() {
		from = civil.DateOf(now, s.loc)
	}
	if _, err := s.units.Get(ctx, unitID); err != nil {
		return nil, apperr.InvalidFields(apperr.Field("unit_id", "field.not_found", nil))
	}
	type target struct {
		id   int64
		path string
	}
	var targets []target
	p := access.From(ctx)
	err := s.households.Each(ctx, f, func(it *household.ListItem) error {
		if len(targets) >= MaxBulk {
			return apperr.InvalidFields(apperr.Field("filter", "assignment.too_many", apperr.Args{"Max": MaxBulk}))
		}
		targets = append(targets, target{id: it.ID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	res := &BulkResult{}
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var moved []int64
		for _, t := range targets {
			var cur struct {
				Path string `bun:"path"`
				Unit *int64 `bun:"unit_id"`
			}
			err := tx.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").
				ColumnExpr("a.path").ColumnExpr("(SELECT ha.unit_id FROM household_assignments AS ha WHERE ha.household_id = h.id AND ha.is_primary AND ha.valid_to IS NULL AND ha.unit_id IS NOT NULL LIMIT 1) AS unit_id").
				Where("h.id = ?", t.id).Scan(ctx, &cur)
			if err != nil {
				return apperr.Wrap(err, "bulk assign: household")
			}
			if !p.Can(access.Assign, cur.Path) {
				return apperr.New(apperr.Forbidden, "error.forbidden", nil)
			}
			if cur.Unit != nil && *cur.Unit == unitID {
				res.Unchanged++
				continue
			}
			if _, err := s.write(ctx, tx, now, t.id, cur.Path, Input{UnitID: &unitID, IsPrimary: true, ValidFrom: from, Reason: reason}); err != nil {
				return err
			}
			moved = append(moved, t.id)
			res.Assigned++
		}
		if err := s.households.Followed(ctx, tx, now, moved); err != nil {
			return err
		}
		// The bulk action itself, beside the entry of each household it moved.
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Assign, Entity: "unit", EntityID: unitID,
			After: map[string]any{"bulk": f, "assigned": res.Assigned, "unchanged": res.Unchanged}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Spread hands a unit's households evenly over its members (in code order,
// round robin), as their primary person. With onlyUnassigned, households that
// already have a person keep them. Allowed to those with the assign right on
// the unit's area and to the unit's leader.
func (s *Service) Spread(ctx context.Context, now time.Time, unitID int64, from civil.Date, reason string, onlyUnassigned bool) (*BulkResult, error) {
	u, err := s.units.Get(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if from.IsZero() {
		from = civil.DateOf(now, s.loc)
	}
	reason = strings.TrimSpace(reason)
	res := &BulkResult{PerMember: map[int64]int{}}
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var path string
		if err := tx.NewSelect().Table("areas").Column("path").Where("id = ?", u.AreaID).Scan(ctx, &path); err != nil {
			return apperr.Wrap(err, "spread: area")
		}
		p := access.From(ctx)
		leads := false
		for _, m := range p.MembershipsOf(unitID) {
			leads = leads || m.Role == access.UnitLeader
		}
		if !p.Can(access.Assign, path) && !leads {
			return apperr.New(apperr.Forbidden, "error.forbidden", nil)
		}
		var members []int64
		if err := tx.NewSelect().TableExpr("memberships AS m").Join("JOIN users AS u ON u.id = m.user_id").
			ColumnExpr("m.user_id").Where("m.unit_id = ? AND m.ended_at IS NULL AND m.role = 'member' AND u.active", unitID).
			OrderExpr("m.user_id").Scan(ctx, &members); err != nil {
			return apperr.Wrap(err, "spread: members")
		}
		if len(members) == 0 {
			return apperr.InvalidFields(apperr.Field("unit_id", "assignment.no_members", nil))
		}
		var rows []struct {
			ID     int64  `bun:"id"`
			Person *int64 `bun:"person"`
		}
		q := tx.NewSelect().TableExpr("households AS h").ColumnExpr("h.id").
			ColumnExpr("(SELECT ha.user_id FROM household_assignments AS ha WHERE ha.household_id = h.id AND ha.is_primary AND ha.valid_to IS NULL AND ha.user_id IS NOT NULL LIMIT 1) AS person").
			Where("h.archived_at IS NULL").
			Where("h.id IN (SELECT ha.household_id FROM household_assignments AS ha WHERE ha.unit_id = ? AND ha.valid_to IS NULL)", unitID).
			OrderExpr("h.code")
		if err := q.Scan(ctx, &rows); err != nil {
			return apperr.Wrap(err, "spread: households")
		}
		next := 0
		var moved []int64
		for _, r := range rows {
			if onlyUnassigned && r.Person != nil {
				res.Unchanged++
				continue
			}
			userID := members[next%len(members)]
			next++
			res.PerMember[userID]++
			if r.Person != nil && *r.Person == userID {
				res.Unchanged++
				continue
			}
			if _, err := s.write(ctx, tx, now, r.ID, path, Input{UserID: &userID, IsPrimary: true, ValidFrom: from, Reason: reason}); err != nil {
				return err
			}
			moved = append(moved, r.ID)
			res.Assigned++
		}
		if err := s.households.Followed(ctx, tx, now, moved); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Assign, Entity: "unit", EntityID: unitID, AreaPath: path,
			After: map[string]any{"spread": res.PerMember, "assigned": res.Assigned, "unchanged": res.Unchanged}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
