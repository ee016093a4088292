package audit

import (
	"context"
	"encoding/json"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/civil"
)

// Filter selects entries of the trail.
type Filter struct {
	Entity   string
	EntityID int64
	ActorID  int64
	Action   string
	From, To civil.Date // days in loc, inclusive
	Page     int
	PerPage  int
}

// Page is one page of entries, newest first.
type Page struct {
	Items   []Entry `json:"items"`
	Total   int     `json:"total"`
	Page    int     `json:"page"`
	PerPage int     `json:"per_page"`
}

// MaxPerPage is the largest page of entries.
const MaxPerPage = 200

// List returns the entries the caller may read: those of the subtrees where
// it may read the audit trail, and its own actions everywhere.
func List(ctx context.Context, db bun.IDB, loc *time.Location, f Filter) (*Page, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 50
	}
	if f.PerPage > MaxPerPage {
		return nil, apperr.InvalidFields(apperr.Field("per_page", "field.between", apperr.Args{"Min": 1, "Max": MaxPerPage}))
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return nil, apperr.InvalidFields(apperr.Field("to", "audit.bad_range", nil))
	}
	q := db.NewSelect().Model((*Entry)(nil))
	p := access.From(ctx)
	paths, all := p.PathsFor(access.ReadAudit)
	switch {
	case p == nil:
		q = q.Where("1 = 0")
	case !all:
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			q = q.Where("actor_id = ?", p.UserID)
			for _, path := range paths {
				q = q.WhereOr("area_path LIKE ?", path+"%")
			}
			return q
		})
	}
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.ActorID != 0 {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", startOf(f.From, loc))
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", startOf(f.To, loc).AddDate(0, 0, 1))
	}
	total, err := q.Count(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "count audit entries")
	}
	items := []Entry{}
	err = q.Order("at DESC", "id DESC").Limit(int64(f.PerPage)).Offset(int64((f.Page-1)*f.PerPage)).Scan(ctx, &items)
	if err != nil {
		return nil, apperr.Wrap(err, "list audit entries")
	}
	for i := range items {
		items[i].Before, items[i].After = decode(items[i].BeforeJSON), decode(items[i].AfterJSON)
	}
	return &Page{Items: items, Total: int(total), Page: f.Page, PerPage: f.PerPage}, nil
}

func startOf(d civil.Date, loc *time.Location) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc).UTC()
}

func decode(s string) any {
	if s == "" {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return s
	}
	return v
}
