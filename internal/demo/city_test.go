package demo

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
)

func TestLoadCity(t *testing.T) { testenv.Each(t, testLoadCity) }

func testLoadCity(t *testing.T, db *bun.DB) {
	ctx := context.Background()
	// The ward and the city live side by side: load the ward first.
	if _, err := Load(ctx, db, testNow, ScaleWard); err != nil {
		t.Fatal(err)
	}
	var calls, last int
	start := time.Now()
	st, err := LoadWith(ctx, db, testNow, Options{Scale: ScaleCity, Progress: func(done, total int) {
		if done < last || total != cityPoor+cityNear {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		calls, last = calls+1, done
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("city loaded in %s: %+v", time.Since(start), st)
	if st.Poor != 45_732 || st.NearPoor != 43_718 || st.Households != 89_450 || st.Areas != 1+30+584 {
		t.Errorf("stats = %+v", st)
	}
	if last != 89_450 || calls < 2 {
		t.Errorf("progress ended at %d after %d calls", last, calls)
	}
	in := "(SELECT id FROM areas WHERE path LIKE (SELECT path FROM areas WHERE code = '01') || '%')"
	figures := []struct {
		name  string
		query string
		want  int
	}{
		{"districts", "SELECT COUNT(*) FROM areas WHERE kind = 'district' AND parent_id = (SELECT id FROM areas WHERE code = '01')", 30},
		{"wards", "SELECT COUNT(*) FROM areas WHERE kind = 'ward' AND id IN " + in, 177},
		{"towns and communes", "SELECT COUNT(*) FROM areas WHERE kind = 'commune' AND id IN " + in, 21 + 386},
		{"poor", "SELECT COUNT(*) FROM households WHERE classification = 'poor' AND classification_year = 2014 AND standard = '2016-2020'", 45_732},
		{"near-poor", "SELECT COUNT(*) FROM households WHERE classification = 'near_poor' AND classification_year = 2014 AND standard = '2016-2020'", 43_718},
		{"poor in the 2014 list", "SELECT COUNT(*) FROM household_classifications WHERE year = 2014 AND classification = 'poor'", 45_732},
		{"near-poor in the 2014 list", "SELECT COUNT(*) FROM household_classifications WHERE year = 2014 AND classification = 'near_poor'", 43_718},
		{"people in poor households", "SELECT SUM(members) FROM households WHERE classification_year = 2014 AND classification = 'poor'", 147_589},
		{"people in near-poor households", "SELECT SUM(members) FROM households WHERE classification_year = 2014 AND classification = 'near_poor'", 160_577},
		{"rural poor", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'poor' AND NOT urban", 39_811},
		{"households of the city", "SELECT SUM(total) FROM area_household_totals WHERE year = 2014", 1_717_000},
		{"poor under the central line", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'poor' AND income_monthly <= CASE WHEN urban THEN 500000 ELSE 400000 END", 17_373},
		{"poor on social assistance", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'poor' AND flags & 2 <> 0", 16_075},
		{"near-poor on social assistance", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'near_poor' AND flags & 2 <> 0", 6_505},
		{"meritorious poor", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'poor' AND flags & 1 <> 0", 9},
		{"meritorious poor in Sóc Sơn", "SELECT COUNT(*) FROM households h JOIN areas a ON a.id = h.area_id JOIN areas d ON d.id = a.parent_id WHERE h.classification = 'poor' AND h.flags & 1 <> 0 AND d.code = '016'", 4},
		{"meritorious near-poor", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'near_poor' AND flags & 1 <> 0", 222},
		{"poor in the four wards with none", "SELECT COUNT(*) FROM households h JOIN areas a ON a.id = h.area_id WHERE h.classification = 'poor' AND a.name IN ('Phường Phú La', 'Phường Quảng An', 'Phường Tứ Liên', 'Thị trấn Sóc Sơn')", 0},
		{"the four wards", "SELECT COUNT(*) FROM areas WHERE name IN ('Phường Phú La', 'Phường Quảng An', 'Phường Tứ Liên', 'Thị trấn Sóc Sơn')", 4},
		{"poor in Xã Ba Vì", "SELECT COUNT(*) FROM households h JOIN areas a ON a.id = h.area_id WHERE h.classification = 'poor' AND a.name = 'Xã Ba Vì'", 393},
		{"units: People's Committees of the wards", "SELECT COUNT(*) FROM units u JOIN areas a ON a.id = u.area_id WHERE u.kind = 'peoples_committee' AND a.kind IN ('ward', 'commune') AND u.code NOT LIKE '26890%'", 584},
		{"units: poverty boards of the wards", "SELECT COUNT(*) FROM units u JOIN areas a ON a.id = u.area_id JOIN units p ON p.id = u.parent_id WHERE u.kind = 'poverty_board' AND a.kind IN ('ward', 'commune') AND p.area_id = u.area_id AND u.code NOT LIKE '26890%'", 584},
		{"units: city departments", "SELECT COUNT(*) FROM units WHERE kind = 'department' AND code LIKE '01-%'", 14},
		{"ward figures untouched", "SELECT COUNT(*) FROM households WHERE classification_year = 2018", 126},
	}
	for _, f := range figures {
		if got := count(t, db, f.query); got != f.want {
			t.Errorf("%s = %d, want %d", f.name, got, f.want)
		}
	}
	// Rates of seed 003, in hundredths of a percent, rounded.
	rate := func(poorQuery, totalQuery string) int {
		p, n := count(t, db, poorQuery), count(t, db, totalQuery)
		return (p*10_000*10 + n*5) / (n * 10) // half up
	}
	inDistrict := func(code string) string {
		return "(SELECT a.id FROM areas a JOIN areas d ON d.id = a.parent_id WHERE d.code = '" + code + "')"
	}
	rates := []struct {
		name           string
		poor, total    string
		wantHundredths int
	}{
		{"poor rate", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'poor'", "SELECT SUM(total) FROM area_household_totals WHERE year = 2014", 266},
		{"near-poor rate", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'near_poor'", "SELECT SUM(total) FROM area_household_totals WHERE year = 2014", 255},
		{"rural poor rate", "SELECT COUNT(*) FROM households WHERE classification_year = 2014 AND classification = 'poor' AND NOT urban", "SELECT SUM(t.total) FROM area_household_totals t JOIN areas a ON a.id = t.area_id WHERE t.year = 2014 AND NOT a.urban", 384},
		{"Thanh Xuân", "SELECT COUNT(*) FROM households WHERE classification = 'poor' AND area_id IN " + inDistrict("009"), "SELECT SUM(total) FROM area_household_totals WHERE year = 2014 AND area_id IN " + inDistrict("009"), 23},
		{"Ba Vì", "SELECT COUNT(*) FROM households WHERE classification = 'poor' AND area_id IN " + inDistrict("271"), "SELECT SUM(total) FROM area_household_totals WHERE year = 2014 AND area_id IN " + inDistrict("271"), 792},
		{"Xã Ba Vì", "SELECT COUNT(*) FROM households h JOIN areas a ON a.id = h.area_id WHERE h.classification = 'poor' AND a.name = 'Xã Ba Vì'", "SELECT t.total FROM area_household_totals t JOIN areas a ON a.id = t.area_id WHERE a.name = 'Xã Ba Vì'", 3573},
	}
	for _, r := range rates {
		if got := rate(r.poor, r.total); got != r.wantHundredths {
			t.Errorf("%s = %d/10000, want %d", r.name, got, r.wantHundredths)
		}
	}
	checkPaths(t, db)
	checkHouseholds(t, db, poverty.CityLines(21_000_000, 28_000_000))
}
