// Package testenv gives tests real databases: a fresh SQLite file and a fresh
// PostgreSQL database per test, both migrated, so that the same test runs on
// both engines. PostgreSQL is found at CHUNGTAY_TEST_POSTGRES_URL (default: the
// local server with trust authentication). When CI=true a missing PostgreSQL
// fails the test instead of skipping it.
package testenv

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// DefaultPostgresURL is the local test server of the development machines and CI.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Engines are the database engines every store test runs on.
var Engines = []string{"sqlite", "postgres"}

// CI reports whether the tests run in CI, where nothing may be skipped.
func CI() bool { return os.Getenv("CI") == "true" }

// Each runs fn once per engine, as subtests named after the engine, each with
// a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *bun.DB)) {
	t.Helper()
	for _, engine := range Engines {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh, migrated database of the given engine, removed when
// the test ends.
func Open(t testing.TB, engine string) *bun.DB {
	t.Helper()
	url := URL(t, engine)
	ctx := context.Background()
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := database.Migrate(ctx, db); err != nil {
		t.Fatalf("migrate %s: %v", engine, err)
	}
	return db
}

// URL returns the URL of a fresh, empty database of the given engine; the
// database is dropped when the test ends.
func URL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return "file:" + filepath.Join(t.TempDir(), "test.db")
	case "postgres":
		return freshPostgres(t)
	}
	t.Fatalf("unknown engine %q", engine)
	return ""
}

func adminURL() string {
	if u := os.Getenv("CHUNGTAY_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

func freshPostgres(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", adminURL())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if CI() {
			t.Fatalf("PostgreSQL is required in CI (CI=true) but not reachable at %s: %v", adminURL(), err)
		}
		t.Skipf("PostgreSQL not reachable at %s (set CHUNGTAY_TEST_POSTGRES_URL): %v", adminURL(), err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "chungtay_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(adminURL())
	if err != nil {
		t.Fatalf("parse %s: %v", adminURL(), err)
	}
	u.Path = "/" + name
	return u.String()
}

// Now is a fixed clock for tests: 15 March 2018, 09:00 in Hồ Chí Minh City.
var Now = time.Date(2018, 3, 15, 2, 0, 0, 0, time.UTC)

// Loc is the programme's time zone.
var Loc = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(fmt.Sprintf("load time zone: %v", err))
	}
	return loc
}()

// Today is the day of Now in Loc: the Today of the principals tests build
// (access.Principal.Today), as the authenticator sets it for a request.
var Today = civil.DateOf(Now, Loc)
