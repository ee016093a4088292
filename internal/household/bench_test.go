package household_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/area"
	"chungtay/internal/demo"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
)

type cityFixture struct {
	db    *bun.DB
	svc   *household.Service
	areas *area.Service
	root  *area.Area
	ward  *area.Area
}

// loadCity loads the Hà Nội demo (seed 003: 89,450 households in 584
// communes) into a fresh database of the engine, for the life of b.
func loadCity(b *testing.B, engine string) *cityFixture {
	b.Helper()
	ctx := access.With(context.Background(), access.System())
	db := testenv.Open(b, engine)
	if _, err := demo.Load(ctx, db, time.Now(), demo.ScaleCity); err != nil {
		b.Fatal(err)
	}
	areas := area.NewService(db, testenv.Loc)
	root, err := areas.ByCode(ctx, "01")
	if err != nil {
		b.Fatal(err)
	}
	var wardID int64
	if err := db.NewSelect().Table("areas").Column("id").Where("depth = 2").OrderExpr("id").Limit(1).Scan(ctx, &wardID); err != nil {
		b.Fatal(err)
	}
	ward, _ := areas.Get(ctx, wardID)
	f := &cityFixture{db: db, areas: areas, root: root, ward: ward,
		svc: household.NewService(db, areas, testenv.Loc, poverty.CityLines(21_000_000, 28_000_000))}
	return f
}

// BenchmarkCity measures the register's reads at city scale. Run with
// `make bench` or: go test -run '^$' -bench City ./internal/household/
func BenchmarkCity(b *testing.B) {
	if os.Getenv("CHUNGTAY_BENCH_CITY") == "" && testing.Short() {
		b.Skip("city benchmarks load 89,450 households")
	}
	for _, engine := range testenv.Engines {
		f := loadCity(b, engine)
		cases := []struct {
			name string
			run  func(ctx context.Context, f *cityFixture) error
		}{
			{"list_first_page", func(ctx context.Context, f *cityFixture) error {
				_, err := f.svc.List(ctx, household.Filter{PerPage: 25})
				return err
			}},
			{"list_city_poor_health_insurance", func(ctx context.Context, f *cityFixture) error {
				_, err := f.svc.List(ctx, household.Filter{AreaID: f.root.ID, Class: poverty.ClassPoor, Deprivation: "health_insurance", PerPage: 25})
				return err
			}},
			{"list_one_ward", func(ctx context.Context, f *cityFixture) error {
				_, err := f.svc.List(ctx, household.Filter{AreaID: f.ward.ID, PerPage: 25})
				return err
			}},
			{"search_name_no_diacritics", func(ctx context.Context, f *cityFixture) error {
				_, err := f.svc.List(ctx, household.Filter{Query: "nguyen van hung", PerPage: 25})
				return err
			}},
			{"area_tree_districts_with_counts", func(ctx context.Context, f *cityFixture) error {
				_, err := f.areas.List(ctx, area.ListFilter{ParentID: &f.root.ID})
				return err
			}},
			{"reconcile_city_year", func(ctx context.Context, f *cityFixture) error {
				_, err := f.svc.Reconcile(ctx, f.root.ID, 2014, poverty.ClassPoor)
				return err
			}},
		}
		for _, c := range cases {
			b.Run(engine+"/"+c.name, func(b *testing.B) {
				ctx := access.With(context.Background(), access.System())
				b.ResetTimer()
				for b.Loop() {
					if err := c.run(ctx, f); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
