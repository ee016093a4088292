package database_test

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/database"
	"chungtay/internal/testenv"
)

// LIKE is case-sensitive on both engines, and on SQLite a subtree filter on
// a path is answered from the path index rather than by a scan.
func TestLikeUsesThePathIndex(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx := context.Background()
		var same bool
		if err := db.NewRaw("SELECT 'Phường' LIKE 'phường'").Scan(ctx, &same); err != nil || same {
			t.Errorf("'Phường' LIKE 'phường' = %v (%v), want false as on PostgreSQL", same, err)
		}
		if database.IsPostgres(db) {
			return
		}
		var plan []struct {
			ID      int    `bun:"id"`
			Parent  int    `bun:"parent"`
			NotUsed int    `bun:"notused"`
			Detail  string `bun:"detail"`
		}
		if err := db.NewRaw("EXPLAIN QUERY PLAN SELECT id FROM areas WHERE path LIKE '/1/2/%'").Scan(ctx, &plan); err != nil {
			t.Fatal(err)
		}
		var details []string
		for _, p := range plan {
			details = append(details, p.Detail)
		}
		if got := strings.Join(details, "; "); !strings.Contains(got, "areas_path_idx") {
			t.Errorf("query plan %q does not use areas_path_idx", got)
		}
	})
}

// Contains takes "%", "_" and "\" literally, with LikeEscape, on both engines.
func TestContainsMatchesWildcardsLiterally(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		for _, c := range []struct {
			text, typed string
			want        bool
		}{
			{"50% hộ nghèo", "%", true}, {"hộ nghèo", "%", false},
			{"ma_so", "_", true}, {"maso", "_", false}, {"a_b", "a_b", true}, {"axb", "a_b", false},
			{`C:\tep`, `\`, true}, {"C:/tep", `\`, false}, {`a\%b`, `\%`, true}, {"a%b", `\%`, false},
			{"Phường 14", "ờng 1", true},
		} {
			var got bool
			err := db.NewRaw("SELECT ? LIKE ? "+database.LikeEscape, c.text, database.Contains(c.typed)).Scan(context.Background(), &got)
			if err != nil || got != c.want {
				t.Errorf("%q LIKE Contains(%q) = %v (%v), want %v", c.text, c.typed, got, err, c.want)
			}
		}
	})
}
