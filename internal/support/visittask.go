package support

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
)

// visitTask is a task a visit may complete, with its period.
type visitTask struct {
	Task
	PeriodStart civil.Date `bun:"period_start"`
	PeriodEnd   civil.Date `bun:"period_end"`
}

// visitTaskOf returns the task a visit on day completes, inside tx: the task
// named (which must be of the household — checked by resolve — and of a
// period containing day, else task_id is invalid), or else the open task of
// the household, of a visit duty (duties.closes_on_visit), of the period day
// falls in — the visit's unit's first. Nil when there is none, or when the
// task named is no longer open.
func visitTaskOf(ctx context.Context, tx bun.IDB, householdID int64, unitID, taskID *int64, day civil.Date) (*visitTask, error) {
	t := new(visitTask)
	q := tx.NewSelect().TableExpr("tasks AS t").
		ColumnExpr("t.id, t.unit_id, t.user_id, t.household_id, t.status, t.note, t.done_at, t.version, t.period_start, t.period_end")
	if taskID != nil {
		err := q.Where("t.id = ?", *taskID).Scan(ctx, t)
		if err != nil {
			return nil, apperr.Wrap(err, "visit: task")
		}
		if day.Before(t.PeriodStart) || day.After(t.PeriodEnd) {
			return nil, apperr.InvalidFields(apperr.Field("task_id", "support.task_period", apperr.Args{"From": t.PeriodStart.VN(), "To": t.PeriodEnd.VN()}))
		}
		if t.Status != statusTodo && t.Status != statusInProgress {
			return nil, nil
		}
		return t, nil
	}
	var unit int64
	if unitID != nil {
		unit = *unitID
	}
	err := q.Join("JOIN duties AS d ON d.id = t.duty_id").
		Where("t.household_id = ? AND d.closes_on_visit AND t.status IN (?, ?)", householdID, statusTodo, statusInProgress).
		Where("t.period_start <= ? AND t.period_end >= ?", day, day).
		OrderExpr("CASE WHEN t.unit_id = ? THEN 0 ELSE 1 END, t.due_on, t.id", unit).Limit(1).Scan(ctx, t)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(err, "visit: the period's task")
	}
	return t, nil
}

// completeByVisit marks task t done by the visit v, inside tx, and audits it.
func completeByVisit(ctx context.Context, tx bun.IDB, now time.Time, path string, t *visitTask, v *Visit) error {
	res, err := tx.NewUpdate().Model((*Task)(nil)).
		Set("status = ?", statusDone).Set("done_at = ?", now.UTC()).Set("note = ?", v.Note).
		Set("version = version + 1").Set("updated_at = ?", now.UTC()).
		Where("id = ? AND status IN (?, ?)", t.ID, statusTodo, statusInProgress).Exec(ctx)
	if err != nil {
		return apperr.Wrap(err, "visit: complete task")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return apperr.New(apperr.Conflict, "support.task_not_open", nil)
	}
	after := new(Task)
	if err := tx.NewSelect().Model(after).Where("id = ?", t.ID).Scan(ctx); err != nil {
		return apperr.Wrap(err, "visit: reread task")
	}
	return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "task", EntityID: t.ID, AreaPath: path,
		Before: &t.Task, After: after})
}
