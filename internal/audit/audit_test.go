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
		officer := &access.Principal{UserID: 5, Name: "Cán bộ VHXH", Grants: []access.Grant{{AreaPath: "/1/2/", Role: access.RoleOfficer}}}
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
