package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"

	"chungtay/internal/demo"
	"chungtay/internal/testenv"
)

// planIDs are the plan fixtures of the authorization test: the demo ward's
// plan (seed 000), one of its duties (the People's Committee's first), and a
// visit task owned by the demo party member.
type planIDs struct {
	plan, ward, version, duty, dutyUnit, task int64
}

func planFixture(t *testing.T, db *bun.DB, ids demoIDs) planIDs {
	t.Helper()
	ctx := context.Background()
	var f planIDs
	scan := func(q string, dst ...any) {
		if err := db.NewRaw(q).Scan(ctx, dst...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	scan("SELECT id, area_id, version FROM plans WHERE number = '05-NQ/ĐU'", &f.plan, &f.ward, &f.version)
	scan(fmt.Sprintf("SELECT id, unit_id FROM duties WHERE plan_id = %d ORDER BY id LIMIT 1", f.plan), &f.duty, &f.dutyUnit)
	scan(fmt.Sprintf("SELECT MIN(t.id) FROM tasks t JOIN duties d ON d.id = t.duty_id WHERE d.plan_id = %d AND t.user_id = %d", f.plan, ids.memberUser), &f.task)
	return f
}

// planRequest returns the path and body of a plan or task operation for the
// authorization test; ok is false for the operations of other parts. The
// plan's version moves on as the operations run: targets, then the plan,
// then the archive (last).
func planRequest(opID, path string, ids demoIDs) (p string, body any, ok bool) {
	f := ids.plans
	id := f.plan
	if strings.HasPrefix(path, "/api/v1/tasks/") {
		id = f.task
	}
	p = strings.NewReplacer("{id}", fmt.Sprint(id), "{dutyId}", fmt.Sprint(f.duty)).Replace(path)
	duty := map[string]any{"title": "Chỉ đạo xây dựng kế hoạch giảm nghèo bền vững năm 2018", "unit_id": f.dutyUnit,
		"target": "unit", "frequency": "once", "due_on": "28/02/2018", "valid_from": "01/01/2018"}
	planBody := map[string]any{"area_id": f.ward, "kind": "resolution", "issuer": "Đảng ủy Phường 14", "year": 2018,
		"title": "Nghị quyết giảm nghèo bền vững năm 2018", "version": f.version + 1}
	switch opID {
	case "list-plans", "get-plan", "expand-plan", "list-tasks", "get-task", "list-unvisited-households":
		return p, nil, true
	case "create-plan":
		return p, map[string]any{"area_id": ids.area, "kind": "plan", "issuer": "Ban điều hành Khu phố 3", "year": 2018, "title": "Kế hoạch khu phố"}, true
	case "update-plan":
		return p, planBody, true
	case "set-plan-targets":
		return p, map[string]any{"version": f.version, "targets": []map[string]any{{"kind": "poor_reduction", "households": 35, "basis_points": 31}}}, true
	case "archive-plan":
		return p, map[string]any{"version": f.version + 2}, true
	case "add-duty":
		duty["title"], duty["unit_id"] = "Thăm hỏi, tặng quà Tết hộ nghèo", ids.unit
		return p, duty, true
	case "update-duty":
		duty["version"] = 1
		return p, duty, true
	case "update-task":
		return p, map[string]any{"version": 1, "status": "in_progress"}, true
	}
	return "", nil, false
}

func TestPlansOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		cell := c.do("POST", "/api/v1/units", map[string]any{"code": "CB-T01", "name": "Chi bộ Tổ 1", "kind": "party_cell", "area_id": group})
		if h.Status != 201 || cell.Status != 201 {
			t.Fatalf("fixture: %d %d", h.Status, cell.Status)
		}
		hh, unitID := num(h.JSON["id"]), num(cell.JSON["id"])
		if r := c.do("POST", fmt.Sprintf("/api/v1/households/%d/assignments", hh), map[string]any{"unit_id": unitID, "is_primary": true}); r.Status != 201 {
			t.Fatalf("assign: %d %s", r.Status, r.Raw)
		}
		countRows := func(table string) int {
			n, _ := db.NewSelect().Table(table).Count(context.Background())
			return int(n)
		}

		bad := []struct {
			name, method, path string
			body               any
			status             int
			field              string
		}{
			{"plan without a title", "POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND", "year": 2018, "title": " "}, 422, "title"},
			{"plan of an unknown kind", "POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "decree", "issuer": "UBND", "year": 2018, "title": "X"}, 422, "kind"},
			{"plan of year 1990", "POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND", "year": 1990, "title": "X"}, 422, "year"},
			{"plan of an unknown area", "POST", "/api/v1/plans", map[string]any{"area_id": 999999, "kind": "plan", "issuer": "UBND", "year": 2018, "title": "X"}, 422, "area_id"},
			{"plan with a stray field", "POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND", "year": 2018, "title": "X", "budget": 1}, 422, "budget"},
		}
		for _, b := range bad {
			r := c.do(b.method, b.path, b.body)
			if f, _ := r.errField(0); r.Status != b.status || f != b.field {
				t.Errorf("%s: %d %s, want %d naming %s", b.name, r.Status, r.Raw, b.status, b.field)
			}
		}
		if n := countRows("plans"); n != 0 {
			t.Fatalf("refused plans wrote %d rows", n)
		}

		r := c.do("POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND Phường 14", "number": "12/KH-UBND",
			"issued_on": "01/03/2018", "year": 2018, "title": "Kế hoạch giảm nghèo bền vững năm 2018"})
		if r.Status != 201 || r.JSON["issued_on"] != "2018-03-01" || num(r.JSON["version"]) != 1 {
			t.Fatalf("create: %d %s", r.Status, r.Raw)
		}
		planID := num(r.JSON["id"])
		planPath := fmt.Sprintf("/api/v1/plans/%d", planID)
		upd := map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND Phường 14", "year": 2018, "title": "Kế hoạch năm 2018", "version": 1}
		if r := c.do("PUT", planPath, upd); r.Status != 200 || num(r.JSON["version"]) != 2 {
			t.Fatalf("update: %d %s", r.Status, r.Raw)
		}
		if r := c.do("PUT", planPath, upd); r.Status != 409 || r.errCode() != "conflict" {
			t.Errorf("stale update: %d %s", r.Status, r.Raw)
		}
		upd["version"], upd["title"] = 2, ""
		if r := c.do("PUT", planPath, upd); r.Status != 422 {
			t.Errorf("update without a title: %d %s", r.Status, r.Raw)
		} else if f, _ := r.errField(0); f != "title" {
			t.Errorf("update without a title names %s", f)
		}

		split := map[string]any{"version": 2, "targets": []map[string]any{
			{"kind": "poor_reduction", "households": 2, "basis_points": 14},
			{"kind": "poor_reduction", "area_id": group, "households": 3},
		}}
		r = c.do("PUT", planPath+"/targets", split)
		if f, msg := r.errField(0); r.Status != 422 || f != "targets[0].households" || !strings.Contains(msg, "Phường 14") || !strings.Contains(msg, "Chỉ tiêu") {
			t.Errorf("split over the total: %d %s", r.Status, r.Raw)
		}
		r = c.do("PUT", planPath+"/targets", split, "Accept-Language", "en")
		if _, msg := r.errField(0); !strings.Contains(msg, "exceed the target of Phường 14") {
			t.Errorf("in English: %s", r.Raw)
		}
		if n := countRows("plan_targets"); n != 0 {
			t.Errorf("refused targets wrote %d rows", n)
		}
		split["targets"].([]map[string]any)[1]["households"] = 2
		split["targets"] = append(split["targets"].([]map[string]any), map[string]any{"kind": "coverage", "indicator": "health_insurance", "basis_points": 10000})
		if r := c.do("PUT", planPath+"/targets", split); r.Status != 200 || len(r.JSON["targets"].([]any)) != 3 {
			t.Fatalf("targets: %d %s", r.Status, r.Raw)
		}

		visits := map[string]any{"title": "Thăm hộ nghèo hàng quý", "unit_kind": "party_cell", "target": "household", "frequency": "quarterly",
			"selector": map[string]any{"classes": []string{"poor", "near_poor"}, "assigned_to_unit": true}, "valid_from": "2018-01-01"}
		if r := c.do("POST", planPath+"/duties", map[string]any{"title": "Ai?", "target": "unit", "frequency": "yearly"}); r.Status != 422 {
			t.Errorf("duty without a unit: %d %s", r.Status, r.Raw)
		} else if f, _ := r.errField(0); f != "unit_id" {
			t.Errorf("duty without a unit names %s", f)
		}
		if r := c.do("POST", planPath+"/duties", map[string]any{"title": "X", "unit_id": unitID, "target": "unit", "frequency": "daily"}); r.Status != 422 {
			t.Errorf("daily duty: %d", r.Status)
		}
		if n := countRows("duties"); n != 0 {
			t.Errorf("refused duties wrote %d rows", n)
		}
		r = c.do("POST", planPath+"/duties", visits)
		exp, _ := r.JSON["expansion"].(map[string]any)
		if r.Status != 201 || num(exp["created"]) != 4 {
			t.Fatalf("add duty: %d %s", r.Status, r.Raw)
		}
		dutyPath := fmt.Sprintf("%s/duties/%d", planPath, num(r.JSON["duty"].(map[string]any)["id"]))
		visits["version"], visits["due_days_before_end"] = 1, 10
		if r := c.do("PUT", dutyPath, visits); r.Status != 200 || num(r.JSON["expansion"].(map[string]any)["updated"]) != 4 {
			t.Errorf("update duty (due 10 days before the end): %d %s", r.Status, r.Raw)
		}
		if r := c.do("PUT", dutyPath, visits); r.Status != 409 {
			t.Errorf("stale duty: %d", r.Status)
		}
		once := map[string]any{"version": 2, "title": "Thăm hộ nghèo dịp Tết", "unit_kind": "party_cell", "target": "household", "frequency": "once"}
		if r := c.do("PUT", dutyPath, once); r.Status != 422 {
			t.Errorf("a one-off duty without its day: %d %s", r.Status, r.Raw)
		} else if f, _ := r.errField(0); f != "due_on" {
			t.Errorf("a one-off duty without its day names %s", f)
		}
		if r := c.do("POST", planPath+"/expand", nil); r.Status != 200 || num(r.JSON["unchanged"]) != 4 || num(r.JSON["created"]) != 0 {
			t.Errorf("expand: %d %s", r.Status, r.Raw)
		}
		if r := c.do("GET", planPath, nil); r.Status != 200 || len(r.JSON["duties"].([]any)) != 1 ||
			num(r.JSON["duties"].([]any)[0].(map[string]any)["tasks"].(map[string]any)["open"]) != 4 {
			t.Errorf("get plan: %d %s", r.Status, r.Raw)
		}

		list := c.do("GET", fmt.Sprintf("/api/v1/tasks?plan_id=%d&household_id=%d", planID, hh), nil)
		items, _ := list.JSON["items"].([]any)
		if list.Status != 200 || len(items) != 4 || items[0].(map[string]any)["period"] != "2018-Q1" || items[0].(map[string]any)["due_on"] != "2018-03-21" {
			t.Fatalf("tasks: %d %s", list.Status, list.Raw)
		}
		taskPath := fmt.Sprintf("/api/v1/tasks/%d", num(items[0].(map[string]any)["id"]))
		v := num(items[0].(map[string]any)["version"]) // 2: the duty's change gave it a new due day
		if r := c.do("PUT", taskPath, map[string]any{"version": v, "status": "lost"}); r.Status != 422 {
			t.Errorf("unknown status: %d", r.Status)
		}
		if r := c.do("PUT", taskPath, map[string]any{"version": v, "status": "cancelled"}); r.Status != 422 {
			t.Errorf("cancel without a note: %d", r.Status)
		} else if f, _ := r.errField(0); f != "note" {
			t.Errorf("cancel without a note names %s", f)
		}
		r = c.do("PUT", taskPath, map[string]any{"version": v, "status": "done", "note": "Đã thăm"})
		if r.Status != 200 || r.JSON["done_at"] == nil || num(r.JSON["version"]) != v+1 || v != 2 {
			t.Fatalf("done: %d %s", r.Status, r.Raw)
		}
		if r := c.do("PUT", taskPath, map[string]any{"version": v, "status": "in_progress"}); r.Status != 409 {
			t.Errorf("stale task: %d", r.Status)
		}
		if r := c.do("GET", taskPath, nil); r.Status != 200 || r.JSON["status"] != "done" || r.JSON["household_code"] != "P14-0001" {
			t.Errorf("get task: %d %s", r.Status, r.Raw)
		}
		for q, want := range map[string]int64{"status=open": 3, "status=done": 1, "overdue=true": 0, "due_this_week=true": 0, "period=2018-Q2": 1, "mine=true": 0} {
			if r := c.do("GET", "/api/v1/tasks?"+q, nil); r.Status != 200 || num(r.JSON["total"]) != want {
				t.Errorf("tasks?%s: %d %v, want %d", q, r.Status, r.JSON["total"], want)
			}
		}
		if r := c.do("GET", "/api/v1/tasks?status=late", nil); r.Status != 422 {
			t.Errorf("bad status filter: %d", r.Status)
		}
		if r := c.do("GET", "/api/v1/tasks/abc", nil); r.Status != 422 {
			t.Errorf("non-numeric task id: %d", r.Status)
		}
		if r := c.do("GET", "/api/v1/tasks/999999", nil); r.Status != 404 || r.errMessage() != "Không tìm thấy công việc." {
			t.Errorf("missing task: %d %s", r.Status, r.Raw)
		}
		un := c.do("GET", "/api/v1/unvisited-households", nil)
		if un.Status != 200 || num(un.JSON["total"]) != 1 || un.JSON["quarter"].(map[string]any)["key"] != "2018-Q1" {
			t.Errorf("unvisited: %d %s", un.Status, un.Raw)
		}
		if r := c.do("GET", "/api/v1/unvisited-households?class=rich", nil); r.Status != 422 {
			t.Errorf("unvisited with a bad class: %d", r.Status)
		}
		if r := c.do("GET", "/api/v1/plans?year=2018", nil); r.Status != 200 || len(r.JSON["items"].([]any)) != 1 {
			t.Errorf("list plans: %d %s", r.Status, r.Raw)
		}
		if r := c.do("POST", planPath+"/archive", map[string]any{"version": 2}); r.Status != 409 {
			t.Errorf("stale archive: %d", r.Status)
		}
		if r := c.do("POST", planPath+"/archive", map[string]any{"version": 3}); r.Status != 200 || r.JSON["archived_at"] == nil {
			t.Fatalf("archive: %d %s", r.Status, r.Raw)
		}
		if r := c.do("POST", planPath+"/expand", nil); r.Status != 409 {
			t.Errorf("expanding an archived plan: %d", r.Status)
		}
		if r := c.do("GET", "/api/v1/tasks?status=open", nil); num(r.JSON["total"]) != 0 {
			t.Errorf("open tasks after archiving: %s", r.Raw)
		}
		if r := c.do("GET", "/api/v1/plans/999999", nil); r.Status != 404 || r.errMessage() != "Không tìm thấy kế hoạch." {
			t.Errorf("missing plan: %d %s", r.Status, r.Raw)
		}
	})
}

// On the demo ward, each role's task list is its own: the party member's 20
// visits, the cell leader's 44 tasks of Khu phố 3, the whole ward for the chair.
func TestDemoTaskLists(t *testing.T) {
	db := testenv.Open(t, "sqlite")
	if _, err := demo.Load(context.Background(), db, demoAsOf, demo.ScaleWard); err != nil {
		t.Fatal(err)
	}
	accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
	srv := newServer(t, db, accounts, nil)
	as := func(login string) *client {
		cookie, csrf := signIn(t, srv, login, demo.DemoPassword)
		return &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
	}
	count := func(q string) int64 {
		var n int64
		if err := db.NewRaw(q).Scan(context.Background(), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	kp3 := count("SELECT COUNT(*) FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code = '26890-CB-KP03'")
	kp3Households := count("SELECT COUNT(*) FROM tasks WHERE household_id IN (SELECT id FROM households WHERE code LIKE 'P14-KP03-%')")
	for _, c := range []struct {
		login, query string
		want         int64
	}{
		{member, "mine=true", 20},
		// Every task of her five households: her visits, the board's reviews, the health station's BHYT tasks.
		{member, "", count("SELECT COUNT(*) FROM tasks WHERE household_id IN (SELECT household_id FROM household_assignments WHERE valid_to IS NULL AND user_id = (SELECT id FROM users WHERE email = '" + member + "'))")},
		{leader, "", kp3Households},
		{leader, "unit_id=" + fmt.Sprint(count("SELECT id FROM units WHERE code = '26890-CB-KP03'")), kp3},
		{chair, "", count("SELECT COUNT(*) FROM tasks")},
		{chair, "overdue=true", count("SELECT COUNT(*) FROM tasks WHERE due_on < '2018-03-15'")},
	} {
		r := as(c.login).do("GET", "/api/v1/tasks?per_page=1&"+c.query, nil)
		if r.Status != 200 || num(r.JSON["total"]) != c.want || c.want == 0 {
			t.Errorf("%s ?%s: %d %v, want %d", c.login, c.query, r.Status, r.JSON["total"], c.want)
		}
	}
	other := count("SELECT MIN(t.id) FROM tasks t JOIN households h ON h.id = t.household_id WHERE h.code LIKE 'P14-KP01-%'")
	if r := as(member).do("GET", fmt.Sprintf("/api/v1/tasks/%d", other), nil); r.Status != 404 {
		t.Errorf("the member reads another neighbourhood's task: %d", r.Status)
	}
	if r := as(viewer).do("GET", "/api/v1/tasks", nil); r.Status != 403 {
		t.Errorf("the viewer lists tasks: %d", r.Status)
	}
}

// periodName matches the name of a period in a task export.
var periodName = regexp.MustCompile(`^(Quý (I|II|III|IV)/\d{4}|6 tháng (đầu|cuối) năm \d{4}|Năm \d{4}( \(một lần\))?|Tháng \d{1,2}/\d{4})$`)

// A party member exports their tasks; a leader their unit's; the rows are
// exactly those the list shows.
func TestTaskExport(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			db := testenv.Open(t, engine)
			if _, err := demo.Load(context.Background(), db, demoAsOf, demo.ScaleWard); err != nil {
				t.Fatal(err)
			}
			accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
			srv := newServer(t, db, accounts, nil)
			for _, who := range []string{member, leader} {
				cookie, csrf := signIn(t, srv, who, demo.DemoPassword)
				c := &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
				list := c.do("GET", "/api/v1/tasks?per_page=1", nil)
				// A task carries its plan's kind and number, so a list names it ("Nghị quyết số 05-NQ/ĐU").
				if items, _ := list.JSON["items"].([]any); len(items) > 0 {
					first, _ := items[0].(map[string]any)
					if k := first["plan_kind"]; k != "resolution" && k != "plan" {
						t.Errorf("%s: plan_kind %v", who, k)
					}
					if n, ok := first["plan_number"].(string); !ok || n == "" {
						t.Errorf("%s: plan_number %v", who, first["plan_number"])
					}
				}
				exp := c.do("GET", "/api/v1/tasks/export.xlsx", nil)
				f, err := excelize.OpenReader(bytes.NewReader(exp.Raw))
				if err != nil {
					t.Fatalf("%s: export %d: %v", who, exp.Status, err)
				}
				rows, _ := f.GetRows("Công việc")
				if total := num(list.JSON["total"]); total == 0 || int64(len(rows)-1) != total {
					t.Errorf("%s: %d rows exported, the list says %d", who, len(rows)-1, total)
				}
				// The period column names the period ("Quý I/2026"), never its key ("2026-Q1").
				if len(rows) > 0 && (len(rows[0]) < 7 || rows[0][6] != "Kỳ") {
					t.Fatalf("%s: headings %q", who, rows[0])
				}
				for i, row := range rows[1:] {
					if len(row) < 7 || !periodName.MatchString(row[6]) {
						t.Errorf("%s: row %d period %q, want a period's name", who, i+2, row[6:min(7, len(row))])
						break
					}
				}
			}
			if r := (&client{t: t, srv: srv, db: db}).do("GET", "/api/v1/tasks/export.xlsx?status=maybe", nil); r.Status != 401 {
				t.Errorf("anonymous export: %d", r.Status)
			}
		})
	}
}
