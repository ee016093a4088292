// Package demo writes synthetic but faithful demo data: the areas, units and
// tracked households of the seed documents, so that a fresh installation has
// something true-to-life to show.
//
// Three scales:
//   - ScaleWard: Phường 14, Gò Vấp, Ho Chi Minh City, 2018 (seed 000) — 12
//     khu phố, 93 tổ dân phố, 11,176 households, 50 poor and 76 near-poor
//     households under the city standard (21M / 28M VND per person per year);
//     its 2018 resolution (history by now) and the resolution of the year of
//     `now`, lived up to today (year.go, live.go), and people in every
//     neighbourhood cell (cells.go).
//   - ScaleCity: Hà Nội, 2014 (seed 003) — 30 districts, 584 wards and
//     communes, 45,732 poor and 43,718 near-poor households under the
//     2016–2020 standard.
//   - ScaleNation: the 34 provinces after the 2025 reform, 3,321 communes,
//     2,000,000 households under the 2022–2026 standard.
//
// Every figure the seeds give is reproduced exactly; everything else (names,
// addresses, incomes, deprivations) is drawn from math/rand/v2 with a fixed
// seed, so every run writes the same data. No person in the data is real.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/area"
)

// Scale is the size of the demo data set.
type Scale string

// The scales of demo data.
const (
	ScaleWard   Scale = "ward"   // Phường 14, Gò Vấp, HCMC, 2018 (seed 000)
	ScaleCity   Scale = "city"   // Hà Nội, 2014 (seed 003)
	ScaleNation Scale = "nation" // 34 provinces, 3,321 communes, 2025
)

// Valid reports whether s is a known scale.
func (s Scale) Valid() bool { return s == ScaleWard || s == ScaleCity || s == ScaleNation }

// Stats says what a load wrote.
type Stats struct {
	Areas, Units, Households, Poor, NearPoor int
	// Skipped is true when the demo's root area(s) already existed and nothing was written.
	Skipped bool
}

// Options configure LoadWith.
type Options struct {
	Scale Scale
	// Progress, when set, is called after each committed batch of households
	// with the number written so far and the number the scale writes in all.
	Progress func(done, total int)
	// Loc is the zone whose calendar days count (the configured zone);
	// nil means Asia/Ho_Chi_Minh. The ward lives in the year of now there.
	Loc *time.Location
}

// Load writes the demo data of the given scale in one go. It is
// deterministic (same data every run: math/rand/v2 with a fixed seed) and
// idempotent: if the demo's root area code already exists, it returns
// Stats{Skipped: true} and writes nothing.
//
// The ward is written in one transaction. The city and the nation write
// their areas and units in one transaction and then the households in
// transactions of about 50,000 rows, streaming, so a load interrupted half
// way leaves part of the households behind (and a second Load skips).
//
// The scales share province codes (Hà Nội "01", Ho Chi Minh City "79"), so the
// nation does not fit in a database holding the ward or the city: Load skips
// when any root area code of its scale is taken. The ward and the city can
// live side by side.
func Load(ctx context.Context, db *bun.DB, now time.Time, scale Scale) (Stats, error) {
	return LoadWith(ctx, db, now, Options{Scale: scale})
}

// LoadWith is Load with options: the scale and a progress callback.
func LoadWith(ctx context.Context, db *bun.DB, now time.Time, opt Options) (Stats, error) {
	now = now.UTC()
	if opt.Loc == nil {
		opt.Loc = demoLoc()
	}
	var (
		st  Stats
		err error
	)
	switch opt.Scale {
	case ScaleWard:
		st, err = loadWard(ctx, db, now, opt.Loc)
	case ScaleCity:
		st, err = loadCity(ctx, db, now, opt.Progress)
	case ScaleNation:
		st, err = loadNation(ctx, db, now, opt.Progress)
	default:
		return Stats{}, fmt.Errorf("load demo: unknown scale %q (want ward, city or nation)", opt.Scale)
	}
	if err != nil {
		return st, fmt.Errorf("load demo %s: %w", opt.Scale, err)
	}
	return st, nil
}

// Empty reports whether the database has no areas yet (make run loads the
// demo only then).
func Empty(ctx context.Context, db *bun.DB) (bool, error) {
	exists, err := db.NewSelect().Model((*area.Area)(nil)).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("check for areas: %w", err)
	}
	return !exists, nil
}

// anyAreaCode reports whether any of codes is an existing area's code.
func anyAreaCode(ctx context.Context, db bun.IDB, codes []string) (bool, error) {
	exists, err := db.NewSelect().Model((*area.Area)(nil)).Where("code IN (?)", bun.In(codes)).Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("check root areas: %w", err)
	}
	return exists, nil
}
