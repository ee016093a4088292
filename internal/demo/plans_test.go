package demo

import (
	"context"
	"fmt"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
)

// The demo ward's plan (seed 000, section III) gives tasks to all 126
// tracked households and to each unit it names; the figures are checked
// against a computation from the register that does not use the expansion.
func TestWardPlan(t *testing.T) { testenv.Each(t, testWardPlan) }

func testWardPlan(t *testing.T, db *bun.DB) {
	ctx := context.Background()
	if _, err := Load(ctx, db, testNow, ScaleWard); err != nil {
		t.Fatal(err)
	}
	inWard := "(SELECT h.id FROM households h JOIN areas a ON a.id = h.area_id WHERE a.path LIKE (SELECT path FROM areas WHERE code = '26890') || '%' AND h.archived_at IS NULL AND h.classification IN ('poor', 'near_poor'))"
	tracked := count(t, db, "SELECT COUNT(*) FROM "+inWard+" AS x")
	if got := count(t, db, "SELECT COUNT(DISTINCT household_id) FROM tasks WHERE household_id IN "+inWard); tracked != 126 || got != tracked {
		t.Errorf("households with tasks: %d of %d tracked, want all 126", got, tracked)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tasks WHERE household_id IS NOT NULL AND household_id NOT IN "+inWard); n != 0 {
		t.Errorf("%d tasks of households outside the tracked list", n)
	}

	// Tasks per unit: each computed here from the register and the seed.
	healthInsurance := fmt.Sprint(int64(1) << poverty.HealthInsurance)
	want := map[string]int{
		"UBND":  2,                   // two one-off duties
		"BGN":   tracked + 4 + 2 + 1, // a review of each household; quarterly, six-monthly and yearly reports
		"MTTQ":  2 + 1,               // six-monthly supervision, yearly mobilisation
		"TYT":   count(t, db, "SELECT COUNT(*) FROM households WHERE id IN "+inWard+" AND (deprivations & "+healthInsurance+") <> 0"),
		"HLHPN": 1, "HCCB": 1, "DTN": 1, "HCTD": 1, "CD": 1,
		"CB-THCS": 1, "CB-TH": 1, "CB-CQ": 1, "CB-CA": 1, "CB-QS": 1,
	}
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		cell := fmt.Sprintf("CB-KP%02d", kp)
		want[cell] = 4 * count(t, db, `SELECT COUNT(*) FROM household_assignments ha JOIN units u ON u.id = ha.unit_id
			WHERE ha.valid_to IS NULL AND u.code = ?`, wardCode+"-"+cell) // a visit each quarter
	}
	var rows []struct {
		Code string `bun:"code"`
		N    int    `bun:"n"`
	}
	if err := db.NewRaw("SELECT u.code, COUNT(*) AS n FROM tasks t JOIN units u ON u.id = t.unit_id GROUP BY u.code").Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rows {
		got[r.Code[len(wardCode)+1:]] = r.N
	}
	total := 0
	for code, n := range want {
		if n < 1 || got[code] != n {
			t.Errorf("unit %s: %d tasks, want %d (and at least one)", code, got[code], n)
		}
		total += n
	}
	if all := count(t, db, "SELECT COUNT(*) FROM tasks"); all != total || len(got) != len(want) {
		t.Errorf("%d tasks for %d units, want %d for %d units: %v", all, len(got), total, len(want), got)
	}
	t.Logf("demo ward plan: %d tasks, %d households; per unit %v", total, tracked, got)

	member := count(t, db, "SELECT id FROM users WHERE email = 'dangvien.kp3@chungtay.local'")
	if n := count(t, db, "SELECT COUNT(*) FROM tasks WHERE user_id = ?", member); n != 5*4 {
		t.Errorf("the party member of Khu phố 3 owns %d tasks, want the 20 visits of her 5 households", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tasks WHERE due_on < period_start OR due_on > period_end OR period_start < '2018-01-01' OR period_end > '2018-12-31'"); n != 0 {
		t.Errorf("%d tasks not due within their 2018 period", n)
	}
	// 1 March 2018 is the year so far: the two one-off duties of January and February are done, and some first-quarter visits.
	if n := count(t, db, "SELECT COUNT(*) FROM tasks WHERE status NOT IN ('todo', 'done') OR (status = 'done' AND (period_start > '2018-03-01' OR done_at > ?))", testNow); n != 0 {
		t.Errorf("%d tasks done ahead of 1 March 2018", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tasks WHERE status = 'done' AND household_id IS NULL"); n != 2 {
		t.Errorf("%d unit tasks done by 1 March 2018, want the 2 one-off duties of January and February", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tasks WHERE period = '2018-Q1' AND due_on = '2018-03-31' AND household_id IS NOT NULL"); n != tracked {
		t.Errorf("%d first-quarter visits due on 31/03/2018, want %d", n, tracked)
	}
	var targets []plan.Target
	if err := db.NewSelect().Model(&targets).Scan(ctx); err != nil || len(targets) != 1 || *targets[0].Households != 35 || *targets[0].BasisPoints != 31 {
		t.Errorf("targets %+v %v, want −35 poor households (−0,31%%)", targets, err)
	}

	// Expanding again as of the day of issue changes nothing; a second load writes no second plan.
	id := count(t, db, "SELECT id FROM plans")
	sum, err := plan.NewService(db, testenv.Loc).Expand(access.With(ctx, access.System()), testNow, int64(id))
	if err != nil || sum.Created+sum.Reopened+sum.Updated+sum.Closed != 0 || len(sum.Skipped) != 0 {
		t.Errorf("expanding the demo plan again: %+v %v", sum, err)
	}
	if _, err := Load(ctx, db, testNow, ScaleWard); err != nil || count(t, db, "SELECT COUNT(*) FROM plans") != 1 {
		t.Errorf("a second load: %v, %d plans", err, count(t, db, "SELECT COUNT(*) FROM plans"))
	}
}

// Seed 001 beside the demo ward: Phường Nguyễn Trãi's plan has its 2 ward
// targets, the appendix's split, 7 coverage targets, and tasks for each of
// its ten posts and units and for each of its 18 tracked households.
func TestKonTumPlan(t *testing.T) { testenv.Each(t, testKonTumPlan) }

func testKonTumPlan(t *testing.T, db *bun.DB) {
	ctx := context.Background()
	if _, err := Load(ctx, db, testNow, ScaleWard); err != nil {
		t.Fatal(err)
	}
	wardTasks := count(t, db, "SELECT COUNT(*) FROM tasks")
	st, err := LoadKonTum(ctx, db, testNow, testenv.Loc)
	want := Stats{Areas: 3 + nguyenTraiGroups, Units: 22, Households: 18, Poor: 8, NearPoor: 10}
	if err != nil || st != want {
		t.Fatalf("LoadKonTum = %+v, %v; want %+v", st, err, want)
	}
	planID := count(t, db, "SELECT id FROM plans WHERE number = '45/KH-UBND' AND year = 2023")
	figures := []struct {
		name  string
		query string
		want  int
	}{
		{"ward targets: −2 households (0,14%), 6 left (0,41%)", "SELECT COUNT(*) FROM plan_targets t JOIN areas a ON a.id = t.area_id WHERE a.code = '23284' AND t.plan_id = ? AND ((t.kind = 'poor_reduction' AND t.households = 2 AND t.basis_points = 14) OR (t.kind = 'poor_remaining' AND t.households = 6 AND t.basis_points = 41))", 2},
		{"coverage targets", "SELECT COUNT(DISTINCT indicator) FROM plan_targets WHERE plan_id = ? AND kind = 'coverage'", 7},
		{"the split of −2 over residential groups", "SELECT SUM(households) FROM plan_targets t JOIN areas a ON a.id = t.area_id WHERE t.plan_id = ? AND a.kind = 'residential_group' AND t.kind = 'poor_reduction'", 2},
		{"the groups' remaining poor households", "SELECT SUM(households) FROM plan_targets t JOIN areas a ON a.id = t.area_id WHERE t.plan_id = ? AND a.kind = 'residential_group' AND t.kind = 'poor_remaining'", 6},
		{"households with tasks", "SELECT COUNT(DISTINCT t.household_id) FROM tasks t JOIN duties d ON d.id = t.duty_id WHERE d.plan_id = ?", 18},
		{"residential-group reviews in the household's own group", "SELECT COUNT(*) FROM tasks t JOIN duties d ON d.id = t.duty_id JOIN units u ON u.id = t.unit_id JOIN households h ON h.id = t.household_id WHERE d.plan_id = ? AND u.kind = 'residential_group' AND u.area_id = h.area_id", 18},
		{"unions' quarterly help, from the union in charge of the household's group", "SELECT COUNT(*) FROM tasks t JOIN duties d ON d.id = t.duty_id JOIN units u ON u.id = t.unit_id JOIN households h ON h.id = t.household_id JOIN unit_areas ua ON ua.unit_id = u.id AND ua.area_id = h.area_id WHERE d.plan_id = ? AND u.kind = 'entrusted_union'", 18 * 4},
		{"health and information assessments", "SELECT COUNT(*) FROM tasks t JOIN duties d ON d.id = t.duty_id JOIN units u ON u.id = t.unit_id WHERE d.plan_id = ? AND u.code IN ('23284-TYT', '23284-VHTT') AND t.household_id IS NOT NULL", 36},
	}
	for _, f := range figures {
		if got := count(t, db, f.query, planID); got != f.want {
			t.Errorf("%s = %d, want %d", f.name, got, f.want)
		}
	}
	// The ten posts and units of section III: each has tasks (schools, unions and groups: every one of them).
	for _, code := range []string{"VHXH", "TCKT", "TPHT", "DCXD", "VHTT", "TYT", "TH", "THCS", "HLHPN", "HND", "HCCB", "DTN", "MTTQ"} {
		if n := count(t, db, "SELECT COUNT(*) FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code = ?", "23284-"+code); n < 1 {
			t.Errorf("unit %s has no task", code)
		}
	}
	groupsWithHouseholds := count(t, db, "SELECT COUNT(DISTINCT area_id) FROM households WHERE code LIKE 'NT-%'")
	if n := count(t, db, "SELECT COUNT(DISTINCT t.unit_id) FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.kind = 'residential_group' AND u.code LIKE '23284-%'"); n != groupsWithHouseholds {
		t.Errorf("%d residential groups with tasks, want the %d with households", n, groupsWithHouseholds)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tasks WHERE period_start < '2023-01-01' AND unit_id IN (SELECT id FROM units WHERE code LIKE '23284-%')"); n != 0 {
		t.Errorf("%d Kon Tum tasks outside 2023", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code LIKE '26890-%'"); n != wardTasks {
		t.Errorf("the ward's tasks changed: %d, were %d", n, wardTasks)
	}
	if st, err := LoadKonTum(ctx, db, testNow, testenv.Loc); err != nil || !st.Skipped {
		t.Errorf("a second load: %+v %v, want skipped", st, err)
	}
}
