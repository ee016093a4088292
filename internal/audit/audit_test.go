package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/reqinfo"
	"chungtay/internal/testenv"
)

func TestRecordAndListWithinScope(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		officer := &access.Principal{Today: testenv.Today, UserID: 5, Name: "Cán bộ VHXH", Grants: []access.Grant{{AreaPath: "/1/2/", Role: access.RoleOfficer}}}
		ctx := reqinfo.With(access.With(context.Background(), officer), reqinfo.Info{ID: "req-1", ClientIP: "10.0.0.7"})
		day := func(d int) time.Time { return time.Date(2018, 3, d, 3, 0, 0, 0, time.UTC) }
		writes := []struct {
			ctx  context.Context
			at   time.Time
			path string
			id   int64
		}{
			{ctx, day(1), "/1/2/3/", 1},
			{ctx, day(2), "/1/2/4/", 2},
			{access.With(context.Background(), access.System()), day(3), "/1/9/", 3}, // another ward, by the system
			{ctx, day(4), "/1/9/", 4}, // the officer's own action elsewhere
		}
		for _, w := range writes {
			err := audit.Record(w.ctx, db, w.at, audit.Change{Action: audit.Update, Entity: "household", EntityID: w.id, AreaPath: w.path,
				Before: map[string]any{"members": 4}, After: map[string]any{"members": 5}})
			if err != nil {
				t.Fatal(err)
			}
		}
		page, err := audit.List(ctx, db, testenv.Loc, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 3 || page.Items[0].EntityID == nil || *page.Items[0].EntityID != 4 {
			t.Fatalf("officer's trail: total %d, first %+v", page.Total, page.Items[0])
		}
		e := page.Items[2]
		if e.ActorName != "Cán bộ VHXH" || *e.ActorID != 5 || e.RequestID != "req-1" || e.ClientIP != "10.0.0.7" ||
			e.Before.(map[string]any)["members"] != float64(4) || e.After.(map[string]any)["members"] != float64(5) {
			t.Errorf("entry = %+v", e)
		}
		// Days are days in Hồ Chí Minh City, both ends included.
		page, _ = audit.List(ctx, db, testenv.Loc, audit.Filter{From: civil.NewDate(2018, 3, 2), To: civil.NewDate(2018, 3, 2)})
		if page.Total != 1 {
			t.Errorf("one day: %d", page.Total)
		}
		all, _ := audit.List(access.With(context.Background(), access.System()), db, testenv.Loc, audit.Filter{})
		none, _ := audit.List(context.Background(), db, testenv.Loc, audit.Filter{})
		if all.Total != 4 || none.Total != 0 {
			t.Errorf("system sees %d, anonymous %d", all.Total, none.Total)
		}
		if _, err := audit.List(ctx, db, testenv.Loc, audit.Filter{From: civil.NewDate(2018, 3, 5), To: civil.NewDate(2018, 3, 1)}); err == nil {
			t.Error("a reversed range was accepted")
		}
	})
}

// An entry about no area (an export, a bulk action) is placed where its
// actor works, so that the auditors there see it; a whole-country actor's
// stays national.
func TestEntriesWithoutAreaGoToTheActorsArea(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		wardChair := &access.Principal{Today: testenv.Today, UserID: 1, Name: "Chủ tịch", Grants: []access.Grant{{AreaPath: "/1/2/", Role: access.RoleChair}}}
		twoWards := &access.Principal{Today: testenv.Today, UserID: 2, Name: "Cán bộ hai phường", Grants: []access.Grant{
			{AreaPath: "/1/2/", Role: access.RoleOfficer}, {AreaPath: "/1/3/", Role: access.RoleOfficer}}}
		member := &access.Principal{Today: testenv.Today, UserID: 3, Name: "Đảng viên", Memberships: []access.Membership{{UnitID: 9, AreaPath: "/1/2/5/", Role: access.UnitMember}}}
		national := &access.Principal{Today: testenv.Today, UserID: 4, Name: "Quản trị", Grants: []access.Grant{{Role: access.RoleAdmin}}}
		twoProvinces := &access.Principal{Today: testenv.Today, UserID: 5, Name: "Hai tỉnh", Grants: []access.Grant{
			{AreaPath: "/1/", Role: access.RoleViewer}, {AreaPath: "/7/", Role: access.RoleViewer}}}
		want := map[*access.Principal]string{wardChair: "/1/2/", twoWards: "/1/", member: "/1/2/5/", national: "", twoProvinces: ""}
		for p, path := range want {
			if err := audit.Record(access.With(context.Background(), p), db, testenv.Now, audit.Change{Action: audit.Export, Entity: "household"}); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := db.NewRaw("SELECT area_path FROM audit_log WHERE actor_id = ?", p.UserID).Scan(context.Background(), &got); err != nil {
				t.Fatal(err)
			}
			if got != path {
				t.Errorf("%s's export placed at %q, want %q", p.Name, got, path)
			}
		}
		// The ward's chair now sees the export of the member of a unit in the ward.
		page, err := audit.List(access.With(context.Background(), wardChair), db, testenv.Loc, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range page.Items {
			seen[e.ActorName] = true
		}
		if !seen["Đảng viên"] || !seen["Chủ tịch"] || seen["Quản trị"] || seen["Cán bộ hai phường"] {
			t.Errorf("the ward chair's trail shows %v", seen)
		}
	})
}
