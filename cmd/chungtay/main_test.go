package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"chungtay/internal/testenv"
	"chungtay/migrations"
)

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
			if s := stdout.String(); !strings.Contains(s, base) || !strings.Contains(s, "126 households (50 poor, 76 near-poor)") {
				t.Errorf("start-up output: %s", s)
			}
			res, err := http.Get(base + "/api/v1/households?class=poor&per_page=1")
			if err != nil {
				t.Fatal(err)
			}
			var page struct{ Total int }
			_ = json.NewDecoder(res.Body).Decode(&page)
			res.Body.Close()
			if page.Total != 50 {
				t.Errorf("poor households over HTTP: %d", page.Total)
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
