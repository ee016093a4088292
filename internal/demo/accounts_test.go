package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/demo"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
)

// The demo ward has one login per role, and its households are assigned so
// that each login sees what that role should see.
func TestWardLogins(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, time.Now(), demo.ScaleWard); err != nil {
			t.Fatal(err)
		}
		count := func(q string, args ...any) int {
			var n int
			if err := db.NewRaw(q, args...).Scan(ctx, &n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		if n := count("SELECT COUNT(DISTINCT household_id) FROM household_assignments WHERE unit_id IS NOT NULL AND valid_to IS NULL"); n != 126 {
			t.Errorf("households assigned to a party cell: %d, want all 126", n)
		}
		if n := count("SELECT COUNT(*) FROM users"); n != len(demo.Logins) {
			t.Errorf("%d users, want %d", n, len(demo.Logins))
		}
		areas := area.NewService(db, testenv.Loc)
		hs := household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000))
		accounts := account.NewService(db, account.Options{})
		want := map[string]int{ // households each login can list
			"admin@chungtay.local": 126, "vhxh.p14@chungtay.local": 126, "bithu.p14@chungtay.local": 126,
			"bithu.kp3@chungtay.local":    -1, // the cell's: all of Khu phố 3
			"dangvien.kp3@chungtay.local": 6, "quan.govap@chungtay.local": 0,
		}
		kp3 := count("SELECT COUNT(*) FROM households WHERE code LIKE 'P14-KP03-%'")
		for _, l := range demo.Logins {
			var id int64
			if err := db.NewRaw("SELECT id FROM users WHERE email = ?", l.Email).Scan(ctx, &id); err != nil {
				t.Fatal(err)
			}
			hash := ""
			_ = db.NewRaw("SELECT password_hash FROM users WHERE id = ?", id).Scan(ctx, &hash)
			if ok, err := account.VerifyPassword(hash, demo.DemoPassword); !ok || err != nil {
				t.Errorf("%s: the demo password does not verify (%v)", l.Email, err)
			}
			p, err := accounts.Principal(ctx, id)
			if err != nil {
				t.Fatalf("principal of %s: %v", l.Email, err)
			}
			p.Today = civil.DateOf(time.Now(), testenv.Loc) // as the authenticator sets it: the demo lives today
			page, err := hs.List(access.With(ctx, p), household.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			w := want[l.Email]
			if w == -1 {
				w = kp3
			}
			if page.Total != w {
				t.Errorf("%s lists %d households, want %d", l.Email, page.Total, w)
			}
		}
	})
}
