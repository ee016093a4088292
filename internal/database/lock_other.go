//go:build !unix

package database

import (
	"context"

	"github.com/uptrace/bun"
)

// lockSQLite is a no-op where file locks are not available; run one instance
// per SQLite file there.
func lockSQLite(context.Context, *bun.DB) (func(), error) { return func() {}, nil }
