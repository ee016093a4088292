package plan_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// fields returns the field names of an invalid-input error.
func fields(err error) []string {
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}

func as(p *access.Principal) context.Context { return access.With(context.Background(), p) }

func TestPlanLifecycle(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		chair := as(&access.Principal{Today: testenv.Today, UserID: 900, Name: "Bí thư", Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleChair}}})
		viewer := as(&access.Principal{Today: testenv.Today, UserID: 901, Grants: []access.Grant{{AreaPath: f.ward.Path, Role: access.RoleViewer}}})
		outsider := as(&access.Principal{Today: testenv.Today, UserID: 902, Grants: []access.Grant{{AreaPath: "/999999/", Role: access.RoleOfficer}}})
		leader := as(&access.Principal{Today: testenv.Today, UserID: 903, Memberships: []access.Membership{{UnitID: f.cell1, AreaPath: f.kp1.Path, Role: access.UnitLeader}}})

		in := plan.Input{AreaID: f.ward.ID, Kind: plan.KindResolution, Issuer: " Đảng ủy Phường 14 ", Year: 2018, Title: "Nghị quyết giảm nghèo 2018"}
		bad := in
		bad.Kind, bad.Issuer, bad.Year, bad.Title, bad.AreaID = "decree", " ", 1990, "", 999999
		if _, err := f.plans.Create(chair, testenv.Now, bad); strings.Join(fields(err), ",") != "kind,issuer,title,year,area_id" {
			t.Errorf("bad plan: %v", err)
		}
		if _, err := f.plans.Create(viewer, testenv.Now, in); codeOf(err) != apperr.Forbidden {
			t.Errorf("a viewer enters a plan: %v", err)
		}
		if _, err := f.plans.Create(outsider, testenv.Now, in); strings.Join(fields(err), ",") != "area_id" {
			t.Errorf("an officer of another ward enters a plan here: %v", err)
		}
		p, err := f.plans.Create(chair, testenv.Now, in)
		if err != nil || p.Issuer != "Đảng ủy Phường 14" || p.Version != 1 {
			t.Fatalf("create: %+v %v", p, err)
		}
		for name, ctx := range map[string]context.Context{"outsider": outsider, "leader": leader} {
			if _, err := f.plans.Get(ctx, p.ID); codeOf(err) != apperr.NotFound {
				t.Errorf("%s reads the plan: %v", name, err)
			}
			if list, _ := f.plans.List(ctx, plan.ListFilter{}); len(list) != 0 {
				t.Errorf("%s lists %d plans", name, len(list))
			}
		}
		if list, _ := f.plans.List(viewer, plan.ListFilter{Year: 2018}); len(list) != 1 || list[0].AreaName != "Phường 14" {
			t.Errorf("viewer's list: %+v", list)
		}
		in.Title = "Nghị quyết lãnh đạo thực hiện Chương trình giảm nghèo bền vững năm 2018"
		if _, err := f.plans.Update(chair, testenv.Now, p.ID, 1, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.plans.Update(chair, testenv.Now, p.ID, 1, in); codeOf(err) != apperr.Conflict {
			t.Errorf("stale update: %v", err)
		}
		if _, err := f.plans.AddDuty(chair, testenv.Now, p.ID, unitDuty("Báo cáo năm", f.bgn, plan.PerUnit, plan.Yearly, plan.Selector{})); err != nil {
			t.Fatal(err)
		}
		moved := in
		moved.AreaID = f.kp1.ID
		if _, err := f.plans.Update(chair, testenv.Now, p.ID, 2, moved); strings.Join(fields(err), ",") != "area_id" {
			t.Errorf("moving a plan with duties: %v", err)
		}
		if _, err := f.plans.Archive(viewer, testenv.Now, p.ID, 2); codeOf(err) != apperr.Forbidden {
			t.Errorf("viewer archives: %v", err)
		}
		if _, err := f.plans.Archive(chair, testenv.Now, p.ID, 2); err != nil {
			t.Fatal(err)
		}
		if open := len(tasksOfStatus(t, db, "todo")); open != 0 {
			t.Errorf("%d tasks still open after archiving the plan", open)
		}
		var reason string
		_ = db.NewRaw("SELECT closed_reason FROM tasks LIMIT 1").Scan(context.Background(), &reason)
		if reason != "plan.archived" {
			t.Errorf("closed reason %q", reason)
		}
		if _, err := f.plans.Expand(chair, testenv.Now, p.ID); codeOf(err) != apperr.Conflict {
			t.Errorf("expanding an archived plan: %v", err)
		}
		if list, _ := f.plans.List(chair, plan.ListFilter{Archived: true}); len(list) != 1 {
			t.Errorf("archived list: %d", len(list))
		}
	})
}

// Seed 001: the ward's target −2 poor households (0,14%), to 6 households
// (0,41%), split over residential groups; coverage targets in basis points.
func TestTargets(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		p := f.newPlan()
		cov := func(ind string, bp int) plan.TargetInput {
			return plan.TargetInput{Kind: plan.TargetCoverage, Indicator: ind, BasisPoints: ptr(bp)}
		}
		good := []plan.TargetInput{
			{Kind: plan.TargetPoorReduction, Households: ptr(2), BasisPoints: ptr(14)},
			{Kind: plan.TargetPoorRemaining, Households: ptr(6), BasisPoints: ptr(41)},
			{Kind: plan.TargetPoorReduction, AreaID: f.kp1.ID, Households: ptr(1)},
			{Kind: plan.TargetPoorReduction, AreaID: f.t1.ID, Households: ptr(1)}, // inside KP1: part of KP1's share
			{Kind: plan.TargetPoorReduction, AreaID: f.t2.ID, Households: ptr(1)},
			cov("health_insurance", 10_000), cov("child_schooling", 10_000), cov("adequate_housing", 9_000), cov("clean_water", 10_000),
			cov("latrine", 9_500), cov("telecom", 8_500), cov("information_assets", 8_500),
		}
		d, err := f.plans.SetTargets(f.sys, testenv.Now, p.ID, 1, good)
		if err != nil || len(d.Targets) != 12 || d.Plan.Version != 2 || d.Targets[2].AreaName != "Khu phố 1" {
			t.Fatalf("set targets: %v %+v", err, d)
		}
		cases := []struct {
			name    string
			targets []plan.TargetInput
			field   string
			message string
		}{
			{"split over the total", []plan.TargetInput{
				{Kind: plan.TargetPoorReduction, Households: ptr(2)},
				{Kind: plan.TargetPoorReduction, AreaID: f.t1.ID, Households: ptr(2)},
				{Kind: plan.TargetPoorReduction, AreaID: f.t2.ID, Households: ptr(1)},
			}, "targets[0].households", "plan.split_exceeds"},
			{"split of a child over its share", []plan.TargetInput{
				{Kind: plan.TargetPoorReduction, Households: ptr(5)},
				{Kind: plan.TargetPoorReduction, AreaID: f.kp2.ID, Households: ptr(1)},
				{Kind: plan.TargetPoorReduction, AreaID: f.t2.ID, Households: ptr(1)},
				{Kind: plan.TargetPoorReduction, AreaID: f.t3.ID, Households: ptr(1)},
			}, "targets[1].households", "plan.split_exceeds"},
			{"area outside the plan", []plan.TargetInput{{Kind: plan.TargetPoorReduction, AreaID: f.other(), Households: ptr(1)}}, "targets[0].area_id", "plan.area_outside"},
			{"coverage with a count", []plan.TargetInput{{Kind: plan.TargetCoverage, Indicator: "latrine", BasisPoints: ptr(9_500), Households: ptr(3)}}, "targets[0].households", "plan.coverage_rate_only"},
			{"coverage without indicator", []plan.TargetInput{{Kind: plan.TargetCoverage, BasisPoints: ptr(9_500)}}, "targets[0].indicator", "field.one_of"},
			{"rate over 100%", []plan.TargetInput{cov("telecom", 10_001)}, "targets[0].basis_points", "field.between"},
			{"reduction without figures", []plan.TargetInput{{Kind: plan.TargetNearPoorReduction}}, "targets[0].households", "plan.count_or_rate"},
			{"twice", []plan.TargetInput{cov("telecom", 8_500), cov("telecom", 9_000)}, "targets[1].area_id", "plan.target_twice"},
			{"unknown kind", []plan.TargetInput{{Kind: "wealth", Households: ptr(1)}}, "targets[0].kind", "field.one_of"},
		}
		for _, c := range cases {
			_, err := f.plans.SetTargets(f.sys, testenv.Now, p.ID, 2, c.targets)
			e, ok := apperr.As(err)
			if !ok || len(e.Fields) == 0 || e.Fields[0].Field != c.field || e.Fields[0].MessageID != c.message {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.field, c.message)
				continue
			}
			if c.message == "plan.split_exceeds" && e.Fields[0].Args["Area"] == "" {
				t.Errorf("%s: the error does not name the area: %+v", c.name, e.Fields[0])
			}
		}
		if d, _ := f.plans.Get(f.sys, p.ID); len(d.Targets) != 12 || d.Plan.Version != 2 {
			t.Errorf("refused targets wrote: %d targets, version %d", len(d.Targets), d.Plan.Version)
		}
		if _, err := f.plans.SetTargets(f.sys, testenv.Now, p.ID, 1, good); codeOf(err) != apperr.Conflict {
			t.Errorf("stale targets: %v", err)
		}
	})
}

// other makes an area outside the ward and returns its id.
func (f *fixture) other() int64 {
	var id int64
	if err := f.db.NewRaw("SELECT id FROM areas WHERE code = 'X-OTHER'").Scan(f.sys, &id); err == nil {
		return id
	}
	err := f.db.NewRaw("INSERT INTO areas (code, name, kind, path, depth, urban, version, created_at, updated_at) VALUES ('X-OTHER', 'Phường khác', 'ward', '/x/', 0, ?, 1, ?, ?) RETURNING id",
		true, testenv.Now, testenv.Now).Scan(f.sys, &id)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func TestDutyValidation(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		p := f.newPlan()
		ok := unitDuty("Báo cáo quý", f.bgn, plan.PerUnit, plan.Quarterly, plan.Selector{})
		with := func(change func(in *plan.DutyInput)) plan.DutyInput {
			in := ok
			change(&in)
			return in
		}
		cases := []struct {
			name   string
			in     plan.DutyInput
			fields string
		}{
			{"no title", with(func(in *plan.DutyInput) { in.Title = " " }), "title"},
			{"unit and kind", with(func(in *plan.DutyInput) { in.UnitKind = unit.KindPartyCell }), "unit_id"},
			{"neither unit nor kind", with(func(in *plan.DutyInput) { in.UnitID = nil }), "unit_id"},
			{"unknown kind", with(func(in *plan.DutyInput) { in.UnitID, in.UnitKind = nil, "guild" }), "unit_kind"},
			{"unknown unit", with(func(in *plan.DutyInput) { in.UnitID = ptr(int64(999999)) }), "unit_id"},
			{"scope outside the plan", with(func(in *plan.DutyInput) {
				in.UnitID, in.UnitKind, in.ScopeAreaID = nil, unit.KindPartyCell, ptr(f.other())
			}), "scope_area_id"},
			{"scope with one unit", with(func(in *plan.DutyInput) { in.ScopeAreaID = &f.kp1.ID }), "scope_area_id"},
			{"bad target and frequency", with(func(in *plan.DutyInput) { in.Target, in.Frequency = "street", "daily" }), "target,frequency"},
			{"selector on a unit duty", with(func(in *plan.DutyInput) { in.Selector.Classes = []poverty.Class{poverty.ClassPoor} }), "selector"},
			{"bad selector", with(func(in *plan.DutyInput) {
				in.Target, in.Selector = plan.PerHousehold, plan.Selector{Classes: []poverty.Class{"rich"}, Deprivation: "wifi", Flag: "vip", AreaID: f.other()}
			}), "selector.classes,selector.deprivation,selector.flag,selector.area_id"},
			{"once without a day", with(func(in *plan.DutyInput) { in.Frequency = plan.Once }), "due_on"},
			{"once in another year", with(func(in *plan.DutyInput) { in.Frequency, in.DueOn = plan.Once, civil.NewDate(2019, 1, 15) }), "due_on"},
			{"due day on a recurring duty", with(func(in *plan.DutyInput) { in.DueOn = civil.NewDate(2018, 5, 1) }), "due_on"},
			{"days before the end", with(func(in *plan.DutyInput) { in.DueDaysBeforeEnd = -1 }), "due_days_before_end"},
			{"valid after the year", with(func(in *plan.DutyInput) { in.ValidFrom = civil.NewDate(2019, 1, 1) }), "valid_from"},
			{"valid to before from", with(func(in *plan.DutyInput) { in.ValidTo = civil.NewDate(2017, 12, 31) }), "valid_to"},
		}
		for _, c := range cases {
			if _, err := f.plans.AddDuty(f.sys, testenv.Now, p.ID, c.in); strings.Join(fields(err), ",") != c.fields {
				t.Errorf("%s: %v, want fields %s", c.name, err, c.fields)
			}
		}
		if n := len(tasksOf(t, db, p.ID)); n != 0 {
			t.Errorf("refused duties wrote %d tasks", n)
		}
		r, err := f.plans.AddDuty(f.sys, testenv.Now, p.ID, ok)
		if err != nil || r.Expansion.Created != 4 {
			t.Fatalf("add: %+v %v", r, err)
		}
		// Changing the duty: from quarterly to six-monthly, the quarters not over close.
		six := ok
		six.Frequency = plan.SixMonthly
		r, err = f.plans.UpdateDuty(f.sys, at(time.April, 2), p.ID, r.Duty.ID, 1, six)
		if err != nil || r.Expansion.Created != 2 || r.Expansion.Closed != 3 || r.Duty.Version != 2 {
			t.Fatalf("update: %+v %v", r, err)
		}
		if _, err := f.plans.UpdateDuty(f.sys, at(time.April, 2), p.ID, r.Duty.ID, 1, six); codeOf(err) != apperr.Conflict {
			t.Errorf("stale duty: %v", err)
		}
		if _, err := f.plans.UpdateDuty(f.sys, at(time.April, 2), p.ID, 999999, 2, six); codeOf(err) != apperr.NotFound {
			t.Errorf("unknown duty: %v", err)
		}
		var reason string
		_ = db.NewRaw("SELECT closed_reason FROM tasks WHERE period = '2018-Q2'").Scan(context.Background(), &reason)
		if reason != "duty.changed" {
			t.Errorf("Q2 closed with %q", reason)
		}
	})
}

// The scheduler's run: every plan of the year that is not archived is
// expanded as of now, each in its own transaction; other years are left alone.
func TestExpandYear(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		report := unitDuty("Báo cáo quý", f.bgn, plan.PerUnit, plan.Quarterly, plan.Selector{})
		var ids []int64
		for _, title := range []string{"Nghị quyết", "Kế hoạch", "Kế hoạch đã thu hồi"} {
			p := f.newPlan()
			if _, err := f.plans.Update(f.sys, testenv.Now, p.ID, 1, plan.Input{AreaID: f.ward.ID, Kind: plan.KindPlan, Issuer: "UBND", Year: 2018, Title: title}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.plans.AddDuty(f.sys, testenv.Now, p.ID, report); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		if _, err := f.plans.Archive(f.sys, testenv.Now, ids[2], 2); err != nil {
			t.Fatal(err)
		}
		// The board is archived: on the next night, the tasks of its quarters not over close.
		if _, err := f.units.Archive(f.sys, testenv.Now, f.bgn, 1, "Giải thể"); err != nil {
			t.Fatal(err)
		}
		sums, err := f.plans.ExpandYear(f.sys, at(time.April, 2), 2018)
		if err != nil || len(sums) != 2 {
			t.Fatalf("ExpandYear: %+v %v", sums, err)
		}
		for _, s := range sums {
			if s.PlanID == ids[2] || s.Closed != 3 || s.Created != 0 || s.YearOver {
				t.Errorf("summary %+v, want plans %v with Q2–Q4 closed", s, ids[:2])
			}
		}
		var reason string
		_ = db.NewRaw("SELECT DISTINCT closed_reason FROM tasks t JOIN duties d ON d.id = t.duty_id WHERE d.plan_id = ? AND t.status = 'cancelled'", ids[0]).Scan(context.Background(), &reason)
		if reason != "unit.not_responsible" {
			t.Errorf("closed with %q", reason)
		}
		if sums, err := f.plans.ExpandYear(f.sys, at(time.April, 2), 2019); err != nil || len(sums) != 0 {
			t.Errorf("another year: %+v %v", sums, err)
		}
		// In the next January the year is over: its tasks are history, and the summary says so.
		sums, err = f.plans.ExpandYear(f.sys, time.Date(2019, time.January, 3, 9, 0, 0, 0, testenv.Loc), 2018)
		if err != nil || len(sums) != 2 {
			t.Fatalf("ExpandYear after the year: %+v %v", sums, err)
		}
		for _, s := range sums {
			if !s.YearOver || s.Created+s.Updated+s.Reopened+s.Closed+s.Unchanged != 0 {
				t.Errorf("after the year: %+v, want year_over and nothing done", s)
			}
		}
	})
}
