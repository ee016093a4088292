package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/civil"
)

// Status is where a report is in its workflow.
type Status string

// The states of a report (GLOSSARY: Chưa làm, Bản nháp, Đã nộp, Trả lại, Đã duyệt).
const (
	NotStarted Status = "not_started"
	Draft      Status = "draft"
	Submitted  Status = "submitted"
	Returned   Status = "returned"
	Approved   Status = "approved"
	// Withdrawn: the unit is no longer expected to report for the period
	// (archived before it ended, or the obligation changed); kept, never
	// counted in completeness.
	Withdrawn Status = "withdrawn"
)

// Report is one unit's report of one period.
type Report struct {
	bun.BaseModel `bun:"table:reports,alias:r"`

	ID           int64      `bun:"id,pk,autoincrement" json:"id"`
	ObligationID int64      `bun:"obligation_id,notnull" json:"obligation_id"`
	UnitID       int64      `bun:"unit_id,notnull" json:"unit_id"`
	Period       string     `bun:"period,notnull" json:"period" doc:"2026 (year), 2026-S1, 2026-Q3, 2026-03 (month)"`
	PeriodStart  civil.Date `bun:"period_start,notnull" json:"period_start"`
	PeriodEnd    civil.Date `bun:"period_end,notnull" json:"period_end"`
	WindowFrom   civil.Date `bun:"window_from,notnull" json:"window_from" doc:"the first day the figures cover"`
	WindowTo     civil.Date `bun:"window_to,notnull" json:"window_to"`
	DueOn        civil.Date `bun:"due_on,notnull" json:"due_on"`
	Status       Status     `bun:"status,notnull" json:"status"`
	Results      string     `bun:"results,notnull" json:"results" doc:"Kết quả thực hiện"`
	Difficulties string     `bun:"difficulties,notnull" json:"difficulties" doc:"Hạn chế, khó khăn"`
	Causes       string     `bun:"causes,notnull" json:"causes" doc:"Nguyên nhân"`
	Proposals    string     `bun:"proposals,notnull" json:"proposals" doc:"Đề xuất, kiến nghị"`
	Reason       string     `bun:"reason,notnull" json:"reason" doc:"why it was last returned or reopened"`
	FiguresJSON  string     `bun:"figures,notnull" json:"-"`
	SubmittedAt  *time.Time `bun:"submitted_at" json:"submitted_at"`
	OnTime       *bool      `bun:"on_time" json:"on_time" doc:"whether the first submission met the due day (in the configured zone)"`
	ApprovedAt   *time.Time `bun:"approved_at" json:"approved_at"`
	Version      int        `bun:"version,notnull" json:"version"`
	CreatedAt    time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt    time.Time  `bun:"updated_at,notnull" json:"updated_at"`
}

// View is a report with its obligation and unit named.
type View struct {
	Report
	ObligationName string `bun:"obligation_name" json:"obligation_name"`
	UnitName       string `bun:"unit_name" json:"unit_name"`
	AreaPath       string `bun:"area_path" json:"-"`
	Overdue        bool   `bun:"-" json:"overdue" doc:"not submitted and past its due day"`
}

// Detail is a report with its figures: frozen at submission for a report
// sent, live from the register otherwise; for a report sent, the figures that
// changed in the register since (số liệu đã thay đổi sau khi nộp).
type Detail struct {
	View
	Figures *Figures `json:"figures"`
	Frozen  bool     `json:"frozen" doc:"the figures are those of the submission"`
	Changes []Change `json:"changes" doc:"figures that differ in the register today"`
	// Consolidation: for a unit that also receives reports (the ward from
	// its cells), what it received for the same period; null otherwise.
	Consolidation *Consolidation `json:"consolidation"`
}

const entityReport = "entity.report"

// reportQuery selects report views the caller may see: the reports of units
// in the areas the caller sees and of the units they belong to, and the
// reports sent to the units they belong to.
func reportQuery(ctx context.Context, db bun.IDB) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("reports AS r").
		ColumnExpr("r.*, o.name AS obligation_name, u.name AS unit_name, ua.path AS area_path").
		Join("JOIN report_obligations AS o ON o.id = r.obligation_id").
		Join("JOIN units AS u ON u.id = r.unit_id").Join("JOIN areas AS ua ON ua.id = u.area_id")
	p := access.From(ctx)
	if p == nil {
		return q.Where("1 = 0")
	}
	seen := access.ScopeUnits(ctx, db.NewSelect().TableExpr("units AS su").Column("su.id").
		Join("JOIN areas AS sa ON sa.id = su.area_id"), "su.id", "sa.path")
	return q.Where("(u.id IN (?) OR r.obligation_id IN (SELECT rr.obligation_id FROM report_recipients AS rr WHERE rr.unit_id IN (?)))",
		seen, bun.In(unitsOf(p)))
}

// sentTo selects the obligations whose reports the caller receives: those
// sent to a unit they belong to, or to a unit of an area where they approve
// reports.
func sentTo(ctx context.Context, db bun.IDB) *bun.SelectQuery {
	p := access.From(ctx)
	q := db.NewSelect().TableExpr("report_recipients AS rr").Column("rr.obligation_id").
		Join("JOIN units AS ru ON ru.id = rr.unit_id").Join("JOIN areas AS ra ON ra.id = ru.area_id")
	paths, all := p.PathsFor(access.ApproveReports)
	if all {
		return q
	}
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.Where("rr.unit_id IN (?)", bun.In(unitsOf(p)))
		for _, path := range paths {
			q = q.WhereOr("ra.path LIKE ?", path+"%")
		}
		return q
	})
}

// unitsOf returns the units p belongs to (a list that matches nothing when none).
func unitsOf(p *access.Principal) []int64 {
	own := []int64{0}
	if p == nil {
		return own
	}
	for _, m := range p.Memberships {
		own = append(own, m.UnitID)
	}
	return own
}

// Filter selects reports.
type Filter struct {
	Period   string     // a period key
	UnitID   int64      // one reporting unit
	Status   Status     // one state
	Overdue  bool       // not submitted and past the due day
	DueFrom  civil.Date // due on or after
	DueTo    civil.Date // due on or before
	Received bool       // only reports sent to the caller: to units they belong to, or that they approve for (a chair of the recipient's area)
	Limit    int
	Offset   int
}

// List returns the reports the caller sees, soonest due first, and how many match.
func (s *Service) List(ctx context.Context, now time.Time, f Filter) ([]View, int, error) {
	today := civil.DateOf(now, s.loc)
	q := reportQuery(ctx, s.db).Where("r.status <> ?", Withdrawn)
	if f.Period != "" {
		q = q.Where("r.period = ?", f.Period)
	}
	if f.UnitID != 0 {
		q = q.Where("r.unit_id = ?", f.UnitID)
	}
	if f.Status != "" {
		q = q.Where("r.status = ?", f.Status)
	}
	if f.Overdue {
		q = q.Where("r.status IN (?) AND r.due_on < ?", bun.In(openStates), today)
	}
	if !f.DueFrom.IsZero() {
		q = q.Where("r.due_on >= ?", f.DueFrom)
	}
	if !f.DueTo.IsZero() {
		q = q.Where("r.due_on <= ?", f.DueTo)
	}
	if f.Received {
		q = q.Where("r.obligation_id IN (?)", sentTo(ctx, s.db))
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	out := []View{}
	n, err := q.OrderExpr("r.due_on, u.name, r.id").Limit(int64(f.Limit)).Offset(int64(f.Offset)).ScanAndCount(ctx, &out)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "list reports")
	}
	for i := range out {
		out[i].Overdue = out[i].overdue(today)
	}
	return out, int(n), nil
}

// openStates are the states in which a report still has to be (re)submitted.
var openStates = []Status{NotStarted, Draft, Returned}

func (v *View) overdue(today civil.Date) bool {
	for _, st := range openStates {
		if v.Status == st {
			return v.DueOn.Before(today)
		}
	}
	return false
}

// Get returns one report the caller sees, with its figures; out of sight is not found.
func (s *Service) Get(ctx context.Context, now time.Time, id int64) (*Detail, error) {
	v, err := getReport(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	today := civil.DateOf(now, s.loc)
	v.Overdue = v.overdue(today)
	live, err := figures(ctx, s.db, v.UnitID, v.WindowFrom, v.WindowTo, today)
	if err != nil {
		return nil, err
	}
	d := &Detail{View: *v, Figures: live, Changes: []Change{}}
	if sent := v.Status == Submitted || v.Status == Approved; sent && v.FiguresJSON != "" {
		frozen := new(Figures)
		if err := json.Unmarshal([]byte(v.FiguresJSON), frozen); err != nil {
			return nil, apperr.Wrap(err, fmt.Sprintf("report %d figures", id))
		}
		d.Figures, d.Frozen, d.Changes = frozen, true, diff(frozen, live)
	}
	receives, err := s.db.NewSelect().Table("report_recipients").Where("unit_id = ?", v.UnitID).Count(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "report recipient")
	}
	if receives > 0 {
		if d.Consolidation, err = consolidate(ctx, s.db, reportQuery(ctx, s.db), v.UnitID, v.Period); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func getReport(ctx context.Context, db bun.IDB, id int64) (*View, error) {
	v := new(View)
	err := reportQuery(ctx, db).Where("r.id = ?", id).Scan(ctx, v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityReport)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get report %d", id))
	}
	return v, nil
}
