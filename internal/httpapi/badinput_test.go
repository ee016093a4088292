package httpapi_test

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/httpapi"
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
			{"bulk", "POST", "/api/v1/assignments/bulk", "valid_from", map[string]any{"unit_id": uid, "role": "supporting"}},
			{"spread", "POST", fmt.Sprintf("/api/v1/units/%d/spread", uid), "valid_from", map[string]any{}},
			{"unit area", "POST", fmt.Sprintf("/api/v1/units/%d/areas", uid), "valid_from", map[string]any{"area_id": group}},
			{"plan", "POST", "/api/v1/plans", "issued_on", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND", "year": 2018, "title": "KH"}},
			{"duty", "POST", fmt.Sprintf("/api/v1/plans/%d/duties", pid), "due_on", map[string]any{"title": "Báo cáo", "target": "unit", "frequency": "once", "unit_id": uid}},
			{"reparent", "POST", fmt.Sprintf("/api/v1/areas/%d/reparent", group), "on", map[string]any{"parent_id": ward}},
			{"merge", "POST", fmt.Sprintf("/api/v1/areas/%d/merge", group), "on", map[string]any{"into_id": ward}},
			{"event", "POST", fmt.Sprintf("/api/v1/households/%d/events", hid), "event_date", map[string]any{"to_class": "poor", "version": 1}},
		}
		// A date in a query names its parameter too.
		for _, q := range []string{"from=31/02/2018", "to=31.02.2018", "from=hôm-qua"} {
			r := c.do("GET", "/api/v1/audit?"+q, nil)
			if f, msg := r.errField(0); r.Status != 422 || f != strings.Split(q, "=")[0] || !strings.Contains(msg, "phải là ngày") {
				t.Errorf("?%s → %d %s", q, r.Status, r.Raw)
			}
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

// NUL and other control characters are refused at the boundary with a 422
// naming the field, signed in or not, in both languages; tab and line breaks
// pass in multi-line text only.
func TestControlCharactersAreRefusedNamingTheField(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		anon := &client{t: t, srv: c.srv, db: db}
		_, group := c.ward()
		h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		if h.Status != 201 {
			t.Fatalf("create: %d %s", h.Status, h.Raw)
		}
		hid := num(h.JSON["id"])
		for _, tc := range []struct {
			name         string
			who          *client
			method, path string
			body         any
			field        string
		}{
			{"sign-in", anon, "POST", "/api/v1/auth/login", `{"email":"a\u0000b@x.vn","password":"x"}`, "email"},
			{"reset request", anon, "POST", "/api/v1/auth/reset-request", `{"email":"a\u0000b@x.vn"}`, "email"},
			{"escape", anon, "POST", "/api/v1/auth/login", `{"email":"a\u001bb@x.vn","password":"x"}`, "email"},
			{"DEL", anon, "POST", "/api/v1/auth/login", `{"email":"a\u007fb@x.vn","password":"x"}`, "email"},
			{"households q", c, "GET", "/api/v1/households?q=a%00b", nil, "q"},
			{"units q", c, "GET", "/api/v1/units?q=%00", nil, "q"},
			{"areas q", c, "GET", "/api/v1/areas?q=x%00", nil, "q"},
			{"users q", c, "GET", "/api/v1/users?q=%00", nil, "q"},
			{"filter", c, "GET", "/api/v1/households?class=poor%00", nil, "class"},
			{"path", c, "GET", "/api/v1/households/1%00", nil, "id"},
			{"tab in a query", c, "GET", "/api/v1/households?q=a%09b", nil, "q"},
			{"array item", c, "PUT", fmt.Sprintf("/api/v1/households/%d", hid), map[string]any{"deprivations": []string{"health_insurance", "x\x00"}}, "deprivations[1]"},
			{"line break in a name", c, "POST", "/api/v1/households", map[string]any{"head_name": "Nguyễn\nVăn An"}, "head_name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := tc.who.do(tc.method, tc.path, tc.body)
				if f, msg := r.errField(0); r.Status != 422 || f != tc.field || !strings.Contains(msg, "ký tự điều khiển") {
					t.Errorf("→ %d %s", r.Status, r.Raw)
				}
				r = tc.who.do(tc.method, tc.path, tc.body, "Accept-Language", "en")
				if _, msg := r.errField(0); !strings.Contains(msg, "control character") || !strings.Contains(msg, tc.field) {
					t.Errorf("in English: %d %s", r.Status, r.Raw)
				}
			})
		}
		// A reason is multi-line: its line breaks and tabs are kept.
		ev := c.do("POST", fmt.Sprintf("/api/v1/households/%d/events", hid),
			map[string]any{"event_date": "15.03.2018", "to_class": "near_poor", "version": 1, "reason": "Có việc làm ổn định.\n\tThu nhập tăng."})
		if ev.Status != 201 {
			t.Errorf("a reason on two lines: %d %s", ev.Status, ev.Raw)
		}
		// Nothing refused was written.
		if list := c.do("GET", "/api/v1/households", nil); num(list.JSON["total"]) != 1 {
			t.Errorf("refused input was written: %s", list.Raw)
		}
	})
}

// Text arrives in Unicode NFC whatever the keyboard sent: a name typed
// decomposed (NFD) is stored composed and found by either form.
func TestTextIsStoredInNFC(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, _ := c.ward()
		nfd := "Chi bo\u0323\u0302 khu pho\u0302\u0301 3" // "Chi bộ khu phố 3", decomposed
		u := c.do("POST", "/api/v1/units", map[string]any{"code": "CB-KP3", "name": nfd, "kind": "party_cell", "area_id": ward})
		if u.Status != 201 || u.JSON["name"] != "Chi bộ khu phố 3" {
			t.Fatalf("create: %d %s", u.Status, u.Raw)
		}
		var stored string
		if err := db.NewSelect().Table("units").Column("name").Where("code = ?", "CB-KP3").Scan(context.Background(), &stored); err != nil || stored != "Chi bộ khu phố 3" {
			t.Errorf("stored %q (%v), want NFC", stored, err)
		}
		for _, q := range []string{"khu pho\u0302\u0301 3", "khu phố 3"} {
			r := c.do("GET", "/api/v1/units?q="+url.QueryEscape(q), nil)
			if items, _ := r.JSON["items"].([]any); r.Status != 200 || len(items) != 1 {
				t.Errorf("q=%q: %d %s", q, r.Status, r.Raw)
			}
		}
	})
}

// "%", "_" and "\" typed in a search are matched literally on units, areas,
// users and households: one LIKE helper (database.Contains) for them all.
func TestSearchTakesWildcardsLiterally(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		for _, u := range []map[string]any{
			{"code": "CB-1", "name": "Chi bộ 1", "kind": "party_cell", "area_id": ward},
			{"code": "CB_2", "name": "Hội 100% hộ nghèo", "kind": "party_cell", "area_id": ward},
			{"code": "CB-3", "name": `Chi bộ C:\3`, "kind": "party_cell", "area_id": ward},
		} {
			if r := c.do("POST", "/api/v1/units", u); r.Status != 201 {
				t.Fatalf("unit: %d %s", r.Status, r.Raw)
			}
		}
		if r := c.do("POST", "/api/v1/households", householdBody("P14_0001", group)); r.Status != 201 {
			t.Fatalf("household: %d %s", r.Status, r.Raw)
		}
		if r := c.do("POST", "/api/v1/households", householdBody("P14-0002", group)); r.Status != 201 {
			t.Fatalf("household: %d %s", r.Status, r.Raw)
		}
		count := func(path string) int {
			r := c.do("GET", path, nil)
			if r.Status != 200 {
				t.Errorf("%s: %d %s", path, r.Status, r.Raw)
			}
			items, _ := r.JSON["items"].([]any)
			return len(items)
		}
		for _, tc := range []struct {
			path string
			want int
		}{
			{"/api/v1/units?q=%25", 1}, {"/api/v1/units?q=_", 1}, {"/api/v1/units?q=%5C", 1}, {"/api/v1/units?q=chi", 2},
			{"/api/v1/areas?q=%25", 0}, {"/api/v1/areas?q=_", 0}, {"/api/v1/areas?q=%5C", 0}, {"/api/v1/areas?q=ph", 2},
			{"/api/v1/users?q=%25", 0}, {"/api/v1/users?q=_", 0}, {"/api/v1/users?q=%5C", 0}, {"/api/v1/users?q=admin", 1},
			{"/api/v1/households?q=%25", 0}, {"/api/v1/households?q=_", 1}, {"/api/v1/households?q=%5C", 0},
		} {
			if got := count(tc.path); got != tc.want {
				t.Errorf("%s: %d rows, want %d", tc.path, got, tc.want)
			}
		}
	})
}

// Over HTTP: a 30-day token cannot create a token that never expires; the
// refusal names expires_in_days.
func TestATokenCannotCreateALongerToken(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		made := c.do("POST", "/api/v1/me/tokens", map[string]any{"name": "Nhập liệu", "expires_in_days": 30})
		if made.Status != 201 && made.Status != 200 {
			t.Fatalf("create: %d %s", made.Status, made.Raw)
		}
		script := &client{t: t, srv: c.srv, db: db, headers: []string{"Authorization", "Bearer " + made.JSON["token"].(string)}}
		r := script.do("POST", "/api/v1/me/tokens", map[string]any{"name": "mãi mãi"})
		if f, msg := r.errField(0); r.Status != 422 || f != "expires_in_days" || !strings.Contains(msg, "30 ngày") {
			t.Errorf("a forever token from a 30-day one: %d %s", r.Status, r.Raw)
		}
		r = script.do("POST", "/api/v1/me/tokens", map[string]any{"name": "một tuần", "expires_in_days": 7})
		if (r.Status != 201 && r.Status != 200) || num(r.JSON["parent_id"]) != num(made.JSON["id"]) {
			t.Errorf("a week from a 30-day token: %d %s", r.Status, r.Raw)
		}
	})
}

// The OpenAPI document says what the server does: the error statuses of
// each operation, "security: []" on the public ones, files as bytes of
// their media type, and an import's 422 with its row errors.
func TestOpenAPIDescribesErrorsSecurityAndFiles(t *testing.T) {
	c := newClient(t, testenv.Open(t, "sqlite")) // the document is the same on either engine
	doc := c.do("GET", "/api/openapi.json", nil)
	paths, _ := doc.JSON["paths"].(map[string]any)
	opAt := func(path, method string) map[string]any {
		item, _ := paths[path].(map[string]any)
		op, _ := item[method].(map[string]any)
		if op == nil {
			t.Fatalf("no %s %s in the document", method, path)
		}
		return op
	}
	statuses := func(op map[string]any) string {
		var out []string
		for code := range op["responses"].(map[string]any) {
			out = append(out, code)
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	for _, tc := range []struct{ path, method, want string }{
		{"/api/v1/auth/login", "post", "200 400 413 422 429 default"},
		{"/api/v1/households/{id}", "get", "200 401 403 404 422 default"},
		{"/api/v1/households/{id}", "put", "200 400 401 403 404 409 413 422 default"},
		{"/api/v1/units", "get", "200 401 422 default"},
		{"/api/v1/me", "get", "200 401 default"},
		{"/api/v1/households/import", "post", "200 400 401 403 404 409 413 415 422 default"},
		{"/healthz", "get", "200 default"},
	} {
		if got := statuses(opAt(tc.path, tc.method)); got != tc.want {
			t.Errorf("%s %s answers %s, want %s", tc.method, tc.path, got, tc.want)
		}
	}
	for path, item := range paths {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			sec, has := op["security"]
			public := httpapi.Rules()[fmt.Sprint(op["operationId"])] == "public"
			if list, _ := sec.([]any); public && (!has || len(list) != 0) || !public && len(list) == 0 {
				t.Errorf("%s %s (public %v) has security %v", method, path, public, sec)
			}
		}
	}
	for _, tc := range []struct{ path, types string }{
		{"/api/v1/households/export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"/api/v1/households/import-template.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"/api/v1/tasks/export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"/api/v1/support/{id}/evidence/{fileId}", "application/pdf image/jpeg image/png"},
	} {
		content := opAt(tc.path, "get")["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
		var types []string
		for mt, v := range content {
			types = append(types, mt)
			if s := v.(map[string]any)["schema"].(map[string]any); s["format"] != "binary" {
				t.Errorf("%s %s: schema %v", tc.path, mt, s)
			}
		}
		sort.Strings(types)
		if strings.Join(types, " ") != tc.types {
			t.Errorf("%s sends %v", tc.path, types)
		}
	}
	schemas := doc.JSON["components"].(map[string]any)["schemas"].(map[string]any)
	for _, path := range []string{"/api/v1/households/import", "/api/v1/assignments/import"} {
		r := opAt(path, "post")["responses"].(map[string]any)["422"].(map[string]any)
		ref := r["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)["$ref"]
		s, _ := schemas[strings.TrimPrefix(fmt.Sprint(ref), "#/components/schemas/")].(map[string]any)
		props, _ := s["properties"].(map[string]any)
		if props["error"] == nil || props["errors"] == nil || props["rows"] == nil {
			t.Errorf("%s: the 422 body %v lacks the error or the row errors", path, s)
		}
	}
}
