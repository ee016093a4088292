package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/testenv"
)

// Every date field names itself when its value is no day — in every form a
// date may be written — and a body that is not an object names "body".
func TestEveryDateErrorNamesItsField(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		u := c.do("POST", "/api/v1/units", map[string]any{"code": "CB-KP1", "name": "Chi bộ khu phố 1", "kind": "party_cell", "area_id": ward})
		p := c.do("POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND", "year": 2018, "title": "Kế hoạch giảm nghèo 2018"})
		if h.Status != 201 || u.Status != 201 || p.Status != 201 {
			t.Fatalf("fixture: %d %s / %d %s / %d %s", h.Status, h.Raw, u.Status, u.Raw, p.Status, p.Raw)
		}
		hid, uid, pid := num(h.JSON["id"]), num(u.JSON["id"]), num(p.JSON["id"])
		cases := []struct {
			name, method, path, field string
			body                      map[string]any
		}{
			{"assignment", "POST", fmt.Sprintf("/api/v1/households/%d/assignments", hid), "valid_from", map[string]any{"unit_id": uid, "is_primary": true}},
			{"bulk", "POST", "/api/v1/assignments/bulk", "valid_from", map[string]any{"unit_id": uid}},
			{"spread", "POST", fmt.Sprintf("/api/v1/units/%d/spread", uid), "valid_from", map[string]any{}},
			{"unit area", "POST", fmt.Sprintf("/api/v1/units/%d/areas", uid), "valid_from", map[string]any{"area_id": group}},
			{"plan", "POST", "/api/v1/plans", "issued_on", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND", "year": 2018, "title": "KH"}},
			{"duty", "POST", fmt.Sprintf("/api/v1/plans/%d/duties", pid), "due_on", map[string]any{"title": "Báo cáo", "target": "unit", "frequency": "once", "unit_id": uid}},
			{"reparent", "POST", fmt.Sprintf("/api/v1/areas/%d/reparent", group), "on", map[string]any{"parent_id": ward}},
			{"merge", "POST", fmt.Sprintf("/api/v1/areas/%d/merge", group), "on", map[string]any{"into_id": ward}},
			{"event", "POST", fmt.Sprintf("/api/v1/households/%d/events", hid), "event_date", map[string]any{"to_class": "poor", "version": 1}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for _, bad := range []string{"31/02/2018", "31.02.2018", "31022018", "hôm qua"} {
					body := map[string]any{tc.field: bad}
					for k, v := range tc.body {
						body[k] = v
					}
					r := c.do(tc.method, tc.path, body)
					f, msg := r.errField(0)
					if r.Status != 422 || f != tc.field || !strings.Contains(msg, "phải là ngày") {
						t.Errorf("%s %q → %d %s", tc.field, bad, r.Status, r.Raw)
					}
					r = c.do(tc.method, tc.path, body, "Accept-Language", "en")
					if _, msg := r.errField(0); !strings.Contains(msg, "must be a date") || !strings.Contains(msg, tc.field) {
						t.Errorf("in English: %s", r.Raw)
					}
				}
				for _, notObject := range []string{"[]", "null", "[1,2]", `"text"`} {
					r := c.do(tc.method, tc.path, notObject)
					if f, msg := r.errField(0); r.Status >= 500 || r.Status < 400 || f != "body" || msg == "" || strings.Contains(msg, "  ") {
						t.Errorf("body %s → %d %s", notObject, r.Status, r.Raw)
					}
				}
			})
		}
	})
}
