//go:build unix

package database

import (
	"context"
	"fmt"
	"os"
	"syscall"

	"github.com/uptrace/bun"
)

// lockSQLite takes an exclusive file lock beside the SQLite database file, so
// that two processes starting on the same file migrate one after the other.
// An in-memory database needs none.
func lockSQLite(ctx context.Context, db *bun.DB) (unlock func(), err error) {
	var path string
	if err := db.NewRaw("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(ctx, &path); err != nil {
		return nil, fmt.Errorf("find the database file: %w", err)
	}
	if path == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(path+".migrate-lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open migration lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("take migration lock: %w", err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
