package plan

import "testing"

func TestPeriodLabel(t *testing.T) {
	cases := []struct{ key, vi, en string }{
		{"2026", "Năm 2026", "2026"},
		{"2026-S1", "6 tháng đầu năm 2026", "H1 2026"},
		{"2026-S2", "6 tháng cuối năm 2026", "H2 2026"},
		{"2018-Q1", "Quý I/2018", "Q1 2018"},
		{"2026-Q2", "Quý II/2026", "Q2 2026"},
		{"2026-Q3", "Quý III/2026", "Q3 2026"},
		{"2026-Q4", "Quý IV/2026", "Q4 2026"},
		{"2026-01", "Tháng 1/2026", "January 2026"},
		{"2026-03", "Tháng 3/2026", "March 2026"},
		{"2026-12", "Tháng 12/2026", "December 2026"},
		{"2018-once", "Năm 2018 (một lần)", "2018 (once)"},
		// Not a period key: shown as it is, never guessed.
		{"2026-Q5", "2026-Q5", "2026-Q5"},
		{"2026-13", "2026-13", "2026-13"},
		{"2026-S3", "2026-S3", "2026-S3"},
		{"", "", ""},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			if got := PeriodLabel(c.key, "vi"); got != c.vi {
				t.Errorf("PeriodLabel(%q, vi) = %q, want %q", c.key, got, c.vi)
			}
			if got := PeriodLabel(c.key, "en"); got != c.en {
				t.Errorf("PeriodLabel(%q, en) = %q, want %q", c.key, got, c.en)
			}
			if got := PeriodLabel(c.key, ""); got != c.vi {
				t.Errorf("PeriodLabel(%q, \"\") = %q, want the Vietnamese %q", c.key, got, c.vi)
			}
		})
	}
}

// Every key the expansion makes has a label: none is shown raw.
func TestPeriodLabelNamesEveryPeriod(t *testing.T) {
	for _, f := range []Frequency{Yearly, SixMonthly, Quarterly, Monthly} {
		for _, p := range Periods(f, 2026) {
			for _, lang := range []string{"vi", "en"} {
				if got := PeriodLabel(p.Key, lang); got == p.Key && lang == "vi" {
					t.Errorf("%s: PeriodLabel(%q, %s) left the key raw", f, p.Key, lang)
				}
			}
		}
	}
	d := &Duty{Frequency: Once, DueOn: day(2018, 6, 30)}
	for _, p := range dutyPeriods(d, 2018) {
		if got := PeriodLabel(p.Key, "vi"); got != "Năm 2018 (một lần)" {
			t.Errorf("once: %q", got)
		}
	}
}
