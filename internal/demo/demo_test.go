package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

var testNow = time.Date(2018, time.March, 1, 8, 0, 0, 0, time.UTC)

// count runs a query that returns one integer.
func count(t *testing.T, db *bun.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.NewRaw(query, args...).Scan(context.Background(), &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLoadWard(t *testing.T) { testenv.Each(t, testLoadWard) }

func testLoadWard(t *testing.T, db *bun.DB) {
	ctx := context.Background()
	empty, err := Empty(ctx, db)
	if err != nil || !empty {
		t.Fatalf("Empty before load = %v, %v; want true", empty, err)
	}
	st, err := Load(ctx, db, testNow, ScaleWard)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Areas: 3 + 12 + 93, Units: len(wardUnits()), Households: 126, Poor: 50, NearPoor: 76}
	if st != want {
		t.Fatalf("stats = %+v, want %+v", st, want)
	}
	if empty, _ := Empty(ctx, db); empty {
		t.Fatal("Empty after load = true")
	}

	figures := []struct {
		name  string
		query string
		want  int
	}{
		{"neighbourhoods", "SELECT COUNT(*) FROM areas WHERE kind = 'neighbourhood'", 12},
		{"residential groups", "SELECT COUNT(*) FROM areas WHERE kind = 'residential_group'", 93},
		{"groups under Phường 14", "SELECT COUNT(*) FROM areas g JOIN areas k ON k.id = g.parent_id JOIN areas w ON w.id = k.parent_id WHERE g.kind = 'residential_group' AND w.code = '26890'", 93},
		{"ward total 2018", "SELECT t.total FROM area_household_totals t JOIN areas a ON a.id = t.area_id WHERE a.code = '26890' AND t.year = 2018", 11_176},
		{"groups' totals 2018", "SELECT SUM(t.total) FROM area_household_totals t JOIN areas a ON a.id = t.area_id WHERE a.kind = 'residential_group' AND t.year = 2018", 11_176},
		{"groups with a total", "SELECT COUNT(*) FROM area_household_totals t JOIN areas a ON a.id = t.area_id WHERE a.kind = 'residential_group' AND t.year = 2018 AND t.total > 0", 93},
		{"khu phố not the sum of their groups", `SELECT COUNT(*) FROM areas k JOIN area_household_totals t ON t.area_id = k.id AND t.year = 2018
			WHERE k.kind = 'neighbourhood' AND t.total <> (SELECT SUM(gt.total) FROM areas g JOIN area_household_totals gt ON gt.area_id = g.id AND gt.year = 2018 WHERE g.parent_id = k.id)`, 0},
		{"khu phố with 7 or 8 groups", "SELECT COUNT(*) FROM areas k WHERE k.kind = 'neighbourhood' AND (SELECT COUNT(*) FROM areas g WHERE g.parent_id = k.id) IN (7, 8)", 12},
		{"distinct group names", "SELECT COUNT(DISTINCT name) FROM areas WHERE kind = 'residential_group' AND name LIKE 'Tổ dân phố %'", 93},
		{"poor households", "SELECT COUNT(*) FROM households WHERE classification = 'poor' AND classification_year = 2018 AND standard = 'city'", 50},
		{"near-poor households", "SELECT COUNT(*) FROM households WHERE classification = 'near_poor' AND classification_year = 2018 AND standard = 'city'", 76},
		{"poor in the 2018 list", "SELECT COUNT(*) FROM household_classifications WHERE year = 2018 AND classification = 'poor'", 50},
		{"near-poor in the 2018 list", "SELECT COUNT(*) FROM household_classifications WHERE year = 2018 AND classification = 'near_poor'", 76},
		{"list rows matching their household", `SELECT COUNT(*) FROM household_classifications c JOIN households h ON h.id = c.household_id
			WHERE c.year = h.classification_year AND c.classification = h.classification AND c.standard = h.standard
			AND c.income_monthly = h.income_monthly AND c.deprivations = h.deprivations`, 126},
		{"households in residential groups", "SELECT COUNT(*) FROM households h JOIN areas a ON a.id = h.area_id WHERE a.kind = 'residential_group'", 126},
		{"area parent rows from 2018-01-01", "SELECT COUNT(*) FROM area_parents p JOIN areas a ON a.id = p.area_id AND ((p.parent_id IS NULL AND a.parent_id IS NULL) OR p.parent_id = a.parent_id) WHERE p.valid_from = '2018-01-01' AND p.valid_to IS NULL", 108},
		{"neighbourhood party cells", `SELECT COUNT(*) FROM units u JOIN areas a ON a.id = u.area_id JOIN units p ON p.id = u.parent_id
			WHERE u.kind = 'party_cell' AND a.kind = 'neighbourhood' AND u.name = 'Chi bộ ' || a.name AND p.kind = 'party_committee' AND p.name = 'Đảng ủy Phường 14'`, 12},
		{"school and agency party cells", "SELECT COUNT(*) FROM units WHERE kind = 'party_cell' AND (name LIKE 'Chi bộ Trường %' OR name LIKE 'Chi bộ C%' OR name LIKE 'Chi bộ Quân sự%')", 5},
		{"units of one version, stamped now", "SELECT COUNT(*) FROM units WHERE version = 1 AND created_at = updated_at", st.Units},
	}
	for _, f := range figures {
		if got := count(t, db, f.query); got != f.want {
			t.Errorf("%s = %d, want %d", f.name, got, f.want)
		}
	}
	for _, kind := range []unit.Kind{unit.KindPartyCommittee, unit.KindPeoplesCommittee, unit.KindPovertyBoard,
		unit.KindFatherlandFront, unit.KindWomensUnion, unit.KindVeteransUnion, unit.KindYouthUnion, unit.KindRedCross,
		unit.KindLabourFederation, unit.KindSchool, unit.KindHealthStation, unit.KindSocialPolicyBank} {
		if n := count(t, db, "SELECT COUNT(*) FROM units WHERE kind = ?", kind); n == 0 {
			t.Errorf("no unit of kind %s", kind)
		}
	}
	var kinds []string
	if err := db.NewRaw("SELECT DISTINCT kind FROM units").Scan(ctx, &kinds); err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		if !unit.Kind(k).Valid() {
			t.Errorf("unit kind %q is not in unit.Kinds", k)
		}
	}

	checkPaths(t, db)
	checkHouseholds(t, db, poverty.CityLines(21_000_000, 28_000_000))

	var codes []string
	if err := db.NewRaw("SELECT h.code || ' ' || a.code FROM households h JOIN areas a ON a.id = h.area_id").Scan(ctx, &codes); err != nil {
		t.Fatal(err)
	}
	for _, c := range codes {
		// P14-KP03-0042 lies in 26890-KP03-Tnn.
		hc, ac, _ := strings.Cut(c, " ")
		if !strings.HasPrefix(ac, "26890-"+hc[4:8]+"-T") {
			t.Errorf("household %s is in area %s, outside its khu phố", hc, ac)
		}
	}

	// Idempotent: a second load writes nothing.
	before := tableCounts(t, db)
	st, err = Load(ctx, db, testNow.Add(time.Hour), ScaleWard)
	if err != nil || !st.Skipped {
		t.Fatalf("second load = %+v, %v; want skipped", st, err)
	}
	if after := tableCounts(t, db); after != before {
		t.Fatalf("second load changed counts: %v → %v", before, after)
	}
}

// tableCounts returns the row counts of the tables a load writes.
func tableCounts(t *testing.T, db *bun.DB) string {
	var parts []string
	for _, table := range []string{"areas", "area_parents", "area_household_totals", "units", "households", "household_classifications"} {
		parts = append(parts, fmt.Sprintf("%s=%d", table, count(t, db, "SELECT COUNT(*) FROM "+table)))
	}
	return strings.Join(parts, " ")
}

// checkPaths asserts that every area's path is its parent's path plus its id.
func checkPaths(t *testing.T, db *bun.DB) {
	t.Helper()
	var areas []struct {
		ID       int64  `bun:"id"`
		ParentID *int64 `bun:"parent_id"`
		Path     string `bun:"path"`
		Depth    int    `bun:"depth"`
	}
	if err := db.NewRaw("SELECT id, parent_id, path, depth FROM areas").Scan(context.Background(), &areas); err != nil {
		t.Fatal(err)
	}
	byID := map[int64]int{}
	for i, a := range areas {
		byID[a.ID] = i
	}
	for _, a := range areas {
		wantPath, wantDepth := "/"+strconv.FormatInt(a.ID, 10)+"/", 0
		if a.ParentID != nil {
			p := areas[byID[*a.ParentID]]
			wantPath, wantDepth = p.Path+strconv.FormatInt(a.ID, 10)+"/", p.Depth+1
		}
		if a.Path != wantPath || a.Depth != wantDepth {
			t.Errorf("area %d: path %q depth %d, want %q depth %d", a.ID, a.Path, a.Depth, wantPath, wantDepth)
		}
	}
}

// checkHouseholds asserts that every household's class is what
// poverty.Classify gives for its data, and that its row is well formed.
func checkHouseholds(t *testing.T, db *bun.DB, city poverty.Lines) {
	t.Helper()
	var hs []household.Household
	if err := db.NewSelect().Model(&hs).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, h := range hs {
		got, err := poverty.Classify(poverty.Input{Standard: h.Standard, Urban: h.Urban, IncomeMonthly: h.IncomeMonthly, Deprivations: h.Deprivations}, city)
		if err != nil || got != h.Classification {
			t.Errorf("household %s: classified %s, Classify gives %s (%v)", h.Code, h.Classification, got, err)
		}
		checked, fields := household.Check(household.Input{Code: h.Code, HeadName: h.HeadName, Address: h.Address, AreaID: h.AreaID,
			Members: h.Members, Urban: h.Urban, IncomeMonthly: h.IncomeMonthly, Deprivations: h.Deprivations.Codes(),
			Causes: h.Causes.Codes(), Flags: h.Flags.Codes(), Standard: h.Standard, Year: h.ClassificationYear, Note: h.Note}, city)
		if len(fields) > 0 || checked.Classification != h.Classification || h.SearchName != household.Fold(h.HeadName) ||
			h.Members < 1 || h.Members > 7 || len(strings.Fields(h.HeadName)) < 3 || h.Causes == 0 || h.Version != 1 {
			bad++
			if bad < 5 {
				t.Errorf("household %+v: not well formed (%v)", h, fields)
			}
		}
	}
}

func TestLoadWardDeterministic(t *testing.T) {
	ctx := context.Background()
	dump := func(t *testing.T, engine string) string {
		db := testenv.Open(t, engine)
		if _, err := Load(ctx, db, testNow, ScaleWard); err != nil {
			t.Fatal(err)
		}
		var rows []string
		err := db.NewRaw(`SELECT h.code || '|' || h.head_name || '|' || h.income_monthly || '|' || h.members || '|' ||
			h.deprivations || '|' || h.causes || '|' || h.flags || '|' || h.address || '|' || h.note || '|' || a.code
			FROM households h JOIN areas a ON a.id = h.area_id ORDER BY h.code`).Scan(ctx, &rows)
		if err != nil {
			t.Fatal(err)
		}
		var totals []string
		if err := db.NewRaw("SELECT a.code || '=' || t.total FROM area_household_totals t JOIN areas a ON a.id = t.area_id ORDER BY a.code").Scan(ctx, &totals); err != nil {
			t.Fatal(err)
		}
		return strings.Join(rows, "\n") + "\n" + strings.Join(totals, "\n")
	}
	dumps := map[string]string{}
	for _, engine := range testenv.Engines {
		t.Run(engine, func(t *testing.T) {
			a, b := dump(t, engine), dump(t, engine)
			if a != b {
				t.Fatal("two loads into fresh databases differ")
			}
			if !strings.HasPrefix(a, "P14-KP01-0001|") || strings.Count(a, "\n") != 126+106-1 /* 126 households, 106 totals */ {
				t.Fatalf("unexpected dump:\n%.300s", a)
			}
			dumps[engine] = a
		})
	}
	if len(dumps) == 2 && dumps["sqlite"] != dumps["postgres"] {
		t.Fatal("SQLite and PostgreSQL hold different demo data")
	}
}

func TestLoadRejectsUnknownScale(t *testing.T) {
	if _, err := Load(context.Background(), testenv.Open(t, "sqlite"), testNow, Scale("planet")); err == nil {
		t.Fatal("unknown scale loaded")
	}
}

func TestNationSkipsWhereProvincesAreTaken(t *testing.T) { testenv.Each(t, testNationSkips) }

func testNationSkips(t *testing.T, db *bun.DB) {
	ctx := context.Background()
	if _, err := Load(ctx, db, testNow, ScaleWard); err != nil {
		t.Fatal(err)
	}
	before := tableCounts(t, db)
	st, err := Load(ctx, db, testNow, ScaleNation)
	if err != nil || !st.Skipped {
		t.Fatalf("nation over the ward = %+v, %v; want skipped (code 79 is taken)", st, err)
	}
	if after := tableCounts(t, db); after != before {
		t.Fatalf("skipped load wrote: %v → %v", before, after)
	}
}

func BenchmarkLoadWard(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		db := testenv.Open(b, "sqlite")
		b.StartTimer()
		if _, err := Load(ctx, db, testNow, ScaleWard); err != nil {
			b.Fatal(err)
		}
	}
}
