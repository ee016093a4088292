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
// those of recording support. A visit is a dated fact: it is not edited.
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
		v = &Visit{HouseholdID: h.ID, UnitID: unitID, UserID: userOf(access.From(ctx)), VisitedOn: in.VisitedOn.Date,
			Note: in.Note, TaskID: in.TaskID, CreatedAt: now.UTC()}
		if _, err := tx.NewInsert().Model(v).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert visit")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "visit", EntityID: v.ID, AreaPath: h.Path, After: v})
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
