package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/database"
	"chungtay/internal/demo"
	"chungtay/internal/testenv"
	"chungtay/migrations"
)

// login signs in over HTTP and returns the session cookie for a Cookie header.
func login(t *testing.T, base, email, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "chungtay_session" && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatalf("sign in as %s: %s", email, res.Status)
	return ""
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// syncBuffer is an io.Writer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// The real binary's entry point, on each engine: migrate, demo, serve with the
// demo ward, answer over a real socket, stop on cancel (SIGTERM).
func TestMainServesTheDemoWard(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			addr := freeAddr(t)
			env := []string{"CHUNGTAY_DATABASE_URL=" + testenv.URL(t, engine), "CHUNGTAY_HTTP_ADDR=" + addr,
				"CHUNGTAY_BASE_URL=http://" + addr, "CHUNGTAY_LOG_LEVEL=warn"}

			var out, errOut bytes.Buffer
			if err := run(context.Background(), []string{"migrate"}, env, &out, &errOut); err != nil || !strings.Contains(out.String(), fmt.Sprintf("%d migration(s) applied", len(migrations.All.Sorted()))) {
				t.Fatalf("migrate: %v %s %s", err, out.String(), errOut.String())
			}
			out.Reset()
			if err := run(context.Background(), []string{"migrate", "--status"}, env, &out, &errOut); err != nil || !strings.Contains(out.String(), "0 pending") {
				t.Fatalf("migrate --status: %v %s", err, out.String())
			}

			ctx, cancel := context.WithCancel(context.Background())
			stdout := &syncBuffer{}
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"serve", "--demo"}, env, stdout, &syncBuffer{}) }()
			base := "http://" + addr
			deadline := time.Now().Add(30 * time.Second)
			for {
				res, err := http.Get(base + "/readyz")
				if err == nil && res.StatusCode == 200 {
					res.Body.Close()
					break
				}
				if time.Now().After(deadline) {
					cancel()
					t.Fatalf("not ready: %v; output: %s", err, stdout.String())
				}
				time.Sleep(100 * time.Millisecond)
			}
			if s := stdout.String(); !strings.Contains(s, base) || !strings.Contains(s, "126 households (50 poor, 76 near-poor)") ||
				!strings.Contains(s, "admin@chungtay.local") || !strings.Contains(s, demo.DemoPassword) || !strings.Contains(s, "Kon Tum") {
				t.Errorf("start-up output: %s", s)
			}
			if res, err := http.Get(base + "/api/v1/households"); err != nil || res.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous household list: %v %v", res.Status, err)
			}
			// The ward's officer sees Phường 14 (seed 001's Kon Tum ward is beside it, out of scope).
			cookie := login(t, base, "vhxh.p14@chungtay.local", demo.DemoPassword)
			req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/households?class=poor&per_page=1", nil)
			req.Header.Set("Cookie", cookie)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var page struct{ Total int }
			_ = json.NewDecoder(res.Body).Decode(&page)
			res.Body.Close()
			if page.Total != 50 {
				t.Errorf("poor households over HTTP: %d", page.Total)
			}
			// The scheduler caught up at start: the nightly expansion and the reports ran once each, and the admin sees them.
			admin := login(t, base, "admin@chungtay.local", demo.DemoPassword)
			var jobs struct {
				Jobs []struct{ Name, Spec string }
				Runs []struct{ Job, Outcome string }
			}
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
				req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/jobs", nil)
				req.Header.Set("Cookie", admin)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_ = json.NewDecoder(res.Body).Decode(&jobs)
				res.Body.Close()
				if len(jobs.Runs) == 2 && jobs.Runs[0].Outcome != "" && jobs.Runs[1].Outcome != "" || time.Now().After(deadline) {
					break
				}
			}
			ran := map[string]string{}
			for _, r := range jobs.Runs {
				ran[r.Job] = r.Outcome
			}
			if len(jobs.Jobs) != 2 || jobs.Jobs[0].Name != "plans.expand" || jobs.Jobs[0].Spec != "30 1 * * *" ||
				jobs.Jobs[1].Name != "reports.ensure" || len(jobs.Runs) != 2 || ran["plans.expand"] != "ok" || ran["reports.ensure"] != "ok" {
				t.Errorf("jobs: %+v", jobs)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("serve returned %v after SIGTERM", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("serve did not stop within 20 s of SIGTERM")
			}

			// The demo is loaded once: a second run says so and changes nothing.
			out.Reset()
			if err := run(context.Background(), []string{"demo"}, env, &out, &errOut); err != nil || !strings.Contains(out.String(), "already loaded") {
				t.Errorf("second demo: %v %s", err, out.String())
			}
		})
	}
}

func TestCommandLine(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"version"}, nil, &out, &errOut); err != nil || !strings.HasPrefix(out.String(), "chungtay ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	if err := run(context.Background(), []string{"launch"}, nil, &out, &errOut); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: %v", err)
	}
	err := run(context.Background(), []string{"serve"}, []string{"CHUNGTAY_TIMEZONE=Nowhere/Land"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "timezone") {
		t.Errorf("invalid config must name the key: %v", err)
	}
	err = run(context.Background(), []string{"demo", "--scale", "galaxy"}, []string{"CHUNGTAY_DATABASE_URL=file:" + t.TempDir() + "/x.db"}, &out, &errOut)
	if err == nil {
		t.Error("unknown demo scale accepted")
	}
}

// The first administrator comes from the command line: with a generated
// password printed once, or a given one; mistakes are refused with a reason.
func TestUserCreateAdmin(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			env := []string{"CHUNGTAY_DATABASE_URL=" + testenv.URL(t, engine), "CHUNGTAY_LOG_LEVEL=warn"}
			var out, errOut bytes.Buffer
			err := run(context.Background(), []string{"user", "create", "--admin", "--email", "Admin@Example.test", "--name", "Quản trị"}, env, &out, &errOut)
			m := regexp.MustCompile(`created: admin@example.test \(id (\d+)\)\n.*shown only once\): (\S+)\n`).FindStringSubmatch(out.String())
			if err != nil || m == nil || len(m[2]) < 20 {
				t.Fatalf("generated password: %v %q", err, out.String())
			}
			out.Reset()
			if err := run(context.Background(), []string{"user", "create", "--admin", "--email", "second@example.test", "--name", "Hai",
				"--password", "mật khẩu thứ hai"}, env, &out, &errOut); err != nil || strings.Contains(out.String(), "mật khẩu thứ hai") {
				t.Errorf("given password: %v %q", err, out.String())
			}
			for _, c := range []struct {
				args []string
				want string
			}{
				{[]string{"user", "create", "--admin", "--email", "admin@example.test", "--name", "X"}, "đã được dùng"},
				{[]string{"user", "create", "--admin", "--email", "x@example.test", "--name", "X", "--password", "ngắn"}, "--password"},
				{[]string{"user", "create", "--admin", "--email", "khong-phai-email", "--name", "X"}, "--email"},
				{[]string{"user", "create", "--email", "x@example.test", "--name", "X"}, "--admin"},
				{[]string{"user", "create", "--admin", "--email", "x@example.test"}, "--name"},
				{[]string{"user", "delete"}, "usage"},
			} {
				if err := run(context.Background(), c.args, env, &out, &errOut); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%v: %v, want an error about %s", c.args, err, c.want)
				}
			}

			ctx := context.Background()
			db, err := database.Open(ctx, strings.TrimPrefix(env[0], "CHUNGTAY_DATABASE_URL="))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			accounts := account.NewService(db, account.Options{})
			in, err := accounts.Login(ctx, time.Now(), "admin@example.test", m[2], "")
			if err != nil {
				t.Fatalf("sign in with the printed password: %v", err)
			}
			p, err := accounts.Principal(ctx, in.User.ID)
			if err != nil || !p.Can(access.ManageAccounts, "") {
				t.Errorf("not a whole-country admin: %+v %v", p, err)
			}
			var actor string
			if err := db.NewRaw("SELECT actor_name FROM audit_log WHERE entity = 'user' AND action = 'create' ORDER BY id LIMIT 1").Scan(ctx, &actor); err != nil || actor != "system" {
				t.Errorf("audited as %q: %v", actor, err)
			}
		})
	}
}

// `chungtay openapi` prints the document /api/openapi.json serves, with no
// database (make lint-openapi lints it).
func TestOpenAPICommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"openapi"}, []string{"CHUNGTAY_DATABASE_URL=postgres://nowhere.invalid/x"}, &out, &errOut); err != nil {
		t.Fatalf("openapi: %v %s", err, errOut.String())
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") || len(doc.Paths) < 50 ||
		doc.Paths["/api/v1/households"]["get"] == nil || doc.Paths["/healthz"]["get"] == nil {
		t.Errorf("openapi printed %d paths (%v): %.300s", len(doc.Paths), err, out.String())
	}
}
