package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/area"
	"chungtay/internal/config"
	"chungtay/internal/household"
	"chungtay/internal/httpapi"
	"chungtay/internal/mail"
	"chungtay/internal/mail/mailtest"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// testPassword is the password of every user made by makeUser.
const testPassword = "mật-khẩu-thử-nghiệm-2018"

// newAccounts returns an account service for tests: cheap argon2 and mail
// delivered to an in-process SMTP server (also returned, to read the mail).
func newAccounts(t *testing.T, db *bun.DB, baseURL string) (*account.Service, *mailtest.Server) {
	t.Helper()
	smtp := mailtest.Start(t, mailtest.Options{})
	sender, err := mail.NewSMTP(smtp.Config())
	if err != nil {
		t.Fatal(err)
	}
	accounts := account.NewService(db, account.Options{BaseURL: baseURL, Mail: sender,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Params: account.FastParams})
	t.Cleanup(accounts.Wait)
	return accounts, smtp
}

// newServer builds the whole application on db, with accounts, the clock now
// (nil: testenv.Now) and the configuration from environ ("CHUNGTAY_…=…").
func newServer(t *testing.T, db *bun.DB, accounts *account.Service, now func() time.Time, environ ...string) *httpapi.Server {
	t.Helper()
	cfg, err := config.Load("", environ)
	if err != nil {
		t.Fatal(err)
	}
	if now == nil {
		now = func() time.Time { return testenv.Now }
	}
	areas := area.NewService(db, testenv.Loc)
	return httpapi.New(httpapi.Deps{
		Config: cfg, DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test", Now: now,
		Web:   fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Chung Tay</title>")}},
		Areas: areas, Units: unit.NewService(db), Accounts: accounts,
		Households: household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000)),
	})
}

// makeUser creates an active user with testPassword and the given roles,
// directly through the service as the system; it returns the user's id.
// A grant with AreaID nil is on the whole country.
func makeUser(t *testing.T, accounts *account.Service, email string, grants []account.GrantInput, memberships ...account.MembershipInput) int64 {
	t.Helper()
	u, err := accounts.Create(access.With(context.Background(), access.System()), testenv.Now, account.NewUser{
		Email: email, Name: "Người thử " + email, Grants: grants, Memberships: memberships, Password: testPassword})
	if err != nil {
		t.Fatalf("make user %s: %v", email, err)
	}
	return u.ID
}

// roleOn is one grant of role on an area (nil: the whole country).
func roleOn(areaID *int64, role access.Role) []account.GrantInput {
	return []account.GrantInput{{AreaID: areaID, Role: role}}
}

// signIn posts the credentials to the login route and returns the session
// cookie, ready for a Cookie header ("chungtay_session=…"), and the CSRF token
// for the X-CSRF-Token header of unsafe requests.
func signIn(t *testing.T, srv *httpapi.Server, email, password string) (cookie, csrf string) {
	t.Helper()
	raw, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	res, err := srv.App.Test(req, 30_000)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		CSRFToken string `json:"csrf_token"`
	}
	_ = json.NewDecoder(res.Body).Decode(&body)
	for _, c := range res.Cookies() {
		if c.Name == account.CookieName && c.Value != "" {
			cookie = c.Name + "=" + c.Value
		}
	}
	if res.StatusCode != http.StatusOK || cookie == "" || body.CSRFToken == "" {
		t.Fatalf("sign in as %s: %d, cookie %q", email, res.StatusCode, cookie)
	}
	return cookie, body.CSRFToken
}

// tokenFor makes a personal API token for a user, for an Authorization
// header ("Bearer ct_…"): no cookie, no CSRF token needed.
func tokenFor(t *testing.T, accounts *account.Service, userID int64) string {
	t.Helper()
	p, err := accounts.Principal(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := accounts.CreateToken(access.With(context.Background(), p), testenv.Now, account.NewToken{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + tok.Secret
}

// cookieOf returns the session cookie a response sets ("" if none; "chungtay_session=" when it clears it).
func cookieOf(h http.Header) string {
	for _, line := range h.Values("Set-Cookie") {
		if strings.HasPrefix(line, account.CookieName+"=") {
			return line
		}
	}
	return ""
}

// demoAsOf is the moment the demo ward is loaded as of in these tests: 1
// January 2018, before its year began, so its 2018 resolution has all its
// tasks to do and no visit or support is recorded yet. The tests' clock
// (testenv.Now) is 15 March 2018.
var demoAsOf = time.Date(2018, time.January, 1, 8, 0, 0, 0, testenv.Loc)
