package support

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// The statuses of a task that completing it with support reads and writes
// (the plan package owns the others).
const (
	statusTodo       = "todo"
	statusInProgress = "in_progress"
	statusDone       = "done"
)

// TaskSupportInput completes a household task with the support it delivered.
// The household and the task come from the task; the unit defaults to the
// task's unit.
type TaskSupportInput struct {
	Fields
	CompletionNote string `json:"completion_note,omitempty" required:"false" maxLength:"2000" doc:"the task's completion note; default: the record's note"`
}

// Task is the part of a task (written by the plan's expansion) that
// completing it with support reads and changes.
type Task struct {
	bun.BaseModel `bun:"table:tasks,alias:t"`

	ID          int64      `bun:"id,pk" json:"id"`
	UnitID      int64      `bun:"unit_id" json:"unit_id"`
	UserID      *int64     `bun:"user_id" json:"user_id"`
	HouseholdID *int64     `bun:"household_id" json:"household_id"`
	Status      string     `bun:"status" json:"status"`
	Note        string     `bun:"note" json:"note"`
	DoneAt      *time.Time `bun:"done_at" json:"done_at"`
	Version     int        `bun:"version" json:"version"`
}

// TaskSupport is what completing a task with support did.
type TaskSupport struct {
	Record *Record `json:"record"`
	Task   *Task   `json:"task"`
}

// CompleteTask completes a task with its support record in one transaction:
// both are written, or neither.
func (s *Service) CompleteTask(ctx context.Context, now time.Time, taskID int64, in TaskSupportInput) (*TaskSupport, error) {
	var out *TaskSupport
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var err error
		out, err = s.RecordForTask(ctx, tx, now, taskID, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecordForTask marks a household task done and creates its support record,
// inside tx (the caller's transaction: both are written, or neither). The
// caller must see the task's household and belong to the task's unit, be its
// person, or be an officer or chair of the area. A task already done or
// cancelled is a conflict. Everything is checked before the first write; the
// task is updated first, then the record is inserted, then both are audited.
func (s *Service) RecordForTask(ctx context.Context, tx bun.IDB, now time.Time, taskID int64, in TaskSupportInput) (*TaskSupport, error) {
	c := check(&in.Fields, civil.DateOf(now, s.loc))
	checkNote(c, &in.CompletionNote)
	if err := c.Err(); err != nil {
		return nil, err
	}
	before := new(Task)
	err := tx.NewSelect().Model(before).Where("id = ?", taskID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityTask)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get task %d", taskID))
	}
	if before.HouseholdID == nil {
		// A unit's task: not found unless the caller sees the unit, then not one to record support for.
		q := tx.NewSelect().TableExpr("units AS u").Join("JOIN areas AS a ON a.id = u.area_id").Where("u.id = ?", before.UnitID)
		if n, err := access.ScopeUnits(ctx, q, "u.id", "a.path").Count(ctx); err != nil || n == 0 {
			return nil, apperr.NotFoundError(entityTask)
		}
		return nil, apperr.InvalidFields(apperr.Field("task_id", "support.task_no_household", nil))
	}
	h, err := visibleHousehold(ctx, tx, *before.HouseholdID, "task_id")
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
		return nil, apperr.NotFoundError(entityTask) // a task of a household out of sight is out of sight
	} else if err != nil {
		return nil, err
	}
	p := access.From(ctx)
	if err := mayCorrect(p, h.Path, &before.UnitID, before.UserID); err != nil {
		return nil, err
	}
	if before.Status != statusTodo && before.Status != statusInProgress {
		return nil, apperr.New(apperr.Conflict, "support.task_not_open", nil)
	}
	unitID := &before.UnitID
	if in.UnitID != nil {
		if unitID, err = unitFor(ctx, tx, h, in.UnitID); err != nil {
			return nil, err
		}
	}
	note := in.CompletionNote
	if note == "" {
		note = in.Note
	}
	res, err := tx.NewUpdate().Model((*Task)(nil)).
		Set("status = ?", statusDone).Set("done_at = ?", now.UTC()).Set("note = ?", note).
		Set("version = version + 1").Set("updated_at = ?", now.UTC()).
		Where("id = ? AND status IN (?, ?)", taskID, statusTodo, statusInProgress).Exec(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "complete task")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, apperr.New(apperr.Conflict, "support.task_not_open", nil)
	}
	rec, err := insertRecord(ctx, tx, now, h, in.Fields, unitID, &taskID)
	if err != nil {
		return nil, err
	}
	after := new(Task)
	if err := tx.NewSelect().Model(after).Where("id = ?", taskID).Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "reread task")
	}
	err = audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "task", EntityID: taskID, AreaPath: h.Path,
		Before: before, After: after})
	if err != nil {
		return nil, err
	}
	return &TaskSupport{Record: rec, Task: after}, nil
}
