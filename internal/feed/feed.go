// Package feed is each person's calendar of deadlines (RFC 5545): the reports
// their units must submit, the reports sent to them to approve and the tasks
// they own, at a secret address a phone's calendar subscribes to.
package feed

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/plan"
	"chungtay/internal/report"
)

// Feed is a person's calendar address.
type Feed struct {
	bun.BaseModel `bun:"table:calendar_feeds,alias:f"`

	ID        int64      `bun:"id,pk,autoincrement" json:"-"`
	UserID    int64      `bun:"user_id,notnull" json:"-"`
	Secret    string     `bun:"secret,notnull" json:"-"`
	CreatedAt time.Time  `bun:"created_at,notnull" json:"created_at"`
	RevokedAt *time.Time `bun:"revoked_at" json:"-"`
}

// Service keeps the feeds and writes them.
type Service struct {
	db      *bun.DB
	loc     *time.Location
	reports *report.Service
	plans   *plan.Service
	baseURL string
}

// NewService returns the feed service; baseURL is the public address the
// calendar addresses start with.
func NewService(db *bun.DB, loc *time.Location, reports *report.Service, plans *plan.Service, baseURL string) *Service {
	return &Service{db: db, loc: loc, reports: reports, plans: plans, baseURL: strings.TrimRight(baseURL, "/")}
}

// URL is the address of a secret.
func (s *Service) URL(secret string) string { return s.baseURL + "/api/v1/calendar/" + secret + ".ics" }

// Mine returns the caller's feed, made on first use.
func (s *Service) Mine(ctx context.Context, now time.Time) (*Feed, error) {
	p := access.From(ctx)
	if p == nil || p.UserID == 0 {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	f := new(Feed)
	err := s.db.NewSelect().Model(f).Where("f.user_id = ? AND f.revoked_at IS NULL", p.UserID).OrderExpr("f.id DESC").Limit(1).Scan(ctx)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Wrap(err, "calendar feed")
	}
	return s.Reset(ctx, now)
}

// Reset ends the caller's address and gives a new one.
func (s *Service) Reset(ctx context.Context, now time.Time) (*Feed, error) {
	p := access.From(ctx)
	if p == nil || p.UserID == 0 {
		return nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return nil, apperr.Wrap(err, "calendar secret")
	}
	f := &Feed{UserID: p.UserID, Secret: base64.RawURLEncoding.EncodeToString(raw), CreatedAt: now.UTC()}
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model((*Feed)(nil)).Set("revoked_at = ?", now.UTC()).
			Where("user_id = ? AND revoked_at IS NULL", p.UserID).Exec(ctx); err != nil {
			return apperr.Wrap(err, "revoke calendar feed")
		}
		if _, err := tx.NewInsert().Model(f).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert calendar feed")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "calendar_feed", EntityID: f.ID,
			After: map[string]any{"user_id": p.UserID}})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Owner returns the user whose live feed has this secret; another secret is not found.
func (s *Service) Owner(ctx context.Context, secret string) (int64, error) {
	var userID int64
	err := s.db.NewSelect().Model((*Feed)(nil)).Column("user_id").Where("secret = ? AND revoked_at IS NULL", secret).Scan(ctx, &userID)
	if errors.Is(err, sql.ErrNoRows) || secret == "" {
		return 0, apperr.NotFoundError("entity.calendar_feed")
	}
	if err != nil {
		return 0, apperr.Wrap(err, "calendar feed owner")
	}
	return userID, nil
}

// Horizon: the feed carries deadlines from a month ago to a year ahead.
const (
	pastDays   = 31
	futureDays = 366
	maxEach    = 200
)

// Write returns the calendar of the caller (ctx carries their principal):
// each deadline an all-day event on its due day, with a stable UID, so a
// phone updates rather than duplicates it.
func (s *Service) Write(ctx context.Context, now time.Time) (string, error) {
	today := civil.DateOf(now, s.loc)
	from, to := civil.NewDate(today.Year(), today.Time().Month(), today.Time().Day()-pastDays),
		civil.NewDate(today.Year(), today.Time().Month(), today.Time().Day()+futureDays)
	cal := ics.NewCalendarFor("Chung Tay")
	cal.SetProductId("-//Chung Tay//Hạn của tôi//VI")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("Chung Tay — hạn của tôi")
	cal.SetXWRCalName("Chung Tay — hạn của tôi")
	cal.SetXWRTimezone(s.loc.String())
	stamp := now.UTC()
	p := access.From(ctx)
	event := func(uid, summary, desc string, due civil.Date) {
		e := cal.AddEvent(uid)
		e.SetDtStampTime(stamp)
		e.SetAllDayStartAt(due.Time())
		e.SetAllDayEndAt(due.Time().AddDate(0, 0, 1))
		e.SetSummary(summary)
		e.SetDescription(desc)
	}
	// Reports the caller's units write (as their leader) and reports sent to them.
	leads := map[int64]bool{}
	for _, m := range p.Memberships {
		if m.Role == access.UnitLeader {
			leads[m.UnitID] = true
		}
	}
	for _, received := range []bool{false, true} {
		list, _, err := s.reports.List(ctx, now, report.Filter{DueFrom: from, DueTo: to, Received: received, Limit: maxEach})
		if err != nil {
			return "", err
		}
		for _, r := range list {
			period := plan.PeriodLabel(r.Period, "vi")
			switch {
			case !received && leads[r.UnitID] && (r.Status == report.NotStarted || r.Status == report.Draft || r.Status == report.Returned):
				event(fmt.Sprintf("report-%d-submit@chungtay", r.ID), "Hạn nộp: "+r.ObligationName+" "+period,
					fmt.Sprintf("%s — %s. Hạn nộp %s.", r.UnitName, period, r.DueOn.VN()), r.DueOn)
			case received && r.Status == report.Submitted:
				event(fmt.Sprintf("report-%d-approve@chungtay", r.ID), "Duyệt báo cáo: "+r.UnitName+" "+period,
					fmt.Sprintf("%s đã nộp %s %s; hạn nộp %s.", r.UnitName, r.ObligationName, period, r.DueOn.VN()), r.DueOn)
			}
		}
	}
	// Open tasks the caller owns. Household names stay out of a feed that
	// travels to other devices: the code says which household.
	page, err := s.plans.ListTasks(ctx, now, plan.TaskFilter{Mine: true, Status: "open", Page: 1, PerPage: maxEach})
	if err != nil {
		return "", err
	}
	for _, t := range page.Items {
		if t.DueOn.Before(from) || t.DueOn.After(to) {
			continue
		}
		what := t.DutyTitle
		if t.HouseholdCode != "" {
			what += " — hộ " + t.HouseholdCode
		}
		event(fmt.Sprintf("task-%d@chungtay", t.ID), "Hạn công việc: "+what,
			fmt.Sprintf("%s, %s. Hạn %s.", t.UnitName, plan.PeriodLabel(t.Period, "vi"), t.DueOn.VN()), t.DueOn)
	}
	return cal.Serialize(ics.WithNewLineWindows), nil // RFC 5545: lines end in CRLF
}
