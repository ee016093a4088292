package report

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/calendar"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// Event is one step of a report's workflow, kept for good.
type Event struct {
	bun.BaseModel `bun:"table:report_events,alias:e"`

	ID         int64     `bun:"id,pk,autoincrement" json:"id"`
	ReportID   int64     `bun:"report_id,notnull" json:"report_id"`
	FromStatus Status    `bun:"from_status,notnull" json:"from_status"`
	ToStatus   Status    `bun:"to_status,notnull" json:"to_status"`
	Reason     string    `bun:"reason,notnull" json:"reason"`
	UserID     *int64    `bun:"user_id" json:"user_id"`
	At         time.Time `bun:"at,notnull" json:"at"`
}

// EventView is an event with its actor's name.
type EventView struct {
	Event
	UserName string `bun:"user_name" json:"user_name"`
}

// DraftInput is what the reporting unit writes (the usual sections of a report).
type DraftInput struct {
	Results      string `json:"results" maxLength:"20000" doc:"Kết quả thực hiện"`
	Difficulties string `json:"difficulties" maxLength:"20000" doc:"Hạn chế, khó khăn"`
	Causes       string `json:"causes" maxLength:"20000" doc:"Nguyên nhân"`
	Proposals    string `json:"proposals" maxLength:"20000" doc:"Đề xuất, kiến nghị"`
	Version      int    `json:"version" doc:"the version read"`
}

// side is who acts on a report.
type side int

const (
	reporter  side = iota // the reporting unit's leader
	recipient             // a leader of a recipient unit, or a chair of its area
)

// SaveDraft saves what the reporting unit's leader typed; a returned report
// stays returned until it is submitted again.
func (s *Service) SaveDraft(ctx context.Context, now time.Time, id int64, in DraftInput) (*Detail, error) {
	return s.step(ctx, now, id, in.Version, reporter, []Status{NotStarted, Draft, Returned}, "", func(_ context.Context, _ bun.IDB, r *View, q *bun.UpdateQuery) (Status, error) {
		q.Set("results = ?, difficulties = ?, causes = ?, proposals = ?", in.Results, in.Difficulties, in.Causes, in.Proposals)
		if r.Status == Returned {
			return Returned, nil
		}
		return Draft, nil
	})
}

// Submit sends the report to its recipients with its figures, frozen as the
// register gives them now. The first submission decides whether it was on
// time: by the end of the due day in the configured zone.
func (s *Service) Submit(ctx context.Context, now time.Time, id int64, version int) (*Detail, error) {
	return s.step(ctx, now, id, version, reporter, []Status{NotStarted, Draft, Returned}, "", func(ctx context.Context, tx bun.IDB, r *View, q *bun.UpdateQuery) (Status, error) {
		f, err := figures(ctx, tx, r.UnitID, r.WindowFrom, r.WindowTo, civil.DateOf(now, s.loc))
		if err != nil {
			return "", err
		}
		frozen, err := json.Marshal(f)
		if err != nil {
			return "", apperr.Wrap(err, "freeze figures")
		}
		q.Set("submitted_at = ?", now.UTC()).Set("figures = ?", string(frozen))
		if r.OnTime == nil {
			q.Set("on_time = ?", calendar.OnTime(now, r.DueOn, s.loc))
		}
		return Submitted, nil
	})
}

// Return sends a submitted report back to its unit with a reason.
func (s *Service) Return(ctx context.Context, now time.Time, id int64, version int, reason string) (*Detail, error) {
	return s.step(ctx, now, id, version, recipient, []Status{Submitted}, reason, func(context.Context, bun.IDB, *View, *bun.UpdateQuery) (Status, error) {
		return Returned, nil
	})
}

// Approve accepts a submitted report; it is then locked.
func (s *Service) Approve(ctx context.Context, now time.Time, id int64, version int) (*Detail, error) {
	return s.step(ctx, now, id, version, recipient, []Status{Submitted}, "", func(_ context.Context, _ bun.IDB, _ *View, q *bun.UpdateQuery) (Status, error) {
		q.Set("approved_at = ?", now.UTC())
		return Approved, nil
	})
}

// Reopen unlocks an approved report, with a reason; only a recipient may.
func (s *Service) Reopen(ctx context.Context, now time.Time, id int64, version int, reason string) (*Detail, error) {
	return s.step(ctx, now, id, version, recipient, []Status{Approved}, reason, func(_ context.Context, _ bun.IDB, _ *View, q *bun.UpdateQuery) (Status, error) {
		q.Set("approved_at = NULL")
		return Returned, nil
	})
}

// step runs one workflow step in a transaction: the report must be in sight
// (else not found), the caller on the right side (else forbidden), the report
// in one of the states from (else a conflict naming its state), and the
// version the one read (else stale). apply sets the columns and says the new
// state; the step is kept as an event and audited.
func (s *Service) step(ctx context.Context, now time.Time, id int64, version int, who side, from []Status, reason string,
	apply func(context.Context, bun.IDB, *View, *bun.UpdateQuery) (Status, error)) (*Detail, error) {
	reason = strings.TrimSpace(reason)
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		r, err := getReport(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.allowed(ctx, tx, r, who); err != nil {
			return err
		}
		if !oneOf(r.Status, from) {
			return apperr.New(apperr.Conflict, "report.wrong_state", nil)
		}
		q := tx.NewUpdate().Model((*Report)(nil))
		to, err := apply(ctx, tx, r, q)
		if err != nil {
			return err
		}
		if needsReason(r.Status, to) && reason == "" {
			return apperr.InvalidFields(apperr.Field("reason", "field.required", nil))
		}
		q.Set("status = ?", to)
		if reason != "" {
			q.Set("reason = ?", reason)
		}
		ok, err := database.UpdateVersioned(ctx, q, id, version, now)
		if err != nil {
			return apperr.Wrap(err, fmt.Sprintf("report %d to %s", id, to))
		}
		if !ok {
			return apperr.New(apperr.Conflict, "error.stale_version", nil)
		}
		after, err := getReport(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, now, &r.Report, r.AreaPath, to, reason, r.Report, after.Report)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, now, id)
}

// needsReason: returning and reopening say why.
func needsReason(from, to Status) bool {
	return to == Returned && (from == Submitted || from == Approved)
}

func oneOf(st Status, list []Status) bool {
	for _, x := range list {
		if st == x {
			return true
		}
	}
	return false
}

// allowed checks the caller's side: the reporting unit's leader, or a
// recipient (a leader of a recipient unit, or a chair of a recipient's area).
func (s *Service) allowed(ctx context.Context, db bun.IDB, r *View, who side) error {
	p := access.From(ctx)
	if p == nil {
		return apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if p.System {
		return nil
	}
	if who == reporter {
		for _, m := range p.MembershipsOf(r.UnitID) {
			if m.Role == access.UnitLeader {
				return nil
			}
		}
		return apperr.New(apperr.Forbidden, "report.reporter_only", nil)
	}
	var recipients []struct {
		ID   int64  `bun:"id"`
		Path string `bun:"path"`
	}
	if err := db.NewSelect().TableExpr("report_recipients AS rr").ColumnExpr("rr.unit_id AS id, a.path").
		Join("JOIN units AS u ON u.id = rr.unit_id").Join("JOIN areas AS a ON a.id = u.area_id").
		Where("rr.obligation_id = ?", r.ObligationID).Scan(ctx, &recipients); err != nil {
		return apperr.Wrap(err, "report recipients")
	}
	for _, rc := range recipients {
		if p.Can(access.ApproveReports, rc.Path) {
			return nil
		}
		for _, m := range p.MembershipsOf(rc.ID) {
			if m.Role == access.UnitLeader {
				return nil
			}
		}
	}
	return apperr.New(apperr.Forbidden, "report.recipient_only", nil)
}

// move changes a report's state on the system's own account (a unit no longer
// expected, or expected again), keeping the step.
func (s *Service) move(ctx context.Context, db bun.IDB, now time.Time, r *Report, to Status, reason string) error {
	if _, err := db.NewUpdate().Model((*Report)(nil)).Set("status = ?", to).Set("updated_at = ?", now.UTC()).
		Set("version = version + 1").Where("id = ?", r.ID).Exec(ctx); err != nil {
		return apperr.Wrap(err, fmt.Sprintf("report %d to %s", r.ID, to))
	}
	var path string
	if err := db.NewSelect().TableExpr("units AS u").ColumnExpr("a.path").Join("JOIN areas AS a ON a.id = u.area_id").
		Where("u.id = ?", r.UnitID).Scan(ctx, &path); err != nil {
		return apperr.Wrap(err, "report unit")
	}
	return s.record(ctx, db, now, r, path, to, reason, map[string]any{"status": r.Status}, map[string]any{"status": to, "reason": reason})
}

// record keeps a step as an event and in the audit trail, with the report
// before and after it.
func (s *Service) record(ctx context.Context, db bun.IDB, now time.Time, r *Report, path string, to Status, reason string, before, after any) error {
	e := &Event{ReportID: r.ID, FromStatus: r.Status, ToStatus: to, Reason: reason, At: now.UTC()}
	if p := access.From(ctx); p != nil && p.UserID != 0 {
		uid := p.UserID
		e.UserID = &uid
	}
	if _, err := db.NewInsert().Model(e).Exec(ctx); err != nil {
		return apperr.Wrap(err, "report event")
	}
	return audit.Record(ctx, db, now, audit.Change{Action: actionOf(r.Status, to), Entity: "report", EntityID: r.ID, AreaPath: path,
		Before: before, After: after})
}

// actionOf names a step in the audit trail.
func actionOf(from, to Status) string {
	switch {
	case to == Submitted:
		return "submit"
	case to == Approved:
		return "approve"
	case to == Returned && from == Submitted:
		return "return"
	case to == Returned && from == Approved:
		return "reopen"
	case to == Withdrawn:
		return "withdraw"
	case from == Withdrawn:
		return "restore"
	}
	return audit.Update
}

// Events returns a report's steps, oldest first.
func (s *Service) Events(ctx context.Context, id int64) ([]EventView, error) {
	if _, err := getReport(ctx, s.db, id); err != nil {
		return nil, err
	}
	out := []EventView{}
	err := s.db.NewSelect().TableExpr("report_events AS e").ColumnExpr("e.*, COALESCE(u.name, '') AS user_name").
		Join("LEFT JOIN users AS u ON u.id = e.user_id").Where("e.report_id = ?", id).OrderExpr("e.id").Scan(ctx, &out)
	if err != nil {
		return nil, apperr.Wrap(err, "report events")
	}
	return out, nil
}
