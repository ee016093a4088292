package assignment_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/assignment"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// datingWorld is a ward with two neighbourhood cells, a health station, a
// 2018 plan (a quarterly visit by the cell in charge, a yearly BHYT card by
// the health station for the households given to it), and people: a and
// leader3 in the Khu phố 3 cell, b and leader4 in the Khu phố 4 cell, both
// in the two cells, nurse leading the health station.
type datingWorld struct {
	t                       *testing.T
	db                      *bun.DB
	sys                     context.Context
	kp3                     *area.Area
	hs                      *household.Service
	svc                     *assignment.Service
	plans                   *plan.Service
	planID                  int64
	cell3, cell4, tyt       int64
	a, b, both              int64
	leader3, leader4, nurse int64
	seq                     int
}

func newDatingWorld(t *testing.T, db *bun.DB) *datingWorld {
	w := &datingWorld{t: t, db: db, sys: access.With(context.Background(), access.System())}
	areas := area.NewService(db, testenv.Loc)
	ward, err := areas.Create(w.sys, testenv.Now, area.Input{Code: "W", Name: "Phường 14", Kind: area.KindWard, Urban: true})
	if err != nil {
		t.Fatal(err)
	}
	w.kp3, _ = areas.Create(w.sys, testenv.Now, area.Input{Code: "KP3", Name: "Khu phố 3", Kind: area.KindNeighbourhood, ParentID: &ward.ID, Urban: true})
	kp4, _ := areas.Create(w.sys, testenv.Now, area.Input{Code: "KP4", Name: "Khu phố 4", Kind: area.KindNeighbourhood, ParentID: &ward.ID, Urban: true})
	units := unit.NewService(db)
	mkUnit := func(code string, kind unit.Kind, a *area.Area) int64 {
		u, err := units.Create(w.sys, testenv.Now, unit.Input{Code: code, Name: code, Kind: kind, AreaID: a.ID})
		if err != nil {
			t.Fatalf("unit %s: %v", code, err)
		}
		return u.ID
	}
	w.cell3, w.cell4, w.tyt = mkUnit("CB-KP3", unit.KindPartyCell, w.kp3), mkUnit("CB-KP4", unit.KindPartyCell, kp4), mkUnit("TYT", unit.KindHealthStation, ward)
	w.hs = household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000))
	w.svc = assignment.NewService(db, w.hs, units, testenv.Loc)
	w.plans = plan.NewService(db, testenv.Loc)
	w.hs.Follow(w.plans.FollowHouseholds)
	user := func(email string, memberships ...any) int64 {
		var id int64
		if err := db.NewRaw("INSERT INTO users (email, name, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			email, email, true, testenv.Now, testenv.Now).Scan(w.sys, &id); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(memberships); i += 2 {
			if _, err := db.ExecContext(w.sys, "INSERT INTO memberships (user_id, unit_id, role, created_at) VALUES (?, ?, ?, ?)",
				id, memberships[i], memberships[i+1], testenv.Now); err != nil {
				t.Fatal(err)
			}
		}
		return id
	}
	w.a, w.leader3 = user("a@test", w.cell3, "member"), user("leader3@test", w.cell3, "leader")
	w.b, w.leader4 = user("b@test", w.cell4, "member"), user("leader4@test", w.cell4, "leader")
	w.both, w.nurse = user("both@test", w.cell3, "member", w.cell4, "member"), user("nurse@test", w.tyt, "leader")
	p, err := w.plans.Create(w.sys, testenv.Now, plan.Input{AreaID: ward.ID, Kind: plan.KindResolution, Issuer: "Đảng ủy Phường 14",
		Number: "05-NQ/ĐU", IssuedOn: civil.NewDate(2018, 1, 15), Year: 2018, Title: "Giảm nghèo bền vững năm 2018"})
	if err != nil {
		t.Fatal(err)
	}
	w.planID = p.ID
	poor := []poverty.Class{poverty.ClassPoor}
	for _, in := range []plan.DutyInput{
		{Title: "Thăm hộ được phân công", UnitKind: unit.KindPartyCell, Target: plan.PerHousehold, Frequency: plan.Quarterly,
			Selector: plan.Selector{Classes: poor, AssignedToUnit: true}, ValidFrom: civil.NewDate(2018, 1, 1), ClosesOnVisit: true},
		{Title: "Hỗ trợ thẻ BHYT", UnitID: &w.tyt, Target: plan.PerHousehold, Frequency: plan.Yearly,
			Selector: plan.Selector{Classes: poor, AssignedToUnit: true}, ValidFrom: civil.NewDate(2018, 1, 1)},
	} {
		if _, err := w.plans.AddDuty(w.sys, testenv.Now, p.ID, in); err != nil {
			t.Fatalf("duty %s: %v", in.Title, err)
		}
	}
	return w
}

// household registers a poor household in Khu phố 3, given to the cell and
// to person a from 1 January 2018.
func (w *datingWorld) household() int64 {
	w.t.Helper()
	w.seq++
	code := "H" + string(rune('0'+w.seq))
	h, err := w.hs.Create(w.sys, testenv.Now, household.Input{Code: code, HeadName: "Hộ " + code, AreaID: w.kp3.ID, Members: 3, Urban: true,
		IncomeMonthly: 1_000_000, Standard: poverty.StandardCity, Classification: poverty.ClassPoor, Year: 2018})
	if err != nil {
		w.t.Fatal(err)
	}
	w.mustAssign(testenv.Now, h.ID, assignment.Input{UnitID: &w.cell3, IsPrimary: true, ValidFrom: civil.NewDate(2018, 1, 1)})
	w.mustAssign(testenv.Now, h.ID, assignment.Input{UserID: &w.a, IsPrimary: true, ValidFrom: civil.NewDate(2018, 1, 1)})
	return h.ID
}

func (w *datingWorld) mustAssign(now time.Time, householdID int64, in assignment.Input) *assignment.Assignment {
	w.t.Helper()
	a, err := w.svc.Assign(w.sys, now, householdID, in)
	if err != nil {
		w.t.Fatalf("assign %d %+v: %v", householdID, in, err)
	}
	return a
}

// as is the principal of a user on a day: a leader of the units they lead, a member of the others.
func (w *datingWorld) as(userID int64, today civil.Date) context.Context {
	p := &access.Principal{UserID: userID, Today: today}
	var ms []struct {
		UnitID int64  `bun:"unit_id"`
		Role   string `bun:"role"`
	}
	if err := w.db.NewRaw("SELECT unit_id, role FROM memberships WHERE user_id = ? AND ended_at IS NULL", userID).Scan(w.sys, &ms); err != nil {
		w.t.Fatal(err)
	}
	for _, m := range ms {
		p.Memberships = append(p.Memberships, access.Membership{UnitID: m.UnitID, AreaPath: w.kp3.Path, Role: access.UnitRole(m.Role)})
	}
	return access.With(context.Background(), p)
}

// sees reports whether user reads the household on day.
func (w *datingWorld) sees(userID int64, today civil.Date, householdID int64) bool {
	w.t.Helper()
	_, err := w.hs.Get(w.as(userID, today), householdID)
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
		return false
	} else if err != nil {
		w.t.Fatal(err)
	}
	return true
}

// task returns the household's task of a duty (by title) and period.
func (w *datingWorld) task(householdID int64, title, period string) (unitID int64, userID *int64, status string) {
	w.t.Helper()
	err := w.db.NewRaw(`SELECT t.unit_id, t.user_id, t.status FROM tasks t JOIN duties d ON d.id = t.duty_id
		WHERE t.household_id = ? AND d.title = ? AND t.period = ? AND t.status <> 'cancelled'`, householdID, title, period).
		Scan(w.sys, &unitID, &userID, &status)
	if err != nil {
		w.t.Fatalf("task of %d %s %s: %v", householdID, title, period, err)
	}
	return
}

// open returns the household's rows not ended: "unit:<id>" or "user:<id>", primary or "+" supporting.
func (w *datingWorld) open(householdID int64) map[string]civil.Date {
	w.t.Helper()
	var rows []assignment.Assignment
	if err := w.db.NewSelect().Model(&rows).Where("household_id = ? AND valid_to IS NULL", householdID).Scan(w.sys); err != nil {
		w.t.Fatal(err)
	}
	out := map[string]civil.Date{}
	for _, r := range rows {
		k := "unit"
		id := r.UnitID
		if r.UserID != nil {
			k, id = "user", r.UserID
		}
		if !r.IsPrimary {
			k = "+" + k
		}
		out[k+":"+itoa(*id)] = r.ValidFrom
	}
	return out
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// noNegativePeriods fails when a row ends before it starts.
func (w *datingWorld) noNegativePeriods() {
	w.t.Helper()
	var n int
	if err := w.db.NewRaw("SELECT COUNT(*) FROM household_assignments WHERE valid_to IS NOT NULL AND valid_to < valid_from").Scan(w.sys, &n); err != nil || n != 0 {
		w.t.Errorf("%d rows end before they start (%v)", n, err)
	}
}

func at(month time.Month, day int) time.Time {
	return time.Date(2018, month, day, 9, 0, 0, 0, testenv.Loc)
}

func TestAssignmentDating(t *testing.T) {
	const visit, bhyt = "Thăm hộ được phân công", "Hỗ trợ thẻ BHYT"
	march15, july1 := civil.NewDate(2018, 3, 15), civil.NewDate(2018, 7, 1)
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newDatingWorld(t, db)
		tests := []struct {
			name string
			run  func(t *testing.T, h int64)
		}{
			{"a move dated in the future takes effect on its day", func(t *testing.T, h int64) {
				w.mustAssign(at(time.March, 15), h, assignment.Input{UnitID: &w.cell4, IsPrimary: true, ValidFrom: july1})
				// 15 March: nothing has moved yet.
				if !w.sees(w.leader3, march15, h) || !w.sees(w.a, march15, h) || w.sees(w.leader4, march15, h) {
					t.Errorf("on 15/03 the old cell and person must see the household, the new cell not")
				}
				if u, _, _ := w.task(h, visit, "2018-Q3"); u != w.cell3 {
					t.Errorf("on 15/03 Q3's visit belongs to unit %d, want the old cell %d", u, w.cell3)
				}
				// 1 July: the nightly expansion and the next read both see the move.
				if _, err := w.plans.ExpandYear(access.With(context.Background(), access.SystemOn(july1)), at(time.July, 1), 2018); err != nil {
					t.Fatal(err)
				}
				if !w.sees(w.leader4, july1, h) || w.sees(w.leader3, july1, h) || w.sees(w.a, july1, h) {
					t.Errorf("on 01/07 only the new cell may see the household")
				}
				if u, p, s := w.task(h, visit, "2018-Q3"); u != w.cell4 || p != nil || s != "todo" {
					t.Errorf("on 01/07 Q3's visit: unit %d person %v %s, want the new cell %d, nobody, todo", u, p, s, w.cell4)
				}
				if u, _, _ := w.task(h, visit, "2018-Q1"); u != w.cell3 {
					t.Errorf("Q1 is history: unit %d, want %d", u, w.cell3)
				}
				// Person a was not a member of the new cell: their row ends on the move's day.
				if o := w.open(h); len(o) != 1 || o["unit:"+itoa(w.cell4)] != july1 {
					t.Errorf("rows not ended: %v, want only the new cell from 01/07", o)
				}
			}},
			{"a move dated before the current row's start is refused", func(t *testing.T, h int64) {
				w.mustAssign(at(time.March, 15), h, assignment.Input{UnitID: &w.cell4, IsPrimary: true, ValidFrom: march15})
				w.mustAssign(at(time.March, 20), h, assignment.Input{UserID: &w.b, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 20)})
				before := w.open(h)
				for _, in := range []assignment.Input{
					{UnitID: &w.cell3, IsPrimary: true, ValidFrom: civil.NewDate(2018, 2, 1)},
					{UserID: &w.both, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 16)},
				} {
					_, err := w.svc.Assign(w.sys, at(time.March, 20), h, in)
					if fieldOf(err) != "valid_from" {
						t.Errorf("backdated %+v: %v, want valid_from refused", in, err)
					}
					if e, ok := apperr.As(err); !ok || e.Fields[0].MessageID != "assignment.before_current" {
						t.Errorf("backdated: %v, want assignment.before_current", err)
					}
				}
				if after := w.open(h); len(after) != len(before) {
					t.Errorf("a refused move changed the rows: %v → %v", before, after)
				}
			}},
			{"a move to another cell ends the person row and open tasks follow", func(t *testing.T, h int64) {
				w.mustAssign(at(time.March, 15), h, assignment.Input{UnitID: &w.cell4, IsPrimary: true, ValidFrom: march15})
				if o := w.open(h); len(o) != 1 || o["unit:"+itoa(w.cell4)] != march15 {
					t.Errorf("rows not ended: %v, want only the new cell", o)
				}
				// The current quarter's visit was still to do: it follows the household, like the later ones.
				for _, q := range []string{"2018-Q1", "2018-Q2", "2018-Q4"} {
					if u, p, _ := w.task(h, visit, q); u != w.cell4 || p != nil {
						t.Errorf("%s visit: unit %d person %v, want the new cell %d and nobody", q, u, p, w.cell4)
					}
				}
				if w.sees(w.a, march15, h) || w.sees(w.leader3, march15, h) || !w.sees(w.leader4, march15, h) {
					t.Errorf("after the move only the new cell sees the household")
				}
				// Nor its tasks: the old cell's leader and member find none of them.
				var ids []int64
				if err := db.NewRaw("SELECT id FROM tasks WHERE household_id = ?", h).Scan(w.sys, &ids); err != nil || len(ids) == 0 {
					t.Fatalf("tasks: %v %v", ids, err)
				}
				for _, id := range ids {
					for _, u := range []int64{w.a, w.leader3} {
						if _, err := w.plans.GetTask(w.as(u, march15), at(time.March, 15), id); code(err) != apperr.NotFound {
							t.Errorf("user %d on task %d after the move: %v, want not found", u, id, err)
						}
					}
					if _, err := w.plans.GetTask(w.as(w.leader4, march15), at(time.March, 15), id); err != nil {
						t.Errorf("the new cell's leader on task %d: %v", id, err)
					}
				}
				// The new cell's leader gives it to b, a member of the new cell.
				w.mustAssign(at(time.March, 15), h, assignment.Input{UserID: &w.b, IsPrimary: true, ValidFrom: march15})
				if u, p, _ := w.task(h, visit, "2018-Q2"); u != w.cell4 || p == nil || *p != w.b {
					t.Errorf("Q2 visit: unit %d person %v, want b in the new cell", u, p)
				}
			}},
			{"a person who belongs to the new cell too stays in charge", func(t *testing.T, h int64) {
				w.mustAssign(at(time.March, 15), h, assignment.Input{UserID: &w.both, IsPrimary: true, ValidFrom: march15})
				w.mustAssign(at(time.March, 16), h, assignment.Input{UnitID: &w.cell4, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 16)})
				if o := w.open(h); len(o) != 2 || o["user:"+itoa(w.both)] != march15 {
					t.Errorf("rows: %v, want the new cell and the person kept", o)
				}
				if u, p, _ := w.task(h, visit, "2018-Q2"); u != w.cell4 || p == nil || *p != w.both {
					t.Errorf("Q2 visit: unit %d person %v, want the new cell with the same person", u, p)
				}
			}},
			{"a person in charge must be a member of the primary unit", func(t *testing.T, h int64) {
				_, err := w.svc.Assign(w.sys, at(time.March, 15), h, assignment.Input{UserID: &w.b, IsPrimary: true, ValidFrom: march15})
				if fieldOf(err) != "user_id" {
					t.Errorf("b is not in the Khu phố 3 cell: %v, want user_id refused", err)
				}
			}},
			{"a supporting unit is added without leaving the cell", func(t *testing.T, h int64) {
				sup := w.mustAssign(at(time.March, 15), h, assignment.Input{UnitID: &w.tyt, ValidFrom: march15})
				o := w.open(h)
				if o["unit:"+itoa(w.cell3)].IsZero() || o["user:"+itoa(w.a)].IsZero() || o["+unit:"+itoa(w.tyt)] != march15 {
					t.Errorf("rows: %v, want the cell and person kept beside the health station", o)
				}
				if !w.sees(w.a, march15, h) || !w.sees(w.leader3, march15, h) || !w.sees(w.nurse, march15, h) {
					t.Errorf("the cell, its member and the supporting unit's leader all see the household")
				}
				// The supporting unit's duty owns its task; the cell keeps the visits.
				if u, _, _ := w.task(h, bhyt, "2018"); u != w.tyt {
					t.Errorf("BHYT task: unit %d, want the health station %d", u, w.tyt)
				}
				if u, p, _ := w.task(h, visit, "2018-Q2"); u != w.cell3 || p == nil || *p != w.a {
					t.Errorf("Q2 visit: unit %d person %v, want the cell with a", u, p)
				}
				// Again: no change. The primary unit as a supporting one: refused.
				if again := w.mustAssign(at(time.March, 20), h, assignment.Input{UnitID: &w.tyt, ValidFrom: civil.NewDate(2018, 3, 20)}); again.ID != sup.ID {
					t.Errorf("adding the health station twice wrote row %d beside %d", again.ID, sup.ID)
				}
				if _, err := w.svc.Assign(w.sys, at(time.March, 20), h, assignment.Input{UnitID: &w.cell3, ValidFrom: civil.NewDate(2018, 3, 20)}); fieldOf(err) != "unit_id" {
					t.Errorf("the cell as its own supporting unit: %v, want unit_id refused", err)
				}
				// A move of the primary cell keeps the supporting unit.
				w.mustAssign(at(time.March, 21), h, assignment.Input{UnitID: &w.cell4, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 21)})
				if o := w.open(h); o["+unit:"+itoa(w.tyt)] != march15 || o["unit:"+itoa(w.cell4)].IsZero() {
					t.Errorf("rows after the move: %v, want the health station kept", o)
				}
			}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				tc.run(t, w.household())
				w.noNegativePeriods()
			})
		}
	})
}
