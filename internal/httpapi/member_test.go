package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"

	"chungtay/internal/demo"
	"chungtay/internal/testenv"
)

// A party member reads their own households and nothing else: another
// household cannot be read, listed, searched, filtered, exported or guessed.
func TestMemberSeesOnlyOwnHouseholds(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			db := testenv.Open(t, engine)
			if _, err := demo.Load(context.Background(), db, demoAsOf, demo.ScaleWard); err != nil {
				t.Fatal(err)
			}
			accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
			srv := newServer(t, db, accounts, nil)
			cookie, csrf := signIn(t, srv, member, demo.DemoPassword)
			c := &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}

			var own []int64
			if err := db.NewRaw("SELECT household_id FROM household_assignments AS ha JOIN users AS u ON u.id = ha.user_id WHERE u.email = ? AND ha.valid_to IS NULL ORDER BY household_id", member).
				Scan(context.Background(), &own); err != nil || len(own) != 5 {
				t.Fatalf("own households: %v %v", own, err)
			}
			var otherID int64
			var otherCode, otherName string
			err := db.NewRaw("SELECT id, code, head_name FROM households WHERE id NOT IN (?) AND code LIKE 'P14-KP03-%' ORDER BY id LIMIT 1", bun.In(own)).
				Scan(context.Background(), &otherID, &otherCode, &otherName)
			if err != nil {
				t.Fatal(err)
			}

			list := c.do("GET", "/api/v1/households?per_page=100", nil)
			if list.Status != 200 || num(list.JSON["total"]) != 5 {
				t.Fatalf("own list: %d %.300s", list.Status, list.Raw)
			}
			for _, path := range []string{
				fmt.Sprintf("/api/v1/households/%d", otherID),
				fmt.Sprintf("/api/v1/households/%d/assignments", otherID),
			} {
				if r := c.do("GET", path, nil); r.Status != 404 {
					t.Errorf("GET %s: %d, want 404 (not 403: existence must not leak)", path, r.Status)
				}
			}
			for _, q := range []string{"q=" + otherCode, "q=" + url.QueryEscape(otherName), "q=" + url.QueryEscape(strings.ToLower(otherName)), "class=poor&per_page=200", "deprivation=health_insurance&per_page=200"} {
				r := c.do("GET", "/api/v1/households?"+q, nil)
				for _, it := range r.JSON["items"].([]any) {
					if num(it.(map[string]any)["id"]) == otherID {
						t.Errorf("?%s returned another member's household", q)
					}
				}
			}
			// The same searches do find the member's own household (so the refusals above are not vacuous).
			var ownCode, ownName string
			_ = db.NewRaw("SELECT code, head_name FROM households WHERE id = ?", own[0]).Scan(context.Background(), &ownCode, &ownName)
			for _, q := range []string{"q=" + ownCode, "q=" + url.QueryEscape(ownName)} {
				if r := c.do("GET", "/api/v1/households?"+q, nil); num(r.JSON["total"]) < 1 {
					t.Errorf("?%s does not find the member's own household: %.200s", q, r.Raw)
				}
			}
			// Guessing ids: every id not assigned is a 404.
			mine := map[int64]bool{}
			for _, id := range own {
				mine[id] = true
			}
			for id := int64(1); id <= 130; id++ {
				r := c.do("GET", fmt.Sprintf("/api/v1/households/%d", id), nil)
				if mine[id] != (r.Status == 200) || (!mine[id] && r.Status != 404) {
					t.Errorf("household %d: %d", id, r.Status)
				}
			}
			// The export holds the five and only the five.
			exp := c.do("GET", "/api/v1/households/export.xlsx", nil)
			f, err := excelize.OpenReader(bytes.NewReader(exp.Raw))
			if err != nil {
				t.Fatalf("export: %d %v", exp.Status, err)
			}
			rows, _ := f.GetRows(f.GetSheetName(0))
			data := 0
			for _, row := range rows {
				if len(row) > 0 && len(row[0]) > 4 && row[0][:4] == "P14-" {
					data++
					if row[0] == otherCode {
						t.Errorf("the export holds %s", otherCode)
					}
				}
			}
			if data != 5 {
				t.Errorf("export rows: %d, want 5", data)
			}
			// And a member cannot change even their own households' register data.
			if r := c.do("POST", fmt.Sprintf("/api/v1/households/%d/archive", own[0]), map[string]any{"version": 1, "reason": "x"}); r.Status != 403 {
				t.Errorf("member archiving: %d", r.Status)
			}
		})
	}
}
