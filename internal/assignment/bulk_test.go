package assignment_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/assignment"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// bulkWard is a ward with a party cell, a second cell and the health
// station, a leader (7) and two members (8, 9) in the cell, and households.
type bulkWard struct {
	db                    *bun.DB
	sys, chair, leader    context.Context
	ward, other           *area.Area
	cell, cell2, health   *unit.Unit
	units                 *unit.Service
	hs                    *household.Service
	svc                   *assignment.Service
	householdIDs          []int64
	insured, notInsured   []int64 // poor households with and without health insurance
	nearPoor              int64
	outsider              int64 // in another ward
	leaderID, m1, m2, out int64
}

func newBulkWard(t *testing.T, db *bun.DB) *bulkWard {
	t.Helper()
	w := &bulkWard{db: db, sys: access.With(context.Background(), access.System()), leaderID: 7, m1: 8, m2: 9, out: 10}
	areas := area.NewService(db, testenv.Loc)
	var err error
	if w.ward, err = areas.Create(w.sys, testenv.Now, area.Input{Code: "W", Name: "Phường 14", Kind: area.KindWard, Urban: true}); err != nil {
		t.Fatal(err)
	}
	w.other, _ = areas.Create(w.sys, testenv.Now, area.Input{Code: "W2", Name: "Phường 15", Kind: area.KindWard, Urban: true})
	w.units = unit.NewService(db)
	w.cell, _ = w.units.Create(w.sys, testenv.Now, unit.Input{Code: "CB", Name: "Chi bộ Khu phố 3", Kind: unit.KindPartyCell, AreaID: w.ward.ID})
	w.cell2, _ = w.units.Create(w.sys, testenv.Now, unit.Input{Code: "CB2", Name: "Chi bộ Khu phố 4", Kind: unit.KindPartyCell, AreaID: w.ward.ID})
	w.health, err = w.units.Create(w.sys, testenv.Now, unit.Input{Code: "TYT", Name: "Trạm Y tế", Kind: unit.KindHealthStation, AreaID: w.ward.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.hs = household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000))
	mk := func(code string, areaID, income int64, deprivations ...string) int64 {
		h, err := w.hs.Create(w.sys, testenv.Now, household.Input{Code: code, HeadName: "Hộ " + code, AreaID: areaID, Members: 3,
			Urban: true, IncomeMonthly: income, Deprivations: deprivations, Standard: poverty.StandardCity, Year: 2018})
		if err != nil {
			t.Fatal(err)
		}
		w.householdIDs = append(w.householdIDs, h.ID)
		return h.ID
	}
	// Five poor households, two of them without health insurance, and a near-poor one.
	for i := range 5 {
		if i < 2 {
			w.notInsured = append(w.notInsured, mk(fmt.Sprintf("H%d", i), w.ward.ID, 1_000_000, "health_insurance"))
		} else {
			w.insured = append(w.insured, mk(fmt.Sprintf("H%d", i), w.ward.ID, 1_000_000))
		}
	}
	w.nearPoor = mk("H5", w.ward.ID, 2_000_000)
	w.outsider = mk("X", w.other.ID, 1_000_000, "health_insurance")
	for id, name := range map[int64]string{7: "Bí thư", 8: "Đảng viên A", 9: "Đảng viên B", 10: "Người ngoài"} {
		if _, err := db.ExecContext(w.sys, "INSERT INTO users (id, email, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", id, fmt.Sprint(id), name, testenv.Now, testenv.Now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ExecContext(w.sys, "INSERT INTO memberships (user_id, unit_id, role, created_at) VALUES (7, ?, 'leader', ?), (8, ?, 'member', ?), (9, ?, 'member', ?)",
		w.cell.ID, testenv.Now, w.cell.ID, testenv.Now, w.cell.ID, testenv.Now); err != nil {
		t.Fatal(err)
	}
	w.svc = assignment.NewService(db, w.hs, w.units, testenv.Loc)
	w.chair = access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: 1, Name: "Chủ tịch", Grants: []access.Grant{{AreaPath: w.ward.Path, Role: access.RoleChair}}})
	w.leader = access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: 7, Memberships: []access.Membership{{UnitID: w.cell.ID, AreaPath: w.ward.Path, Role: access.UnitLeader}}})
	return w
}

// current returns a household's assignments in force today: primary unit,
// supporting units, person.
func (w *bulkWard) current(t *testing.T, id int64) (primary int64, supporting []int64, person int64) {
	t.Helper()
	rows, err := w.svc.List(w.sys, id)
	if err != nil {
		t.Fatal(err)
	}
	today := civil.DateOf(testenv.Now, testenv.Loc)
	for _, r := range rows {
		if r.ValidFrom.After(today) || (!r.ValidTo.IsZero() && !r.ValidTo.After(today)) {
			continue
		}
		switch {
		case r.UnitID != nil && r.IsPrimary:
			primary = *r.UnitID
		case r.UnitID != nil:
			supporting = append(supporting, *r.UnitID)
		case r.UserID != nil && r.IsPrimary:
			person = *r.UserID
		}
	}
	return
}

func intp(n int) *int { return &n }

func TestBulkPrimaryAndSupporting(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newBulkWard(t, db)
		poor := household.Filter{Class: poverty.ClassPoor}
		in := func(f household.Filter, unitID int64, role string) assignment.BulkInput {
			return assignment.BulkInput{Filter: f, UnitID: unitID, Role: role, Reason: " nghị quyết "}
		}

		// The preview of "the poor households to the cell", before anything: 5 of them (the other ward is out of scope).
		pv, err := w.svc.PreviewBulk(w.chair, testenv.Now, in(poor, w.cell.ID, assignment.RolePrimary))
		if err != nil || pv.Matched != 5 || pv.Assign != 5 || pv.Unchanged != 0 || pv.Leaving != 0 || pv.ConfirmCountRequired {
			t.Fatalf("first preview: %+v %v", pv, err)
		}
		if pv.ValidFrom != civil.DateOf(testenv.Now, testenv.Loc) {
			t.Errorf("the preview's day: %v", pv.ValidFrom)
		}
		res, err := w.svc.AssignByFilter(w.chair, testenv.Now, in(poor, w.cell.ID, assignment.RolePrimary))
		if err != nil || res.Assigned != 5 || res.Unchanged != 0 || res.Leaving != 0 {
			t.Fatalf("bulk: %+v %v", res, err)
		}
		// Two of them go to the other cell, one by one.
		for _, id := range w.insured[:2] {
			if _, err := w.svc.Assign(w.chair, testenv.Now, id, assignment.Input{UnitID: &w.cell2.ID, IsPrimary: true}); err != nil {
				t.Fatal(err)
			}
		}
		// Giving the poor households back to the cell: the preview says who leaves which cell.
		pv, err = w.svc.PreviewBulk(w.chair, testenv.Now, in(poor, w.cell.ID, assignment.RolePrimary))
		if err != nil || pv.Matched != 5 || pv.Assign != 2 || pv.Unchanged != 3 || pv.Leaving != 2 ||
			len(pv.LeavingUnits) != 1 || pv.LeavingUnits[0].UnitID != w.cell2.ID || pv.LeavingUnits[0].UnitName != "Chi bộ Khu phố 4" || pv.LeavingUnits[0].Households != 2 {
			t.Fatalf("preview of a move back: %+v %v", pv, err)
		}
		// The preview wrote nothing.
		if p, _, _ := w.current(t, w.insured[0]); p != w.cell2.ID {
			t.Errorf("after a preview, the household is with %d", p)
		}

		// The health station gets the poor households without health insurance as a supporting unit:
		// nobody leaves a cell.
		noBHYT := household.Filter{Class: poverty.ClassPoor, Deprivation: "health_insurance"}
		pv, err = w.svc.PreviewBulk(w.chair, testenv.Now, in(noBHYT, w.health.ID, assignment.RoleSupporting))
		if err != nil || pv.Matched != 2 || pv.Assign != 2 || pv.Leaving != 0 || len(pv.LeavingUnits) != 0 {
			t.Fatalf("supporting preview: %+v %v", pv, err)
		}
		res, err = w.svc.AssignByFilter(w.chair, testenv.Now, in(noBHYT, w.health.ID, assignment.RoleSupporting))
		if err != nil || res.Assigned != 2 || res.Leaving != 0 {
			t.Fatalf("supporting bulk: %+v %v", res, err)
		}
		for _, id := range w.notInsured {
			p, sup, _ := w.current(t, id)
			if p != w.cell.ID || len(sup) != 1 || sup[0] != w.health.ID {
				t.Errorf("household %d: primary %d, supporting %v; want the cell and the health station", id, p, sup)
			}
		}
		// Again: they already have it.
		if res, _ := w.svc.AssignByFilter(w.chair, testenv.Now, in(noBHYT, w.health.ID, assignment.RoleSupporting)); res == nil || res.Assigned != 0 || res.Unchanged != 2 {
			t.Errorf("supporting twice: %+v", res)
		}
		// A unit that already is the primary unit is not added as a supporting one.
		if pv, _ := w.svc.PreviewBulk(w.chair, testenv.Now, in(noBHYT, w.cell.ID, assignment.RoleSupporting)); pv == nil || pv.Unchanged != 2 || pv.Assign != 0 {
			t.Errorf("the primary unit as supporting: %+v", pv)
		}

		// The move back to the cell, as a primary unit: two leave the other cell, the health station stays.
		res, err = w.svc.AssignByFilter(w.chair, testenv.Now, in(poor, w.cell.ID, assignment.RolePrimary))
		if err != nil || res.Assigned != 2 || res.Unchanged != 3 || res.Leaving != 2 {
			t.Fatalf("move back: %+v %v", res, err)
		}
		if p, sup, _ := w.current(t, w.notInsured[0]); p != w.cell.ID || len(sup) != 1 {
			t.Errorf("after the move back: primary %d supporting %v", p, sup)
		}

		t.Run("refusals", func(t *testing.T) {
			for name, c := range map[string]struct {
				ctx   context.Context
				in    assignment.BulkInput
				code  apperr.Code
				field string
			}{
				"no role":      {w.chair, in(poor, w.cell.ID, ""), apperr.Invalid, "role"},
				"unknown role": {w.chair, in(poor, w.cell.ID, "both"), apperr.Invalid, "role"},
				"no unit":      {w.chair, in(poor, 9999, assignment.RolePrimary), apperr.Invalid, "unit_id"},
				"a leader":     {w.leader, in(poor, w.cell.ID, assignment.RolePrimary), apperr.Forbidden, ""},
			} {
				t.Run(name, func(t *testing.T) {
					_, err := w.svc.AssignByFilter(c.ctx, testenv.Now, c.in)
					if code(err) != c.code || fieldOf(err) != c.field {
						t.Errorf("got %v (field %q), want %s %q", err, fieldOf(err), c.code, c.field)
					}
					_, err = w.svc.PreviewBulk(c.ctx, testenv.Now, c.in)
					if code(err) != c.code || fieldOf(err) != c.field {
						t.Errorf("preview: got %v (field %q), want %s %q", err, fieldOf(err), c.code, c.field)
					}
				})
			}
		})
	})
}

func TestBulkConfirmCount(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newBulkWard(t, db)
		// The whole ward (an area, no other criterion): 6 households in the chair's scope.
		for _, f := range []household.Filter{{}, {AreaID: w.ward.ID}} {
			in := assignment.BulkInput{Filter: f, UnitID: w.cell.ID, Role: assignment.RolePrimary}
			pv, err := w.svc.PreviewBulk(w.chair, testenv.Now, in)
			if err != nil || !pv.ConfirmCountRequired || pv.Matched != 6 {
				t.Fatalf("preview of the whole ward (%+v): %+v %v", f, pv, err)
			}
			for name, typed := range map[string]*int{"missing": nil, "wrong": intp(5), "negative": intp(-6)} {
				in.ConfirmCount = typed
				if _, err := w.svc.AssignByFilter(w.chair, testenv.Now, in); code(err) != apperr.Invalid || fieldOf(err) != "confirm_count" {
					t.Errorf("%s count: %v (field %q)", name, err, fieldOf(err))
				}
			}
			if p, _, _ := w.current(t, w.nearPoor); p != 0 {
				t.Fatalf("a refused bulk wrote: the household is with %d", p)
			}
		}
		in := assignment.BulkInput{Filter: household.Filter{AreaID: w.ward.ID}, UnitID: w.cell.ID, Role: assignment.RolePrimary, ConfirmCount: intp(6)}
		res, err := w.svc.AssignByFilter(w.chair, testenv.Now, in)
		if err != nil || res.Assigned != 6 {
			t.Fatalf("the whole ward with the count typed back: %+v %v", res, err)
		}
		// A narrowing filter needs no count.
		in = assignment.BulkInput{Filter: household.Filter{AreaID: w.ward.ID, Query: "H5"}, UnitID: w.cell2.ID, Role: assignment.RolePrimary}
		if res, err := w.svc.AssignByFilter(w.chair, testenv.Now, in); err != nil || res.Assigned != 1 || res.Leaving != 1 {
			t.Errorf("a narrowed bulk: %+v %v", res, err)
		}
	})
}

func TestSpreadNorm(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newBulkWard(t, db)
		// Ten more households: 16 in the ward, all with the cell.
		for i := range 10 {
			if _, err := w.hs.Create(w.sys, testenv.Now, household.Input{Code: fmt.Sprintf("K%02d", i), HeadName: "Hộ", AreaID: w.ward.ID, Members: 2,
				Urban: true, IncomeMonthly: 1_000_000, Standard: poverty.StandardCity, Year: 2018}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.AssignByFilter(w.chair, testenv.Now, assignment.BulkInput{UnitID: w.cell.ID, Role: assignment.RolePrimary, ConfirmCount: intp(16)}); err != nil {
			t.Fatal(err)
		}
		// A supporting unit's households are not dealt to its members: only the primary unit's.
		if _, err := w.svc.AssignByFilter(w.chair, testenv.Now, assignment.BulkInput{Filter: household.Filter{Query: "K0"}, UnitID: w.cell2.ID, Role: assignment.RoleSupporting}); err != nil {
			t.Fatal(err)
		}

		// The two members alone would hold 8 each: over the norm of 7, three people are needed.
		plan, err := w.svc.PreviewSpread(w.leader, testenv.Now, w.cell.ID, assignment.SpreadInput{})
		if err != nil || plan.Households != 16 || plan.ToSpread != 16 || plan.People != 2 || plan.MaxEach != 8 || plan.MinEach != 8 ||
			!plan.OverNorm || plan.NeededPeople != 3 || plan.IncludeLeader || len(plan.Shares) != 2 {
			t.Fatalf("preview: %+v %v", plan, err)
		}
		_, err = w.svc.Spread(w.leader, testenv.Now, w.cell.ID, assignment.SpreadInput{})
		if code(err) != apperr.Invalid || fieldOf(err) != "accept_over_norm" {
			t.Fatalf("over the norm: %v (field %q)", err, fieldOf(err))
		}
		if _, _, person := w.current(t, w.nearPoor); person != 0 {
			t.Fatalf("a refused spread wrote a person: %d", person)
		}
		// With the leader: 6, 5 and 5.
		res, err := w.svc.Spread(w.leader, testenv.Now, w.cell.ID, assignment.SpreadInput{IncludeLeader: true, Reason: "chia đều"})
		if err != nil || res.Assigned != 16 || res.PerMember[w.leaderID] != 6 || res.PerMember[w.m1] != 5 || res.PerMember[w.m2] != 5 {
			t.Fatalf("spread with the leader: %+v %v", res, err)
		}
		ms, err := w.svc.Members(w.leader, testenv.Now, w.cell.ID)
		if err != nil || len(ms) != 3 || ms[0].UserID != w.leaderID || ms[0].Households != 6 || ms[1].Households != 5 {
			t.Errorf("members after the spread: %+v %v", ms, err)
		}

		// Two new households for the cell: by default only they are dealt, to the members holding the fewest.
		a, _ := w.hs.Create(w.sys, testenv.Now, household.Input{Code: "N1", HeadName: "Hộ", AreaID: w.ward.ID, Members: 2, Urban: true, IncomeMonthly: 1_000_000, Standard: poverty.StandardCity, Year: 2018})
		b, _ := w.hs.Create(w.sys, testenv.Now, household.Input{Code: "N2", HeadName: "Hộ", AreaID: w.ward.ID, Members: 2, Urban: true, IncomeMonthly: 1_000_000, Standard: poverty.StandardCity, Year: 2018})
		for _, id := range []int64{a.ID, b.ID} {
			if _, err := w.svc.Assign(w.chair, testenv.Now, id, assignment.Input{UnitID: &w.cell.ID, IsPrimary: true}); err != nil {
				t.Fatal(err)
			}
		}
		res, err = w.svc.Spread(w.leader, testenv.Now, w.cell.ID, assignment.SpreadInput{})
		if err != nil || res.Assigned != 2 || res.Unchanged != 16 || res.PerMember[w.m1] != 6 || res.PerMember[w.m2] != 6 {
			t.Fatalf("only the new ones: %+v %v", res, err)
		}
		if _, _, p := w.current(t, a.ID); p != w.m1 {
			t.Errorf("N1 went to %d", p)
		}

		// Rebalancing without the leader: the leader's six move, 9 each, over the norm: accepted explicitly.
		plan, err = w.svc.PreviewSpread(w.leader, testenv.Now, w.cell.ID, assignment.SpreadInput{Rebalance: true})
		if err != nil || plan.ToSpread != 6 || plan.Unchanged != 12 || plan.MaxEach != 9 || !plan.OverNorm || plan.NeededPeople != 3 {
			t.Fatalf("rebalance preview: %+v %v", plan, err)
		}
		res, err = w.svc.Spread(w.leader, testenv.Now, w.cell.ID, assignment.SpreadInput{Rebalance: true, AcceptOverNorm: true})
		if err != nil || res.Assigned != 6 || res.PerMember[w.m1] != 9 || res.PerMember[w.m2] != 9 {
			t.Fatalf("rebalance: %+v %v", res, err)
		}
		if _, ok := res.PerMember[w.leaderID]; ok {
			t.Errorf("the leader is in the shares: %+v", res.PerMember)
		}

		t.Run("refusals", func(t *testing.T) {
			member := access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: 8, Memberships: []access.Membership{{UnitID: w.cell.ID, AreaPath: w.ward.Path, Role: access.UnitMember}}})
			if _, err := w.svc.Spread(member, testenv.Now, w.cell.ID, assignment.SpreadInput{}); code(err) != apperr.Forbidden {
				t.Errorf("a member spreads: %v", err)
			}
			// The health station has no one; a unit with only its leader needs the leader included.
			if _, err := w.svc.Spread(w.chair, testenv.Now, w.health.ID, assignment.SpreadInput{}); code(err) != apperr.Invalid || fieldOf(err) != "unit_id" {
				t.Errorf("no members: %v (field %q)", err, fieldOf(err))
			}
			if _, err := db.ExecContext(w.sys, "INSERT INTO memberships (user_id, unit_id, role, created_at) VALUES (10, ?, 'leader', ?)", w.health.ID, testenv.Now); err != nil {
				t.Fatal(err)
			}
			if _, err := w.svc.PreviewSpread(w.chair, testenv.Now, w.health.ID, assignment.SpreadInput{}); code(err) != apperr.Invalid || fieldOf(err) != "include_leader" {
				t.Errorf("only a leader: %v (field %q)", err, fieldOf(err))
			}
			if plan, err := w.svc.PreviewSpread(w.chair, testenv.Now, w.health.ID, assignment.SpreadInput{IncludeLeader: true}); err != nil || plan.Households != 0 || plan.People != 1 {
				t.Errorf("only a leader, included: %+v %v", plan, err)
			}
		})
	})
}

func TestMembersAndUnitHouseholds(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newBulkWard(t, db)
		h := w.notInsured[0]
		if _, err := w.svc.Assign(w.sys, testenv.Now, h, assignment.Input{UnitID: &w.cell.ID, IsPrimary: true}); err != nil {
			t.Fatal(err)
		}
		// The leader gives the household to one member.
		if _, err := w.svc.Assign(w.leader, testenv.Now, h, assignment.Input{UserID: &w.m1, IsPrimary: true}); err != nil {
			t.Fatal(err)
		}
		member := access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: 8, Memberships: []access.Membership{{UnitID: w.cell.ID, AreaPath: w.ward.Path, Role: access.UnitMember}}})
		ms, err := w.svc.Members(w.leader, testenv.Now, w.cell.ID)
		if err != nil || len(ms) != 3 || ms[0].Role != "leader" || ms[1].Name != "Đảng viên A" || ms[1].Households != 1 || ms[2].Households != 0 {
			t.Errorf("members = %+v, %v", ms, err)
		}
		page, err := w.svc.Households(w.leader, testenv.Now, w.cell.ID, "", 1, 25)
		if err != nil || page.Total != 1 || page.Items[0].UserName != "Đảng viên A" {
			t.Errorf("unit households = %+v, %v", page, err)
		}
		if _, err := w.svc.Members(member, testenv.Now, w.cell.ID); code(err) != apperr.Forbidden {
			t.Errorf("a member listing the unit's people: %v", err)
		}
		// A person given from a later day is not in charge today.
		later := civil.DateOf(testenv.Now, testenv.Loc).Time().AddDate(0, 2, 0)
		if _, err := w.svc.Assign(w.leader, testenv.Now, h, assignment.Input{UserID: &w.m2, IsPrimary: true, ValidFrom: civil.DateOf(later, testenv.Loc)}); err != nil {
			t.Fatal(err)
		}
		ms, _ = w.svc.Members(w.leader, testenv.Now, w.cell.ID)
		if ms[1].Households != 1 || ms[2].Households != 0 {
			t.Errorf("a future assignment counted today: %+v", ms)
		}
		// Someone outside the unit cannot be given the household by its leader.
		if _, err := w.svc.Assign(w.leader, testenv.Now, h, assignment.Input{UserID: &w.out, IsPrimary: true}); code(err) != apperr.Forbidden {
			t.Errorf("the leader gives to a stranger: %v", err)
		}
	})
}
