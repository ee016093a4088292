package plan_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// seedTasks gives the fixture a plan whose duties reach every kind of owner:
// household visits of the party cells, the health station's BHYT tasks,
// the residential groups' reviews and a yearly report of each party cell.
func seedTasks(t *testing.T, f *fixture) *plan.Plan {
	t.Helper()
	p := f.newPlan()
	poorNear := []poverty.Class{poverty.ClassPoor, poverty.ClassNearPoor}
	for _, in := range []plan.DutyInput{
		kindDuty("Thăm hộ", unit.KindPartyCell, plan.PerHousehold, plan.Quarterly, plan.Selector{Classes: poorNear, AssignedToUnit: true}),
		unitDuty("Hỗ trợ BHYT", f.tyt, plan.PerHousehold, plan.Yearly, plan.Selector{Classes: poorNear, Deprivation: "health_insurance"}),
		kindDuty("Rà soát", unit.KindResidentialGroup, plan.PerHousehold, plan.SixMonthly, plan.Selector{Classes: []poverty.Class{poverty.ClassPoor}}),
		kindDuty("Báo cáo năm của chi bộ", unit.KindPartyCell, plan.PerUnit, plan.Yearly, plan.Selector{}),
	} {
		if _, err := f.plans.AddDuty(f.sys, testenv.Now, p.ID, in); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// idsWhere returns the ids of tasks matching a condition, computed in SQL
// apart from the service.
func idsWhere(t *testing.T, db *bun.DB, cond string, args ...any) []int64 {
	t.Helper()
	var ids []int64
	if err := db.NewRaw("SELECT t.id FROM tasks t WHERE "+cond+" ORDER BY t.id", args...).Scan(context.Background(), &ids); err != nil {
		t.Fatal(err)
	}
	return ids
}

func listIDs(t *testing.T, s *plan.Service, ctx context.Context, now time.Time, f plan.TaskFilter) []int64 {
	t.Helper()
	f.PerPage = 200
	page, err := s.ListTasks(ctx, now, f)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 0, len(page.Items))
	for _, it := range page.Items {
		ids = append(ids, it.ID)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	if page.Total != len(ids) {
		t.Errorf("total %d for %d items", page.Total, len(ids))
	}
	return ids
}

func TestTaskScoping(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		seedTasks(t, f)
		member := as(&access.Principal{Today: testenv.Today, UserID: f.u1, Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitMember}}})
		leader := as(&access.Principal{Today: testenv.Today, UserID: 950, Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitLeader}}})
		officer := as(&access.Principal{Today: testenv.Today, UserID: 951, Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleOfficer}}})
		kp2Chair := as(&access.Principal{Today: testenv.Today, UserID: 952, Grants: []access.Grant{{AreaPath: f.kp2.Path, Role: access.RoleChair}}})
		elsewhere := as(&access.Principal{Today: testenv.Today, UserID: 953, Grants: []access.Grant{{AreaPath: "/999999/", Role: access.RoleOfficer}}})
		h := func(codes ...string) string {
			s := "0"
			for _, c := range codes {
				s += fmt.Sprintf(", %d", f.hh[c])
			}
			return s
		}
		cases := []struct {
			name string
			ctx  context.Context
			want []int64
		}{
			{"a member: their household, their own tasks, their unit's unit tasks", member,
				idsWhere(t, db, "t.household_id IN ("+h("H1")+") OR t.user_id = ? OR (t.household_id IS NULL AND t.unit_id = ?)", f.u1, f.cell1)},
			{"a leader: the unit's households and every task of the unit", leader,
				idsWhere(t, db, "t.household_id IN ("+h("H1", "H2")+") OR t.unit_id = ?", f.cell1)},
			{"an officer of the ward: everything", officer, idsWhere(t, db, "1 = 1")},
			{"a chair of Khu phố 2: its households and its units' unit tasks", kp2Chair,
				idsWhere(t, db, "t.household_id IN ("+h("H3", "H4", "H5", "H6")+") OR (t.household_id IS NULL AND t.unit_id = ?)", f.cell2)},
			{"an officer of another ward: nothing", elsewhere, []int64{}},
		}
		for _, c := range cases {
			got := listIDs(t, f.plans, c.ctx, testenv.Now, plan.TaskFilter{})
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
			if len(c.want) == 0 && len(idsWhere(t, db, "1 = 1")) > 0 {
				if _, err := f.plans.GetTask(c.ctx, testenv.Now, idsWhere(t, db, "1 = 1")[0]); codeOf(err) != apperr.NotFound {
					t.Errorf("%s reads a task: %v", c.name, err)
				}
			}
		}
		if len(listIDs(t, f.plans, member, testenv.Now, plan.TaskFilter{})) == 0 {
			t.Fatal("the member sees no task: the scoping cases prove nothing")
		}
		filters := []struct {
			name string
			ctx  context.Context
			f    plan.TaskFilter
			now  time.Time
			want []int64
		}{
			{"mine", member, plan.TaskFilter{Mine: true}, testenv.Now, idsWhere(t, db, "t.user_id = ?", f.u1)},
			{"overdue on 2 April", officer, plan.TaskFilter{Overdue: true}, at(time.April, 2), idsWhere(t, db, "t.status IN ('todo', 'in_progress') AND t.due_on < '2018-04-02'")},
			{"due this week (26 March – 1 April)", officer, plan.TaskFilter{DueThisWeek: true}, at(time.March, 28),
				idsWhere(t, db, "t.status IN ('todo', 'in_progress') AND t.due_on BETWEEN '2018-03-26' AND '2018-04-01'")},
			{"of a unit", officer, plan.TaskFilter{UnitID: f.cell2}, testenv.Now, idsWhere(t, db, "t.unit_id = ?", f.cell2)},
			{"of a household in a period", officer, plan.TaskFilter{HouseholdID: f.hh["H3"], Period: "2018-Q2"}, testenv.Now,
				idsWhere(t, db, "t.household_id = ? AND t.period = '2018-Q2'", f.hh["H3"])},
			{"done", officer, plan.TaskFilter{Status: "done"}, testenv.Now, []int64{}},
		}
		for _, c := range filters {
			if got := listIDs(t, f.plans, c.ctx, c.now, c.f); fmt.Sprint(got) != fmt.Sprint(c.want) || (c.name != "done" && len(got) == 0) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		if _, err := f.plans.ListTasks(officer, testenv.Now, plan.TaskFilter{Status: "late", PerPage: 500}); fmt.Sprint(fields(err)) != "[status per_page]" {
			t.Errorf("bad filter: %v", err)
		}
	})
}

func TestTaskUpdates(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		seedTasks(t, f)
		member := as(&access.Principal{Today: testenv.Today, UserID: f.u1, Name: "Đảng viên", Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitMember}}})
		other := as(&access.Principal{Today: testenv.Today, UserID: f.u2, Memberships: []access.Membership{{UnitID: f.cell2, AreaPath: f.kp2.Path, Role: access.UnitMember}}})
		viewer := as(&access.Principal{Today: testenv.Today, UserID: 960, Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleViewer}}})
		mine := idsWhere(t, db, "t.user_id = ? AND t.period = '2018-Q1'", f.u1)[0]
		tyt := idsWhere(t, db, "t.household_id = ? AND t.unit_id = ?", f.hh["H1"], f.tyt)[0]

		for name, ctx := range map[string]context.Context{"another cell's member": other, "a viewer": viewer} {
			if _, err := f.plans.UpdateTask(ctx, testenv.Now, mine, plan.TaskUpdate{Version: 1, Status: plan.StatusDone}); codeOf(err) != apperr.NotFound {
				t.Errorf("%s updates the task: %v", name, err)
			}
		}
		// The member sees the health station's task of their household, but it is not theirs to tick.
		if _, err := f.plans.UpdateTask(member, testenv.Now, tyt, plan.TaskUpdate{Version: 1, Status: plan.StatusDone}); codeOf(err) != apperr.Forbidden {
			t.Errorf("member ticks the health station's task: %v", err)
		}
		v, err := f.plans.UpdateTask(member, testenv.Now, mine, plan.TaskUpdate{Version: 1, Status: plan.StatusInProgress})
		if err != nil || v.Status != plan.StatusInProgress || v.DoneAt != nil || v.HouseholdCode != "H1" || v.DutyTitle != "Thăm hộ" {
			t.Fatalf("start: %+v %v", v, err)
		}
		done := at(time.March, 20)
		v, err = f.plans.UpdateTask(member, done, mine, plan.TaskUpdate{Version: 2, Status: plan.StatusDone, Note: "Đã thăm, tặng quà"})
		if err != nil || v.DoneAt == nil || !v.DoneAt.Equal(done) || v.Note != "Đã thăm, tặng quà" || v.Version != 3 {
			t.Fatalf("done: %+v %v", v, err)
		}
		bad := []struct {
			name string
			in   plan.TaskUpdate
			want string // a field, or an error code
		}{
			{"stale", plan.TaskUpdate{Version: 2, Status: plan.StatusInProgress}, "conflict"},
			{"done to cancelled", plan.TaskUpdate{Version: 3, Status: plan.StatusCancelled, Note: "nhầm"}, "status"},
			{"cancel without a note", plan.TaskUpdate{Version: 3, Status: plan.StatusCancelled}, "note"},
			{"unknown status", plan.TaskUpdate{Version: 3, Status: "lost"}, "status"},
		}
		for _, c := range bad {
			_, err := f.plans.UpdateTask(member, done, mine, c.in)
			if got := fmt.Sprint(fields(err)); got != "["+c.want+"]" && string(codeOf(err)) != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
		}
		v, err = f.plans.UpdateTask(member, done, mine, plan.TaskUpdate{Version: 3, Status: plan.StatusInProgress})
		if err != nil || v.DoneAt != nil {
			t.Errorf("taking the tick back: %+v %v", v, err)
		}
		v, err = f.plans.UpdateTask(member, done, mine, plan.TaskUpdate{Version: 4, Status: plan.StatusCancelled, Note: "Hộ chuyển đi"})
		if err != nil || v.ClosedReason != "task.cancelled" {
			t.Errorf("cancel: %+v %v", v, err)
		}
		var audited int
		_ = db.NewRaw("SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_id = ? AND before_json <> '' AND after_json <> ''", mine).Scan(context.Background(), &audited)
		if audited != 4 {
			t.Errorf("%d audited task changes, want 4", audited)
		}
	})
}

func TestUnvisitedThisQuarter(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		for _, v := range []struct {
			code, on string
		}{{"H1", "2018-03-01"}, {"H3", "2017-12-20"}, {"H2", "2018-04-02"}} {
			if _, err := db.ExecContext(f.sys, "INSERT INTO visits (household_id, visited_on, note, created_at) VALUES (?, ?, '', ?)", f.hh[v.code], v.on, testenv.Now); err != nil {
				t.Fatal(err)
			}
		}
		officer := as(&access.Principal{Today: testenv.Today, UserID: 970, Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleOfficer}}})
		member := as(&access.Principal{Today: testenv.Today, UserID: f.u1, Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitMember}}})
		cases := []struct {
			name  string
			ctx   context.Context
			f     plan.UnvisitedFilter
			codes string
		}{
			{"the ward (H1 visited this quarter)", officer, plan.UnvisitedFilter{}, "[H2 H3 H4 H5 H6]"},
			{"a party cell's households", officer, plan.UnvisitedFilter{UnitID: f.cell2}, "[H3 H5]"},
			{"poor households of Khu phố 2", officer, plan.UnvisitedFilter{AreaID: f.kp2.ID, Class: poverty.ClassPoor}, "[H3 H4 H5]"},
			{"a member who visited theirs", member, plan.UnvisitedFilter{}, "[]"},
		}
		for _, c := range cases {
			page, err := f.plans.Unvisited(c.ctx, testenv.Now, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, it := range page.Items {
				codes = append(codes, it.Code)
				if it.Code == "H3" && it.LastVisitedOn.String() != "2017-12-20" {
					t.Errorf("H3 last visited %s", it.LastVisitedOn)
				}
			}
			if fmt.Sprint(codes) != c.codes && !(c.codes == "[]" && codes == nil) || page.Quarter.Key != "2018-Q1" {
				t.Errorf("%s: %v in %s, want %s", c.name, codes, page.Quarter.Key, c.codes)
			}
		}
		if _, err := f.plans.Unvisited(officer, testenv.Now, plan.UnvisitedFilter{Class: "rich", AreaID: 999999}); fmt.Sprint(fields(err)) != "[class area_id]" {
			t.Errorf("bad filter: %v", err)
		}
	})
}
