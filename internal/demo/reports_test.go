package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/calendar"
	"chungtay/internal/demo"
	"chungtay/internal/report"
	"chungtay/internal/testenv"
)

// The demo ward's reports of this year show every state of the workflow, and
// its completeness never passes 100 %.
func TestWardReports(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx := context.Background()
		loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
		now := time.Date(2026, time.November, 25, 9, 0, 0, 0, loc)
		if _, err := demo.Load(ctx, db, now, demo.ScaleWard); err != nil {
			t.Fatal(err)
		}
		svc := report.NewService(db, loc, calendar.New(nil, nil))
		sys := access.With(ctx, access.System())
		items, total, err := svc.List(sys, now, report.Filter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		// 17 party cells and the poverty board, each Q1–Q4, two half-years and the year.
		if total != 18*7 {
			t.Fatalf("%d reports, want %d", total, 18*7)
		}
		seen := map[string]int{}
		for _, r := range items {
			if r.Period[:4] != "2026" {
				t.Errorf("report %d of period %s, want this year's", r.ID, r.Period)
			}
			key := string(r.Status)
			switch {
			case r.Status == report.Returned && r.Reason == "":
				t.Errorf("report %d returned without a reason", r.ID)
			case r.Status == report.Returned: // past its due day too, waiting for the cell
			case r.Overdue:
				key = "overdue"
			case r.Status == report.Submitted && r.OnTime != nil && !*r.OnTime:
				key = "submitted late"
			case r.Status == report.Submitted:
				key = "submitted on time"
			}
			seen[key]++
		}
		for _, want := range []string{"approved", "returned", "submitted late", "submitted on time", "draft", "not_started", "overdue"} {
			if seen[want] == 0 {
				t.Errorf("no report %s this year (%v)", want, seen)
			}
		}
		if seen["overdue"] != 1 {
			t.Errorf("%d reports not started past their due day, want one (%v)", seen["overdue"], seen)
		}
		comp, err := svc.CompletenessOf(sys, now, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(comp) != 2*7 {
			t.Errorf("%d completeness rows, want 14", len(comp))
		}
		for _, c := range comp {
			if c.Submitted > c.Expected || c.SubmittedBP > 10000 || c.OnTime > c.Submitted || c.OnTimeBP > c.SubmittedBP {
				t.Errorf("completeness %+v out of bounds", c)
			}
			if want := map[bool]int{true: 17, false: 1}[c.Expected > 1]; c.Expected != want {
				t.Errorf("%s %s: %d expected, want %d", c.ObligationName, c.Period, c.Expected, want)
			}
		}
		// The demo leader of Khu phố 3 still has this quarter's report to write.
		var status string
		if err := db.NewRaw(`SELECT r.status FROM reports AS r JOIN units AS u ON u.id = r.unit_id
			WHERE u.code = '26890-CB-KP03' AND r.period = '2026-Q4'`).Scan(ctx, &status); err != nil || status != "not_started" {
			t.Errorf("Khu phố 3, Q4: %q %v, want not_started", status, err)
		}
	})
}
