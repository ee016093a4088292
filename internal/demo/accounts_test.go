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
		// The logins, and a leader and three members in each of the 12 cells (2 of Khu phố 3's are logins).
		if n := count("SELECT COUNT(*) FROM users"); n != len(demo.Logins)+12*4-2 {
			t.Errorf("%d users, want %d", n, len(demo.Logins)+12*4-2)
		}
		cells := []struct {
			name  string
			query string
			want  int
		}{
			{"cells with a leader and three members", `SELECT COUNT(*) FROM units u WHERE u.code LIKE '26890-CB-KP%'
				AND (SELECT COUNT(*) FROM memberships m WHERE m.unit_id = u.id AND m.role = 'leader' AND m.ended_at IS NULL) = 1
				AND (SELECT COUNT(*) FROM memberships m WHERE m.unit_id = u.id AND m.role = 'member' AND m.ended_at IS NULL) = 3`, 12},
			{"people in charge of fewer than 5 or more than 7 households", `SELECT COUNT(*) FROM (SELECT user_id FROM household_assignments
				WHERE user_id IS NOT NULL AND valid_to IS NULL GROUP BY user_id HAVING COUNT(*) < 5 OR COUNT(*) > 7) AS x`, 0},
			{"households given to a person who is not a member of their cell", `SELECT COUNT(*) FROM household_assignments p
				JOIN household_assignments c ON c.household_id = p.household_id AND c.unit_id IS NOT NULL AND c.valid_to IS NULL
				WHERE p.user_id IS NOT NULL AND p.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM memberships m
				WHERE m.user_id = p.user_id AND m.unit_id = c.unit_id AND m.role = 'member' AND m.ended_at IS NULL)`, 0},
			{"households still with their cell only (its newest, for the leader to give out)", `SELECT COUNT(*) FROM households h
				WHERE NOT EXISTS (SELECT 1 FROM household_assignments p WHERE p.household_id = h.id AND p.user_id IS NOT NULL)`, 15},
			{"cells each with a household to give out", `SELECT COUNT(DISTINCT c.unit_id) FROM household_assignments c WHERE c.unit_id IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM household_assignments p WHERE p.household_id = c.household_id AND p.user_id IS NOT NULL)`, 12},
			{"cells in charge of their own khu phố", `SELECT COUNT(*) FROM unit_areas ua JOIN units u ON u.id = ua.unit_id JOIN areas a ON a.id = ua.area_id
				WHERE u.area_id = a.id AND u.kind = 'party_cell' AND a.kind = 'neighbourhood' AND ua.valid_from = '2018-01-01' AND ua.valid_to IS NULL`, 12},
			{"the ward administrator", `SELECT COUNT(*) FROM grants g JOIN users u ON u.id = g.user_id JOIN areas a ON a.id = g.area_id
				WHERE u.email = 'admin.p14@chungtay.local' AND g.role = 'admin' AND a.code = '26890' AND g.revoked_at IS NULL`, 1},
		}
		for _, c := range cells {
			if n := count(c.query); n != c.want {
				t.Errorf("%s: %d, want %d", c.name, n, c.want)
			}
		}
		areas := area.NewService(db, testenv.Loc)
		hs := household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000))
		accounts := account.NewService(db, account.Options{})
		want := map[string]int{ // households each login can list
			"admin@chungtay.local": 126, "admin.p14@chungtay.local": 126, "vhxh.p14@chungtay.local": 126, "bithu.p14@chungtay.local": 126,
			"bithu.kp3@chungtay.local":    -1, // the cell's: all of Khu phố 3
			"dangvien.kp3@chungtay.local": 5, "quan.govap@chungtay.local": 0,
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
