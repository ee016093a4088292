package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"chungtay/internal/demo"
	"chungtay/internal/testenv"
)

// Bulk assignment in the demo ward, through the API: the preview, a
// supporting unit that leaves the party cells alone, the count typed back
// over the whole ward, and "Chia đều" against the 5–7 norm.
func TestBulkAssignmentFlows(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			db := testenv.Open(t, engine)
			if _, err := demo.Load(context.Background(), db, time.Now(), demo.ScaleWard); err != nil {
				t.Fatal(err)
			}
			accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
			srv := newServer(t, db, accounts, nil)
			as := func(email string) *client {
				cookie, csrf := signIn(t, srv, email, demo.DemoPassword)
				return &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
			}
			boss, lead := as(chair), as(leader)
			ctx := context.Background()
			var health, cell, ward int64
			if err := db.NewRaw("SELECT id FROM units WHERE kind = 'health_station' AND name = 'Trạm Y tế Phường 14'").Scan(ctx, &health); err != nil {
				t.Fatal(err)
			}
			if err := db.NewRaw("SELECT id FROM units WHERE name = 'Chi bộ Khu phố 3'").Scan(ctx, &cell); err != nil {
				t.Fatal(err)
			}
			if err := db.NewRaw("SELECT id FROM areas WHERE name = 'Phường 14'").Scan(ctx, &ward); err != nil {
				t.Fatal(err)
			}
			// The primary unit of every household today, to see that a supporting unit changes none.
			primaries := func() map[int64]int64 {
				var rows []struct {
					HouseholdID int64 `bun:"household_id"`
					UnitID      int64 `bun:"unit_id"`
				}
				if err := db.NewRaw("SELECT household_id, unit_id FROM household_assignments WHERE is_primary AND unit_id IS NOT NULL AND valid_to IS NULL").Scan(ctx, &rows); err != nil {
					t.Fatal(err)
				}
				m := map[int64]int64{}
				for _, r := range rows {
					m[r.HouseholdID] = r.UnitID
				}
				return m
			}

			// The health station gets the poor households without health insurance, as a supporting unit.
			noBHYT := map[string]any{"unit_id": health, "role": "supporting", "class": "poor", "deprivation": "health_insurance"}
			pv := boss.do("POST", "/api/v1/assignments/bulk/preview", noBHYT)
			if pv.Status != 200 || num(pv.JSON["matched"]) == 0 || num(pv.JSON["leaving"]) != 0 || pv.JSON["confirm_count_required"] != false {
				t.Fatalf("supporting preview: %d %.400s", pv.Status, pv.Raw)
			}
			before := primaries()
			r := boss.do("POST", "/api/v1/assignments/bulk", noBHYT)
			if r.Status != 200 || num(r.JSON["assigned"]) != num(pv.JSON["assign"]) {
				t.Fatalf("supporting bulk: %d %.400s", r.Status, r.Raw)
			}
			if after := primaries(); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("a supporting unit changed primary units:\nbefore %v\nafter  %v", before, after)
			}

			// The poor households to the cell of Khu phố 3 as their primary unit: the preview names the cells they leave.
			poor := map[string]any{"unit_id": cell, "role": "primary", "class": "poor"}
			pv = boss.do("POST", "/api/v1/assignments/bulk/preview", poor)
			var leaving int64
			if err := db.NewRaw(`SELECT COUNT(*) FROM household_assignments AS ha JOIN households AS h ON h.id = ha.household_id
				WHERE ha.is_primary AND ha.unit_id IS NOT NULL AND ha.unit_id <> ? AND ha.valid_to IS NULL AND h.classification = 'poor' AND h.archived_at IS NULL`, cell).Scan(ctx, &leaving); err != nil {
				t.Fatal(err)
			}
			units, _ := pv.JSON["leaving_units"].([]any)
			if pv.Status != 200 || leaving == 0 || num(pv.JSON["leaving"]) != leaving || len(units) == 0 {
				t.Fatalf("primary preview (want %d leaving): %d %.600s", leaving, pv.Status, pv.Raw)
			}
			sum := int64(0)
			for _, u := range units {
				m := u.(map[string]any)
				sum += num(m["households"])
				if !strings.HasPrefix(m["unit_name"].(string), "Chi bộ") {
					t.Errorf("a household leaves %v", m)
				}
			}
			if sum != leaving {
				t.Errorf("leaving units add up to %d, want %d", sum, leaving)
			}
			r = boss.do("POST", "/api/v1/assignments/bulk", poor)
			if r.Status != 200 || num(r.JSON["leaving"]) != leaving || num(r.JSON["assigned"]) != num(pv.JSON["assign"]) {
				t.Fatalf("primary bulk: %d %.400s", r.Status, r.Raw)
			}

			// The whole ward with no other criterion: the count must be typed back.
			whole := map[string]any{"unit_id": cell, "role": "supporting", "area_id": ward}
			pv = boss.do("POST", "/api/v1/assignments/bulk/preview", whole)
			if pv.Status != 200 || pv.JSON["confirm_count_required"] != true {
				t.Fatalf("whole-ward preview: %d %.300s", pv.Status, pv.Raw)
			}
			n := num(pv.JSON["matched"])
			for _, typed := range []any{nil, n - 1} {
				body := map[string]any{"unit_id": cell, "role": "supporting", "area_id": ward}
				if typed != nil {
					body["confirm_count"] = typed
				}
				r = boss.do("POST", "/api/v1/assignments/bulk", body)
				if f, msg := r.errField(0); r.Status != 422 || f != "confirm_count" || !strings.Contains(msg, fmt.Sprint(n)) {
					t.Errorf("confirm_count %v: %d %q %q", typed, r.Status, f, msg)
				}
			}
			if r = boss.do("POST", "/api/v1/assignments/bulk", map[string]any{"unit_id": cell, "area_id": ward, "class": "poor"}); r.Status != 422 {
				t.Errorf("no role: %d %.300s", r.Status, r.Raw)
			} else if f, _ := r.errField(0); !strings.Contains(f, "role") {
				t.Errorf("no role names %q", f)
			}
			whole["confirm_count"] = n
			if r = boss.do("POST", "/api/v1/assignments/bulk", whole); r.Status != 200 || num(r.JSON["assigned"])+num(r.JSON["unchanged"]) != n {
				t.Errorf("the count typed back: %d %.300s", r.Status, r.Raw)
			}

			// And the near-poor ones as their primary unit too: the demo's cells already gave most of
			// theirs to members, so this brings the cell the ones nobody is in charge of yet.
			if r = boss.do("POST", "/api/v1/assignments/bulk", map[string]any{"unit_id": cell, "role": "primary", "class": "near_poor"}); r.Status != 200 {
				t.Fatalf("near-poor bulk: %d %.300s", r.Status, r.Raw)
			}

			// The cell now has every poor and near-poor household: its leader asks how to share them.
			sp := lead.do("POST", fmt.Sprintf("/api/v1/units/%d/spread/preview", cell), map[string]any{})
			if sp.Status != 200 || sp.JSON["include_leader"] != false || num(sp.JSON["norm_max"]) != 7 {
				t.Fatalf("spread preview: %d %.400s", sp.Status, sp.Raw)
			}
			people, total := num(sp.JSON["people"]), num(sp.JSON["households"])
			if need := num(sp.JSON["needed_people"]); need < (total-num(sp.JSON["unchanged"])+6)/7 || (num(sp.JSON["max_each"]) > 7) != (sp.JSON["over_norm"] == true) {
				t.Errorf("spread preview does not add up: %.400s", sp.Raw)
			}
			if sp.JSON["over_norm"] != true {
				t.Fatalf("%d households among %d people should be over the norm: %.400s", total, people, sp.Raw)
			}
			r = lead.do("POST", fmt.Sprintf("/api/v1/units/%d/spread", cell), map[string]any{})
			if f, msg := r.errField(0); r.Status != 422 || f != "accept_over_norm" || !strings.Contains(msg, "định mức 7 hộ/người") {
				t.Errorf("spread over the norm: %d %q %q", r.Status, f, msg)
			}
			r = lead.do("POST", fmt.Sprintf("/api/v1/units/%d/spread", cell), map[string]any{"accept_over_norm": true, "include_leader": true})
			if r.Status != 200 || num(r.JSON["assigned"]) == 0 {
				t.Errorf("spread accepted over the norm: %d %.400s", r.Status, r.Raw)
			}
		})
	}
}
