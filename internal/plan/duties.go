package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
)

// SetTargets replaces all of a plan's targets, if version (the plan's) is
// current; the plan's version moves on. The audit entry holds the targets
// before and after.
func (s *Service) SetTargets(ctx context.Context, now time.Time, planID int64, version int, in []TargetInput) (*Detail, error) {
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		p, path, err := writablePlan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if p.Version != version {
			return apperr.StaleVersion(entityPlan, p.Version)
		}
		targets, err := checkTargets(ctx, tx, p, in)
		if err != nil {
			return err
		}
		var before []Target
		if err := tx.NewSelect().Model(&before).Where("plan_id = ?", planID).Order("id").Scan(ctx); err != nil {
			return apperr.Wrap(err, "read targets")
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Plan)(nil)), planID, version, now)
		if err != nil {
			return apperr.Wrap(err, "set targets: plan version")
		}
		if !ok {
			return apperr.StaleVersion(entityPlan, p.Version)
		}
		if _, err := tx.NewDelete().Model((*Target)(nil)).Where("plan_id = ?", planID).Exec(ctx); err != nil {
			return apperr.Wrap(err, "replace targets")
		}
		if len(targets) > 0 {
			if _, err := tx.NewInsert().Model(&targets).Exec(ctx); err != nil {
				return apperr.Wrap(err, "insert targets")
			}
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "plan", EntityID: planID, AreaPath: path,
			Before: map[string]any{"version": version, "targets": before}, After: map[string]any{"version": version + 1, "targets": targets}})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, planID)
}

// DutyResult is a duty as written and what expanding its plan did.
type DutyResult struct {
	Duty      *Duty    `json:"duty"`
	Expansion *Summary `json:"expansion"`
}

// AddDuty adds a duty to a plan and expands the plan, in one transaction.
func (s *Service) AddDuty(ctx context.Context, now time.Time, planID int64, in DutyInput) (*DutyResult, error) {
	var out DutyResult
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		p, path, err := writablePlan(ctx, tx, planID)
		if err != nil {
			return err
		}
		if err := checkDuty(ctx, tx, p, s.today(now), &in); err != nil {
			return err
		}
		d := &Duty{PlanID: planID, Version: 1, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		applyDuty(d, in)
		if _, err := tx.NewInsert().Model(d).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert duty")
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "duty", EntityID: d.ID, AreaPath: path, After: d}); err != nil {
			return err
		}
		out.Duty = d
		out.Expansion, err = s.expandTx(ctx, tx, now, p, d.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// applyDuty copies checked input onto a duty row.
func applyDuty(d *Duty, in DutyInput) {
	d.Title, d.Description, d.UnitID, d.UnitKind, d.ScopeAreaID = in.Title, in.Description, in.UnitID, in.UnitKind, in.ScopeAreaID
	d.Target, d.Selector, d.Frequency, d.DueDaysBeforeEnd = in.Target, in.Selector, in.Frequency, in.DueDaysBeforeEnd
	d.DueOn, d.ValidFrom, d.ValidTo, d.ClosesOnVisit = in.DueOn, in.ValidFrom, in.ValidTo, in.ClosesOnVisit
}

// getDuty reads a duty of a plan.
func getDuty(ctx context.Context, db bun.IDB, planID, id int64) (*Duty, error) {
	d := new(Duty)
	err := db.NewSelect().Model(d).Where("id = ? AND plan_id = ?", id, planID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityDuty)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get duty %d", id))
	}
	return d, nil
}

// UpdateDuty changes a duty if version is current and expands the plan
// again, in one transaction: tasks of periods not yet over follow the new
// duty (created, moved, or closed with reason duty.changed).
func (s *Service) UpdateDuty(ctx context.Context, now time.Time, planID, dutyID int64, version int, in DutyInput) (*DutyResult, error) {
	var out DutyResult
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		p, path, err := writablePlan(ctx, tx, planID)
		if err != nil {
			return err
		}
		cur, err := getDuty(ctx, tx, planID, dutyID)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return apperr.StaleVersion(entityDuty, cur.Version)
		}
		if in.ValidFrom.IsZero() {
			in.ValidFrom = cur.ValidFrom // an edit keeps the duty's start unless it says otherwise
		}
		if err := checkDuty(ctx, tx, p, s.today(now), &in); err != nil {
			return err
		}
		next := *cur
		applyDuty(&next, in)
		next.Version, next.UpdatedAt = version+1, now.UTC()
		res, err := tx.NewUpdate().Model(&next).ExcludeColumn("id", "plan_id", "created_at").WherePK().Where("version = ?", version).Exec(ctx)
		if err != nil {
			return apperr.Wrap(err, "update duty")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.StaleVersion(entityDuty, cur.Version)
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "duty", EntityID: dutyID, AreaPath: path, Before: cur, After: &next}); err != nil {
			return err
		}
		out.Duty = &next
		out.Expansion, err = s.expandTx(ctx, tx, now, p, dutyID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
