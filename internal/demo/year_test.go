package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/civil"
	"chungtay/internal/demo"
	"chungtay/internal/plan"
	"chungtay/internal/testenv"
)

// The demo lives in the year of `now`: whatever day `make run` is started,
// the party member of Khu phố 3 has open tasks of the quarter, none overdue,
// some already done; the cell has a task due this week and one this month;
// visits and support lie in the past; 2018 is history.
func TestWardLivesInTheCurrentYear(t *testing.T) {
	ict := testenv.Loc
	cases := []struct {
		name       string
		now        time.Time
		quarter    string
		doneInQ    int // of the member's 5 visits this quarter: ⌊5 × days gone / days of the quarter × 0.6⌋
		pastQuarts int
	}{
		// 6 December 2026, a Sunday: 66 of Q4's 92 days gone → ⌊2.15⌋ = 2 visits done.
		{"a Sunday in December", time.Date(2026, 12, 6, 10, 0, 0, 0, ict), "2026-Q4", 2, 3},
		// 10 February 2027: 40 of 90 days → ⌊1.33⌋ = 1.
		{"February, after Tết", time.Date(2027, 2, 10, 15, 30, 0, 0, ict), "2027-Q1", 1, 0},
		// 1 July 2027 at 07:00, before the working day: a quarter just begun.
		{"the first morning of Q3", time.Date(2027, 7, 1, 7, 0, 0, 0, ict), "2027-Q3", 0, 2},
		// 3 January 2027: the year's resolution is issued today, this week began in 2026.
		{"the first days of January", time.Date(2027, 1, 3, 9, 0, 0, 0, ict), "2027-Q1", 0, 0},
	}
	engines := map[string]string{}
	for _, engine := range testenv.Engines {
		for _, c := range cases {
			t.Run(engine+"/"+c.name, func(t *testing.T) {
				db := testenv.Open(t, engine)
				if _, err := demo.LoadWith(context.Background(), db, c.now, demo.Options{Scale: demo.ScaleWard, Loc: ict}); err != nil {
					t.Fatal(err)
				}
				checkLiveYear(t, db, c.now, c.quarter, c.doneInQ, c.pastQuarts)
				if c.name == "a Sunday in December" {
					engines[engine] = dumpYear(t, db)
					checkKonTumHistory(t, db, c.now)
				}
			})
		}
	}
	if len(engines) == 2 && engines["sqlite"] != engines["postgres"] {
		t.Error("SQLite and PostgreSQL hold a different year")
	}
}

func checkLiveYear(t *testing.T, db *bun.DB, now time.Time, quarter string, doneInQ, pastQuarts int) {
	ctx := context.Background()
	today := civil.DateOf(now, testenv.Loc)
	year := today.Year()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.NewRaw(q, args...).Scan(ctx, &n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := count("SELECT COUNT(*) FROM plans WHERE (number = '05-NQ/ĐU' AND year = 2018) OR (number = '02-NQ/ĐU' AND year = ?)", year); n != 2 {
		t.Fatalf("%d of the two plans (2018 and %d)", n, year)
	}
	if n := count("SELECT COUNT(*) FROM plans WHERE issued_on > ?", today); n != 0 {
		t.Errorf("%d plans issued after today", n)
	}

	// The nightly expansion finds the year as it should be: nothing to create, move or close.
	var planID int64
	if err := db.NewRaw("SELECT id FROM plans WHERE year = ?", year).Scan(ctx, &planID); err != nil {
		t.Fatal(err)
	}
	sum, err := plan.NewService(db, testenv.Loc).Expand(access.With(ctx, access.SystemOn(today)), now, planID)
	if err != nil || sum.Created+sum.Reopened+sum.Updated+sum.Closed != 0 {
		t.Errorf("expanding this year's plan again: %+v %v", sum, err)
	}

	// The party member of Khu phố 3, as the API would list her tasks.
	var id int64
	if err := db.NewRaw("SELECT id FROM users WHERE email = 'dangvien.kp3@chungtay.local'").Scan(ctx, &id); err != nil {
		t.Fatal(err)
	}
	p, err := account.NewService(db, account.Options{}).Principal(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	p.Today = today // as the authenticator sets it
	as := access.With(ctx, p)
	tasks := plan.NewService(db, testenv.Loc)
	list := func(f plan.TaskFilter) *plan.TaskPage {
		t.Helper()
		f.PerPage = 200
		page, err := tasks.ListTasks(as, now, f)
		if err != nil {
			t.Fatal(err)
		}
		return page
	}
	quarterOpen := list(plan.TaskFilter{Mine: true, Status: "open", Period: quarter})
	if quarterOpen.Total != 5-doneInQ {
		t.Errorf("the member has %d open tasks in %s, want %d", quarterOpen.Total, quarter, 5-doneInQ)
	}
	for _, task := range quarterOpen.Items {
		if task.Overdue || task.DueOn.Before(today) {
			t.Errorf("task %d of %s is overdue (due %s)", task.ID, quarter, task.DueOn)
		}
	}
	if done := list(plan.TaskFilter{Mine: true, Status: "done", Period: quarter}).Total; done != doneInQ {
		t.Errorf("the member has done %d tasks of %s, want %d", done, quarter, doneInQ)
	}
	if over := list(plan.TaskFilter{Overdue: true}); over.Total != 0 {
		t.Errorf("the member sees %d overdue tasks, want none: %+v", over.Total, over.Items[0])
	}
	doneThisYear := count("SELECT COUNT(*) FROM tasks WHERE user_id = ? AND status = 'done' AND period_start >= ?", id, civil.NewDate(year, 1, 1))
	if doneThisYear != 5*pastQuarts+doneInQ {
		t.Errorf("the member has done %d tasks this year, want %d (every earlier quarter, and %d of this one)", doneThisYear, 5*pastQuarts+doneInQ, doneInQ)
	}
	if doneThisYear == 0 && count("SELECT COUNT(*) FROM tasks WHERE user_id = ? AND status = 'done'", id) != 20 {
		t.Error("the member has no done task at all")
	}
	week := list(plan.TaskFilter{DueThisWeek: true})
	if week.Total < 1 {
		t.Error("nothing due this week for the member's cell")
	}
	monthEnd := civil.NewDate(year, today.Time().Month()+1, 1)
	if n := count(`SELECT COUNT(*) FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code = '26890-CB-KP03'
		AND t.status = 'todo' AND t.due_on >= ? AND t.due_on < ?`, today, monthEnd); n < 2 {
		t.Errorf("%d open tasks of the cell due this month, want at least the week's report and the monthly meeting", n)
	}

	// Nothing in the future; every visit closes its done task.
	for what, q := range map[string]string{
		"visits after today":               "SELECT COUNT(*) FROM visits WHERE visited_on > ?",
		"support after today":              "SELECT COUNT(*) FROM support_records WHERE delivered_on > ?",
		"tasks done after today":           "SELECT COUNT(*) FROM tasks WHERE status = 'done' AND (done_at IS NULL OR done_at > ?)",
		"visits recorded after now":        "SELECT COUNT(*) FROM visits WHERE created_at > ?",
		"visits of a task not done":        "SELECT COUNT(*) FROM visits v JOIN tasks t ON t.id = v.task_id WHERE t.status <> 'done'",
		"visits outside their task period": "SELECT COUNT(*) FROM visits v JOIN tasks t ON t.id = v.task_id WHERE v.visited_on < t.period_start OR v.visited_on > t.period_end",
	} {
		arg := any(now.UTC())
		if strings.Contains(q, "_on >") {
			arg = today
		}
		if n := count(q, arg); n != 0 {
			t.Errorf("%d %s", n, what)
		}
	}
	quarterly := "SELECT t.id FROM tasks t JOIN duties d ON d.id = t.duty_id WHERE d.frequency = 'quarterly' AND t.household_id IS NOT NULL AND t.status = 'done'"
	if v, done := count("SELECT COUNT(*) FROM visits"), count("SELECT COUNT(*) FROM ("+quarterly+") AS x"); v != done || v < 126*4 {
		t.Errorf("%d visits for %d done visit tasks (2018's alone are %d)", v, done, 126*4)
	}
	if n := count("SELECT COUNT(*) FROM visits WHERE visited_on >= ?", civil.NewDate(year, 1, 1)); (pastQuarts > 0 || doneInQ > 0) && n == 0 {
		t.Error("no visit this year")
	}
	if n := count("SELECT COUNT(*) FROM support_records"); n < 40 {
		t.Errorf("only %d support records", n)
	}

	// 2018 is history: every task done. This year, only the visits of households nobody is in charge of are overdue.
	if n := count("SELECT COUNT(*) FROM tasks WHERE period_end <= '2018-12-31' AND status <> 'done'"); n != 0 {
		t.Errorf("%d tasks of 2018 still open", n)
	}
	nobody := count(`SELECT COUNT(*) FROM households h WHERE NOT EXISTS (SELECT 1 FROM household_assignments a
		WHERE a.household_id = h.id AND a.user_id IS NOT NULL AND a.valid_to IS NULL)`)
	if nobody != 15 {
		t.Errorf("%d households without a person in charge, want 15 (one or two per cell)", nobody)
	}
	overdue := count("SELECT COUNT(*) FROM tasks WHERE status = 'todo' AND due_on < ?", today)
	if overdue != nobody*pastQuarts+count("SELECT COUNT(*) FROM tasks WHERE status = 'todo' AND due_on < ? AND household_id IS NULL", today) ||
		count("SELECT COUNT(*) FROM tasks WHERE status = 'todo' AND due_on < ? AND (user_id IS NOT NULL OR household_id IS NULL)", today) != 0 {
		t.Errorf("%d overdue tasks, want the %d past visits of the %d households nobody is in charge of", overdue, nobody*pastQuarts, nobody)
	}
}

// dumpYear is the lived year: tasks' statuses and days, visits, support.
func dumpYear(t *testing.T, db *bun.DB) string {
	var rows []string
	for _, q := range []string{
		"SELECT t.id || ' ' || t.status || ' ' || t.note FROM tasks t ORDER BY t.id",
		"SELECT v.household_id || ' ' || v.visited_on || ' ' || v.note FROM visits v ORDER BY v.id",
		"SELECT s.household_id || ' ' || s.delivered_on || ' ' || s.type || ' ' || s.value_vnd FROM support_records s ORDER BY s.id",
	} {
		var part []string
		if err := db.NewRaw(q).Scan(context.Background(), &part); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, fmt.Sprint(len(part)), strings.Join(part, "\n"))
	}
	return strings.Join(rows, "\n")
}

// Kon Tum's plan of 2023 is history too: every task done, each quarterly help
// of a union recorded as a visit in its quarter.
func checkKonTumHistory(t *testing.T, db *bun.DB, now time.Time) {
	ctx := context.Background()
	if _, err := demo.LoadKonTum(ctx, db, now, testenv.Loc); err != nil {
		t.Fatal(err)
	}
	var open, done, visits int
	q := "SELECT COUNT(*) FROM tasks t JOIN duties d ON d.id = t.duty_id JOIN plans p ON p.id = d.plan_id WHERE p.number = '45/KH-UBND' AND t.status "
	if err := db.NewRaw(q+"<> 'done'").Scan(ctx, &open); err != nil {
		t.Fatal(err)
	}
	if err := db.NewRaw(q+"= 'done'").Scan(ctx, &done); err != nil {
		t.Fatal(err)
	}
	err := db.NewRaw(`SELECT COUNT(*) FROM visits v JOIN tasks t ON t.id = v.task_id JOIN households h ON h.id = v.household_id
		WHERE h.code LIKE 'NT-%' AND v.visited_on BETWEEN t.period_start AND t.period_end AND v.visited_on <= '2023-12-31'`).Scan(ctx, &visits)
	if err != nil {
		t.Fatal(err)
	}
	if open != 0 || done == 0 || visits != 18*4 {
		t.Errorf("Kon Tum 2023: %d tasks open, %d done, %d visits; want none open and the 72 quarterly visits of its 18 households", open, done, visits)
	}
}
