package database_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/database"
	"chungtay/internal/testenv"
)

type ctxKey struct{}

// A Tx inside a Tx is a savepoint that keeps the caller's context, and a
// failing inner step rolls back only itself.
func TestNestedTx(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		outerCtx := context.WithValue(context.Background(), ctxKey{}, "outer")
		innerCtx := context.WithValue(context.Background(), ctxKey{}, "inner")
		insert := func(ctx context.Context, tx bun.Tx, code string) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO areas (code, name, kind, path, depth, urban, created_at, updated_at) VALUES (?, 'x', 'ward', '/', 0, ?, ?, ?)",
				code, true, testenv.Now, testenv.Now)
			return err
		}
		boom := errors.New("boom")
		err := database.Tx(outerCtx, db, func(ctx context.Context, tx bun.Tx) error {
			if err := insert(ctx, tx, "A"); err != nil {
				return err
			}
			var seen any
			if err := database.Tx(innerCtx, tx, func(ctx context.Context, sp bun.Tx) error {
				seen = ctx.Value(ctxKey{})
				return insert(ctx, sp, "B")
			}); err != nil {
				return err
			}
			if seen != "inner" {
				t.Errorf("the nested step saw context %v, want the caller's", seen)
			}
			if err := database.Tx(innerCtx, tx, func(ctx context.Context, sp bun.Tx) error {
				if err := insert(ctx, sp, "C"); err != nil {
					return err
				}
				return boom
			}); !errors.Is(err, boom) {
				t.Errorf("inner error: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		if err := db.NewSelect().Table("areas").Column("code").Order("code").Scan(context.Background(), &codes); err != nil {
			t.Fatal(err)
		}
		if len(codes) != 2 || codes[0] != "A" || codes[1] != "B" {
			t.Errorf("committed areas %v, want A and B (C rolled back with its savepoint)", codes)
		}
	})
}
