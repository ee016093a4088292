package plan_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/civil"
	"chungtay/internal/demo"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// BenchmarkCityExpansion measures the nightly job at city scale: a Hà Nội
// plan (seed 003: 89,450 poor and near-poor households in 584 communes)
// whose duty gives every commune's poverty board a quarterly visit to each
// of its households — 357,800 tasks. "first" expands a new plan (every task
// created, as when the duty is added); "rerun" expands it again with the register unchanged, which is
// what the nightly job does on most nights; "follow_one_household" brings one
// household's tasks into line, as every change to a household does.
//
//	go test -run '^$' -bench CityExpansion -benchtime 3x ./internal/plan/
func BenchmarkCityExpansion(b *testing.B) {
	if testing.Short() {
		b.Skip("loads 89,450 households")
	}
	for _, engine := range testenv.Engines {
		db := testenv.Open(b, engine)
		ctx := access.With(context.Background(), access.System())
		if _, err := demo.Load(ctx, db, time.Now(), demo.ScaleCity); err != nil {
			b.Fatal(err)
		}
		svc := plan.NewService(db, testenv.Loc)
		now := time.Date(2014, time.January, 2, 9, 0, 0, 0, testenv.Loc)
		newPlan := func(b *testing.B) int64 {
			p, err := svc.Create(ctx, now, plan.Input{AreaID: cityRoot(b, db), Kind: plan.KindPlan, Issuer: "UBND Thành phố Hà Nội",
				Year: 2014, IssuedOn: civil.NewDate(2014, time.January, 2), Title: "Giảm nghèo năm 2014"})
			if err != nil {
				b.Fatal(err)
			}
			return p.ID
		}
		visits := plan.DutyInput{Title: "Thăm hộ nghèo, cận nghèo của xã, phường", UnitKind: unit.KindPovertyBoard, Target: plan.PerHousehold,
			Frequency: plan.Quarterly, Selector: plan.Selector{Classes: []poverty.Class{poverty.ClassPoor, poverty.ClassNearPoor}}}
		var last int64
		b.Run(engine+"/first", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				last = newPlan(b)
				b.StartTimer()
				// Adding the duty expands the plan: every task is created.
				r, err := svc.AddDuty(ctx, now, last, visits)
				if err != nil || r.Expansion.Created != 4*89_450 {
					b.Fatalf("add duty: %v, %+v", err, r)
				}
			}
		})
		// A change to one household (an assignment, a new class): its tasks follow in the change's transaction.
		var one []int64
		if err := db.NewSelect().Table("households").Column("id").OrderExpr("id DESC").Limit(1).Scan(ctx, &one); err != nil {
			b.Fatal(err)
		}
		b.Run(engine+"/follow_one_household", func(b *testing.B) {
			for b.Loop() {
				if err := svc.FollowHouseholds(ctx, db, now, one); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(engine+"/rerun", func(b *testing.B) {
			for b.Loop() {
				sum, err := svc.Expand(ctx, now, last)
				if err != nil || sum.Unchanged != 4*89_450 {
					b.Fatalf("rerun: %v, %+v", err, sum)
				}
			}
		})
	}
}

func cityRoot(b *testing.B, db *bun.DB) int64 {
	var id int64
	if err := db.NewSelect().Table("areas").Column("id").Where("code = '01'").Scan(context.Background(), &id); err != nil {
		b.Fatal(err)
	}
	return id
}
