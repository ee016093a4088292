package httpapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/testenv"
)

// badBodies and badIDs are what every route is fed: malformed, empty,
// oversized, wrongly typed and out-of-range.
var badBodies = []any{
	"", "null", "[]", "{", `{"a":}`, "\x00\x01", `"text"`, "123", strings.Repeat("[", 5000),
	`{"version": "x"}`, `{"version": -1, "code": 5}`, `{"id": 1e400}`, `{"members": 1.5}`,
	`{"event_date": "31/02/2018", "to_class": "poor", "version": 1}`, `{"event_date": "hôm qua"}`,
	`{"parent_id": -1}`, `{"into_id": 0}`, `{"total": -5}`, `{"standard": "x", "income_monthly": -1}`,
	map[string]any{"code": strings.Repeat("x", 10000), "name": strings.Repeat("ư", 5000), "kind": "ward"},
	map[string]any{"deprivations": []any{1, nil, "x"}, "flags": "meritorious"},
}
var badIDs = []string{"1", "0", "-1", "99999999", "abc", "1.5", "9223372036854775808", "%00"}

// A user can never cause a 500: every route of the API gets malformed, empty,
// oversized, wrongly typed and out-of-range input and must answer 2xx or 4xx
// with the JSON error shape, writing nothing when it refuses.
func TestNoInputCausesServerError(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		if h.Status != 201 {
			t.Fatalf("create: %d %s", h.Status, h.Raw)
		}
		bodies, ids := badBodies, badIDs
		paths := map[string][]string{
			"/api/v1/areas":                       {"GET", "POST"},
			"/api/v1/areas/{id}":                  {"GET", "PUT"},
			"/api/v1/areas/{id}/reparent":         {"POST"},
			"/api/v1/areas/{id}/merge":            {"POST"},
			"/api/v1/areas/{id}/history":          {"GET"},
			"/api/v1/areas/{id}/totals/2018":      {"PUT"},
			"/api/v1/areas/{id}/reconciliation":   {"GET"},
			"/api/v1/units":                       {"GET", "POST"},
			"/api/v1/units/{id}":                  {"GET", "PUT"},
			"/api/v1/units/{id}/archive":          {"POST"},
			"/api/v1/households":                  {"GET", "POST"},
			"/api/v1/households/{id}":             {"GET", "PUT"},
			"/api/v1/households/{id}/archive":     {"POST"},
			"/api/v1/households/{id}/events":      {"POST"},
			"/api/v1/households/import?dry_run=1": {"POST"},
			"/api/v1/classify":                    {"POST"},
			"/api/v1/audit":                       {"GET"},
		}
		queries := []string{"", "?year=abc", "?year=99999", "?class=rich", "?per_page=-1", "?page=0", "?sort=;drop",
			"?area_id=abc", "?q=" + strings.Repeat("%25", 300), "?deprivation=x&flag=y", "?parent_id=-5&roots=maybe",
			"?from=2018-03-01&to=31/03/2018", "?from=hôm-qua", "?from=2018-02-31", "?to=2018-01-01&from=2018-12-31", "?entity_id=x&actor_id=-1"}
		requests := 0
		for tmpl, methods := range paths {
			for _, id := range ids {
				path := strings.ReplaceAll(tmpl, "{id}", id)
				for _, m := range methods {
					if m == "GET" {
						for _, q := range queries {
							sep := q
							if strings.Contains(path, "?") && strings.HasPrefix(q, "?") {
								sep = "&" + q[1:]
							}
							check(t, c, m, path+sep, nil)
							requests++
						}
						continue
					}
					for _, b := range bodies {
						check(t, c, m, path, b)
						requests++
					}
				}
				if !strings.Contains(tmpl, "{id}") {
					break
				}
			}
		}
		if requests < 500 {
			t.Errorf("only %d requests sent", requests)
		}
		list := c.do("GET", fmt.Sprintf("/api/v1/households?area_id=%d", ward), nil)
		if num(list.JSON["total"]) != 1 {
			t.Errorf("bad input changed the register: %s", list.Raw)
		}
		d := c.do("GET", fmt.Sprintf("/api/v1/households/%d", num(h.JSON["id"])), nil)
		if hh := d.JSON["household"].(map[string]any); num(hh["version"]) != 1 || hh["head_name"] != "Nguyễn Văn An" {
			t.Errorf("bad input changed the household: %v", hh)
		}
	})
}

func check(t *testing.T, c *client, method, path string, body any) response {
	t.Helper()
	r := c.do(method, path, body)
	if r.Status >= 500 {
		t.Errorf("%s %s %.80v → %d %s", method, path, body, r.Status, r.Raw)
		return r
	}
	if r.Status >= 400 && (r.errCode() == "" || r.errMessage() == "") {
		t.Errorf("%s %s %.80v → %d without the error shape: %.200s", method, path, body, r.Status, r.Raw)
	}
	return r
}

// documented fails when operation op of the OpenAPI document does not list
// status among its responses: the document says what really happens.
func documented(t *testing.T, op map[string]any, status int) {
	t.Helper()
	responses, _ := op["responses"].(map[string]any)
	if status >= 400 && responses[fmt.Sprint(status)] == nil {
		t.Errorf("%s answers %d, which its OpenAPI responses do not list", op["operationId"], status)
	}
}

// Every operation of the OpenAPI document — whatever is added later — gets
// bad ids, bad queries and bad bodies, and answers 2xx or 4xx with the
// error shape, never 500. (The register's routes get the fuller list above.)
func TestEveryOperationRefusesBadInputCleanly(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		_, group := c.ward()
		if h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group)); h.Status != 201 {
			t.Fatalf("create: %d %s", h.Status, h.Raw)
		}
		doc := c.do("GET", "/api/openapi.json", nil)
		paths, _ := doc.JSON["paths"].(map[string]any)
		if len(paths) < 50 {
			t.Fatalf("the OpenAPI document lists %d paths", len(paths))
		}
		ids := badIDs
		bodies := append(append([]any{}, badBodies...), `{"area_id": -1, "year": 99999, "valid_from": "31/02/2018", "end": "yes"}`,
			map[string]any{"title": strings.Repeat("ư", 5000), "kind": 5, "households": []any{nil, "x"}, "targets": "all"},
			`{"name": "a\u0000b", "email": "a\u0000b@x.vn", "note": "\u0000", "items": [{"name": "\u0000"}]}`)
		queries := []string{"", "?page=0&per_page=-1", "?year=abc&from=2018-02-31", "?status=late&area_id=abc&unit_id=-1", "?q=" + strings.Repeat("%25", 200), "?q=a%00b&status=%00&from=%00"}
		requests := 0
		eachOperation(paths, func(tmpl, method string, op map[string]any) {
			for _, id := range ids {
				path := tmpl
				for strings.Contains(path, "{") {
					i, j := strings.Index(path, "{"), strings.Index(path, "}")
					path = path[:i] + id + path[j+1:]
				}
				if method == "GET" {
					for _, q := range queries {
						documented(t, op, check(t, c, method, path+q, nil).Status)
						requests++
					}
				} else {
					for _, b := range bodies {
						documented(t, op, check(t, c, method, path, b).Status)
						requests++
					}
				}
				if !strings.Contains(tmpl, "{") {
					break
				}
			}
		})
		t.Logf("%d requests over %d paths", requests, len(paths))
		if requests < 1000 {
			t.Errorf("only %d requests sent", requests)
		}
	})
}

// nulBody builds, from a request body schema of the OpenAPI document, a body
// with NUL in every string it may hold; fields gets the name of each.
func nulBody(schemas map[string]any, s map[string]any, path string, fields *[]string, depth int) any {
	if ref, _ := s["$ref"].(string); ref != "" {
		s, _ = schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
	}
	if s == nil || depth > 6 {
		return nil
	}
	types := fmt.Sprint(s["type"])
	switch {
	case strings.Contains(types, "string"):
		name := path
		if name == "" {
			name = "body"
		}
		*fields = append(*fields, name)
		return "x\x00y"
	case strings.Contains(types, "object"):
		props, _ := s["properties"].(map[string]any)
		out := map[string]any{}
		for k, p := range props {
			name := k
			if path != "" {
				name = path + "." + k
			}
			if v := nulBody(schemas, p.(map[string]any), name, fields, depth+1); v != nil {
				out[k] = v
			}
		}
		return out
	case strings.Contains(types, "array"):
		items, _ := s["items"].(map[string]any)
		if v := nulBody(schemas, items, path+"[0]", fields, depth+1); v != nil {
			return []any{v}
		}
	}
	return nil
}

// NUL in every string field of every JSON body and in every parameter of
// every operation of the OpenAPI document: a 422 naming each field, never a
// 5xx — whatever routes are added later.
func TestEveryOperationRefusesNULNamingTheField(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		doc := c.do("GET", "/api/openapi.json", nil)
		paths, _ := doc.JSON["paths"].(map[string]any)
		schemas, _ := doc.JSON["components"].(map[string]any)["schemas"].(map[string]any)
		bodies, params := 0, 0
		expect := func(method, path string, body any, fields []string) {
			t.Helper()
			r := c.do(method, path, body)
			got := map[string]bool{}
			for i := 0; ; i++ {
				f, msg := r.errField(i)
				if f == "" {
					break
				}
				got[f] = strings.Contains(msg, "ký tự điều khiển")
			}
			if r.Status != 422 {
				t.Errorf("%s %s %.120v → %d %.300s", method, path, body, r.Status, r.Raw)
				return
			}
			for _, f := range fields {
				if !got[f] {
					t.Errorf("%s %s: %s not named for its NUL: %.400s", method, path, f, r.Raw)
				}
			}
		}
		eachOperation(paths, func(tmpl, method string, op map[string]any) {
			filled := tmpl
			for strings.Contains(filled, "{") {
				i, j := strings.Index(filled, "{"), strings.Index(filled, "}")
				filled = filled[:i] + "1" + filled[j+1:]
			}
			ps, _ := op["parameters"].([]any)
			for _, p := range ps {
				p := p.(map[string]any)
				name := fmt.Sprint(p["name"])
				switch p["in"] {
				case "query":
					expect(method, filled+"?"+name+"=a%00b", nil, []string{name})
				case "path":
					expect(method, strings.Replace(tmpl, "{"+name+"}", "1%00", 1), nil, []string{name})
				default:
					continue
				}
				params++
			}
			rb, _ := op["requestBody"].(map[string]any)
			content, _ := rb["content"].(map[string]any)
			mt, _ := content["application/json"].(map[string]any)
			if mt == nil {
				return
			}
			var fields []string
			body := nulBody(schemas, mt["schema"].(map[string]any), "", &fields, 0)
			if len(fields) == 0 {
				return
			}
			raw, _ := json.Marshal(body)
			expect(method, filled, string(raw), fields)
			bodies++
		})
		t.Logf("NUL in %d parameters and %d bodies", params, bodies)
		if params < 50 || bodies < 30 {
			t.Errorf("only %d parameters and %d bodies", params, bodies)
		}
	})
}

// eachOperation calls fn with every operation of the OpenAPI document's
// paths, its method in capitals, but those that end the test's own session.
func eachOperation(paths map[string]any, fn func(tmpl, method string, op map[string]any)) {
	skip := map[string]bool{"logout": true, "logout-all": true}
	for tmpl, item := range paths {
		for method, o := range item.(map[string]any) {
			if op, _ := o.(map[string]any); op != nil && !skip[fmt.Sprint(op["operationId"])] {
				fn(tmpl, strings.ToUpper(method), op)
			}
		}
	}
}
