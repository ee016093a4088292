package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/testenv"
)

// Records over HTTP: who records, what each role lists with its totals, who
// may correct, and the audit trail of every write.
func TestSupportRecordsListTotalsAndCorrections(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newSupportWorld(t, db)
		create := func(role string, body map[string]any) map[string]any {
			t.Helper()
			r := w.as[role].do("POST", "/api/v1/support", body)
			if r.Status != 201 {
				t.Fatalf("%s creates: %d %s", role, r.Status, r.Raw)
			}
			return r.JSON
		}
		gift := create(member, supportFields("household_id", w.own[0], "delivered_on", "01/03/2018"))
		if num(gift["unit_id"]) != w.cell || gift["delivered_on"] != "2018-03-01" || num(gift["version"]) != 1 {
			t.Errorf("the member's record: %v", gift)
		}
		create(member, supportFields("household_id", w.own[1], "delivered_on", "2018-02-10", "type", "loan",
			"value_vnd", 30_000_000, "funding_source", "state_budget"))
		house := create(leader, supportFields("household_id", w.own[0], "delivered_on", "20/02/2018", "type", "housing",
			"value_vnd", 40_000_000, "funding_source", "social", "unit_id", w.cell))
		byOfficer := create(officer, supportFields("household_id", w.otherKP3, "type", "cash", "value_vnd", 1_000_000))
		create(officer, supportFields("household_id", w.kp1, "type", "health_insurance", "value_vnd", 700_000, "funding_source", "state_budget"))
		if byOfficer["unit_id"] != nil {
			t.Errorf("an officer without a unit recorded for a unit: %v", byOfficer["unit_id"])
		}

		lists := []struct {
			role, query string
			count       int64
			value       int64
		}{
			{member, "", 3, 70_500_000},
			{member, "mine=true", 2, 30_500_000},
			{leader, "", 4, 71_500_000},
			{leader, "mine=true", 1, 40_000_000},
			{officer, "", 5, 72_200_000},
			{chair, "type=loan", 1, 30_000_000},
			{chair, "funding_source=state_budget", 2, 30_700_000},
			{chair, "from=2018-03-01", 3, 2_200_000},
			{chair, "from=01/02/2018&to=28/02/2018", 2, 70_000_000},
			{chair, fmt.Sprintf("household_id=%d", w.own[0]), 2, 40_500_000},
			{chair, fmt.Sprintf("unit_id=%d", w.cell), 3, 70_500_000},
			{admin, "per_page=1", 5, 72_200_000},
			{w.outsiderRole(), "", 0, 0},
		}
		for _, l := range lists {
			t.Run(l.role+"?"+l.query, func(t *testing.T) {
				r := w.client(l.role).do("GET", "/api/v1/support?"+l.query, nil)
				totals, _ := r.JSON["totals"].(map[string]any)
				if r.Status != 200 || num(totals["count"]) != l.count || num(totals["value_vnd"]) != l.value {
					t.Fatalf("%d %.300s", r.Status, r.Raw)
				}
				items := r.JSON["items"].([]any)
				if want := min(int(l.count), int(num(r.JSON["per_page"]))); len(items) != want {
					t.Errorf("%d items, want %d", len(items), want)
				}
				for _, it := range items {
					if it.(map[string]any)["household_code"] == "" {
						t.Errorf("an item without its household: %v", it)
					}
				}
			})
		}
		if r := w.as[viewer].do("GET", "/api/v1/support", nil); r.Status != 403 {
			t.Errorf("viewer lists support: %d", r.Status)
		}

		// The member corrects the leader's record: same unit. A stale version is refused and changes nothing.
		path := fmt.Sprintf("/api/v1/support/%d", num(house["id"]))
		r := w.as[member].do("PUT", path, supportFields("version", 1, "delivered_on", "20/02/2018", "type", "housing",
			"value_vnd", 45_000_000, "funding_source", "social", "note", "Sửa: thêm tiền công"))
		if r.Status != 200 || num(r.JSON["version"]) != 2 || num(r.JSON["value_vnd"]) != 45_000_000 || num(r.JSON["unit_id"]) != w.cell {
			t.Fatalf("member corrects: %d %s", r.Status, r.Raw)
		}
		stale := w.as[leader].do("PUT", path, supportFields("version", 1, "type", "housing", "value_vnd", 1))
		if stale.Status != 409 || stale.errCode() != "conflict" {
			t.Errorf("stale version: %d %s", stale.Status, stale.Raw)
		}
		got := w.as[leader].do("GET", path, nil)
		if num(got.JSON["value_vnd"]) != 45_000_000 || num(got.JSON["version"]) != 2 || got.JSON["note"] != "Sửa: thêm tiền công" {
			t.Errorf("after the stale write: %s", got.Raw)
		}
		var before, after string
		if err := db.NewRaw("SELECT before_json, after_json FROM audit_log WHERE entity = 'support' AND action = 'update' AND entity_id = ?",
			num(house["id"])).Scan(context.Background(), &before, &after); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(before, `"value_vnd":40000000`) || !strings.Contains(after, `"value_vnd":45000000`) || !strings.Contains(after, `"version":2`) {
			t.Errorf("audit of the correction: before %s, after %s", before, after)
		}
		if n := w.count(t, "audit_log", "entity = 'support' AND action = 'create'"); n != 5 {
			t.Errorf("%d audit rows for 5 creations", n)
		}

		// Who may correct the officer's record of a Khu phố 3 household.
		path = fmt.Sprintf("/api/v1/support/%d", num(byOfficer["id"]))
		for _, c := range []struct {
			role string
			want int
		}{{viewer, 403}, {w.outsiderRole(), 404}, {member, 404}, {leader, 403}, {chair, 200}} {
			r := w.client(c.role).do("PUT", path, supportFields("version", 1, "type", "cash", "value_vnd", 1_200_000))
			if r.Status != c.want {
				t.Errorf("%s corrects the officer's record: %d, want %d", c.role, r.Status, c.want)
			}
		}
		if r := w.as[leader].do("GET", path, nil); r.Status != 200 || num(r.JSON["value_vnd"]) != 1_200_000 {
			t.Errorf("leader reads the officer's record: %d %s", r.Status, r.Raw)
		}
	})
}

// outsiderRole names the officer of another ward in test tables.
func (w *supportWorld) outsiderRole() string { return "vhxh.p15" }

// client returns the signed-in client of a role, or the outsider.
func (w *supportWorld) client(role string) *client {
	if role == w.outsiderRole() {
		return w.outsider
	}
	return w.as[role]
}

// Scoping: a member records for their own households only; a viewer, a
// stranger and the officer of another ward record nothing; a household out
// of sight is a 404 that names the field, like one that does not exist.
func TestSupportScoping(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newSupportWorld(t, db)
		cases := []struct {
			name, role string
			household  int64
			extra      []any
			want       int
			field      string
		}{
			{"member, own household", member, w.own[2], nil, 201, ""},
			{"member, another household of the cell", member, w.otherKP3, nil, 404, "household_id"},
			{"member, another neighbourhood", member, w.kp1, nil, 404, "household_id"},
			{"member, no such household", member, 99_999_999, nil, 404, "household_id"},
			{"member, a unit not theirs", member, w.own[2], []any{"unit_id", int64(1)}, 422, "unit_id"},
			{"leader, the cell's household", leader, w.otherKP3, nil, 201, ""},
			{"leader, another neighbourhood", leader, w.kp1, nil, 404, "household_id"},
			{"officer of another ward", w.outsiderRole(), w.own[2], nil, 404, "household_id"},
			{"viewer", viewer, w.own[2], nil, 403, ""},
			{"anonymous", anon, w.own[2], nil, 401, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := w.count(t, "support_records", "1 = 1")
				r := w.client(c.role).do("POST", "/api/v1/support", supportFields(append([]any{"household_id", c.household}, c.extra...)...))
				if r.Status != c.want {
					t.Fatalf("%d, want %d: %s", r.Status, c.want, r.Raw)
				}
				if f, _ := r.errField(0); f != c.field {
					t.Errorf("field %q, want %q: %s", f, c.field, r.Raw)
				}
				written := w.count(t, "support_records", "1 = 1") - before
				if (c.want == 201) != (written == 1) {
					t.Errorf("%d records written", written)
				}
			})
		}
		// The records of the member's household are invisible to the outsider.
		var id int64
		if err := db.NewRaw("SELECT MIN(id) FROM support_records").Scan(context.Background(), &id); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/api/v1/support/%d", "/api/v1/support/%d/evidence"} {
			if r := w.outsider.do("GET", fmt.Sprintf(path, id), nil); r.Status != 404 {
				t.Errorf("outsider GET %s: %d", path, r.Status)
			}
		}
	})
}

// Bad input is a 4xx naming the field, and nothing is written.
func TestSupportBadInput(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newSupportWorld(t, db)
		h := w.own[0]
		cases := []struct {
			name  string
			body  map[string]any
			want  int
			field string
		}{
			{"future date", supportFields("household_id", h, "delivered_on", "16/03/2018"), 422, "delivered_on"},
			{"no date", supportFields("household_id", h, "delivered_on", ""), 422, "delivered_on"},
			{"impossible date", supportFields("household_id", h, "delivered_on", "31/02/2018"), 422, "delivered_on"},
			{"before 2000", supportFields("household_id", h, "delivered_on", "1999-12-31"), 422, "delivered_on"},
			{"negative value", supportFields("household_id", h, "value_vnd", -1), 422, "value_vnd"},
			{"over 10 billion", supportFields("household_id", h, "value_vnd", 10_000_000_001), 422, "value_vnd"},
			{"fractional value", supportFields("household_id", h, "value_vnd", 1.5), 422, "value_vnd"},
			{"unknown type", supportFields("household_id", h, "type", "gold"), 422, "type"},
			{"unknown funding source", supportFields("household_id", h, "funding_source", "lottery"), 422, "funding_source"},
			{"unknown household", supportFields("household_id", 88_888_888), 404, "household_id"},
			{"no household", supportFields(), 422, "household_id"},
			{"note too long", supportFields("household_id", h, "note", strings.Repeat("ư", 2001)), 422, "note"},
			{"task of another household", supportFields("household_id", h, "task_id", insertTask(t, db, w.cell, w.own[1], "bad")), 422, "task_id"},
			{"unknown task", supportFields("household_id", h, "task_id", 77_777_777), 422, "task_id"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				audits := w.count(t, "audit_log", "1 = 1")
				r := w.as[member].do("POST", "/api/v1/support", c.body, "Accept-Language", "en")
				if r.Status != c.want {
					t.Fatalf("%d, want %d: %s", r.Status, c.want, r.Raw)
				}
				field, message := r.errField(0)
				if field != c.field || message == "" {
					t.Errorf("field %q (%q), want %q: %s", field, message, c.field, r.Raw)
				}
				if n := w.count(t, "support_records", "1 = 1"); n != 0 {
					t.Errorf("%d records written", n)
				}
				if n := w.count(t, "audit_log", "1 = 1"); n != audits {
					t.Errorf("%d audit rows written", n-audits)
				}
			})
		}
		// The same checks guard a correction.
		rec := w.as[member].do("POST", "/api/v1/support", supportFields("household_id", h))
		r := w.as[member].do("PUT", fmt.Sprintf("/api/v1/support/%d", num(rec.JSON["id"])), supportFields("version", 1, "delivered_on", "2019-01-01"))
		if f, _ := r.errField(0); r.Status != 422 || f != "delivered_on" {
			t.Errorf("future correction: %d %s", r.Status, r.Raw)
		}
		if r := w.as[member].do("GET", "/api/v1/support?type=gold", nil); r.Status != 422 {
			t.Errorf("unknown type filter: %d", r.Status)
		}
		if r := w.as[member].do("GET", "/api/v1/support?from=2018-03-01&to=2018-02-01", nil); r.Status != 422 {
			t.Errorf("reversed range: %d", r.Status)
		}
	})
}

// A user can never cause a 500 on the support routes: malformed, empty,
// wrongly typed and out-of-range input gets a 4xx with the error shape.
func TestSupportRoutesRefuseBadInputCleanly(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		_, group := c.ward()
		h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		rec := c.do("POST", "/api/v1/support", supportFields("household_id", num(h.JSON["id"])))
		if rec.Status != 201 {
			t.Fatalf("record: %d %s", rec.Status, rec.Raw)
		}
		bodies := []any{"", "null", "[]", "{", `"x"`, "\x00\x01", `{"version": "x"}`, `{"household_id": 1e400}`,
			`{"household_id": -1, "value_vnd": 1e30}`, `{"delivered_on": 20180101}`, `{"delivered_on": "hôm qua", "visited_on": [1]}`,
			`{"type": null, "funding_source": 5, "unit_id": "a", "task_id": -3}`, `{"note": {"a": 1}}`,
			map[string]any{"household_id": 1, "note": strings.Repeat("ư", 100000)}}
		ids := []string{"1", "0", "-1", "99999999", "abc", "9223372036854775808"}
		routes := map[string][]string{
			"/api/v1/support":                    {"GET", "POST"},
			"/api/v1/support/meta":               {"GET"},
			"/api/v1/support/{id}":               {"GET", "PUT"},
			"/api/v1/support/{id}/evidence":      {"GET", "POST"},
			"/api/v1/support/{id}/evidence/{id}": {"GET"},
			"/api/v1/visits":                     {"GET", "POST"},
			"/api/v1/tasks/{id}/support":         {"POST"},
			"/api/v1/support/{id}/evidence?x=1&filename=" + strings.Repeat("%2F", 300): {"POST"},
		}
		queries := []string{"", "?household_id=abc", "?unit_id=-1", "?type=gold", "?funding_source=%00", "?from=31/02/2018",
			"?to=hôm-nay", "?mine=maybe", "?page=0", "?per_page=100000", "?from=2018-03-01&to=2018-01-01"}
		for tmpl, methods := range routes {
			for _, id := range ids {
				path := strings.ReplaceAll(tmpl, "{id}", id)
				for _, m := range methods {
					if m == "GET" {
						for _, q := range queries {
							check(t, c, m, path+q, nil)
						}
						continue
					}
					for _, b := range bodies {
						check(t, c, m, path, b)
					}
				}
				if !strings.Contains(tmpl, "{id}") {
					break
				}
			}
		}
		if n, _ := db.NewSelect().Table("support_records").Count(context.Background()); n != 1 {
			t.Errorf("bad input wrote %d records", n-1)
		}
		if n, _ := db.NewSelect().Table("visits").Count(context.Background()); n != 0 {
			t.Errorf("bad input wrote %d visits", n)
		}
	})
}
