package plan

import (
	"testing"
	"time"

	"chungtay/internal/civil"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

func day(y int, m time.Month, d int) civil.Date { return civil.NewDate(y, m, d) }

func TestPeriods(t *testing.T) {
	cases := []struct {
		f          Frequency
		year       int
		n          int
		i          int // the period checked
		key        string
		start, end civil.Date
	}{
		{Yearly, 2018, 1, 0, "2018", day(2018, 1, 1), day(2018, 12, 31)},
		{SixMonthly, 2018, 2, 1, "2018-S2", day(2018, 7, 1), day(2018, 12, 31)},
		{Quarterly, 2018, 4, 0, "2018-Q1", day(2018, 1, 1), day(2018, 3, 31)},
		{Quarterly, 2018, 4, 2, "2018-Q3", day(2018, 7, 1), day(2018, 9, 30)},
		{Quarterly, 2018, 4, 3, "2018-Q4", day(2018, 10, 1), day(2018, 12, 31)},
		{Monthly, 2024, 12, 1, "2024-02", day(2024, 2, 1), day(2024, 2, 29)}, // leap year
		{Monthly, 2023, 12, 1, "2023-02", day(2023, 2, 1), day(2023, 2, 28)},
		{Monthly, 2018, 12, 11, "2018-12", day(2018, 12, 1), day(2018, 12, 31)},
		{Once, 2018, 0, -1, "", civil.Date{}, civil.Date{}},
	}
	for _, c := range cases {
		ps := Periods(c.f, c.year)
		if len(ps) != c.n {
			t.Errorf("%s %d: %d periods, want %d", c.f, c.year, len(ps), c.n)
			continue
		}
		if c.i < 0 {
			continue
		}
		if p := ps[c.i]; p.Key != c.key || p.Start != c.start || p.End != c.end {
			t.Errorf("%s %d #%d = %+v, want %s %s–%s", c.f, c.year, c.i, p, c.key, c.start, c.end)
		}
		for i := 1; i < len(ps); i++ { // the periods tile the year
			if addDays(ps[i-1].End, 1) != ps[i].Start {
				t.Errorf("%s: gap between %s and %s", c.f, ps[i-1].Key, ps[i].Key)
			}
		}
	}
}

func TestDueAndLivePeriods(t *testing.T) {
	q := &Duty{Frequency: Quarterly, DueDaysBeforeEnd: 5, ValidFrom: day(2018, 1, 1)}
	if got := dueOn(q, Periods(Quarterly, 2018)[0]); got != day(2018, 3, 26) {
		t.Errorf("Q1 due %s, want 2018-03-26", got)
	}
	q.DueDaysBeforeEnd = 200 // more than the period: never before its first day
	if got := dueOn(q, Periods(Quarterly, 2018)[1]); got != day(2018, 4, 1) {
		t.Errorf("clamped due %s, want 2018-04-01", got)
	}
	once := &Duty{Frequency: Once, DueOn: day(2018, 2, 28), ValidFrom: day(2018, 1, 15)}
	ps := dutyPeriods(once, 2018)
	if len(ps) != 1 || ps[0].Key != "2018-once" || ps[0].Start != day(2018, 1, 15) || ps[0].End != day(2018, 2, 28) || dueOn(once, ps[0]) != day(2018, 2, 28) {
		t.Errorf("once: %+v", ps)
	}
	cases := []struct {
		name  string
		d     Duty
		today civil.Date
		keys  []string
	}{
		{"all quarters from 1 January", Duty{Frequency: Quarterly, ValidFrom: day(2018, 1, 1)}, day(2018, 1, 2), []string{"2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"}},
		{"the current quarter is live", Duty{Frequency: Quarterly, ValidFrom: day(2018, 1, 1)}, day(2018, 3, 31), []string{"2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"}},
		{"a quarter over is history", Duty{Frequency: Quarterly, ValidFrom: day(2018, 1, 1)}, day(2018, 4, 1), []string{"2018-Q2", "2018-Q3", "2018-Q4"}},
		{"valid from mid-year", Duty{Frequency: Monthly, ValidFrom: day(2018, 9, 15)}, day(2018, 1, 2), []string{"2018-09", "2018-10", "2018-11", "2018-12"}},
		{"valid to", Duty{Frequency: SixMonthly, ValidFrom: day(2018, 1, 1), ValidTo: day(2018, 6, 30)}, day(2018, 1, 2), []string{"2018-S1"}},
		{"a year over", Duty{Frequency: Yearly, ValidFrom: day(2018, 1, 1)}, day(2019, 1, 1), nil},
		{"once, due passed", Duty{Frequency: Once, DueOn: day(2018, 2, 1), ValidFrom: day(2018, 1, 1)}, day(2018, 2, 2), nil},
	}
	for _, c := range cases {
		var keys []string
		for _, p := range livePeriods(&c.d, 2018, c.today) {
			keys = append(keys, p.Key)
		}
		if len(keys) != len(c.keys) || (len(keys) > 0 && (keys[0] != c.keys[0] || keys[len(keys)-1] != c.keys[len(c.keys)-1])) {
			t.Errorf("%s: %v, want %v", c.name, keys, c.keys)
		}
	}
}

func TestQuarterAndWeek(t *testing.T) {
	if q := QuarterOf(day(2018, 3, 15)); q.Key != "2018-Q1" || q.Start != day(2018, 1, 1) || q.End != day(2018, 3, 31) {
		t.Errorf("QuarterOf(15/3) = %+v", q)
	}
	if q := QuarterOf(day(2018, 12, 31)); q.Key != "2018-Q4" || q.Start != day(2018, 10, 1) {
		t.Errorf("QuarterOf(31/12) = %+v", q)
	}
	for _, c := range []struct{ d, mon, sun civil.Date }{
		{day(2018, 3, 15), day(2018, 3, 12), day(2018, 3, 18)}, // a Thursday
		{day(2018, 3, 12), day(2018, 3, 12), day(2018, 3, 18)}, // a Monday
		{day(2018, 3, 18), day(2018, 3, 12), day(2018, 3, 18)}, // a Sunday
		{day(2018, 12, 31), day(2018, 12, 31), day(2019, 1, 6)},
	} {
		if mon, sun := WeekOf(c.d); mon != c.mon || sun != c.sun {
			t.Errorf("WeekOf(%s) = %s–%s, want %s–%s", c.d, mon, sun, c.mon, c.sun)
		}
	}
}

// Ownership by the area tree when nothing is assigned: the deepest unit of
// the kind whose area, or an area it is in charge of, contains the
// household's; a tie is reported, not guessed.
func TestOwnerByArea(t *testing.T) {
	w := &World{Year: 2018, PlanPath: "/1/", Today: day(2018, 1, 2),
		Units: map[int64]UnitInfo{
			// two schools of the ward; the first also in charge of /1/2/4/
			10: {10, unit.KindSchool, "/1/", []string{"/1/2/4/"}}, 11: {11, unit.KindSchool, "/1/", nil},
			// a group at /1/2/, in charge of /1/5/ too, and one at /1/2/3/
			20: {20, unit.KindResidentialGroup, "/1/2/", []string{"/1/5/"}}, 21: {21, unit.KindResidentialGroup, "/1/2/3/", nil},
		},
		Households: map[int64]HouseholdInfo{
			1: {ID: 1, Path: "/1/2/3/", Class: poverty.ClassPoor},
			2: {ID: 2, Path: "/1/2/4/", Class: poverty.ClassPoor},
			3: {ID: 3, Path: "/1/5/", Class: poverty.ClassPoor},
			4: {ID: 4, Path: "/1/2/3/", Class: poverty.ClassNearPoor},
			5: {ID: 5, Path: "/1/2/3/", Class: poverty.ClassPoor, Archived: true},
			6: {ID: 6, Path: "/9/", Class: poverty.ClassPoor}, // outside the plan's area
		},
		UnitsOf: map[int64][]int64{3: {11}},
		Duties: []Duty{
			{ID: 1, UnitKind: unit.KindResidentialGroup, Target: PerHousehold, Frequency: Yearly, ValidFrom: day(2018, 1, 1),
				Selector: Selector{Classes: []poverty.Class{poverty.ClassPoor}}},
			{ID: 2, UnitKind: unit.KindSchool, Target: PerHousehold, Frequency: Yearly, ValidFrom: day(2018, 1, 1),
				Selector: Selector{Classes: []poverty.Class{poverty.ClassPoor}}},
		},
	}
	wants, skips := Desired(w)
	got := map[[2]int64]int64{}
	for _, x := range wants {
		got[[2]int64{x.DutyID, x.HouseholdID}] = x.UnitID
	}
	want := map[[2]int64]int64{{1, 1}: 21, {1, 2}: 20, {1, 3}: 20, {2, 2}: 10, {2, 3}: 11}
	if len(got) != len(want) {
		t.Errorf("owners %v, want %v", got, want)
	}
	for k, u := range want {
		if got[k] != u {
			t.Errorf("duty %d household %d: unit %d, want %d", k[0], k[1], got[k], u)
		}
	}
	wantSkips := map[[2]int64]string{{2, 1}: "household.ambiguous_unit"}
	if len(skips) != len(wantSkips) {
		t.Errorf("skips %+v", skips)
	}
	for _, s := range skips {
		if wantSkips[[2]int64{s.DutyID, s.HouseholdID}] != s.Reason {
			t.Errorf("unexpected skip %+v", s)
		}
	}
}

// TestVocabulary checks that the words served to the screens are exactly the
// codes the server accepts.
func TestVocabulary(t *testing.T) {
	for _, w := range Frequencies {
		if !Frequency(w.Code).Valid() || w.LabelVI == "" || w.LabelEN == "" {
			t.Errorf("frequency %+v", w)
		}
	}
	for _, w := range TargetKinds {
		if !TargetKind(w.Code).Valid() || w.LabelVI == "" || w.LabelEN == "" {
			t.Errorf("target kind %+v", w)
		}
	}
	for _, c := range CoverageIndicators {
		if _, ok := poverty.IndicatorByCode(c.Deprivation); !ok || !coverageIndicator(c.Code) {
			t.Errorf("coverage indicator %+v", c)
		}
	}
	if len(Frequencies) != 5 || len(TargetKinds) != 5 || len(CoverageIndicators) != 7 {
		t.Errorf("vocabulary sizes %d %d %d", len(Frequencies), len(TargetKinds), len(CoverageIndicators))
	}
}
