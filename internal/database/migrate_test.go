package database_test

import (
	"context"
	"sync"
	"testing"

	"chungtay/internal/database"
	"chungtay/internal/testenv"
	"chungtay/migrations"
)

// Two instances starting at once must not both migrate: each migration is
// applied exactly once and both starts succeed.
func TestConcurrentMigrate(t *testing.T) {
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			url := testenv.URL(t, engine)
			ctx := context.Background()
			var wg sync.WaitGroup
			applied := make([][]string, 2)
			errs := make([]error, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					db, err := database.Open(ctx, url)
					if err != nil {
						errs[i] = err
						return
					}
					defer db.Close()
					applied[i], errs[i] = database.Migrate(ctx, db)
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("migrate: %v", err)
				}
			}
			want := len(migrations.All.Sorted())
			if got := len(applied[0]) + len(applied[1]); got != want {
				t.Errorf("applied %d migrations in all, want %d (exactly once each)", got, want)
			}
			db, err := database.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			pending, err := database.Pending(ctx, db)
			if err != nil || len(pending) != 0 {
				t.Errorf("pending after migrate: %v %v", pending, err)
			}
			if err := database.Ready(ctx, db); err != nil {
				t.Errorf("ready: %v", err)
			}
		})
	}
}
