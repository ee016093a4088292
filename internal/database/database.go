// Package database opens the one database Chung Tay runs on — PostgreSQL (pgx)
// for a city or a country, or an embedded SQLite file (pure Go, modernc) for a
// single ward — and applies the embedded migrations to it.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DefaultSQLitePath is where the data lives when no database URL is given.
const DefaultSQLitePath = "data/chungtay.db"

// sqlitePragmas are appended to every SQLite DSN: WAL for concurrent readers,
// a busy timeout, foreign keys, and immediate transactions so that concurrent
// read-then-write transactions queue instead of failing with SQLITE_BUSY.
// case_sensitive_like makes LIKE compare as PostgreSQL's does, and lets a
// subtree filter (path LIKE '/1/2/%') use the path index instead of scanning.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=case_sensitive_like(1)&_txlock=immediate"

// Open connects to the database named by url: postgres://… or postgresql://…
// for PostgreSQL; empty, file:… or sqlite:… for SQLite.
func Open(ctx context.Context, url string) (*bun.DB, error) {
	if IsPostgresURL(url) {
		sqldb, err := sql.Open("pgx", url)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqldb.SetMaxOpenConns(20)
		sqldb.SetMaxIdleConns(10)
		sqldb.SetConnMaxIdleTime(5 * time.Minute)
		db := bun.NewDB(sqldb, pgdialect.New())
		if err := ping(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
		return db, nil
	}

	dsn, err := sqliteDSN(url)
	if err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// SQLite has one writer; a few connections let readers run beside it.
	sqldb.SetMaxOpenConns(4)
	if strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory") {
		sqldb.SetMaxOpenConns(1)
	}
	db := bun.NewDB(sqldb, sqlitedialect.New())
	if err := ping(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// ping connects, retrying while SQLite reports the file busy: a second
// process opening a new file while the first switches it to WAL sees
// SQLITE_BUSY before its busy timeout applies.
func ping(ctx context.Context, db *bun.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for {
		err := db.PingContext(ctx)
		if err == nil {
			return nil
		}
		if !strings.Contains(err.Error(), "SQLITE_BUSY") || ctx.Err() != nil {
			return fmt.Errorf("connect to database: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("connect to database: %w", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// IsPostgresURL reports whether url names a PostgreSQL database.
func IsPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// IsPostgres reports whether db runs on PostgreSQL.
func IsPostgres(db bun.IDB) bool { return db.Dialect().Name() == dialect.PG }

func sqliteDSN(url string) (string, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
	if path == "" {
		path = DefaultSQLitePath
	}
	query := ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path != ":memory:" && !strings.Contains(query, "mode=memory") {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return "", fmt.Errorf("create database folder: %w", err)
		}
	}
	if query != "" {
		query += "&"
	}
	return "file:" + path + "?" + query + sqlitePragmas, nil
}

// Ready checks that the database answers a query; it backs GET /readyz.
func Ready(ctx context.Context, db *bun.DB) error {
	var one int
	return db.NewRaw("SELECT 1").Scan(ctx, &one)
}
