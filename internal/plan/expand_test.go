package plan_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/assignment"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

type storedTask struct {
	ID           int64      `bun:"id"`
	DutyID       int64      `bun:"duty_id"`
	UnitID       int64      `bun:"unit_id"`
	UserID       *int64     `bun:"user_id"`
	HouseholdID  *int64     `bun:"household_id"`
	Period       string     `bun:"period"`
	PeriodStart  civil.Date `bun:"period_start"`
	PeriodEnd    civil.Date `bun:"period_end"`
	DueOn        civil.Date `bun:"due_on"`
	Status       string     `bun:"status"`
	ClosedReason string     `bun:"closed_reason"`
}

func tasksOf(t *testing.T, db *bun.DB, planID int64) []storedTask {
	t.Helper()
	var out []storedTask
	err := db.NewRaw(`SELECT t.id, t.duty_id, t.unit_id, t.user_id, t.household_id, t.period, t.period_start, t.period_end, t.due_on,
		t.status, t.closed_reason FROM tasks t JOIN duties d ON d.id = t.duty_id WHERE d.plan_id = ? ORDER BY t.id`, planID).Scan(context.Background(), &out)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func slotOf(tk storedTask) slotKey {
	if tk.HouseholdID != nil {
		return slotKey{tk.DutyID, 0, *tk.HouseholdID, tk.Period}
	}
	return slotKey{tk.DutyID, tk.UnitID, 0, tk.Period}
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// checkOracle compares the plan's tasks with the oracle: every task the
// oracle wants exists (or was cancelled by a person), with its due day, and
// with its unit and person when not yet started (to do, or of a period not
// yet begun: a task in progress stays with the unit that started it); no open task of a
// period not over is unwanted; no open task is left to an archived household.
func checkOracle(t *testing.T, db *bun.DB, planID int64, today civil.Date) int {
	t.Helper()
	want := oracle(t, db, planID, today)
	live, respected := map[slotKey]storedTask{}, map[slotKey]bool{}
	for _, tk := range tasksOf(t, db, planID) {
		k := slotOf(tk)
		if tk.Status == "cancelled" {
			respected[k] = respected[k] || tk.ClosedReason == "task.cancelled"
			continue
		}
		if _, dup := live[k]; dup {
			t.Errorf("two live tasks for %+v", k)
		}
		live[k] = tk
	}
	for k, e := range want {
		a, ok := live[k]
		switch {
		case !ok && !respected[k]:
			t.Errorf("missing task %+v (unit %d)", k, e.unit)
		case !ok:
		case a.DueOn != e.due || a.PeriodStart != e.start || a.PeriodEnd != e.end:
			t.Errorf("task %d %+v: period %s–%s due %s, want %s–%s due %s", a.ID, k, a.PeriodStart, a.PeriodEnd, a.DueOn, e.start, e.end, e.due)
		case (e.start.After(today) || a.Status == "todo") && (a.UnitID != e.unit || deref(a.UserID) != e.user):
			t.Errorf("task %d %+v: unit %d person %d, want unit %d person %d", a.ID, k, a.UnitID, deref(a.UserID), e.unit, e.user)
		}
	}
	for k, a := range live {
		if _, ok := want[k]; !ok && (a.Status == "todo" || a.Status == "in_progress") && !a.PeriodEnd.Before(today) {
			t.Errorf("unwanted open task %d %+v", a.ID, k)
		}
	}
	var stale int
	if err := db.NewRaw(`SELECT COUNT(*) FROM tasks t JOIN households h ON h.id = t.household_id
		WHERE h.archived_at IS NOT NULL AND t.status IN ('todo', 'in_progress')`).Scan(context.Background(), &stale); err != nil || stale != 0 {
		t.Errorf("%d open tasks of archived households (%v)", stale, err)
	}
	return len(want)
}

// counts is the part of a summary a step asserts.
type counts struct{ created, reopened, updated, closed int }

func countsOf(s *plan.Summary) counts { return counts{s.Created, s.Reopened, s.Updated, s.Closed} }

// TestExpansionFollowsTheRegister runs a plan through a year of changes to
// the register; after every step the tasks are compared with the oracle.
func TestExpansionFollowsTheRegister(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		p := f.newPlan()
		poorNear := plan.Selector{Classes: []poverty.Class{poverty.ClassPoor, poverty.ClassNearPoor}}
		visits := kindDuty("Thăm hộ được phân công", unit.KindPartyCell, plan.PerHousehold, plan.Quarterly,
			plan.Selector{Classes: poorNear.Classes, AssignedToUnit: true})
		bhyt := unitDuty("Hỗ trợ thẻ BHYT", f.tyt, plan.PerHousehold, plan.Yearly, plan.Selector{Classes: poorNear.Classes, Deprivation: "health_insurance"})
		bhyt.DueDaysBeforeEnd = 184 // 30 June
		report := unitDuty("Báo cáo quý", f.bgn, plan.PerUnit, plan.Quarterly, plan.Selector{})
		report.DueDaysBeforeEnd = 5
		groups := kindDuty("Rà soát hộ nghèo của tổ", unit.KindResidentialGroup, plan.PerHousehold, plan.SixMonthly,
			plan.Selector{Classes: []poverty.Class{poverty.ClassPoor}})
		created := 0
		var skipped []plan.Skip
		for _, in := range []plan.DutyInput{visits, bhyt, report, groups} {
			r, err := f.plans.AddDuty(f.sys, at(time.March, 15), p.ID, in)
			if err != nil {
				t.Fatalf("add duty %s: %v", in.Title, err)
			}
			created += r.Expansion.Created
			skipped = append(skipped, r.Expansion.Skipped...)
		}
		today := civil.NewDate(2018, 3, 15)
		// 4 households × 4 quarters + 2 BHYT + 4 reports + 3 households × 2 halves.
		if n := checkOracle(t, db, p.ID, today); created != n || n != 28 {
			t.Fatalf("adding the duties created %d tasks, the oracle wants %d (and 28 by hand)", created, n)
		}
		if len(skipped) != 2 || skipped[0].HouseholdID != f.hh["H4"] || skipped[0].Reason != "household.not_assigned" ||
			skipped[1].HouseholdID != f.hh["H5"] || skipped[1].Reason != "household.no_unit" {
			t.Errorf("skipped = %+v, want H4 not assigned (visits) and H5 without a residential-group unit", skipped)
		}

		taskOf := func(code string, dutyTitle, period string) storedTask {
			for _, tk := range tasksOf(t, db, p.ID) {
				var title string
				_ = db.NewRaw("SELECT title FROM duties WHERE id = ?", tk.DutyID).Scan(context.Background(), &title)
				if deref(tk.HouseholdID) == f.hh[code] && title == dutyTitle && tk.Period == period {
					return tk
				}
			}
			t.Fatalf("no task %s %s %s", code, dutyTitle, period)
			return storedTask{}
		}
		steps := []struct {
			name string
			now  time.Time
			do   func(now time.Time)
			want counts
			then func()
		}{
			{name: "re-running changes nothing", now: at(time.March, 15), want: counts{}},
			{name: "a household escaping poverty has its open tasks closed", now: at(time.March, 15),
				do:   func(time.Time) { f.reclassify("H1", poverty.ClassEscaped, civil.NewDate(2018, 3, 10)) },
				want: counts{closed: 4 + 1 + 2},
				then: func() {
					if tk := taskOf("H1", visits.Title, "2018-Q2"); tk.Status != "cancelled" || tk.ClosedReason != "household.no_longer_matches:escaped" {
						t.Errorf("H1's Q2 visit: %s %q", tk.Status, tk.ClosedReason)
					}
				}},
			{name: "a task cancelled by a person stays cancelled", now: at(time.March, 15),
				do: func(now time.Time) {
					tk := taskOf("H3", visits.Title, "2018-Q2")
					if _, err := f.plans.UpdateTask(f.sys, now, tk.ID, plan.TaskUpdate{Version: 1, Status: plan.StatusCancelled, Note: "Hộ đi vắng cả quý"}); err != nil {
						t.Fatal(err)
					}
				},
				want: counts{}},
			{name: "a newly poor household gets its tasks", now: at(time.March, 15),
				do: func(time.Time) {
					f.assignTo("H6", assignment.Input{UnitID: &f.cell2, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 12)})
					f.reclassify("H6", poverty.ClassPoor, civil.NewDate(2018, 3, 12))
				},
				want: counts{created: 4}},
			{name: "a new household gets its tasks", now: at(time.March, 15),
				do: func(time.Time) {
					f.household("H7", f.t1, poverty.ClassPoor, []string{"health_insurance"}, f.cell1, f.u1)
				},
				want: counts{created: 4 + 1 + 2}},
			{name: "a unit put in charge of an area takes its unassigned households", now: at(time.March, 15),
				do: func(now time.Time) {
					// TDP2 sits in Tổ 2; from today it also looks after Tổ 3 (H5, and H6 now poor).
					if _, err := f.assign.SetAreaInCharge(f.sys, now, f.tdp2, assignment.AreaInput{AreaID: f.t3.ID, ValidFrom: civil.NewDate(2018, 3, 15)}); err != nil {
						t.Fatal(err)
					}
				},
				want: counts{created: 2 + 2},
				then: func() {
					if s2 := taskOf("H5", groups.Title, "2018-S2"); s2.UnitID != f.tdp2 {
						t.Errorf("H5's review should go to TDP2, in charge of Tổ 3: unit %d", s2.UnitID)
					}
				}},
			{name: "reassignment moves the tasks not yet started", now: at(time.March, 15),
				do: func(time.Time) {
					// The old cell has started Q1's visit: it stays; the tasks still to do move.
					if _, err := db.ExecContext(context.Background(), "UPDATE tasks SET status = 'in_progress' WHERE household_id = ? AND period = '2018-Q1'", f.hh["H2"]); err != nil {
						t.Fatal(err)
					}
					f.assignTo("H2", assignment.Input{UnitID: &f.cell2, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 15)})
					f.assignTo("H2", assignment.Input{UserID: &f.u2, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 15)})
				},
				want: counts{updated: 3},
				then: func() {
					if q1 := taskOf("H2", visits.Title, "2018-Q1"); q1.UnitID != f.cell1 || q1.UserID != nil {
						t.Errorf("Q1 (in progress) should stay with the old cell: unit %d person %v", q1.UnitID, q1.UserID)
					}
					if q2 := taskOf("H2", visits.Title, "2018-Q2"); q2.UnitID != f.cell2 || deref(q2.UserID) != f.u2 {
						t.Errorf("Q2 should move to the new cell and person: unit %d person %v", q2.UnitID, q2.UserID)
					}
				}},
			{name: "a household poor again has its closed tasks reopened", now: at(time.March, 15),
				do:   func(time.Time) { f.reclassify("H1", poverty.ClassPoor, civil.NewDate(2018, 3, 15)) },
				want: counts{reopened: 4 + 1 + 2}},
			{name: "periods over are history", now: at(time.July, 10), want: counts{}},
			{name: "an archived household's open tasks close, past periods too", now: at(time.July, 10),
				do: func(now time.Time) {
					h, _ := f.hs.Get(f.sys, f.hh["H5"])
					if _, err := f.hs.Archive(f.sys, now, h.ID, h.Version, "Chuyển đi nơi khác"); err != nil {
						t.Fatal(err)
					}
				},
				want: counts{closed: 4 + 2},
				then: func() {
					if q1 := taskOf("H5", visits.Title, "2018-Q1"); q1.ClosedReason != "household.archived" {
						t.Errorf("H5's Q1 visit: %q", q1.ClosedReason)
					}
				}},
			{name: "a charge that ends leaves the area's households without a unit", now: at(time.July, 10),
				do: func(now time.Time) {
					if _, err := f.assign.SetAreaInCharge(f.sys, now, f.tdp2, assignment.AreaInput{AreaID: f.t3.ID, End: true}); err != nil {
						t.Fatal(err)
					}
				},
				want: counts{closed: 1}, // H6's second half; its first is history
				then: func() {
					if s2 := taskOf("H6", groups.Title, "2018-S2"); s2.Status != "cancelled" || s2.ClosedReason != "household.no_unit" {
						t.Errorf("H6's S2 review: %s %q", s2.Status, s2.ClosedReason)
					}
					if s1 := taskOf("H6", groups.Title, "2018-S1"); s1.Status != "todo" {
						t.Errorf("H6's S1 review (history) was touched: %s", s1.Status)
					}
				}},
			{name: "a duty added mid-year covers only the periods from its start", now: at(time.July, 10),
				do: func(now time.Time) {
					monthly := unitDuty("Báo cáo tháng", f.bgn, plan.PerUnit, plan.Monthly, plan.Selector{})
					monthly.ValidFrom = civil.NewDate(2018, 9, 1)
					if r, err := f.plans.AddDuty(f.sys, now, p.ID, monthly); err != nil || r.Expansion.Created != 4 {
						t.Fatalf("monthly from 1 September: %+v, %v; want 4 tasks (September–December)", r, err)
					}
					monthly.Title, monthly.ValidFrom = "Giao ban tháng", civil.Date{}
					if r, err := f.plans.AddDuty(f.sys, now, p.ID, monthly); err != nil || r.Expansion.Created != 6 || r.Duty.ValidFrom != civil.NewDate(2018, 7, 10) {
						t.Fatalf("monthly from today: %+v, %v; want 6 tasks (July–December) from 10 July", r, err)
					}
				},
				want: counts{}},
			{name: "re-running at the end changes nothing", now: at(time.July, 10), want: counts{}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if st.do != nil {
					st.do(st.now)
				}
				sum, err := f.plans.Expand(f.sys, st.now, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got := countsOf(sum); got != st.want {
					t.Errorf("summary %+v, want %+v", got, st.want)
				}
				checkOracle(t, db, p.ID, civil.DateOf(st.now, testenv.Loc))
				if st.then != nil {
					st.then()
				}
			})
		}
		var expands int
		_ = db.NewRaw("SELECT COUNT(*) FROM audit_log WHERE action = 'expand' AND entity = 'plan' AND entity_id = ?", p.ID).Scan(context.Background(), &expands)
		if want := 4 + len(steps) + 2; expands != want {
			t.Errorf("%d expand audit entries, want one per run (%d)", expands, want)
		}
		var deleted int
		_ = db.NewRaw("SELECT COUNT(*) FROM tasks").Scan(context.Background(), &deleted)
		if deleted < 28+4+7+10 {
			t.Errorf("only %d tasks left: a task was deleted", deleted)
		}
		// Only H2's Q1 visit, started by its cell above, is in progress.
		if ids := tasksOfStatus(t, db, "in_progress"); len(ids) != 1 || ids[0] != taskOf("H2", visits.Title, "2018-Q1").ID {
			t.Errorf("expansion set tasks %v in progress", ids)
		}
	})
}

func tasksOfStatus(t *testing.T, db *bun.DB, status string) []int64 {
	var ids []int64
	if err := db.NewRaw("SELECT id FROM tasks WHERE status = ?", status).Scan(context.Background(), &ids); err != nil {
		t.Fatal(err)
	}
	return ids
}
