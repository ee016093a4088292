package support

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// CreateVisit records a visit to a household the caller sees; the rights are
// those of recording support. A visit is a dated fact: it is not edited. In
// the same transaction it completes the visit task of the period it falls in
// (visitTaskOf): the task named, or the household's open task of a visit
// duty whose period contains the day; the visit records that task.
func (s *Service) CreateVisit(ctx context.Context, now time.Time, in VisitInput) (*Visit, error) {
	var c apperr.Collector
	if in.HouseholdID <= 0 {
		c.Add("household_id", "field.required", nil)
	}
	checkDay(&c, "visited_on", in.VisitedOn, civil.DateOf(now, s.loc))
	checkNote(&c, &in.Note)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var v *Visit
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		h, unitID, err := resolve(ctx, tx, in.HouseholdID, in.UnitID, in.TaskID)
		if err != nil {
			return err
		}
		task, err := visitTaskOf(ctx, tx, h.ID, unitID, in.TaskID, in.VisitedOn.Date)
		if err != nil {
			return err
		}
		v = &Visit{HouseholdID: h.ID, UnitID: unitID, UserID: userOf(access.From(ctx)), VisitedOn: in.VisitedOn.Date,
			Note: in.Note, TaskID: in.TaskID, CreatedAt: now.UTC()}
		if task != nil {
			v.TaskID = &task.ID
		}
		if _, err := tx.NewInsert().Model(v).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert visit")
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "visit", EntityID: v.ID, AreaPath: h.Path, After: v}); err != nil {
			return err
		}
		if task == nil {
			return nil
		}
		return completeByVisit(ctx, tx, now, h.Path, task, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
