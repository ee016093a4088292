package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/demo"
	"chungtay/internal/httpapi"
	"chungtay/internal/testenv"
)

// The roles of the demo ward, by their login (see demo.Logins), and anonymous.
const (
	anon    = "anonymous"
	admin   = "admin@chungtay.local"
	officer = "vhxh.p14@chungtay.local"
	chair   = "bithu.p14@chungtay.local"
	leader  = "bithu.kp3@chungtay.local"
	member  = "dangvien.kp3@chungtay.local"
	viewer  = "quan.govap@chungtay.local"
)

var everyRole = []string{anon, admin, officer, chair, leader, member, viewer}

// allowed lists, for every operation of the API, the roles that get past
// authorization. Everyone else must be refused (401, 403 or 404). An
// operation of the OpenAPI document missing here fails the test.
var allowed = map[string][]string{
	"get-meta": {anon, admin, officer, chair, leader, member, viewer},
	"healthz":  {anon, admin, officer, chair, leader, member, viewer}, "readyz": {anon, admin, officer, chair, leader, member, viewer},
	// Public sign-in routes: nobody is refused by authorization (they answer on their own terms).
	"login": {anon, admin, officer, chair, leader, member, viewer}, "reset-request": {anon, admin, officer, chair, leader, member, viewer},
	"reset": {anon, admin, officer, chair, leader, member, viewer}, "accept-invite": {anon, admin, officer, chair, leader, member, viewer},

	"list-areas": signedIn, "get-area": signedIn, "area-history": signedIn,
	"create-area": registerKeepers, "update-area": registerKeepers, "reparent-area": registerKeepers,
	"merge-area": registerKeepers, "set-area-total": registerKeepers,
	"reconcile-area": {admin, officer, chair, viewer},

	"list-units": signedIn, "get-unit": signedIn,
	"create-unit": registerKeepers, "update-unit": registerKeepers, "archive-unit": registerKeepers,

	"households-import-template": registerKeepers, "households-import": registerKeepers,
	"households-export": householdReaders, "list-households": householdReaders, "get-household": householdReaders,
	"create-household": registerKeepers, "update-household": registerKeepers, "archive-household": registerKeepers,
	"record-household-event": registerKeepers,
	"classify":               signedIn,

	"list-assignments": householdReaders, "assign-household": {admin, chair, leader},
	"assign-bulk": {admin, chair}, "assign-bulk-preview": {admin, chair}, "spread-unit": {admin, chair, leader}, "spread-unit-preview": {admin, chair, leader},
	"assignments-import-template": {admin, chair, leader}, "assignments-import": {admin, chair, leader},
	"tasks-export": householdReaders, "unit-members": {admin, officer, chair, leader}, "unit-households": {admin, officer, chair, leader},
	"unit-areas": signedIn, "set-unit-area": {admin, chair},
	"list-audit": signedIn,
	"list-jobs":  {admin},

	"logout": signedIn, "logout-all": signedIn, "get-me": signedIn, "update-me": signedIn, "change-password": signedIn,
	"list-tokens": signedIn, "create-token": signedIn, "revoke-token": signedIn,

	"list-users": {admin}, "create-user": {admin}, "get-user": {admin}, "update-user": {admin},
	"resend-invite": {admin}, "add-grant": {admin}, "revoke-grant": {admin}, "add-membership": {admin}, "end-membership": {admin},
	"invite-member": {admin, leader},

	// Support and visits: whoever sees the household records for it and the record's unit corrects it;
	// the fixture is the member's household, recorded by the party cell of Khu phố 3.
	"support-meta": signedIn,
	"list-support": householdReaders, "get-support": householdReaders, "create-support": householdReaders,
	"update-support": householdReaders, "upload-evidence": householdReaders, "list-evidence": householdReaders,
	"download-evidence": householdReaders, "list-visits": householdReaders, "create-visit": householdReaders,
	"task-support": householdReaders,

	// Plans: read where the area is in sight (members and leaders do not see the ward's area: 404);
	// entered by chairs and officers. Tasks: the demo member's own visit task, seen by all who read households.
	"list-plans": signedIn, "get-plan": {admin, officer, chair, viewer},
	"create-plan": planKeepers, "update-plan": planKeepers, "archive-plan": planKeepers, "set-plan-targets": planKeepers,
	"add-duty": planKeepers, "update-duty": planKeepers, "expand-plan": planKeepers,
	"list-tasks": householdReaders, "get-task": householdReaders, "update-task": householdReaders,
	"list-unvisited-households": householdReaders,

	// Reports: the cell's report is seen by all who see the cell; the ward's obligation by those who
	// see the ward. The cell's leader writes and submits; the ward's chair (a recipient) decides.
	"list-obligations": signedIn, "get-obligation": {admin, officer, chair, viewer},
	"create-obligation": planKeepers, "update-obligation": planKeepers,
	"list-reports": signedIn, "get-report": signedIn, "report-events": signedIn, "report-completeness": signedIn,
	"report-pdf": signedIn, "report-xlsx": signedIn, "report-consolidation": {admin, officer, chair, viewer},
	"get-calendar": signedIn, "reset-calendar": signedIn, "calendar-feed": {anon, admin, officer, chair, leader, member, viewer},
	"save-report": {leader}, "submit-report": {leader},
	"return-report": {admin, chair}, "approve-report": {admin, chair}, "reopen-report": {admin, chair},
}

var (
	signedIn         = []string{admin, officer, chair, leader, member, viewer}
	registerKeepers  = []string{admin, officer}
	householdReaders = []string{admin, officer, chair, leader, member}
	planKeepers      = []string{admin, officer, chair}
)

// fixture ids in the demo ward, looked up once per database.
type demoIDs struct {
	household, area, unit, memberUser, officerUser, officerGrant, memberMembership int64
	support                                                                        supportIDs
	plans                                                                          planIDs
	reports                                                                        reportIDs
}

func lookupIDs(t *testing.T, db *bun.DB) demoIDs {
	t.Helper()
	ctx := context.Background()
	var ids demoIDs
	scan := func(dst *int64, q string, args ...any) {
		if err := db.NewRaw(q, args...).Scan(ctx, dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	scan(&ids.memberUser, "SELECT id FROM users WHERE email = ?", member)
	scan(&ids.officerUser, "SELECT id FROM users WHERE email = ?", officer)
	scan(&ids.officerGrant, "SELECT id FROM grants WHERE user_id = ?", ids.officerUser)
	scan(&ids.memberMembership, "SELECT id FROM memberships WHERE user_id = ?", ids.memberUser)
	scan(&ids.household, "SELECT MIN(household_id) FROM household_assignments WHERE user_id = ?", ids.memberUser)
	scan(&ids.area, "SELECT id FROM areas WHERE code = '26890-KP03'")
	scan(&ids.unit, "SELECT id FROM units WHERE code = '26890-CB-KP03'")
	ids.support = supportFixture(t, db, ids)
	ids.plans = planFixture(t, db, ids)
	ids.reports = reportFixture(t, db, time.Now()) // the demo is loaded as of now
	return ids
}

// request returns the path and body used to call an operation as a role.
func request(opID, path string, ids demoIDs) (string, any) {
	if p, body, ok := supportRequest(opID, path, ids); ok {
		return p, body
	}
	if p, body, ok := planRequest(opID, path, ids); ok {
		return p, body
	}
	if p, body, ok := reportRequest(opID, path, ids); ok {
		return p, body
	}
	id := ids.household
	switch {
	case strings.HasPrefix(path, "/api/v1/areas/"):
		id = ids.area
	case strings.HasPrefix(path, "/api/v1/units/"):
		id = ids.unit
	case strings.HasPrefix(path, "/api/v1/users/"):
		id = ids.memberUser
	case strings.HasPrefix(path, "/api/v1/me/tokens/"):
		id = 999999 // a token id is checked after authorization
	}
	if opID == "revoke-grant" {
		id = ids.officerUser
	}
	p := strings.NewReplacer("{id}", fmt.Sprint(id), "{year}", "2018", "{grantId}", fmt.Sprint(ids.officerGrant),
		"{membershipId}", fmt.Sprint(ids.memberMembership)).Replace(path)
	if opID == "reconcile-area" {
		p += "?year=2018"
	}
	bodies := map[string]any{
		"assign-household":    map[string]any{"user_id": ids.memberUser, "is_primary": true},
		"assign-bulk":         map[string]any{"unit_id": ids.unit, "role": "primary", "area_id": ids.area, "class": "poor"},
		"assign-bulk-preview": map[string]any{"unit_id": ids.unit, "role": "supporting", "area_id": ids.area},
		"set-unit-area":       map[string]any{"area_id": ids.area},
		"create-household": map[string]any{"code": "AUTHZ-1", "head_name": "Hộ thử", "area_id": ids.area, "members": 3, "urban": true,
			"income_monthly": 1_000_000, "standard": "city", "year": 2018},
		"create-unit":    map[string]any{"code": "AUTHZ-U", "name": "Tổ thử", "kind": "other", "area_id": ids.area},
		"create-area":    map[string]any{"code": "AUTHZ-A", "name": "Tổ thử", "kind": "residential_group", "parent_id": ids.area, "urban": true},
		"set-area-total": map[string]any{"total": 1000},
		"login":          map[string]any{"email": "khong-ai@chungtay.local", "password": "sai-mat-khau-123"},
		"invite-member":  map[string]any{"email": "moi.authz@chungtay.local", "name": "Đảng viên mới"},
	}
	if b, ok := bodies[opID]; ok {
		return p, b
	}
	return p, map[string]any{}
}

// last are operations that end the role's session or change the fixture:
// they run at the end, in this order.
var last = map[string]int{"archive-plan": 1, "merge-area": 1, "update-user": 2, "change-password": 3, "logout": 4, "logout-all": 5}

// publicOps answer on their own terms (a failed login is a 401 of its own):
// authorization must only never refuse them.
var publicOps = map[string]bool{"get-meta": true, "login": true, "reset-request": true, "reset": true, "accept-invite": true, "calendar-feed": true}

func TestEveryRouteWithEveryRole(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			var ops []operation
			for _, role := range everyRole {
				t.Run(role, func(t *testing.T) {
					// A fresh demo ward per role: one role's writes must not change what the next may do.
					db := testenv.Open(t, engine)
					if _, err := demo.Load(context.Background(), db, demoAsOf, demo.ScaleWard); err != nil {
						t.Fatal(err)
					}
					ids := lookupIDs(t, db)
					accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
					srv := newServer(t, db, accounts, nil)
					if ops == nil {
						ops = operations(t, srv)
						checkTable(t, ops)
					}
					c := &client{t: t, srv: srv, db: db}
					tokenID := int64(999999)
					if role != anon {
						cookie, csrf := signIn(t, srv, role, demo.DemoPassword)
						c.headers = []string{"Cookie", cookie, "X-CSRF-Token", csrf}
						tokenID = num(c.do("POST", "/api/v1/me/tokens", map[string]any{"name": "authz"}).JSON["id"])
					}
					for _, o := range ops {
						path, body := request(o.id, o.path, ids)
						path = strings.Replace(path, "/me/tokens/999999/", fmt.Sprintf("/me/tokens/%d/", tokenID), 1)
						if o.method == "GET" {
							body = nil
						}
						r := c.do(o.method, path, body)
						want := contains(allowed[o.id], role)
						refused := r.Status == 401 || r.Status == 403 || r.Status == 404
						switch {
						case r.Status >= 500:
							t.Errorf("%s %s → %d %.200s", o.method, path, r.Status, r.Raw)
						case publicOps[o.id]:
							if r.Status == 403 {
								t.Errorf("public %s %s refused: %.200s", o.method, path, r.Raw)
							}
						case want && refused:
							t.Errorf("%s should be allowed %s %s, got %d %.200s", role, o.method, path, r.Status, r.Raw)
						case !want && !refused:
							t.Errorf("%s should be refused %s %s, got %d %.200s", role, o.method, path, r.Status, r.Raw)
						case !want && role == anon && r.Status != 401:
							t.Errorf("anonymous %s %s: want 401, got %d", o.method, path, r.Status)
						}
						if o.id == "logout" && role != anon { // sign in again for logout-all
							cookie, csrf := signIn(t, srv, role, demo.DemoPassword)
							c.headers = []string{"Cookie", cookie, "X-CSRF-Token", csrf}
						}
					}
				})
			}
		})
	}
}

// checkTable fails for an operation without an entry, and for an entry
// without an operation.
func checkTable(t *testing.T, ops []operation) {
	t.Helper()
	for _, o := range ops {
		if _, ok := allowed[o.id]; !ok {
			t.Errorf("%s %s (%s) has no entry in the authorization table", o.method, o.path, o.id)
		}
	}
	for id := range allowed {
		if !hasOp(ops, id) {
			t.Errorf("the table names %s, which the API does not have", id)
		}
	}
	if rules := httpapi.Rules(); len(rules) != len(ops) {
		t.Errorf("the gate has %d rules for %d operations", len(rules), len(ops))
	}
}

type operation struct{ id, method, path string }

// operations reads every operation from the served OpenAPI document; the
// ones that end a session come last.
func operations(t *testing.T, srv *httpapi.Server) []operation {
	t.Helper()
	res, err := srv.App.Test(httptest.NewRequest("GET", "/api/openapi.json", nil), 30_000)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for path, item := range doc.Paths {
		for method, o := range item {
			ops = append(ops, operation{o.OperationID, strings.ToUpper(method), path})
		}
	}
	sort.Slice(ops, func(i, j int) bool {
		if last[ops[i].id] != last[ops[j].id] {
			return last[ops[i].id] < last[ops[j].id]
		}
		return ops[i].id < ops[j].id
	})
	if len(ops) < 40 {
		t.Fatalf("only %d operations in the document", len(ops))
	}
	return ops
}

func hasOp(ops []operation, id string) bool {
	for _, o := range ops {
		if o.id == id {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
