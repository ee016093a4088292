package httpapi_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/area"
	"chungtay/internal/mail/mailtest"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// authWorld is a server with accounts, two wards and a national admin.
type authWorld struct {
	*client
	accounts     *account.Service
	smtp         *mailtest.Server
	wardA, wardB int64
	unitA        int64
	admin        int64 // the national admin
	mu           sync.Mutex
	now          time.Time
}

func newAuthWorld(t *testing.T, db *bun.DB, environ ...string) *authWorld {
	t.Helper()
	w := &authWorld{now: testenv.Now}
	w.accounts, w.smtp = newAccounts(t, db, "https://chungtay.example")
	srv := newServer(t, db, w.accounts, w.clock, environ...)
	w.client = &client{t: t, srv: srv}
	ctx := access.With(context.Background(), access.System())
	areas := area.NewService(db, testenv.Loc)
	a, err := areas.Create(ctx, testenv.Now, area.Input{Code: "26890", Name: "Phường 14", Kind: area.KindWard, Urban: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := areas.Create(ctx, testenv.Now, area.Input{Code: "26891", Name: "Phường 15", Kind: area.KindWard, Urban: true})
	if err != nil {
		t.Fatal(err)
	}
	u, err := unit.NewService(db).Create(ctx, testenv.Now, unit.Input{Code: "CB-1", Name: "Chi bộ 1", Kind: unit.KindPartyCell, AreaID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.wardA, w.wardB, w.unitA = a.ID, b.ID, u.ID
	w.admin = makeUser(t, w.accounts, "admin@example.test", roleOn(nil, access.RoleAdmin))
	return w
}

func (w *authWorld) clock() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }
func (w *authWorld) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

// with sends a request with a session cookie and, if csrf is set, the CSRF header.
func (w *authWorld) with(cookie, csrf, method, path string, body any) response {
	w.t.Helper()
	h := []string{"Cookie", cookie}
	if csrf != "" {
		h = append(h, "X-CSRF-Token", csrf)
	}
	return w.do(method, path, body, h...)
}

func TestSignInOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newAuthWorld(t, db)
		lan := makeUser(t, w.accounts, "lan@example.test", roleOn(&w.wardA, access.RoleOfficer))

		// One answer for a wrong password and an unknown email, in the caller's language.
		wrong := w.do("POST", "/api/v1/auth/login", map[string]any{"email": "lan@example.test", "password": "sai mật khẩu"})
		unknown := w.do("POST", "/api/v1/auth/login", map[string]any{"email": "ai@example.test", "password": testPassword})
		for _, r := range []response{wrong, unknown} {
			if r.Status != 401 || r.errCode() != "unauthorized" || r.errMessage() != "Email hoặc mật khẩu không đúng." || cookieOf(r.Header) != "" {
				t.Errorf("failed sign-in: %d %s", r.Status, r.Raw)
			}
		}
		en := w.do("POST", "/api/v1/auth/login", map[string]any{"email": "ai@example.test", "password": "x"}, "Accept-Language", "en")
		if en.errMessage() != "The email or password is incorrect." {
			t.Errorf("English: %s", en.Raw)
		}

		ok := w.do("POST", "/api/v1/auth/login", map[string]any{"email": "Lan@Example.test", "password": testPassword})
		set := cookieOf(ok.Header)
		if ok.Status != 200 || !strings.Contains(set, "HttpOnly") || !strings.Contains(set, "SameSite=Lax") || !strings.Contains(set, "Path=/") ||
			!strings.Contains(set, "Max-Age=1209600") || strings.Contains(set, "Secure") {
			t.Fatalf("sign-in: %d %s; Set-Cookie %q", ok.Status, ok.Raw, set)
		}
		user := ok.JSON["user"].(map[string]any)
		csrf, _ := ok.JSON["csrf_token"].(string)
		if num(user["id"]) != lan || user["email"] != "lan@example.test" || csrf == "" || strings.Contains(string(ok.Raw), "password") {
			t.Errorf("sign-in body: %s", ok.Raw)
		}
		cookie := strings.SplitN(set, ";", 2)[0]

		me := w.with(cookie, "", "GET", "/api/v1/me", nil)
		perms, _ := me.JSON["permissions"].(map[string]any)
		grants, _ := me.JSON["grants"].([]any)
		if me.Status != 200 || me.JSON["csrf_token"] != csrf || len(grants) != 1 || perms["write_register"] != true || perms["manage_accounts"] != false {
			t.Errorf("me: %d %s", me.Status, me.Raw)
		}
		if g := grants[0].(map[string]any); g["area_name"] != "Phường 14" || g["role"] != "officer" {
			t.Errorf("grant: %v", g)
		}
		// Cookie requests that change something need the CSRF token; reads do not.
		for _, h := range []string{"", "wrong", csrf + "x"} {
			r := w.with(cookie, h, "POST", "/api/v1/auth/logout", nil)
			if r.Status != 403 || r.errCode() != "forbidden" || r.errMessage() != "Phiên làm việc không hợp lệ, vui lòng tải lại trang." {
				t.Errorf("CSRF %q: %d %s", h, r.Status, r.Raw)
			}
		}
		upd := w.with(cookie, csrf, "PUT", "/api/v1/me", map[string]any{"version": 1, "name": "Nguyễn Thị Lan", "phone": "0903", "lang": "en"})
		if upd.Status != 200 || upd.JSON["user"].(map[string]any)["lang"] != "en" {
			t.Errorf("update me: %d %s", upd.Status, upd.Raw)
		}
		out := w.with(cookie, csrf, "POST", "/api/v1/auth/logout", nil)
		if out.Status != 204 || !strings.Contains(cookieOf(out.Header), "Max-Age=0") {
			t.Errorf("logout: %d %v", out.Status, out.Header)
		}
		after := w.with(cookie, "", "GET", "/api/v1/me", nil)
		if after.Status != 401 || !strings.Contains(cookieOf(after.Header), "Max-Age=0") || after.errMessage() != "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại." {
			t.Errorf("after logout: %d %s", after.Status, after.Raw)
		}

		// Idle for a day: the session ends.
		cookie, _ = signIn(t, w.srv, "lan@example.test", testPassword)
		w.advance(23 * time.Hour)
		if r := w.with(cookie, "", "GET", "/api/v1/me", nil); r.Status != 200 {
			t.Errorf("after 23 hours: %d", r.Status)
		}
		w.advance(24 * time.Hour)
		if r := w.with(cookie, "", "GET", "/api/v1/me", nil); r.Status != 401 {
			t.Errorf("after a day idle: %d", r.Status)
		}
	})
}

// Every /api/v1 route refuses the anonymous but the public ones; the rest of
// the site stays open.
func TestUnauthenticatedCalls(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newAuthWorld(t, db)
		for _, c := range []struct {
			method, path string
			status       int
			headers      []string
		}{
			{"GET", "/api/v1/areas", 401, nil},
			{"GET", "/api/v1/me", 401, nil},
			{"GET", "/api/v1/users", 401, nil},
			{"POST", "/api/v1/households", 401, nil},
			{"GET", "/api/v1/nothing-here", 401, nil},
			{"GET", "/API/V1/AREAS", 401, nil},
			{"POST", "/api/v1/auth/logout", 401, nil},
			{"GET", "/api/v1/areas", 401, []string{"Authorization", "Bearer ct_not-a-token"}},
			{"GET", "/api/v1/areas", 401, []string{"Authorization", "Basic YWRtaW46YWRtaW4="}},
			{"GET", "/api/v1/areas", 401, []string{"Cookie", "chungtay_session=forged"}},
			{"GET", "/api/v1/meta", 200, nil},
			{"POST", "/api/v1/auth/login", 422, nil},
			{"POST", "/api/v1/auth/login/", 422, nil},
			{"POST", "/api/v1/auth/reset-request", 422, nil},
			{"POST", "/api/v1/auth/reset", 422, nil},
			{"POST", "/api/v1/auth/accept-invite", 422, nil},
			{"GET", "/healthz", 200, nil},
			{"GET", "/api/openapi.json", 200, nil},
			{"GET", "/api/docs", 200, nil},
			{"GET", "/ho-gia-dinh/12", 200, nil},
		} {
			var body any
			if c.method == "POST" {
				body = map[string]any{}
			}
			r := w.do(c.method, c.path, body, c.headers...)
			if r.Status != c.status || (c.status == 401 && r.errCode() != "unauthorized") {
				t.Errorf("%s %s %v: %d %s", c.method, c.path, c.headers, r.Status, r.Raw)
			}
		}
	})
}

func TestAPITokensOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newAuthWorld(t, db)
		makeUser(t, w.accounts, "lan@example.test", roleOn(&w.wardA, access.RoleOfficer))
		cookie, csrf := signIn(t, w.srv, "lan@example.test", testPassword)
		made := w.with(cookie, csrf, "POST", "/api/v1/me/tokens", map[string]any{"name": "Nhập liệu", "expires_in_days": 90})
		secret, _ := made.JSON["token"].(string)
		if made.Status != 201 || !strings.HasPrefix(secret, "ct_") || made.JSON["prefix"] != secret[:9] {
			t.Fatalf("create token: %d %s", made.Status, made.Raw)
		}
		list := w.with(cookie, "", "GET", "/api/v1/me/tokens", nil)
		if list.Status != 200 || strings.Contains(string(list.Raw), secret) || !strings.Contains(string(list.Raw), secret[:9]) {
			t.Errorf("list: %s", list.Raw)
		}
		// A token needs no CSRF header, and acts with the user's roles.
		bearer := []string{"Authorization", "Bearer " + secret}
		area := w.do("POST", "/api/v1/areas", map[string]any{"code": "KP1", "name": "Khu phố 1", "kind": "neighbourhood", "urban": true, "parent_id": w.wardA}, bearer...)
		if area.Status != 201 {
			t.Errorf("write with a token: %d %s", area.Status, area.Raw)
		}
		if r := w.do("GET", "/api/v1/me", nil, bearer...); r.Status != 200 || r.JSON["csrf_token"] != "" {
			t.Errorf("me with a token: %d %s", r.Status, r.Raw)
		}
		if r := w.do("GET", "/api/v1/users", nil, bearer...); r.Status != 403 {
			t.Errorf("an officer's token lists users: %d", r.Status)
		}
		rev := w.do("POST", fmt.Sprintf("/api/v1/me/tokens/%d/revoke", num(made.JSON["id"])), nil, bearer...)
		if rev.Status != 200 || rev.JSON["revoked_at"] == nil {
			t.Errorf("revoke: %d %s", rev.Status, rev.Raw)
		}
		if r := w.do("GET", "/api/v1/me", nil, bearer...); r.Status != 401 || r.errMessage() != "Mã truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi." {
			t.Errorf("revoked token: %d %s", r.Status, r.Raw)
		}
		// Logout everywhere ends the sessions.
		if r := w.with(cookie, csrf, "POST", "/api/v1/auth/logout-all", nil); r.Status != 200 || num(r.JSON["sessions_ended"]) != 1 {
			t.Errorf("logout everywhere: %d %s", r.Status, r.Raw)
		}
		if r := w.with(cookie, "", "GET", "/api/v1/me", nil); r.Status != 401 {
			t.Errorf("after logout everywhere: %d", r.Status)
		}
	})
}

var tokenInLink = regexp.MustCompile(`token=([A-Za-z0-9_\-]+)`)

func TestInvitationAndResetOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newAuthWorld(t, db)
		cookie, csrf := signIn(t, w.srv, "admin@example.test", testPassword)
		r := w.with(cookie, csrf, "POST", "/api/v1/users", map[string]any{"email": "lan@example.test", "name": "Nguyễn Thị Lan", "lang": "vi",
			"grants":      []any{map[string]any{"area_id": w.wardA, "role": "chair"}, map[string]any{"area_id": nil, "role": "viewer"}},
			"memberships": []any{map[string]any{"unit_id": w.unitA, "role": "leader"}}})
		if r.Status != 201 || r.JSON["invitation_sent"] != true || len(r.JSON["grants"].([]any)) != 2 || r.JSON["has_password"] != false {
			t.Fatalf("create user: %d %s", r.Status, r.Raw)
		}
		m := w.smtp.Last(t, 1)
		link := tokenInLink.FindStringSubmatch(m.Text)
		if m.To[0] != "lan@example.test" || link == nil || !strings.Contains(m.Text, "https://chungtay.example/#/accept-invite?token=") {
			t.Fatalf("invitation: %+v", m)
		}
		acc := w.do("POST", "/api/v1/auth/accept-invite", map[string]any{"token": link[1], "password": testPassword})
		if acc.Status != 200 || cookieOf(acc.Header) == "" || acc.JSON["csrf_token"] == "" {
			t.Fatalf("accept: %d %s", acc.Status, acc.Raw)
		}
		lanCookie := strings.SplitN(cookieOf(acc.Header), ";", 2)[0]
		again := w.do("POST", "/api/v1/auth/accept-invite", map[string]any{"token": link[1], "password": testPassword})
		if again.Status != 422 || again.errMessage() != "Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn. Vui lòng yêu cầu một liên kết mới." {
			t.Errorf("second use: %d %s", again.Status, again.Raw)
		}

		// The same answer whether or not the account exists; a mail only for the real one.
		unknown := w.do("POST", "/api/v1/auth/reset-request", map[string]any{"email": "ai@example.test"})
		known := w.do("POST", "/api/v1/auth/reset-request", map[string]any{"email": "lan@example.test"})
		if unknown.Status != 202 || known.Status != 202 || string(unknown.Raw) != string(known.Raw) {
			t.Errorf("reset request: %d %s / %d %s", unknown.Status, unknown.Raw, known.Status, known.Raw)
		}
		reset := w.smtp.Last(t, 2)
		token := tokenInLink.FindStringSubmatch(reset.Text)
		if reset.To[0] != "lan@example.test" || token == nil || !strings.Contains(reset.Text, "/#/reset-password?token=") {
			t.Fatalf("reset mail: %+v", reset)
		}
		short := w.do("POST", "/api/v1/auth/reset", map[string]any{"token": token[1], "password": "ngắn"})
		if f, msg := short.errField(0); short.Status != 422 || f != "password" || !strings.Contains(msg, "từ 10 đến 128 ký tự") {
			t.Errorf("short password: %d %s", short.Status, short.Raw)
		}
		if r := w.do("POST", "/api/v1/auth/reset", map[string]any{"token": token[1], "password": "mật khẩu mới 2018"}); r.Status != 204 {
			t.Errorf("reset: %d %s", r.Status, r.Raw)
		}
		if r := w.with(lanCookie, "", "GET", "/api/v1/me", nil); r.Status != 401 {
			t.Errorf("a session survived the reset: %d", r.Status)
		}
		if r := w.do("POST", "/api/v1/auth/reset", map[string]any{"token": token[1], "password": "mật khẩu khác 2018"}); r.Status != 422 {
			t.Errorf("reset twice: %d", r.Status)
		}
		signIn(t, w.srv, "lan@example.test", "mật khẩu mới 2018")
	})
}

// A ward admin manages the ward's accounts over HTTP; anyone else's is a 404.
func TestUserAdminOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newAuthWorld(t, db, "CHUNGTAY_BASE_URL=https://chungtay.example")
		makeUser(t, w.accounts, "admin-a@example.test", roleOn(&w.wardA, access.RoleAdmin))
		other := makeUser(t, w.accounts, "b@example.test", roleOn(&w.wardB, access.RoleOfficer))
		raw := w.do("POST", "/api/v1/auth/login", map[string]any{"email": "admin-a@example.test", "password": testPassword})
		if !strings.Contains(cookieOf(raw.Header), "Secure") {
			t.Errorf("behind https the cookie must be Secure: %q", cookieOf(raw.Header))
		}
		cookie, csrf := signIn(t, w.srv, "admin-a@example.test", testPassword)
		call := func(method, path string, body any) response { return w.with(cookie, csrf, method, path, body) }

		for _, c := range []struct {
			name   string
			body   map[string]any
			status int
		}{
			{"another ward", map[string]any{"email": "x1@example.test", "name": "X", "grants": []any{map[string]any{"area_id": w.wardB, "role": "viewer"}}}, 403},
			{"the whole country", map[string]any{"email": "x2@example.test", "name": "X", "grants": []any{map[string]any{"role": "viewer"}}}, 403},
			{"an unknown role", map[string]any{"email": "x3@example.test", "name": "X", "grants": []any{map[string]any{"area_id": w.wardA, "role": "king"}}}, 422},
			{"the ward", map[string]any{"email": "x4@example.test", "name": "X", "grants": []any{map[string]any{"area_id": w.wardA, "role": "viewer"}}}, 201},
		} {
			if r := call("POST", "/api/v1/users", c.body); r.Status != c.status {
				t.Errorf("create with %s: %d %s", c.name, r.Status, r.Raw)
			}
		}
		list := call("GET", "/api/v1/users?q=example", nil)
		if items, _ := list.JSON["items"].([]any); list.Status != 200 || len(items) != 2 {
			t.Errorf("list: %d %s", list.Status, list.Raw)
		}
		for _, path := range []string{fmt.Sprintf("/api/v1/users/%d", other), fmt.Sprintf("/api/v1/users/%d", w.admin), "/api/v1/users/9999"} {
			if r := call("GET", path, nil); r.Status != 404 {
				t.Errorf("GET %s: %d", path, r.Status)
			}
		}
		created := call("GET", "/api/v1/users?q=x4", nil).JSON["items"].([]any)[0].(map[string]any)
		base := fmt.Sprintf("/api/v1/users/%d", num(created["id"]))
		g := call("POST", base+"/grants", map[string]any{"area_id": w.wardA, "role": "officer"})
		m := call("POST", base+"/memberships", map[string]any{"unit_id": w.unitA, "role": "member"})
		if g.Status != 201 || m.Status != 201 || g.JSON["area_name"] != "Phường 14" {
			t.Fatalf("add grant %d %s, membership %d %s", g.Status, g.Raw, m.Status, m.Raw)
		}
		steps := []struct {
			method, path string
			body         any
			status       int
		}{
			{"POST", fmt.Sprintf("%s/grants/%d/revoke", base, num(g.JSON["id"])), nil, 200},
			{"POST", fmt.Sprintf("%s/grants/%d/revoke", base, num(g.JSON["id"])), nil, 409},
			{"POST", fmt.Sprintf("%s/memberships/%d/end", base, num(m.JSON["id"])), nil, 200},
			{"POST", base + "/invite", nil, 200}, // {"invitation_sent": true}: the mail went to the SMTP server
			{"PUT", base, map[string]any{"version": 1, "name": "Người mới", "phone": "", "lang": "en", "active": false}, 200},
			{"PUT", base, map[string]any{"version": 1, "name": "Người mới", "phone": "", "lang": "en", "active": true}, 409},
			{"POST", base + "/invite", nil, 409},
			{"POST", fmt.Sprintf("/api/v1/users/%d/grants", other), map[string]any{"area_id": w.wardA, "role": "viewer"}, 404},
		}
		for _, st := range steps {
			if r := call(st.method, st.path, st.body); r.Status != st.status {
				t.Errorf("%s %s: %d %s", st.method, st.path, r.Status, r.Raw)
			}
		}
		if n := len(w.smtp.Wait(t, 2)); n != 2 {
			t.Errorf("%d invitations", n)
		}
	})
}

// The document declares both ways to authenticate, and which operations need them.
func TestOpenAPISecurity(t *testing.T) {
	w := newAuthWorld(t, testenv.Open(t, "sqlite"))
	doc := w.do("GET", "/api/openapi.json", nil)
	schemes, _ := doc.JSON["components"].(map[string]any)["securitySchemes"].(map[string]any)
	if schemes["session"].(map[string]any)["in"] != "cookie" || schemes["bearer"].(map[string]any)["scheme"] != "bearer" {
		t.Errorf("security schemes: %v", schemes)
	}
	public := map[string]bool{}
	for path, item := range doc.JSON["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op, ok := o.(map[string]any)
			if !ok {
				continue
			}
			if sec, _ := op["security"].([]any); len(sec) == 0 { // "security: []": public
				public[strings.ToUpper(method)+" "+path] = true
			}
		}
	}
	want := map[string]bool{"POST /api/v1/auth/login": true, "POST /api/v1/auth/reset-request": true, "POST /api/v1/auth/reset": true,
		"POST /api/v1/auth/accept-invite": true, "GET /api/v1/meta": true, "GET /healthz": true, "GET /readyz": true,
		"GET /api/v1/calendar/{secret}.ics": true}
	if fmt.Sprint(public) != fmt.Sprint(want) {
		t.Errorf("operations without security: %v, want %v", public, want)
	}
}
