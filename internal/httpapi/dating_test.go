package httpapi_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/demo"
	"chungtay/internal/testenv"
)

// After a hand-over the former person in charge loses the household and
// every one of its tasks, of any plan (the demo's 2018 plan and another):
// reading or writing one answers 404 exactly like a task that does not
// exist. Only a task they did themselves stays in sight, read-only (403 on a
// write). The new person sees and works them. The same holds for their lists
// ("my households", "my tasks") and for a visit or support naming the task.
func TestFormerOwnerLosesHouseholdAndTasks(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			db, ids, accounts := demoWard(t, engine)
			srv := newServer(t, db, accounts, nil)
			newcomer := makeUser(t, accounts, "dangvien.moi.kp3@chungtay.local", nil, account.MembershipInput{UnitID: ids.unit, Role: access.UnitMember})
			session := func(email, password string) *client {
				cookie, csrf := signIn(t, srv, email, password)
				return &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
			}
			a, chairC, b := session(member, demo.DemoPassword), session(chair, demo.DemoPassword), session("dangvien.moi.kp3@chungtay.local", testPassword)
			h := ids.household
			other := insertTask(t, db, ids.unit, h, "2018-once") // a task of another plan
			var tasks []int64
			if err := db.NewRaw("SELECT id FROM tasks WHERE household_id = ? ORDER BY id", h).Scan(context.Background(), &tasks); err != nil || len(tasks) < 3 {
				t.Fatalf("the household's tasks: %v %v", tasks, err)
			}
			var plans int
			_ = db.NewRaw("SELECT COUNT(DISTINCT d.plan_id) FROM tasks t JOIN duties d ON d.id = t.duty_id WHERE t.household_id = ?", h).Scan(context.Background(), &plans)
			if plans < 2 {
				t.Fatalf("the household's tasks come from %d plans, want 2 or more", plans)
			}
			// Before: a sees and works them. a ticks off one task: it becomes their history.
			if r := a.do("GET", fmt.Sprintf("/api/v1/households/%d", h), nil); r.Status != 200 {
				t.Fatalf("before the hand-over a reads the household: %d", r.Status)
			}
			var done int64
			for _, id := range tasks {
				r := a.do("GET", fmt.Sprintf("/api/v1/tasks/%d", id), nil)
				if r.Status != 200 {
					t.Fatalf("before the hand-over a reads task %d: %d %.200s", id, r.Status, r.Raw)
				}
				if done == 0 && num(r.JSON["user_id"]) == ids.memberUser && r.JSON["status"] == "todo" {
					if u := a.do("PUT", fmt.Sprintf("/api/v1/tasks/%d", id), map[string]any{"version": r.JSON["version"], "status": "done"}); u.Status != 200 {
						t.Fatalf("a completes task %d: %d %.200s", id, u.Status, u.Raw)
					}
					done = id
				}
			}
			if done == 0 {
				t.Fatal("no task to complete")
			}

			// The hand-over: the chair gives the household to the newcomer of the same cell.
			if r := chairC.do("POST", fmt.Sprintf("/api/v1/households/%d/assignments", h),
				map[string]any{"user_id": newcomer, "is_primary": true, "valid_from": "2018-03-15"}); r.Status != 201 && r.Status != 200 {
				t.Fatalf("hand-over: %d %.300s", r.Status, r.Raw)
			}

			missing := a.do("GET", "/api/v1/tasks/99999999", nil)
			for _, path := range []string{fmt.Sprintf("/api/v1/households/%d", h), fmt.Sprintf("/api/v1/households/%d/assignments", h)} {
				if r := a.do("GET", path, nil); r.Status != 404 {
					t.Errorf("former owner GET %s: %d, want 404", path, r.Status)
				}
			}
			for _, id := range tasks {
				path := fmt.Sprintf("/api/v1/tasks/%d", id)
				get := a.do("GET", path, nil)
				put := a.do("PUT", path, map[string]any{"version": 1, "status": "in_progress"})
				support := a.do("POST", path+"/support", supportFields())
				if id == done {
					if get.Status != 200 || put.Status != 403 {
						t.Errorf("the task a did (history): GET %d PUT %d, want 200 and 403", get.Status, put.Status)
					}
					if get.JSON["household_head_name"] != "" || get.JSON["household_code"] == "" {
						t.Errorf("the history keeps the code, not the family's name: %v / %v", get.JSON["household_head_name"], get.JSON["household_code"])
					}
					continue
				}
				if get.Status != 404 || put.Status != 404 || support.Status != 404 {
					t.Errorf("former owner on task %d: GET %d PUT %d support %d, want 404 each", id, get.Status, put.Status, support.Status)
				}
				if fmt.Sprint(get.JSON["error"].(map[string]any)["message"]) != fmt.Sprint(missing.JSON["error"].(map[string]any)["message"]) {
					t.Errorf("task %d out of sight answers %.200s, a missing one %.200s", id, get.Raw, missing.Raw)
				}
			}
			// A visit naming one of those tasks: the household is out of sight.
			if r := a.do("POST", "/api/v1/visits", map[string]any{"household_id": h, "visited_on": "2018-03-15", "task_id": other}); r.Status != 404 {
				t.Errorf("former owner records a visit: %d, want 404", r.Status)
			}
			// Their lists: "my households" and "my tasks" hold none of it but the task they did.
			for _, it := range a.do("GET", "/api/v1/households?per_page=100", nil).JSON["items"].([]any) {
				if num(it.(map[string]any)["id"]) == h {
					t.Errorf("the household is still in the former owner's list")
				}
			}
			for _, q := range []string{"mine=true&per_page=100", fmt.Sprintf("household_id=%d&per_page=100", h)} {
				for _, it := range a.do("GET", "/api/v1/tasks?"+q, nil).JSON["items"].([]any) {
					if id := num(it.(map[string]any)["id"]); num(it.(map[string]any)["household_id"]) == h && id != done {
						t.Errorf("GET /tasks?%s still lists task %d of the household", q, id)
					}
				}
			}

			// The newcomer sees the household and its tasks, and works the open ones.
			if r := b.do("GET", fmt.Sprintf("/api/v1/households/%d", h), nil); r.Status != 200 {
				t.Errorf("the new person reads the household: %d", r.Status)
			}
			for _, id := range tasks {
				if r := b.do("GET", fmt.Sprintf("/api/v1/tasks/%d", id), nil); r.Status != 200 {
					t.Errorf("the new person reads task %d: %d", id, r.Status)
				}
			}
		})
	}
}

// A visit through the API completes the visit task of the period it falls
// in — not the oldest open one — in its transaction; a task of another
// period named on the visit is refused (task_id).
func TestVisitClosesItsPeriodsTask(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			db, ids, accounts := demoWard(t, engine)
			now := time.Date(2018, 8, 20, 9, 0, 0, 0, testenv.Loc)
			srv := newServer(t, db, accounts, func() time.Time { return now })
			cookie, csrf := signIn(t, srv, member, demo.DemoPassword)
			a := &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
			h := ids.household
			visitTask := func(period string) (id int64, status string) {
				err := db.NewRaw(`SELECT t.id, t.status FROM tasks t JOIN duties d ON d.id = t.duty_id
					WHERE t.household_id = ? AND d.closes_on_visit AND t.period = ?`, h, period).Scan(context.Background(), &id, &status)
				if err != nil {
					t.Fatalf("visit task %s: %v", period, err)
				}
				return id, status
			}
			q1, s1 := visitTask("2018-Q1")
			q3, s3 := visitTask("2018-Q3")
			if s1 != "todo" || s3 != "todo" {
				t.Fatalf("Q1 %s, Q3 %s: want both open before the visit", s1, s3)
			}
			// Naming Q1's task for an August visit: refused, nothing written.
			r := a.do("POST", "/api/v1/visits", map[string]any{"household_id": h, "visited_on": "2018-08-18", "task_id": q1})
			if r.Status != 422 || !hasField(r, "task_id") {
				t.Errorf("a Q1 task for an August visit: %d %.300s, want 422 naming task_id", r.Status, r.Raw)
			}
			r = a.do("POST", "/api/v1/visits", map[string]any{"household_id": h, "visited_on": "2018-08-18", "note": "Hộ ổn định"})
			if r.Status != 201 || num(r.JSON["task_id"]) != q3 {
				t.Fatalf("visit: %d %.300s, want 201 completing Q3's task %d", r.Status, r.Raw, q3)
			}
			if _, s := visitTask("2018-Q3"); s != "done" {
				t.Errorf("Q3's visit task is %s after the visit, want done", s)
			}
			if _, s := visitTask("2018-Q1"); s != "todo" {
				t.Errorf("Q1's visit task is %s, want todo: a visit in August does not close the oldest task", s)
			}
			var audited int
			_ = db.NewRaw("SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_id = ?", q3).Scan(context.Background(), &audited)
			if audited != 1 {
				t.Errorf("%d audit entries for the task, want 1", audited)
			}
			// A task of a household out of sight answers like a task that does not exist.
			var hidden int64
			if err := db.NewRaw(`SELECT t.id FROM tasks t WHERE t.household_id IS NOT NULL AND t.household_id NOT IN
				(SELECT household_id FROM household_assignments WHERE user_id = ?) ORDER BY t.id LIMIT 1`, ids.memberUser).Scan(context.Background(), &hidden); err != nil {
				t.Fatal(err)
			}
			out := a.do("POST", "/api/v1/visits", map[string]any{"household_id": h, "visited_on": "2018-08-18", "task_id": hidden})
			gone := a.do("POST", "/api/v1/visits", map[string]any{"household_id": h, "visited_on": "2018-08-18", "task_id": 99999999})
			if out.Status != 422 || fieldMessage(out, "task_id") == "" || fieldMessage(out, "task_id") != fieldMessage(gone, "task_id") {
				t.Errorf("a task out of sight: %.300s; a missing one: %.300s", out.Raw, gone.Raw)
			}
			// A second visit in the same quarter: recorded, nothing left to complete.
			r = a.do("POST", "/api/v1/visits", map[string]any{"household_id": h, "visited_on": "2018-08-19"})
			if r.Status != 201 || r.JSON["task_id"] != nil {
				t.Errorf("second visit: %d %.300s, want 201 without a task", r.Status, r.Raw)
			}
		})
	}
}

// demoWard loads the demo ward on a fresh database of engine, with its
// fixture ids and an account service.
func demoWard(t *testing.T, engine string) (*bun.DB, demoIDs, *account.Service) {
	t.Helper()
	db := testenv.Open(t, engine)
	if _, err := demo.Load(context.Background(), db, demoAsOf, demo.ScaleWard); err != nil {
		t.Fatal(err)
	}
	accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
	return db, lookupIDs(t, db), accounts
}

// hasField reports whether an error answer names field.
func hasField(r response, field string) bool { return fieldMessage(r, field) != "" }

// fieldMessage is the message an error answer gives for field ("" if none).
func fieldMessage(r response, field string) string {
	body, _ := r.JSON["error"].(map[string]any)
	errs, _ := body["fields"].([]any)
	for _, e := range errs {
		if m, ok := e.(map[string]any); ok && m["field"] == field {
			return fmt.Sprint(m["message"])
		}
	}
	return ""
}
