package report_test

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/calendar"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/report"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

func as(p *access.Principal) context.Context { return access.With(context.Background(), p) }

func codeOf(err error) apperr.Code {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return ""
}

func fields(err error) string {
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		return ""
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, ",")
}

// local is a moment in Hồ Chí Minh City.
func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, testenv.Loc)
}

type fixture struct {
	sys                      context.Context
	ward, kp1, kp2           *area.Area
	committee, cell1, cell2  int64
	cell3, lateCell, members int64
	units                    *unit.Service
	reports                  *report.Service
}

// newFixture builds a ward whose party cells come and go during 2026:
// cell1 and cell2 are there all year, cell3 is archived on 10/02/2026 (before
// Q1 ends), lateCell is entered on 01/05/2026 (during Q2).
func newFixture(t *testing.T, db *bun.DB) *fixture {
	t.Helper()
	f := &fixture{sys: as(access.System()), units: unit.NewService(db)}
	areas := area.NewService(db, testenv.Loc)
	before := local(2025, time.June, 1, 9, 0)
	mkArea := func(code, name string, kind area.Kind, parent *area.Area) *area.Area {
		in := area.Input{Code: code, Name: name, Kind: kind, Urban: true}
		if parent != nil {
			in.ParentID = &parent.ID
		}
		a, err := areas.Create(f.sys, before, in)
		if err != nil {
			t.Fatalf("area %s: %v", code, err)
		}
		return a
	}
	f.ward = mkArea("W14", "Phường 14", area.KindWard, nil)
	f.kp1 = mkArea("KP1", "Khu phố 1", area.KindNeighbourhood, f.ward)
	f.kp2 = mkArea("KP2", "Khu phố 2", area.KindNeighbourhood, f.ward)
	mkUnit := func(at time.Time, code string, kind unit.Kind, a *area.Area) int64 {
		u, err := f.units.Create(f.sys, at, unit.Input{Code: code, Name: "Chi bộ " + code, Kind: kind, AreaID: a.ID})
		if err != nil {
			t.Fatalf("unit %s: %v", code, err)
		}
		return u.ID
	}
	f.committee = mkUnit(before, "DU", unit.KindPartyCommittee, f.ward)
	f.cell1 = mkUnit(before, "KP1", unit.KindPartyCell, f.kp1)
	f.cell2 = mkUnit(before, "KP2", unit.KindPartyCell, f.kp2)
	f.cell3 = mkUnit(before, "KP2B", unit.KindPartyCell, f.kp2)
	f.lateCell = mkUnit(local(2026, time.May, 1, 8, 0), "KP1B", unit.KindPartyCell, f.kp1)
	f.members = mkUnit(before, "HPN", unit.KindWomensUnion, f.ward)
	if _, err := f.units.Archive(f.sys, local(2026, time.February, 10, 8, 0), f.cell3, 1, "sáp nhập"); err != nil {
		t.Fatal(err)
	}
	// 2026: Tết from 16/02 to 20/02, nothing configured.
	f.reports = report.NewService(db, testenv.Loc, calendar.New(nil, nil))
	return f
}

func (f *fixture) obligation() report.ObligationInput {
	return report.ObligationInput{AreaID: f.ward.ID, Name: "Báo cáo quý kết quả giảm nghèo", ReporterKind: unit.KindPartyCell,
		RecipientIDs: []int64{f.committee}, Frequency: plan.Quarterly,
		Due: calendar.DueRule{Kind: calendar.AfterWorkingDays, Days: 5}, ValidFrom: civil.NewDate(2026, 1, 1)}
}

func TestObligationInput(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		chair := as(&access.Principal{Today: testenv.Today, UserID: 900, Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleChair}}})
		viewer := as(&access.Principal{Today: testenv.Today, UserID: 901, Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleViewer}}})
		bad := f.obligation()
		bad.Name, bad.Frequency, bad.Due, bad.Window, bad.RecipientIDs = " ", "weekly", calendar.DueRule{Kind: calendar.FixedDay, Day: 40}, "x", nil
		bad.ValidTo = civil.NewDate(2025, 1, 1)
		bad.ReporterUnitID = &f.cell1
		now := local(2026, time.March, 1, 9, 0)
		if _, err := f.reports.CreateObligation(chair, now, bad); fields(err) != "name,frequency,due,window,valid_to,reporter_unit_id,recipient_ids" {
			t.Errorf("bad obligation: %v (%s)", err, fields(err))
		}
		other := f.obligation()
		other.RecipientIDs = []int64{f.committee, 999999}
		if _, err := f.reports.CreateObligation(chair, now, other); fields(err) != "recipient_ids[1]" {
			t.Errorf("unknown recipient: %v", err)
		}
		if _, err := f.reports.CreateObligation(viewer, now, f.obligation()); codeOf(err) != apperr.Forbidden {
			t.Errorf("a viewer enters an obligation: %v", err)
		}
		o, err := f.reports.CreateObligation(chair, now, f.obligation())
		if err != nil || len(o.Recipients) != 1 || o.Recipients[0].ID != f.committee || o.Due.Days != 5 || o.Window != calendar.CalendarWindow {
			t.Fatalf("create: %+v %v", o, err)
		}
		in := f.obligation()
		in.Version = 1
		in.Due = calendar.DueRule{Kind: calendar.FixedDay, Day: 20}
		if _, err := f.reports.UpdateObligation(chair, now, o.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.reports.UpdateObligation(chair, now, o.ID, in); codeOf(err) != apperr.Conflict {
			t.Errorf("stale update: %v", err)
		}
		list, _, err := f.reports.List(chair, now, report.Filter{Period: "2026-Q1", Limit: 10})
		if err != nil || len(list) != 2 || list[0].DueOn.String() != "2026-03-20" {
			t.Errorf("Q1 after the rule changed to day 20 of the quarter's last month: %+v %v", list, err)
		}
	})
}

// expected is an independent computation of who reports for a quarter of
// 2026: the cells that exist on its last day.
func expected(f *fixture, q int) []int64 {
	out := []int64{f.cell1, f.cell2}
	if q >= 2 {
		out = append(out, f.lateCell)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func TestExpectedReportsFollowUnits(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		now := local(2026, time.March, 1, 9, 0)
		o, err := f.reports.CreateObligation(f.sys, now, f.obligation())
		if err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			for q := 1; q <= 4; q++ {
				period := "2026-Q" + string(rune('0'+q))
				list, n, err := f.reports.List(f.sys, now, report.Filter{Period: period, Limit: 50})
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, r := range list {
					got = append(got, r.UnitID)
				}
				sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
				want := expected(f, q)
				if n != len(want) || len(got) != len(want) || (len(got) > 0 && (got[0] != want[0] || got[len(got)-1] != want[len(want)-1])) {
					t.Errorf("%s, %s: units %v, want %v", when, period, got, want)
				}
			}
			comp, err := f.reports.CompletenessOf(f.sys, now, report.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range comp {
				if c.Expected != len(expected(f, int(c.Period[len(c.Period)-1]-'0'))) || c.SubmittedBP > 10000 {
					t.Errorf("%s: completeness %+v", when, c)
				}
			}
		}
		check("at creation")
		again, err := f.reports.EnsureAll(f.sys, now)
		if err != nil || again != (report.Ensured{}) {
			t.Errorf("a second run changes %+v, %v", again, err)
		}
		check("after a second run")

		// Q1's due day: 5 working days after 31/03/2026 is 07/04/2026.
		q1, _, _ := f.reports.List(f.sys, now, report.Filter{Period: "2026-Q1", UnitID: f.cell1})
		if len(q1) != 1 || q1[0].DueOn.String() != "2026-04-07" || q1[0].ObligationID != o.ID || q1[0].Status != report.NotStarted {
			t.Fatalf("cell1's Q1: %+v", q1)
		}
		// cell1 submits Q1, then is archived on 15/05/2026: Q1 stays, Q2–Q4 are withdrawn.
		leader := as(&access.Principal{Today: testenv.Today, UserID: 0, Name: "Bí thư KP1", Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitLeader}}})
		if _, err := f.reports.Submit(leader, local(2026, time.April, 2, 10, 0), q1[0].ID, q1[0].Version); err != nil {
			t.Fatal(err)
		}
		archivedAt := local(2026, time.May, 15, 8, 0)
		if _, err := f.units.Archive(f.sys, archivedAt, f.cell1, 1, "sáp nhập"); err != nil {
			t.Fatal(err)
		}
		done, err := f.reports.EnsureAll(f.sys, archivedAt)
		if err != nil || done.Withdrawn != 3 || done.Created != 0 {
			t.Errorf("after the archive: %+v %v", done, err)
		}
		comp, _ := f.reports.CompletenessOf(f.sys, archivedAt, report.Filter{Period: "2026-Q1"})
		if len(comp) != 1 || comp[0].Expected != 2 || comp[0].Submitted != 1 || comp[0].SubmittedBP != 5000 || comp[0].OnTime != 1 {
			t.Errorf("Q1 completeness: %+v", comp)
		}
		comp, _ = f.reports.CompletenessOf(f.sys, archivedAt, report.Filter{Period: "2026-Q2"})
		if len(comp) != 1 || comp[0].Expected != 2 {
			t.Errorf("Q2 completeness without the archived cell: %+v", comp)
		}
	})
}

func TestWorkflow(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		now := local(2026, time.March, 1, 9, 0)
		if _, err := f.reports.CreateObligation(f.sys, now, f.obligation()); err != nil {
			t.Fatal(err)
		}
		leader1 := as(&access.Principal{Today: testenv.Today, UserID: 0, Name: "Bí thư KP1", Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitLeader}}})
		member1 := as(&access.Principal{Today: testenv.Today, UserID: 0, Name: "Đảng viên KP1", Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitMember}}})
		leader2 := as(&access.Principal{Today: testenv.Today, UserID: 0, Name: "Bí thư KP2", Memberships: []access.Membership{{UnitID: f.cell2, AreaPath: f.kp2.Path, Role: access.UnitLeader}}})
		secretary := as(&access.Principal{Today: testenv.Today, UserID: 0, Name: "Bí thư Đảng ủy", Memberships: []access.Membership{{UnitID: f.committee, AreaPath: f.ward.Path, Role: access.UnitLeader}}})
		chair := as(&access.Principal{Today: testenv.Today, UserID: 0, Name: "Chủ tịch", Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleChair}}})
		officer := as(&access.Principal{Today: testenv.Today, UserID: 0, Name: "Công chức", Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleOfficer}}})

		mine, _, _ := f.reports.List(leader1, now, report.Filter{Period: "2026-Q1"})
		if len(mine) != 1 || mine[0].UnitID != f.cell1 {
			t.Fatalf("cell1's leader sees %+v", mine)
		}
		r := mine[0]
		if _, err := f.reports.Get(leader2, now, r.ID); codeOf(err) != apperr.NotFound {
			t.Errorf("another cell reads cell1's report: %v", err)
		}
		if got, _, _ := f.reports.List(secretary, now, report.Filter{Period: "2026-Q1", Received: true}); len(got) != 2 {
			t.Errorf("the recipient's leader receives %d reports of Q1, want 2", len(got))
		}
		draft := report.DraftInput{Results: "Thăm hỏi 12 hộ nghèo", Difficulties: "Thiếu kinh phí", Version: r.Version}
		if _, err := f.reports.SaveDraft(member1, now, r.ID, draft); codeOf(err) != apperr.Forbidden {
			t.Errorf("a member saves the draft: %v", err)
		}
		v, err := f.reports.SaveDraft(leader1, now, r.ID, draft)
		if err != nil || v.Status != report.Draft || v.Results != draft.Results {
			t.Fatalf("draft: %+v %v", v, err)
		}
		if _, err := f.reports.SaveDraft(leader1, now, r.ID, draft); codeOf(err) != apperr.Conflict {
			t.Errorf("a stale draft: %v", err)
		}
		if _, err := f.reports.Approve(chair, now, r.ID, v.Version); codeOf(err) != apperr.Conflict {
			t.Errorf("approving a draft: %v", err)
		}
		// Due 07/04/2026: 23:30 that day in Hồ Chí Minh City is on time.
		v, err = f.reports.Submit(leader1, local(2026, time.April, 7, 23, 30), r.ID, v.Version)
		if err != nil || v.Status != report.Submitted || v.OnTime == nil || !*v.OnTime {
			t.Fatalf("submit on the due day: %+v %v", v, err)
		}
		if _, err := f.reports.Approve(officer, now, r.ID, v.Version); codeOf(err) != apperr.Forbidden {
			t.Errorf("an officer approves: %v", err)
		}
		if _, err := f.reports.Return(chair, now, r.ID, v.Version, "  "); fields(err) != "reason" {
			t.Errorf("return without a reason: %v", err)
		}
		v, err = f.reports.Return(chair, local(2026, time.April, 8, 9, 0), r.ID, v.Version, "Bổ sung số liệu hỗ trợ")
		if err != nil || v.Status != report.Returned || v.Reason != "Bổ sung số liệu hỗ trợ" {
			t.Fatalf("return: %+v %v", v, err)
		}
		draft.Version = v.Version
		draft.Results += "; hỗ trợ 3 hộ"
		if v, err = f.reports.SaveDraft(leader1, now, r.ID, draft); err != nil || v.Status != report.Returned {
			t.Fatalf("a returned report edited stays returned: %+v %v", v, err)
		}
		if v, err = f.reports.Submit(leader1, local(2026, time.April, 9, 9, 0), r.ID, v.Version); err != nil || !*v.OnTime {
			t.Fatalf("resubmitted late keeps the first submission's timeliness: %+v %v", v, err)
		}
		if v, err = f.reports.Approve(secretary, local(2026, time.April, 10, 9, 0), r.ID, v.Version); err != nil || v.Status != report.Approved || v.ApprovedAt == nil {
			t.Fatalf("approve: %+v %v", v, err)
		}
		draft.Version = v.Version
		if _, err := f.reports.SaveDraft(leader1, now, r.ID, draft); codeOf(err) != apperr.Conflict {
			t.Errorf("editing an approved report: %v", err)
		}
		if _, err := f.reports.Reopen(leader1, now, r.ID, v.Version, "sửa"); codeOf(err) != apperr.Forbidden {
			t.Errorf("the reporting unit reopens: %v", err)
		}
		if _, err := f.reports.Reopen(chair, now, r.ID, v.Version, ""); fields(err) != "reason" {
			t.Errorf("reopen without a reason: %v", err)
		}
		if v, err = f.reports.Reopen(chair, now, r.ID, v.Version, "Sai số hộ thoát nghèo"); err != nil || v.Status != report.Returned || v.ApprovedAt != nil {
			t.Fatalf("reopen: %+v %v", v, err)
		}
		events, err := f.reports.Events(leader1, r.ID)
		var steps []string
		for _, e := range events {
			steps = append(steps, string(e.ToStatus))
		}
		if err != nil || strings.Join(steps, ",") != "draft,submitted,returned,returned,submitted,approved,returned" {
			t.Errorf("events: %v %v", steps, err)
		}

		// cell2 submits 10 minutes after midnight following its due day: late.
		theirs, _, _ := f.reports.List(leader2, now, report.Filter{Period: "2026-Q1"})
		late, err := f.reports.Submit(leader2, local(2026, time.April, 8, 0, 10), theirs[0].ID, theirs[0].Version)
		if err != nil || late.OnTime == nil || *late.OnTime {
			t.Fatalf("submitted at 00:10 after the due day: %+v %v", late, err)
		}
		cons, err := f.reports.Consolidate(chair, now, f.committee, "2026-Q1")
		if err != nil || cons.Expected != 2 || cons.Submitted != 1 || len(cons.Missing) != 1 || cons.Missing[0].ID != f.cell1 {
			t.Errorf("the Party Committee's Q1: %+v %v", cons, err)
		}
		if _, err := f.reports.Consolidate(leader2, now, f.committee, "2026-Q1"); codeOf(err) != apperr.NotFound {
			t.Errorf("a cell leader consolidates the ward: %v", err)
		}
		overdue, _, _ := f.reports.List(chair, local(2026, time.April, 8, 9, 0), report.Filter{Overdue: true})
		if len(overdue) != 1 || overdue[0].ID != r.ID || !overdue[0].Overdue {
			t.Errorf("overdue after cell2 sent and cell1's was reopened: %+v", overdue)
		}
	})
}
