package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// Status is where a task stands.
type Status string

// The statuses of a task.
const (
	StatusTodo       Status = "todo"        // chưa làm
	StatusInProgress Status = "in_progress" // đang làm
	StatusDone       Status = "done"        // đã xong
	StatusCancelled  Status = "cancelled"   // đã hủy (by a person, or closed by expansion)
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusTodo || s == StatusInProgress || s == StatusDone || s == StatusCancelled
}

// openStatuses are the statuses of a task still to be done.
var openStatuses = []Status{StatusTodo, StatusInProgress}

// Open reports whether a task in status s is still to be done.
func (s Status) Open() bool { return s == StatusTodo || s == StatusInProgress }

// Task is a dated task with an owner, from a duty: per household or per unit, per period.
type Task struct {
	bun.BaseModel `bun:"table:tasks,alias:t"`

	ID           int64      `bun:"id,pk,autoincrement" json:"id"`
	DutyID       int64      `bun:"duty_id,notnull" json:"duty_id"`
	UnitID       int64      `bun:"unit_id,notnull" json:"unit_id"`
	UserID       *int64     `bun:"user_id" json:"user_id"`
	HouseholdID  *int64     `bun:"household_id" json:"household_id"`
	Period       string     `bun:"period,notnull" json:"period"`
	PeriodStart  civil.Date `bun:"period_start,notnull" json:"period_start"`
	PeriodEnd    civil.Date `bun:"period_end,notnull" json:"period_end"`
	DueOn        civil.Date `bun:"due_on,notnull" json:"due_on"`
	Status       Status     `bun:"status,notnull" json:"status"`
	Note         string     `bun:"note,notnull" json:"note"`
	ClosedReason string     `bun:"closed_reason,notnull" json:"closed_reason" doc:"why it was cancelled: task.cancelled (by a person) or an expansion reason such as household.no_longer_matches:escaped"`
	DoneAt       *time.Time `bun:"done_at" json:"done_at"`
	Version      int        `bun:"version,notnull" json:"version"`
	CreatedAt    time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt    time.Time  `bun:"updated_at,notnull" json:"updated_at"`
}

// TaskView is a task with what a list shows beside it.
type TaskView struct {
	Task
	PlanID            int64  `bun:"plan_id" json:"plan_id"`
	PlanKind          string `bun:"plan_kind" json:"plan_kind" doc:"resolution (nghị quyết) or plan (kế hoạch)"`
	PlanNumber        string `bun:"plan_number" json:"plan_number" doc:"the plan's number, e.g. 05-NQ/ĐU; empty if it has none"`
	PlanTitle         string `bun:"plan_title" json:"plan_title"`
	DutyTitle         string `bun:"duty_title" json:"duty_title"`
	UnitName          string `bun:"unit_name" json:"unit_name"`
	UserName          string `bun:"user_name" json:"user_name"`
	HouseholdCode     string `bun:"household_code" json:"household_code"`
	HouseholdHeadName string `bun:"household_head_name" json:"household_head_name"`
	UnitPath          string `bun:"unit_path" json:"-"`
	HouseholdPath     string `bun:"household_path" json:"-"`
	Overdue           bool   `bun:"-" json:"overdue" doc:"open and due before today"`
}

// TaskUpdate changes a task's status or note.
type TaskUpdate struct {
	Version int    `json:"version" doc:"the version you read; a stale one gets 409"`
	Status  Status `json:"status" enum:"todo,in_progress,done,cancelled"`
	Note    string `json:"note,omitempty" required:"false" maxLength:"2000" doc:"completion note; required to cancel"`
}

// transitions lists the statuses a task may move to from each status.
var transitions = map[Status][]Status{
	StatusTodo:       {StatusInProgress, StatusDone, StatusCancelled},
	StatusInProgress: {StatusTodo, StatusDone, StatusCancelled},
	StatusDone:       {StatusInProgress}, // a tick given by mistake is taken back
	StatusCancelled:  {StatusTodo},       // a cancelled task is taken up again
}

// taskQuery selects task views: the task, its plan and duty, its unit,
// person and household, scoped to what the caller may see.
func taskQuery(ctx context.Context, db bun.IDB) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("tasks AS t").ColumnExpr("t.*").
		ColumnExpr("d.plan_id, p.kind AS plan_kind, p.number AS plan_number, p.title AS plan_title, d.title AS duty_title, u.name AS unit_name, ua.path AS unit_path").
		ColumnExpr("COALESCE(us.name, '') AS user_name, COALESCE(h.code, '') AS household_code").
		ColumnExpr("COALESCE(ha.path, '') AS household_path").
		Join("JOIN duties AS d ON d.id = t.duty_id").Join("JOIN plans AS p ON p.id = d.plan_id").
		Join("JOIN units AS u ON u.id = t.unit_id").Join("JOIN areas AS ua ON ua.id = u.area_id").
		Join("LEFT JOIN users AS us ON us.id = t.user_id").
		Join("LEFT JOIN households AS h ON h.id = t.household_id").Join("LEFT JOIN areas AS ha ON ha.id = h.area_id")
	q = headName(ctx, db, q)
	return scopeTasks(ctx, db, q)
}

// headName adds the household's head to a task query, but only where the
// caller may read the household today: a former owner's history keeps the
// household's code, never the name of a family no longer in their charge.
func headName(ctx context.Context, db bun.IDB, q *bun.SelectQuery) *bun.SelectQuery {
	if _, all := access.From(ctx).PathsFor(access.ReadHouseholds); all {
		return q.ColumnExpr("COALESCE(h.head_name, '') AS household_head_name")
	}
	seen := access.ScopeHouseholds(ctx, db.NewSelect().TableExpr("households AS vh").Column("vh.id").
		Join("JOIN areas AS vha ON vha.id = vh.area_id"), "vh.id", "vha.path")
	return q.ColumnExpr("CASE WHEN h.id IN (?) THEN h.head_name ELSE '' END AS household_head_name", seen)
}

// scopeTasks narrows a query of tasks (alias t) to those the caller may see
// (access.ScopeTasks): a household's task while they may see the household,
// or one they did (history); a unit's task of a unit they see or lead.
func scopeTasks(ctx context.Context, db bun.IDB, q *bun.SelectQuery) *bun.SelectQuery {
	return access.ScopeTasks(ctx, db, q)
}

// seesHousehold reports whether the caller may read the household today: a
// task of a household out of sight that they see is history, read-only.
func seesHousehold(ctx context.Context, db bun.IDB, id int64) (bool, error) {
	q := db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").Where("h.id = ?", id)
	n, err := access.ScopeHouseholds(ctx, q, "h.id", "a.path").Count(ctx)
	if err != nil {
		return false, apperr.Wrap(err, "task: household in sight")
	}
	return n > 0, nil
}

// getTask returns the task if the caller may see it.
func getTask(ctx context.Context, db bun.IDB, id int64) (*TaskView, error) {
	v := new(TaskView)
	err := taskQuery(ctx, db).Where("t.id = ?", id).Scan(ctx, v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityTask)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get task %d", id))
	}
	return v, nil
}

// GetTask returns one task.
func (s *Service) GetTask(ctx context.Context, now time.Time, id int64) (*TaskView, error) {
	v, err := getTask(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	v.Overdue = v.Status.Open() && v.DueOn.Before(s.today(now))
	return v, nil
}

// mayWork reports whether the caller may change a task it sees: its person,
// a member of its unit, or someone who assigns or keeps the register where
// the unit or the household is.
func mayWork(p *access.Principal, v *TaskView) bool {
	if p == nil {
		return false
	}
	if p.System || (v.UserID != nil && *v.UserID == p.UserID && p.UserID != 0) {
		return true
	}
	for _, m := range p.Memberships {
		if m.UnitID == v.UnitID {
			return true
		}
	}
	for _, path := range []string{v.UnitPath, v.HouseholdPath} {
		if path != "" && (p.Can(access.Assign, path) || p.Can(access.WriteRegister, path)) {
			return true
		}
	}
	return false
}

// leadsOpen reports whether p leads the unit holding v, an open task of a
// period not over: a leader works it even without the household in sight
// (access.ScopeTasks).
func leadsOpen(p *access.Principal, v *TaskView, today civil.Date) bool {
	if p == nil || !v.Status.Open() || v.PeriodEnd.Before(today) {
		return false
	}
	for _, m := range p.MembershipsOf(v.UnitID) {
		if m.Role == access.UnitLeader {
			return true
		}
	}
	return false
}

// UpdateTask moves a task to a status, with a note, if version is current.
// Done records done_at; taking a done task back clears it. Cancelling needs a
// note and records closed_reason task.cancelled; taking a cancelled task up
// again clears it. The change is audited with its before and after.
func (s *Service) UpdateTask(ctx context.Context, now time.Time, id int64, in TaskUpdate) (*TaskView, error) {
	in.Note = strings.TrimSpace(in.Note)
	var c apperr.Collector
	if !in.Status.Valid() {
		c.Add("status", "field.one_of", apperr.Args{"Values": "todo, in_progress, done, cancelled"})
	}
	if len([]rune(in.Note)) > 2000 {
		c.Add("note", "field.max_len", apperr.Args{"Max": 2000})
	}
	if in.Status == StatusCancelled && in.Note == "" {
		c.Add("note", "task.note_to_cancel", nil)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var out *TaskView
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, err := getTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayWork(access.From(ctx), cur) {
			return apperr.New(apperr.Forbidden, "error.forbidden", nil)
		}
		if cur.HouseholdID != nil && !leadsOpen(access.From(ctx), cur, s.today(now)) {
			// A task the caller did, of a household no longer theirs: history, read-only.
			if ok, err := seesHousehold(ctx, tx, *cur.HouseholdID); err != nil {
				return err
			} else if !ok {
				return apperr.New(apperr.Forbidden, "error.forbidden", nil)
			}
		}
		if cur.Version != in.Version {
			return apperr.StaleVersion(entityTask, cur.Version)
		}
		if in.Status != cur.Status && !contains(transitions[cur.Status], in.Status) {
			return apperr.InvalidFields(apperr.Field("status", "task.bad_transition", nil))
		}
		q := tx.NewUpdate().Model((*Task)(nil)).Set("status = ?", in.Status).Set("note = ?", in.Note)
		switch {
		case in.Status == StatusDone && cur.Status != StatusDone:
			q = q.Set("done_at = ?", now.UTC())
		case in.Status != StatusDone:
			q = q.Set("done_at = NULL")
		}
		switch {
		case in.Status == StatusCancelled && cur.Status != StatusCancelled:
			q = q.Set("closed_reason = ?", reasonUserCancelled)
		case in.Status != StatusCancelled:
			q = q.Set("closed_reason = ''")
		}
		ok, err := database.UpdateVersioned(ctx, q, id, in.Version, now)
		if err != nil {
			return apperr.Wrap(err, "update task")
		}
		if !ok {
			return apperr.StaleVersion(entityTask, cur.Version)
		}
		if out, err = getTask(ctx, tx, id); err != nil {
			return err
		}
		path := cur.HouseholdPath
		if path == "" {
			path = cur.UnitPath
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "task", EntityID: id, AreaPath: path,
			Before: cur.Task, After: out.Task})
	})
	if err != nil {
		return nil, err
	}
	out.Overdue = out.Status.Open() && out.DueOn.Before(s.today(now))
	return out, nil
}

func contains[T comparable](list []T, x T) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}
