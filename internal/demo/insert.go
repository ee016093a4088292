package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/household"
	"chungtay/internal/unit"
)

// Batch sizes. bun writes values into the SQL text rather than binding them,
// but the batches stay under the bind-parameter limits anyway (SQLite 32,766,
// PostgreSQL 65,535): 1,000 households × 22 columns = 22,000.
const (
	rowsPerInsert   = 1_000
	householdsPerTx = 25_000 // plus as many classification rows: ~50,000 rows per transaction
	codesPerLookup  = 1_000
)

// areaSpec is an area to write; parents are named by code and must come
// before their children.
type areaSpec struct {
	code, name string
	kind       area.Kind
	parent     string // parent's code; "" at the top of the tree
	urban      bool
	total      int // households in the year of the demo; 0 = not recorded
}

// unitSpec is a unit to write; parents come before their children.
type unitSpec struct {
	code, name string
	kind       unit.Kind
	post       string
	area       string // area code
	parent     string // parent unit's code, or ""
}

// writeAreas writes the areas one level at a time (a child needs its
// parent's id and path), their first parent rows from the given day, and
// their household totals for year. It returns the ids by code.
func writeAreas(ctx context.Context, db bun.IDB, now time.Time, from civil.Date, year int, specs []areaSpec) (map[string]int64, error) {
	depth := map[string]int{}
	var levels [][]areaSpec
	for _, s := range specs {
		d := 0
		if s.parent != "" {
			pd, ok := depth[s.parent]
			if !ok {
				return nil, fmt.Errorf("area %s: parent %s not written before it", s.code, s.parent)
			}
			d = pd + 1
		}
		depth[s.code] = d
		for len(levels) <= d {
			levels = append(levels, nil)
		}
		levels[d] = append(levels[d], s)
	}
	ids := map[string]int64{}
	for d, level := range levels {
		rows := make([]area.Area, len(level))
		codes := make([]string, len(level))
		for i, s := range level {
			rows[i] = area.Area{Code: s.code, Name: s.name, Kind: s.kind, Depth: d, Urban: s.urban,
				Version: 1, CreatedAt: now, UpdatedAt: now}
			if s.parent != "" {
				pid := ids[s.parent]
				rows[i].ParentID = &pid
			}
			codes[i] = s.code
		}
		if err := insertChunks(ctx, db, rows, "areas"); err != nil {
			return nil, err
		}
		if err := lookupIDs(ctx, db, "areas", codes, ids); err != nil {
			return nil, err
		}
		// The path is the parent's path plus the new id (area.PathOf), known
		// only now; the parents' paths were completed on the level before.
		for _, chunk := range chunks(codes, codesPerLookup) {
			_, err := db.NewRaw("UPDATE areas SET path = COALESCE((SELECT p.path FROM areas AS p WHERE p.id = areas.parent_id), '/') || CAST(areas.id AS TEXT) || '/' WHERE areas.code IN (?)", bun.In(chunk)).Exec(ctx)
			if err != nil {
				return nil, fmt.Errorf("set area paths: %w", err)
			}
		}
	}
	parents := make([]area.Parent, 0, len(specs))
	var totals []area.Total
	for _, s := range specs {
		p := area.Parent{AreaID: ids[s.code], ValidFrom: from}
		if s.parent != "" {
			pid := ids[s.parent]
			p.ParentID = &pid
		}
		parents = append(parents, p)
		if s.total > 0 {
			totals = append(totals, area.Total{AreaID: ids[s.code], Year: year, Total: s.total})
		}
	}
	if err := insertChunks(ctx, db, parents, "area parents"); err != nil {
		return nil, err
	}
	if err := insertChunks(ctx, db, totals, "area totals"); err != nil {
		return nil, err
	}
	return ids, nil
}

// writeUnits writes units, parents first, and returns their ids by code.
func writeUnits(ctx context.Context, db bun.IDB, now time.Time, areaIDs map[string]int64, specs []unitSpec) (map[string]int64, error) {
	depth := map[string]int{}
	var levels [][]unitSpec
	for _, s := range specs {
		d := 0
		if s.parent != "" {
			pd, ok := depth[s.parent]
			if !ok {
				return nil, fmt.Errorf("unit %s: parent %s not written before it", s.code, s.parent)
			}
			d = pd + 1
		}
		if _, ok := areaIDs[s.area]; !ok {
			return nil, fmt.Errorf("unit %s: unknown area %s", s.code, s.area)
		}
		depth[s.code] = d
		for len(levels) <= d {
			levels = append(levels, nil)
		}
		levels[d] = append(levels[d], s)
	}
	ids := map[string]int64{}
	for _, level := range levels {
		rows := make([]unit.Unit, len(level))
		codes := make([]string, len(level))
		for i, s := range level {
			rows[i] = unit.Unit{Code: s.code, Name: s.name, Kind: s.kind, Post: s.post, AreaID: areaIDs[s.area],
				Version: 1, CreatedAt: now, UpdatedAt: now}
			if s.parent != "" {
				pid := ids[s.parent]
				rows[i].ParentID = &pid
			}
			codes[i] = s.code
		}
		if err := insertChunks(ctx, db, rows, "units"); err != nil {
			return nil, err
		}
		if err := lookupIDs(ctx, db, "units", codes, ids); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// insertChunks bulk-inserts rows, rowsPerInsert at a time, without reading
// anything back.
func insertChunks[T any](ctx context.Context, db bun.IDB, rows []T, what string) error {
	for _, chunk := range chunks(rows, rowsPerInsert) {
		if _, err := db.NewInsert().Model(&chunk).Returning("NULL").Exec(ctx); err != nil {
			return fmt.Errorf("insert %s: %w", what, err)
		}
	}
	return nil
}

// lookupIDs reads the ids of the rows of table with the given codes into ids.
// Reading them back by code does not rely on the order of RETURNING rows.
func lookupIDs(ctx context.Context, db bun.IDB, table string, codes []string, ids map[string]int64) error {
	for _, chunk := range chunks(codes, codesPerLookup) {
		var rows []struct {
			ID   int64  `bun:"id"`
			Code string `bun:"code"`
		}
		if err := db.NewSelect().Table(table).Column("id", "code").Where("code IN (?)", bun.In(chunk)).Scan(ctx, &rows); err != nil {
			return fmt.Errorf("read %s ids: %w", table, err)
		}
		for _, r := range rows {
			ids[r.Code] = r.ID
		}
	}
	return nil
}

// insertHouseholds writes households and, for each, its classification row
// for the year of its classification (the list of that year, approved by
// decisionNo). The new ids are read back by code.
func insertHouseholds(ctx context.Context, db bun.IDB, now time.Time, decisionNo string, rows []household.Household) error {
	for _, chunk := range chunks(rows, rowsPerInsert) {
		if _, err := db.NewInsert().Model(&chunk).Returning("NULL").Exec(ctx); err != nil {
			return fmt.Errorf("insert households: %w", err)
		}
		codes := make([]string, len(chunk))
		for i := range chunk {
			codes[i] = chunk[i].Code
		}
		ids := make(map[string]int64, len(chunk))
		if err := lookupIDs(ctx, db, "households", codes, ids); err != nil {
			return err
		}
		list := make([]household.Classification, len(chunk))
		for i, h := range chunk {
			list[i] = household.Classification{HouseholdID: ids[h.Code], Year: h.ClassificationYear,
				Classification: h.Classification, Standard: h.Standard, IncomeMonthly: h.IncomeMonthly,
				Deprivations: h.Deprivations, DecisionNo: decisionNo, CreatedAt: now}
		}
		if _, err := db.NewInsert().Model(&list).Returning("NULL").Exec(ctx); err != nil {
			return fmt.Errorf("insert household classifications: %w", err)
		}
	}
	return nil
}

// writeTree writes areas and units in one transaction, then calls then (if
// set) inside it. skipped is true, and nothing is written, when one of the
// root area codes exists already: checking inside the transaction makes two
// loads started at once write the demo only once.
func writeTree(ctx context.Context, db *bun.DB, now time.Time, from civil.Date, year int, roots []string,
	areas []areaSpec, units []unitSpec, then func(ctx context.Context, tx bun.Tx, ids map[string]int64) error,
) (ids map[string]int64, skipped bool, err error) {
	err = database.Tx(ctx, db, func(ctx context.Context, tx bun.Tx) error {
		taken, err := anyAreaCode(ctx, tx, roots)
		if err != nil || taken {
			skipped = taken
			return err
		}
		if ids, err = writeAreas(ctx, tx, now, from, year, areas); err != nil {
			return err
		}
		if _, err := writeUnits(ctx, tx, now, ids, units); err != nil {
			return err
		}
		if then != nil {
			return then(ctx, tx, ids)
		}
		return nil
	})
	return ids, skipped, err
}

// chunks splits s into pieces of at most n.
func chunks[T any](s []T, n int) [][]T {
	var out [][]T
	for len(s) > n {
		out = append(out, s[:n:n])
		s = s[n:]
	}
	if len(s) > 0 {
		out = append(out, s)
	}
	return out
}

// stream writes households as they are drawn: rowsPerInsert per INSERT and
// householdsPerTx per transaction, so that memory stays flat however many
// households a scale has.
type stream struct {
	db         *bun.DB
	now        time.Time
	decisionNo string
	total      int
	progress   func(done, total int)

	tx    bun.Tx
	open  bool
	inTx  int
	done  int
	batch []household.Household
}

func newStream(db *bun.DB, now time.Time, decisionNo string, total int, progress func(done, total int)) *stream {
	return &stream{db: db, now: now, decisionNo: decisionNo, total: total, progress: progress,
		batch: make([]household.Household, 0, rowsPerInsert)}
}

// add queues one household, writing the batch when it is full.
func (s *stream) add(ctx context.Context, h household.Household) error {
	if err := checkClass(&h); err != nil {
		return err
	}
	s.batch = append(s.batch, h)
	if len(s.batch) < rowsPerInsert {
		return nil
	}
	return s.flush(ctx, false)
}

// flush writes the queued batch and commits when the transaction is full or
// when last is set.
func (s *stream) flush(ctx context.Context, last bool) error {
	if len(s.batch) > 0 {
		if !s.open {
			tx, err := s.db.BeginTx(ctx, nil)
			if err != nil {
				return fmt.Errorf("begin households transaction: %w", err)
			}
			s.tx, s.open = tx, true
		}
		if err := insertHouseholds(ctx, s.tx, s.now, s.decisionNo, s.batch); err != nil {
			return err
		}
		s.inTx += len(s.batch)
		s.batch = s.batch[:0]
	}
	if s.open && (last || s.inTx >= householdsPerTx) {
		if err := s.tx.Commit(); err != nil {
			return fmt.Errorf("commit households: %w", err)
		}
		s.open = false
		s.done += s.inTx
		s.inTx = 0
		if s.progress != nil {
			s.progress(s.done, s.total)
		}
	}
	return nil
}

// close writes what is left; abort undoes an open transaction after an error.
func (s *stream) close(ctx context.Context) error { return s.flush(ctx, true) }

func (s *stream) abort() {
	if s.open {
		_ = s.tx.Rollback() // the error that made us abort is the one to report
		s.open = false
	}
}

// checkClass guards the promise that every demo household's class is what
// poverty.Classify gives for its data.
func checkClass(h *household.Household) error {
	got, err := classOf(h.Standard, h.Urban, h.IncomeMonthly, h.Deprivations)
	if err != nil {
		return fmt.Errorf("classify demo household %s: %w", h.Code, err)
	}
	if got != h.Classification {
		return fmt.Errorf("demo household %s drawn as %s classifies as %s", h.Code, h.Classification, got)
	}
	return nil
}
