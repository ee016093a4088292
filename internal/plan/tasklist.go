package plan

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
)

// TaskFilter selects tasks for the working lists.
type TaskFilter struct {
	Mine        bool   // owned by the caller
	UnitID      int64  // of this unit
	Status      string // todo, in_progress, done, cancelled, or open (to do or in progress)
	Overdue     bool   // open and due before today
	DueThisWeek bool   // open and due this week, Monday to Sunday
	HouseholdID int64
	Period      string // e.g. 2018-Q1
	PlanID      int64
	DutyID      int64
	Page        int
	PerPage     int
}

// TaskPage is one page of tasks.
type TaskPage struct {
	Items   []TaskView `json:"items"`
	Total   int        `json:"total"`
	Page    int        `json:"page"`
	PerPage int        `json:"per_page"`
}

// ListTasks returns one page of the tasks the caller sees matching f,
// soonest due first, and how many match in all.
func (s *Service) ListTasks(ctx context.Context, now time.Time, f TaskFilter) (*TaskPage, error) {
	var c apperr.Collector
	if f.Status != "" && f.Status != "open" && !Status(f.Status).Valid() {
		c.Add("status", "field.one_of", apperr.Args{"Values": "open, todo, in_progress, done, cancelled"})
	}
	f.Page, f.PerPage = paging(&c, f.Page, f.PerPage)
	if err := c.Err(); err != nil {
		return nil, err
	}
	today := s.today(now)
	q := taskQuery(ctx, s.db)
	if f.Mine {
		p := access.From(ctx)
		if p == nil || p.UserID == 0 {
			q = q.Where("1 = 0")
		} else {
			q = q.Where("t.user_id = ?", p.UserID)
		}
	}
	open := f.Overdue || f.DueThisWeek || f.Status == "open"
	switch {
	case open:
		q = q.Where("t.status IN (?)", bun.In(openStatuses))
	case f.Status != "":
		q = q.Where("t.status = ?", f.Status)
	}
	if f.Overdue {
		q = q.Where("t.due_on < ?", today)
	}
	if f.DueThisWeek {
		monday, sunday := WeekOf(today)
		q = q.Where("t.due_on >= ? AND t.due_on <= ?", monday, sunday)
	}
	for col, v := range map[string]int64{"t.unit_id": f.UnitID, "t.household_id": f.HouseholdID, "d.plan_id": f.PlanID, "t.duty_id": f.DutyID} {
		if v != 0 {
			q = q.Where("? = ?", bun.Ident(col), v)
		}
	}
	if f.Period != "" {
		q = q.Where("t.period = ?", f.Period)
	}
	total, err := q.Count(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "count tasks")
	}
	items := []TaskView{}
	err = q.OrderExpr("t.due_on, t.id").Limit(int64(f.PerPage)).Offset(int64((f.Page-1)*f.PerPage)).Scan(ctx, &items)
	if err != nil {
		return nil, apperr.Wrap(err, "list tasks")
	}
	for i := range items {
		items[i].Overdue = items[i].Status.Open() && items[i].DueOn.Before(today)
	}
	return &TaskPage{Items: items, Total: int(total), Page: f.Page, PerPage: f.PerPage}, nil
}

// paging applies the defaults of a page and checks its size.
func paging(c *apperr.Collector, page, perPage int) (int, int) {
	if page < 1 {
		page = 1
	}
	if perPage == 0 {
		perPage = defaultPerPage
	}
	if perPage < 1 || perPage > maxPerPage {
		c.Add("per_page", "field.between", apperr.Args{"Min": 1, "Max": maxPerPage})
	}
	return page, perPage
}
