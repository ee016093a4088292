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

// TestTasksFollowChangesAtOnce: with the follower wired (as the server does),
// each change to a household or its assignments brings that household's
// tasks into line in the same transaction — no expansion is run by hand, and
// after every step the tasks match the oracle. Other tasks are not touched.
func TestTasksFollowChangesAtOnce(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		f.hs.Follow(f.plans.FollowHouseholds)
		f.areas.Follow(f.plans.FollowHouseholds)
		f.units.Follow(f.plans.FollowUnit)
		p := f.newPlan()
		now := at(time.March, 15)
		today := civil.DateOf(now, testenv.Loc)
		poorNear := []poverty.Class{poverty.ClassPoor, poverty.ClassNearPoor}
		for _, in := range []plan.DutyInput{
			kindDuty("Thăm hộ được phân công", unit.KindPartyCell, plan.PerHousehold, plan.Quarterly, plan.Selector{Classes: poorNear, AssignedToUnit: true}),
			kindDuty("Rà soát hộ nghèo của tổ", unit.KindResidentialGroup, plan.PerHousehold, plan.SixMonthly, plan.Selector{Classes: []poverty.Class{poverty.ClassPoor}}),
			unitDuty("Báo cáo quý", f.bgn, plan.PerUnit, plan.Quarterly, plan.Selector{}),
		} {
			if _, err := f.plans.AddDuty(f.sys, now, p.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		checkOracle(t, db, p.ID, today)
		reports := func() []storedTask {
			var out []storedTask
			for _, tk := range tasksOf(t, db, p.ID) {
				if tk.HouseholdID == nil {
					out = append(out, tk)
				}
			}
			return out
		}
		unitTasks := reports()
		openOf := func(code string) int {
			n := 0
			for _, tk := range tasksOf(t, db, p.ID) {
				if deref(tk.HouseholdID) == f.hh[code] && (tk.Status == "todo" || tk.Status == "in_progress") {
					n++
				}
			}
			return n
		}

		steps := []struct {
			name  string
			do    func()
			check func()
		}{
			{"a household escaping poverty has its open tasks closed", func() { f.reclassify("H1", poverty.ClassEscaped, today) },
				func() {
					if n := openOf("H1"); n != 0 {
						t.Errorf("H1 has %d open tasks after escaping", n)
					}
				}},
			{"a household becoming poor, then assigned, gets its tasks", func() {
				f.reclassify("H6", poverty.ClassPoor, today)
				f.assignTo("H6", assignment.Input{UnitID: &f.cell2, IsPrimary: true, ValidFrom: today})
			}, func() {
				if n := openOf("H6"); n != 4 {
					t.Errorf("H6 has %d open tasks, want its 4 quarterly visits", n)
				}
			}},
			{"a new household gets its tasks", func() { f.household("H7", f.t1, poverty.ClassPoor, nil, f.cell1, f.u1) },
				func() {
					if n := openOf("H7"); n != 4+2 {
						t.Errorf("H7 has %d open tasks, want 4 visits and 2 reviews", n)
					}
				}},
			{"a reassignment moves the tasks of periods not yet started", func() {
				f.assignTo("H2", assignment.Input{UnitID: &f.cell2, IsPrimary: true, ValidFrom: today})
			}, nil},
			{"a unit put in charge of an area takes its households", func() {
				if _, err := f.assign.SetAreaInCharge(f.sys, now, f.tdp2, assignment.AreaInput{AreaID: f.t3.ID, ValidFrom: today}); err != nil {
					t.Fatal(err)
				}
			}, func() {
				if n := openOf("H5"); n != 4+2 {
					t.Errorf("H5 has %d open tasks, want 4 visits and 2 reviews by TDP2", n)
				}
			}},
			{"an archived unit's households go to the unit in charge, or lose their task", func() {
				// TDP1 (Tổ 1's group) is dissolved: H2, H7 and H1's reviews have no unit left.
				if _, err := f.units.Archive(f.sys, now, f.tdp1, 1, "Giải thể"); err != nil {
					t.Fatal(err)
				}
			}, func() {
				for _, tk := range tasksOf(t, db, p.ID) {
					if tk.UnitID == f.tdp1 && (tk.Status == "todo" || tk.Status == "in_progress") && tk.HouseholdID != nil {
						t.Errorf("task %d still open with the archived TDP1", tk.ID)
					}
				}
			}},
			{"an archived unit's open per-unit tasks close", func() {
				if _, err := f.units.Archive(f.sys, now, f.bgn, 1, "Sáp nhập vào UBND"); err != nil {
					t.Fatal(err)
				}
			}, func() {
				for _, tk := range reports() {
					if tk.UnitID == f.bgn && (tk.Status == "todo" || tk.Status == "in_progress") {
						t.Errorf("report %d (%s) still open with the archived board", tk.ID, tk.Period)
					}
					if tk.Status == "cancelled" && tk.ClosedReason != "unit.not_responsible" {
						t.Errorf("report %d closed with %q", tk.ID, tk.ClosedReason)
					}
				}
			}},
			{"an area merged into another takes its households' tasks there", func() {
				// Tổ 1 merges into Tổ 2 as of today: its households' reviews go to TDP2.
				if _, err := f.areas.Merge(f.sys, now, f.t1.ID, f.t2.ID, today, "sáp nhập tổ"); err != nil {
					t.Fatal(err)
				}
			}, func() {
				if n := openOf("H7"); n != 4+2 {
					t.Errorf("H7 has %d open tasks after the merge, want its visits and TDP2's reviews", n)
				}
			}},
			{"an archived household's tasks close", func() {
				h, _ := f.hs.Get(f.sys, f.hh["H5"])
				if _, err := f.hs.Archive(f.sys, now, h.ID, h.Version, "Chuyển đi nơi khác"); err != nil {
					t.Fatal(err)
				}
			}, func() {
				if n := openOf("H5"); n != 0 {
					t.Errorf("archived H5 has %d open tasks", n)
				}
			}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				st.do()
				checkOracle(t, db, p.ID, today)
				if st.check != nil {
					st.check()
				}
			})
		}
		if got := reports(); len(got) != len(unitTasks) {
			t.Errorf("per-unit tasks changed: %d, were %d", len(got), len(unitTasks))
		}
		// Each following that changed tasks is in the audit trail; a full expansion now finds nothing to do.
		var follows int
		_ = db.NewRaw("SELECT COUNT(*) FROM audit_log WHERE action = 'expand' AND entity_id = ? AND after_json LIKE '%households%'", p.ID).Scan(context.Background(), &follows)
		if follows < len(steps) {
			t.Errorf("%d audited follow-ups, want at least one per step (%d)", follows, len(steps))
		}
		sum, err := f.plans.Expand(f.sys, now, p.ID)
		if err != nil || sum.Created+sum.Updated+sum.Reopened+sum.Closed != 0 {
			t.Errorf("a full expansion after the follow-ups: %+v %v, want nothing to do", sum, err)
		}
	})
}
