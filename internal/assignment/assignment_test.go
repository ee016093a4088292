package assignment_test

import (
	"context"
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

func code(err error) apperr.Code {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return ""
}

// fieldOf returns the first field a validation error names.
func fieldOf(err error) string {
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && len(e.Fields) > 0 {
		return e.Fields[0].Field
	}
	return ""
}

func TestAssign(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		sys := access.With(context.Background(), access.System())
		areas := area.NewService(db, testenv.Loc)
		ward, _ := areas.Create(sys, testenv.Now, area.Input{Code: "W", Name: "Phường 14", Kind: area.KindWard, Urban: true})
		kp, _ := areas.Create(sys, testenv.Now, area.Input{Code: "KP3", Name: "Khu phố 3", Kind: area.KindNeighbourhood, ParentID: &ward.ID, Urban: true})
		units := unit.NewService(db)
		cell, err := units.Create(sys, testenv.Now, unit.Input{Code: "CB-KP3", Name: "Chi bộ Khu phố 3", Kind: unit.KindPartyCell, AreaID: kp.ID})
		if err != nil {
			t.Fatal(err)
		}
		other, _ := units.Create(sys, testenv.Now, unit.Input{Code: "HPN", Name: "Hội Phụ nữ", Kind: unit.KindWomensUnion, AreaID: ward.ID})
		hs := household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000))
		mk := func(code string) int64 {
			h, err := hs.Create(sys, testenv.Now, household.Input{Code: code, HeadName: "Hộ " + code, AreaID: kp.ID, Members: 3,
				Urban: true, IncomeMonthly: 1_000_000, Standard: poverty.StandardCity, Year: 2018})
			if err != nil {
				t.Fatal(err)
			}
			return h.ID
		}
		h1, h2 := mk("H1"), mk("H2")
		for id, name := range map[int64]string{7: "Bí thư chi bộ", 8: "Đảng viên A", 9: "Người ngoài"} {
			if _, err := db.ExecContext(sys, "INSERT INTO users (id, email, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", id, name, name, testenv.Now, testenv.Now); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.ExecContext(sys, "INSERT INTO memberships (user_id, unit_id, role, created_at) VALUES (7, ?, 'leader', ?), (8, ?, 'member', ?)", cell.ID, testenv.Now, cell.ID, testenv.Now); err != nil {
			t.Fatal(err)
		}
		svc := assignment.NewService(db, hs, units, testenv.Loc)
		as := func(p *access.Principal) context.Context { return access.With(context.Background(), p) }
		chair := as(&access.Principal{Today: testenv.Today, UserID: 1, Name: "Chủ tịch", Grants: []access.Grant{{AreaPath: ward.Path, Role: access.RoleChair}}})
		leader := as(&access.Principal{Today: testenv.Today, UserID: 7, Memberships: []access.Membership{{UnitID: cell.ID, AreaPath: kp.Path, Role: access.UnitLeader}}})
		member := as(&access.Principal{Today: testenv.Today, UserID: 8, Memberships: []access.Membership{{UnitID: cell.ID, AreaPath: kp.Path, Role: access.UnitMember}}})
		officer := as(&access.Principal{Today: testenv.Today, UserID: 2, Grants: []access.Grant{{AreaPath: ward.Path, Role: access.RoleOfficer}}})
		ptr := func(v int64) *int64 { return &v }

		// The chair gives both households to the party cell, then H1 to the Women's Union instead.
		for _, h := range []int64{h1, h2} {
			if _, err := svc.Assign(chair, testenv.Now, h, assignment.Input{UnitID: &cell.ID, IsPrimary: true, ValidFrom: civil.NewDate(2018, 1, 10)}); err != nil {
				t.Fatalf("chair assigns to the cell: %v", err)
			}
		}
		// The leader hands H2 to a member of the cell.
		if _, err := svc.Assign(leader, testenv.Now, h2, assignment.Input{UserID: ptr(8), IsPrimary: true}); err != nil {
			t.Fatalf("leader assigns to a member: %v", err)
		}
		cases := []struct {
			name string
			ctx  context.Context
			h    int64
			in   assignment.Input
			want apperr.Code
		}{
			{"leader to someone outside the unit", leader, h2, assignment.Input{UserID: ptr(9), IsPrimary: true}, apperr.Forbidden},
			{"member cannot assign", member, h2, assignment.Input{UserID: ptr(8), IsPrimary: true}, apperr.Forbidden},
			{"officer has no assign right", officer, h1, assignment.Input{UnitID: &other.ID, IsPrimary: true}, apperr.Forbidden},
			{"both unit and person", chair, h1, assignment.Input{UnitID: &other.ID, UserID: ptr(8)}, apperr.Invalid},
			{"unknown person", chair, h1, assignment.Input{UserID: ptr(404)}, apperr.Invalid},
			{"member cannot see H1", member, h1, assignment.Input{UserID: ptr(8)}, apperr.NotFound},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if _, err := svc.Assign(c.ctx, testenv.Now, c.h, c.in); code(err) != c.want {
					t.Errorf("got %v, want %s", err, c.want)
				}
			})
		}
		if _, err := svc.Assign(chair, testenv.Now, h1, assignment.Input{UnitID: &other.ID, IsPrimary: true, ValidFrom: civil.NewDate(2018, 3, 1), Reason: "điều chỉnh"}); err != nil {
			t.Fatal(err)
		}
		list, err := svc.List(chair, h1)
		if err != nil || len(list) != 2 || list[0].UnitName != "Hội Phụ nữ" || !list[0].ValidTo.IsZero() || list[1].ValidTo != civil.NewDate(2018, 3, 1) {
			t.Errorf("history of H1 = %+v, %v", list, err)
		}
		// The unit's households, as its list and export show them.
		if page, _ := hs.List(chair, household.Filter{UnitID: cell.ID}); page.Total != 1 || page.Items[0].ID != h2 {
			t.Errorf("the cell's households: %+v", page.Items)
		}
		// What the member sees follows the assignments.
		page, _ := hs.List(member, household.Filter{})
		if page.Total != 1 || page.Items[0].ID != h2 {
			t.Errorf("member's households = %+v", page.Items)
		}
		page, _ = hs.List(leader, household.Filter{})
		if page.Total != 1 {
			t.Errorf("leader's households after H1 moved to the Women's Union: %d", page.Total)
		}
	})
}

func TestAreasInCharge(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		sys := access.With(context.Background(), access.System())
		areas := area.NewService(db, testenv.Loc)
		ward, _ := areas.Create(sys, testenv.Now, area.Input{Code: "W", Name: "Phường 14", Kind: area.KindWard, Urban: true})
		kp, _ := areas.Create(sys, testenv.Now, area.Input{Code: "KP1", Name: "Khu phố 1", Kind: area.KindNeighbourhood, ParentID: &ward.ID, Urban: true})
		other, _ := areas.Create(sys, testenv.Now, area.Input{Code: "W2", Name: "Phường 15", Kind: area.KindWard, Urban: true})
		units := unit.NewService(db)
		board, _ := units.Create(sys, testenv.Now, unit.Input{Code: "BGN", Name: "Ban Giảm nghèo", Kind: unit.KindPovertyBoard, AreaID: ward.ID})
		hs := household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000))
		svc := assignment.NewService(db, hs, units, testenv.Loc)
		chair := access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: 1, Name: "Chủ tịch", Grants: []access.Grant{{AreaPath: ward.Path, Role: access.RoleChair}}})
		officer := access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: 2, Grants: []access.Grant{{AreaPath: ward.Path, Role: access.RoleOfficer}}})

		if _, err := svc.SetAreaInCharge(chair, testenv.Now, board.ID, assignment.AreaInput{AreaID: kp.ID, ValidFrom: civil.NewDate(2018, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetAreaInCharge(chair, testenv.Now, board.ID, assignment.AreaInput{AreaID: kp.ID}); code(err) != apperr.Conflict {
			t.Errorf("twice: %v", err)
		}
		if _, err := svc.SetAreaInCharge(chair, testenv.Now, board.ID, assignment.AreaInput{AreaID: other.ID}); code(err) != apperr.Invalid {
			t.Errorf("an area out of the chair's scope: %v", err)
		}
		if _, err := svc.SetAreaInCharge(officer, testenv.Now, board.ID, assignment.AreaInput{AreaID: kp.ID, End: true}); code(err) != apperr.Forbidden {
			t.Errorf("an officer has no assign right: %v", err)
		}
		_, err := svc.SetAreaInCharge(chair, testenv.Now, board.ID, assignment.AreaInput{AreaID: kp.ID, End: true, ValidFrom: civil.NewDate(2017, 12, 31)})
		if fe := fieldOf(err); fe != "valid_from" {
			t.Errorf("an end before the start: %v (field %q)", err, fe)
		}
		if _, err := svc.SetAreaInCharge(chair, testenv.Now, board.ID, assignment.AreaInput{AreaID: kp.ID, End: true, ValidFrom: civil.NewDate(2018, 3, 1)}); err != nil {
			t.Fatal(err)
		}
		list, err := svc.AreasInCharge(chair, testenv.Now, board.ID)
		if err != nil || len(list) != 1 || list[0].AreaName != "Khu phố 1" || list[0].ValidTo != civil.NewDate(2018, 3, 1) || !list[0].Ended {
			t.Errorf("history: %+v %v", list, err)
		}
		// An end set for a later day: still in charge until then, listed before the ended row.
		if _, err := svc.SetAreaInCharge(chair, testenv.Now, board.ID, assignment.AreaInput{AreaID: kp.ID, ValidFrom: civil.NewDate(2018, 3, 2)}); err != nil {
			t.Fatal(err)
		}
		later := civil.DateOf(testenv.Now, testenv.Loc).Time().AddDate(0, 1, 0)
		end, err := svc.SetAreaInCharge(chair, testenv.Now, board.ID, assignment.AreaInput{AreaID: kp.ID, End: true, ValidFrom: civil.DateOf(later, testenv.Loc)})
		if err != nil || end.Ended {
			t.Fatalf("an end next month: %+v %v", end, err)
		}
		list, _ = svc.AreasInCharge(chair, testenv.Now, board.ID)
		if len(list) != 2 || list[0].Ended || !list[1].Ended || list[0].ValidFrom != civil.NewDate(2018, 3, 2) {
			t.Errorf("history with an end to come: %+v", list)
		}
	})
}
