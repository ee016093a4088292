package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"

	"chungtay/internal/access"
	"chungtay/internal/httpapi"
	"chungtay/internal/testenv"
)

type client struct {
	t       *testing.T
	srv     *httpapi.Server
	db      *bun.DB
	headers []string // sent with every request: the signed-in session
}

// newClient starts the application on db and signs in as an administrator of
// the whole country, through the real login route.
func newClient(t *testing.T, db *bun.DB) *client {
	t.Helper()
	accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
	srv := newServer(t, db, accounts, nil)
	makeUser(t, accounts, "admin@test.local", roleOn(nil, access.RoleAdmin))
	cookie, csrf := signIn(t, srv, "admin@test.local", testPassword)
	return &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
}

// notWrites are POSTs that change nothing, so leave no audit row.
var notWrites = []string{"/api/v1/classify", "dry_run=true", "dry_run=1", "/api/v1/auth/reset-request", "/preview"}

type response struct {
	Status int
	Header http.Header
	Raw    []byte
	JSON   map[string]any
}

// do sends a request; body is JSON-encoded unless it is a string or []byte.
func (c *client) do(method, path string, body any, headers ...string) response {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	headers = append(append([]string{}, c.headers...), headers...)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.srv.App.Test(req, 30_000)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	_ = json.Unmarshal(raw, &out.JSON)
	c.checkAudited(method, path, out)
	return out
}

// checkAudited asserts that a successful write left an audit row carrying
// the request's id: every write of the test suite is audited.
func (c *client) checkAudited(method, path string, r response) {
	c.t.Helper()
	if method == "GET" || r.Status >= 300 || c.db == nil {
		return
	}
	for _, nw := range notWrites {
		if strings.Contains(path, nw) {
			return
		}
	}
	rid := r.Header.Get("X-Request-ID")
	n, err := c.db.NewSelect().Table("audit_log").Where("request_id = ?", rid).Count(context.Background())
	if err != nil || n == 0 || rid == "" {
		c.t.Errorf("%s %s → %d left no audit row for request %q (%v)", method, path, r.Status, rid, err)
	}
	if method == "PUT" { // a change: the row holds the state before and after
		full, err := c.db.NewSelect().Table("audit_log").Where("request_id = ? AND before_json <> '' AND after_json <> ''", rid).Count(context.Background())
		if err != nil || full == 0 {
			c.t.Errorf("%s %s: the audit row lacks its before or after (%v)", method, path, err)
		}
	}
}

func (r response) errField(i int) (field, message string) {
	e, _ := r.JSON["error"].(map[string]any)
	fields, _ := e["fields"].([]any)
	if i >= len(fields) {
		return "", ""
	}
	f := fields[i].(map[string]any)
	return f["field"].(string), f["message"].(string)
}

func (r response) errCode() string {
	e, _ := r.JSON["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func (r response) errMessage() string {
	e, _ := r.JSON["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

// ward creates a ward with one residential group through the API.
func (c *client) ward() (wardID, groupID int64) {
	c.t.Helper()
	w := c.do("POST", "/api/v1/areas", map[string]any{"code": "26890", "name": "Phường 14", "kind": "ward", "urban": true})
	if w.Status != 201 {
		c.t.Fatalf("create ward: %d %s", w.Status, w.Raw)
	}
	g := c.do("POST", "/api/v1/areas", map[string]any{"code": "T01", "name": "Tổ dân phố 1", "kind": "residential_group", "urban": true, "parent_id": num(w.JSON["id"])})
	if g.Status != 201 {
		c.t.Fatalf("create group: %d %s", g.Status, g.Raw)
	}
	return num(w.JSON["id"]), num(g.JSON["id"])
}

func householdBody(code string, areaID int64) map[string]any {
	return map[string]any{"code": code, "head_name": "Nguyễn Văn An", "address": "12 Lê Văn Thọ", "area_id": areaID,
		"members": 4, "urban": true, "income_monthly": 1500000, "deprivations": []string{"health_insurance"},
		"standard": "city", "year": 2018}
}

func TestHealthReadyAndFallbacks(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		if r := c.do("GET", "/healthz", nil); r.Status != 200 {
			t.Errorf("healthz: %d", r.Status)
		}
		if r := c.do("GET", "/readyz", nil); r.Status != 200 || r.JSON["database"] != "up" {
			t.Errorf("readyz: %d %s", r.Status, r.Raw)
		}
		r := c.do("GET", "/ho-gia-dinh/12", nil)
		if r.Status != 200 || !strings.Contains(string(r.Raw), "<title>Chung Tay</title>") {
			t.Errorf("web app fallback: %d %s", r.Status, r.Raw)
		}
		r = c.do("GET", "/api/v1/nothing-here", nil)
		if r.Status != 404 || r.errCode() != "not_found" || r.Header.Get("X-Request-ID") == "" {
			t.Errorf("unknown API path: %d %s", r.Status, r.Raw)
		}
		db.Close()
		if r := c.do("GET", "/readyz", nil); r.Status != 503 {
			t.Errorf("readyz with the database closed: %d", r.Status)
		}
	})
}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	c := newClient(t, testenv.Open(t, "sqlite"))
	r := c.do("GET", "/api/openapi.json", nil)
	if r.Status != 200 {
		t.Fatalf("openapi: %d", r.Status)
	}
	if v, _ := r.JSON["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Errorf("openapi version %q", v)
	}
	paths, _ := r.JSON["paths"].(map[string]any)
	seen := 0
	for _, route := range c.srv.App.GetRoutes(true) {
		if !strings.HasPrefix(route.Path, "/api/v1/") || route.Method == "HEAD" {
			continue
		}
		p := route.Path
		for _, param := range route.Params {
			p = strings.Replace(p, ":"+param, "{"+param+"}", 1)
		}
		item, ok := paths[p].(map[string]any)
		if !ok || item[strings.ToLower(route.Method)] == nil {
			t.Errorf("%s %s is served but not in the OpenAPI document", route.Method, p)
		}
		seen++
	}
	if seen < 20 {
		t.Errorf("only %d API routes found", seen)
	}
	docs := c.do("GET", "/api/docs", nil)
	if docs.Status != 200 || !strings.Contains(string(docs.Raw), "create-household") {
		t.Errorf("docs page: %d", docs.Status)
	}
}

func TestBadInputGetsClearErrors(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		_, group := c.ward()

		r := c.do("POST", "/api/v1/households", `{"code": "X-1", "head_name": `)
		if r.Status != 400 || r.errCode() != "invalid" || r.errMessage() != "Nội dung gửi lên không phải JSON hợp lệ." {
			t.Errorf("malformed JSON: %d %s", r.Status, r.Raw)
		}
		body := householdBody("X-1", group)
		body["bogus"] = 1
		r = c.do("POST", "/api/v1/households", body)
		if f, msg := r.errField(0); r.Status != 422 || f != "bogus" || !strings.Contains(msg, "không được hỗ trợ") {
			t.Errorf("unknown field: %d %s", r.Status, r.Raw)
		}
		body = householdBody("X-1", group)
		body["members"] = "bốn"
		r = c.do("POST", "/api/v1/households", body, "Accept-Language", "en-US,en;q=0.9")
		if f, msg := r.errField(0); r.Status != 422 || f != "members" || msg != "The field Members (members) must be a whole number." {
			t.Errorf("wrong type, in English: %d %s", r.Status, r.Raw)
		}
		body = householdBody("X-1", group)
		delete(body, "head_name")
		r = c.do("POST", "/api/v1/households", body)
		if f, msg := r.errField(0); r.Status != 422 || f != "head_name" || msg != "Trường Họ tên chủ hộ (head_name) là bắt buộc." {
			t.Errorf("missing field: %d %s", r.Status, r.Raw)
		}
		body = householdBody("X-1", group)
		body["members"] = 0
		r = c.do("POST", "/api/v1/households", body)
		if f, _ := r.errField(0); r.Status != 422 || f != "members" {
			t.Errorf("rule in the service: %d %s", r.Status, r.Raw)
		}
		if r := c.do("GET", "/api/v1/households/abc", nil); r.Status != 422 || r.errCode() != "invalid" {
			t.Errorf("non-numeric id: %d %s", r.Status, r.Raw)
		}
		if r := c.do("GET", "/api/v1/households?per_page=1000", nil); r.Status != 422 {
			t.Errorf("per_page over the limit: %d", r.Status)
		}
		if r := c.do("GET", "/api/v1/households/99999", nil); r.Status != 404 || r.errMessage() != "Không tìm thấy hộ gia đình." {
			t.Errorf("missing household: %d %s", r.Status, r.Raw)
		}
		list := c.do("GET", "/api/v1/households", nil)
		if num(list.JSON["total"]) != 0 {
			t.Errorf("bad requests wrote %v households", list.JSON["total"])
		}
	})
}

func TestHouseholdLifecycle(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		r := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		if r.Status != 201 || r.JSON["classification"] != "poor" || num(r.JSON["version"]) != 1 {
			t.Fatalf("create: %d %s", r.Status, r.Raw)
		}
		id := num(r.JSON["id"])
		path := fmt.Sprintf("/api/v1/households/%d", id)

		upd := householdBody("P14-0001", group)
		upd["members"], upd["version"] = 6, 1
		if r := c.do("PUT", path, upd); r.Status != 200 || num(r.JSON["members"]) != 6 || num(r.JSON["version"]) != 2 {
			t.Fatalf("update: %d %s", r.Status, r.Raw)
		}
		stale := householdBody("P14-0001", group)
		stale["head_name"], stale["version"] = "Ghi đè", 1
		r = c.do("PUT", path, stale)
		if r.Status != 409 || r.errCode() != "conflict" {
			t.Errorf("stale update: %d %s", r.Status, r.Raw)
		}
		d := c.do("GET", path, nil)
		hh := d.JSON["household"].(map[string]any)
		if hh["head_name"] != "Nguyễn Văn An" || num(hh["members"]) != 6 {
			t.Errorf("stale update overwrote: %v", hh)
		}
		if anc := d.JSON["ancestors"].([]any); len(anc) != 1 {
			t.Errorf("ancestors: %v", anc)
		}

		r = c.do("POST", path+"/events", map[string]any{"event_date": "01/03/2018", "to_class": "near_poor", "decision_no": "12/QĐ-UBND", "version": 2})
		if r.Status != 201 || r.JSON["from_class"] != "poor" || r.JSON["event_date"] != "2018-03-01" {
			t.Errorf("event: %d %s", r.Status, r.Raw)
		}
		rec := c.do("GET", fmt.Sprintf("/api/v1/areas/%d/reconciliation?year=2018&class=poor", ward), nil)
		if rec.Status != 200 || num(rec.JSON["start"]) != 1 || num(rec.JSON["escaped"]) != 1 || num(rec.JSON["end"]) != 0 || rec.JSON["balanced"] != true {
			t.Errorf("reconciliation: %d %s", rec.Status, rec.Raw)
		}
		other := householdBody("P14-0002", group)
		other["head_name"], other["income_monthly"] = "Trần Thị Lan", 2_000_000
		if r := c.do("POST", "/api/v1/households", other); r.Status != 201 || r.JSON["classification"] != "near_poor" {
			t.Fatalf("second household: %d %s", r.Status, r.Raw)
		}
		for query, want := range map[string]int64{
			"": 2, "q=nguyen": 1, "q=TRAN": 1, "class=near_poor": 2, "class=poor": 0, "class=poor&year=2018": 1,
			"deprivation=health_insurance": 2, "flag=meritorious": 0, fmt.Sprintf("area_id=%d", group): 2,
		} {
			list := c.do("GET", fmt.Sprintf("/api/v1/households?%s", query), nil)
			if list.Status != 200 || num(list.JSON["total"]) != want {
				t.Errorf("list ?%s: want %d, got %d %s", query, want, list.Status, list.Raw)
			}
		}
		areas := c.do("GET", "/api/v1/areas?roots=true", nil)
		items := areas.JSON["items"].([]any)
		if len(items) != 1 || num(items[0].(map[string]any)["near_poor"]) != 2 || num(items[0].(map[string]any)["children"]) != 1 {
			t.Errorf("area tree: %s", areas.Raw)
		}
		if r := c.do("POST", path+"/archive", map[string]any{"version": 3, "reason": "chuyển đi"}); r.Status != 200 || r.JSON["archived_at"] == nil {
			t.Errorf("archive: %d %s", r.Status, r.Raw)
		}
		if r := c.do("POST", "/api/v1/classify", map[string]any{"standard": "2022-2026", "urban": false, "income_monthly": 1400000,
			"deprivations": []string{"job", "nutrition", "latrine"}}); r.JSON["classification"] != "poor" {
			t.Errorf("classify: %s", r.Raw)
		}
		meta := c.do("GET", "/api/v1/meta", nil)
		if len(meta.JSON["indicators"].([]any)) != 13 || num(meta.JSON["current_year"]) != 2018 {
			t.Errorf("meta: %s", meta.Raw)
		}
		// The plan's vocabulary, each word labelled in both languages.
		for key, n := range map[string]int{"frequencies": 5, "target_kinds": 5, "coverage_indicators": 7} {
			words, _ := meta.JSON[key].([]any)
			if len(words) != n {
				t.Errorf("meta %s: %d words, want %d", key, len(words), n)
			}
			for _, w := range words {
				if m := w.(map[string]any); m["code"] == "" || m["label_vi"] == "" || m["label_en"] == "" {
					t.Errorf("meta %s: unlabelled word %v", key, m)
				}
			}
		}
	})
}

func TestExcelOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		_, group := c.ward()
		if r := c.do("POST", "/api/v1/households", householdBody("P14-0001", group)); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Raw)
		}
		tpl := c.do("GET", "/api/v1/households/import-template.xlsx", nil)
		if tpl.Status != 200 || tpl.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!bytes.HasPrefix(tpl.Raw, []byte("PK")) || !strings.Contains(tpl.Header.Get("Content-Disposition"), ".xlsx") {
			t.Fatalf("template: %d %v", tpl.Status, tpl.Header)
		}
		exp := c.do("GET", "/api/v1/households/export.xlsx?class=poor", nil)
		if exp.Status != 200 || !bytes.HasPrefix(exp.Raw, []byte("PK")) {
			t.Fatalf("export: %d %.200s", exp.Status, exp.Raw)
		}
		if r := c.do("GET", "/api/v1/households/export.xlsx?class=rich", nil); r.Status != 422 {
			t.Errorf("export with a bad filter: %d", r.Status)
		}
		xlsx := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		// The export re-imports as it is: nothing changes.
		r := c.do("POST", "/api/v1/households/import?dry_run=true", exp.Raw, "Content-Type", xlsx)
		if r.Status != 200 || num(r.JSON["unchanged"]) != 1 || r.JSON["dry_run"] != true {
			t.Errorf("dry run of the export: %d %s", r.Status, r.Raw)
		}
		// A bad cell: 422 with the row, the column and a message naming the field; nothing written.
		f, err := excelize.OpenReader(bytes.NewReader(exp.Raw))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		_ = f.SetCellValue(sheet, "E3", "bốn")
		_ = f.SetCellValue(sheet, "B3", "Tên mới không được ghi")
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		r = c.do("POST", "/api/v1/households/import", buf.Bytes(), "Content-Type", xlsx)
		errs, _ := r.JSON["errors"].([]any)
		if r.Status != 422 || r.errCode() != "invalid" || len(errs) != 1 {
			t.Fatalf("bad cell: %d %s", r.Status, r.Raw)
		}
		e := errs[0].(map[string]any)
		// The message names the column by the sheet's heading and quotes the cell.
		if num(e["row"]) != 3 || e["column"] != "E" || e["field"] != "members" || e["heading"] != "Số nhân khẩu" || e["value"] != "bốn" ||
			!strings.Contains(e["message"].(string), `"Số nhân khẩu"`) || !strings.Contains(e["message"].(string), `E3`) ||
			!strings.Contains(e["message"].(string), `"bốn"`) || strings.Contains(e["message"].(string), "(members)") {
			t.Errorf("row error: %v", e)
		}
		if d := c.do("GET", "/api/v1/households?q=ten+moi", nil); num(d.JSON["total"]) != 0 {
			t.Errorf("a refused import wrote rows: %s", d.Raw)
		}
		r = c.do("POST", "/api/v1/households/import", []byte("this is not a spreadsheet"), "Content-Type", xlsx)
		if r.Status != 422 || r.errCode() != "invalid" {
			t.Errorf("not an xlsx: %d %s", r.Status, r.Raw)
		}
		r = c.do("POST", "/api/v1/households/import", []byte{}, "Content-Type", xlsx)
		if r.Status < 400 || r.Status >= 500 {
			t.Errorf("empty upload: %d %s", r.Status, r.Raw)
		}
		// The empty template imports no rows; it is not an error.
		r = c.do("POST", "/api/v1/households/import", tpl.Raw, "Content-Type", xlsx)
		if r.Status != 200 || num(r.JSON["rows"]) != 0 {
			t.Errorf("empty template: %d %s", r.Status, r.Raw)
		}
	})
}

func TestResponsesAreCompressed(t *testing.T) {
	c := newClient(t, testenv.Open(t, "sqlite"))
	r := c.do("GET", "/api/openapi.json", nil, "Accept-Encoding", "gzip")
	if r.Status != 200 || r.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("openapi.json: %d, Content-Encoding %q", r.Status, r.Header.Get("Content-Encoding"))
	}
}

func TestAuditOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		_, group := c.ward()
		h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		upd := householdBody("P14-0001", group)
		upd["members"], upd["version"] = 7, 1
		if r := c.do("PUT", fmt.Sprintf("/api/v1/households/%d", num(h.JSON["id"])), upd); r.Status != 200 {
			t.Fatalf("update: %d %s", r.Status, r.Raw)
		}
		// The test clock is 15/03/2018; the filter's days are days in Hồ Chí Minh City.
		for q, want := range map[string]int64{
			"entity=household&action=update":                 1,
			"entity=household&from=15/03/2018&to=2018-03-15": 2,
			"entity=household&from=2018-03-16":               0,
		} {
			r := c.do("GET", "/api/v1/audit?"+q, nil)
			if r.Status != 200 || num(r.JSON["total"]) != want {
				t.Errorf("?%s: %d, total %v, want %d", q, r.Status, r.JSON["total"], want)
			}
		}
		r := c.do("GET", "/api/v1/audit?entity=household&action=update", nil)
		e := r.JSON["items"].([]any)[0].(map[string]any)
		if e["before"].(map[string]any)["members"] != float64(4) || e["after"].(map[string]any)["members"] != float64(7) || e["request_id"] == "" {
			t.Errorf("entry: %v", e)
		}
		if r := c.do("GET", "/api/v1/audit?from=2018-02-31", nil); r.Status != 422 {
			t.Errorf("an impossible date: %d", r.Status)
		}
	})
}
