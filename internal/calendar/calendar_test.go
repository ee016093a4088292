package calendar

import (
	"testing"
	"time"

	"chungtay/internal/civil"
)

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Tết Nguyên Đán and Giỗ Tổ Hùng Vương, as published by the government.
func TestLunarDays(t *testing.T) {
	for _, c := range []struct {
		name    string
		y, m, d int
		want    string
	}{
		{"Tết 2020", 2020, 1, 1, "2020-01-25"},
		{"Tết 2023", 2023, 1, 1, "2023-01-22"},
		{"Tết 2024", 2024, 1, 1, "2024-02-10"},
		{"Tết 2025", 2025, 1, 1, "2025-01-29"},
		{"Tết 2026", 2026, 1, 1, "2026-02-17"},
		{"Tết 2027", 2027, 1, 1, "2027-02-06"},
		{"Tết 2028", 2028, 1, 1, "2028-01-26"},
		{"Tết 2033 (a leap month 11 in 2033)", 2033, 1, 1, "2033-01-31"},
		{"Giỗ Tổ 2023", 2023, 3, 10, "2023-04-29"},
		{"Giỗ Tổ 2024", 2024, 3, 10, "2024-04-18"},
		{"Giỗ Tổ 2025 (a leap month 6 follows)", 2025, 3, 10, "2025-04-07"},
		{"Giỗ Tổ 2026", 2026, 3, 10, "2026-04-26"},
		{"Giỗ Tổ 2020 (a leap month 4 follows)", 2020, 3, 10, "2020-04-02"},
		{"Rằm tháng 8, 2023 (after a leap month 2)", 2023, 8, 15, "2023-09-29"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := FromLunar(c.y, c.m, c.d).String(); got != c.want {
				t.Errorf("FromLunar(%d, %d, %d) = %s, want %s", c.y, c.m, c.d, got, c.want)
			}
		})
	}
}

func TestWorkingDays(t *testing.T) {
	// Tết 2025 as the government set it: Monday 27/01 off, worked back on
	// Saturday 08/02, and offices open on Monday 03/02.
	cal := New([]civil.Date{day("2025-01-27")}, []civil.Date{day("2025-02-08"), day("2025-02-03")})
	for _, c := range []struct {
		name string
		from string
		n    int
		want string
	}{
		{"a plain week", "2026-11-02", 3, "2026-11-05"},
		{"over a weekend", "2026-11-06", 1, "2026-11-09"},
		{"across Tết 2026 (eve 16/02 to mùng 4, 20/02)", "2026-02-13", 1, "2026-02-23"},
		{"across Tết 2024 (10/02 a Saturday: days off in lieu 14/02 and 15/02)", "2024-02-07", 2, "2024-02-16"},
		{"across Tết 2027 (06/02 a Saturday: days off in lieu 10/02 and 11/02)", "2027-02-04", 1, "2027-02-12"},
		{"30/4 and 1/5 of 2026 (Thursday, Friday)", "2026-04-29", 1, "2026-05-04"},
		{"Giỗ Tổ 2026 on a Sunday: Monday 27/04 off in lieu", "2026-04-24", 1, "2026-04-28"},
		{"2/9/2026 a Wednesday: 3/9 is the adjacent day", "2026-09-01", 1, "2026-09-04"},
		{"2/9/2025 a Tuesday: 1/9 is the adjacent day", "2025-08-29", 1, "2025-09-03"},
		{"1/1/2027 a Friday", "2026-12-31", 1, "2027-01-04"},
		{"Tết 2025 with the configured days", "2025-01-24", 1, "2025-02-03"},
		{"a configured make-up Saturday counts", "2025-02-07", 1, "2025-02-08"},
		{"zero: the day itself when offices work", "2026-12-07", 0, "2026-12-07"},
		{"zero: the next working day otherwise", "2026-12-06", 0, "2026-12-07"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := cal.AddWorkingDays(day(c.from), c.n).String(); got != c.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
			}
		})
	}
}

func TestTetWithoutConfiguration(t *testing.T) {
	// The law alone: eve 28/01/2025 to mùng 4 (01/02, a Saturday), and 03/02 in lieu.
	cal := New(nil, nil)
	if got := cal.AddWorkingDays(day("2025-01-24"), 1).String(); got != "2025-01-27" {
		t.Errorf("after 24/01/2025: %s, want 2025-01-27", got)
	}
	if got := cal.AddWorkingDays(day("2025-01-27"), 1).String(); got != "2025-02-04" {
		t.Errorf("after 27/01/2025: %s, want 2025-02-04", got)
	}
	if h, ok := cal.Holiday(day("2025-02-03")); !ok || !h.InLieu || h.Name != "holiday.tet" {
		t.Errorf("03/02/2025 = %+v, %v; want Tết in lieu", h, ok)
	}
}

func TestHolidays2026(t *testing.T) {
	var got []string
	for _, h := range New(nil, nil).Holidays(2026) {
		s := h.Day.String()
		if h.InLieu {
			s += "*"
		}
		got = append(got, s)
	}
	want := []string{"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
		"2026-04-26", "2026-04-27*", "2026-04-30", "2026-05-01", "2026-09-02", "2026-09-03"}
	if len(got) != len(want) {
		t.Fatalf("holidays of 2026 = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("holidays of 2026 = %v, want %v", got, want)
		}
	}
}

func TestDue(t *testing.T) {
	cal := New(nil, []civil.Date{day("2026-12-19")})
	for _, c := range []struct {
		name string
		rule DueRule
		end  string
		want string
	}{
		{"10 days after Q4 2026", DueRule{Kind: AfterDays, Days: 10}, "2026-12-31", "2027-01-11"}, // 10/01 is a Sunday
		{"5 days after Q1 2026", DueRule{Kind: AfterDays, Days: 5}, "2026-03-31", "2026-04-06"},   // 05/04 is a Sunday
		{"5 working days after Q4 2026", DueRule{Kind: AfterWorkingDays, Days: 5}, "2026-12-31", "2027-01-08"},
		{"3 working days after January 2027", DueRule{Kind: AfterWorkingDays, Days: 3}, "2027-01-31", "2027-02-03"},
		{"3 working days after February 2027 (no Tết inside)", DueRule{Kind: AfterWorkingDays, Days: 3}, "2027-02-28", "2027-03-03"},
		{"day 20 of the quarter's last month", DueRule{Kind: FixedDay, Day: 20}, "2026-12-31", "2026-12-21"}, // 20/12 a Sunday
		{"a configured make-up Saturday may be the due day", DueRule{Kind: FixedDay, Day: 19}, "2026-12-31", "2026-12-19"},
		{"before 5 December, yearly", DueRule{Kind: FixedDay, Day: 5}, "2027-12-31", "2027-12-06"}, // 05/12/2027 a Sunday
		{"day 31 of February 2028 is 29/02/2028", DueRule{Kind: FixedDay, Day: 31, MonthsAfter: 2}, "2027-12-31", "2028-02-29"},
		{"day 31 of February 2027 is 28/02, a Sunday", DueRule{Kind: FixedDay, Day: 31, MonthsAfter: 2}, "2026-12-31", "2027-03-01"},
		{"day 5 of the month after Q1", DueRule{Kind: FixedDay, Day: 5, MonthsAfter: 1}, "2026-03-31", "2026-04-06"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !c.rule.Valid() {
				t.Fatalf("%+v not valid", c.rule)
			}
			if got := cal.Due(c.rule, day(c.end)).String(); got != c.want {
				t.Errorf("Due(%+v, %s) = %s, want %s", c.rule, c.end, got, c.want)
			}
		})
	}
	for _, bad := range []DueRule{{}, {Kind: FixedDay}, {Kind: FixedDay, Day: 32}, {Kind: AfterDays, Days: -1}} {
		if bad.Valid() {
			t.Errorf("%+v should not be valid", bad)
		}
	}
}

func TestDeadlineInTheZone(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	due := day("2026-12-21")
	for _, c := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"23:30 local on the due day", time.Date(2026, 12, 21, 23, 30, 0, 0, hcm), true},
		{"the same instant in UTC (16:30)", time.Date(2026, 12, 21, 16, 30, 0, 0, time.UTC), true},
		{"00:10 local the next day (17:10 UTC on the due day)", time.Date(2026, 12, 21, 17, 10, 0, 0, time.UTC), false},
		{"a day early", time.Date(2026, 12, 20, 9, 0, 0, 0, hcm), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := OnTime(c.at, due, hcm); got != c.want {
				t.Errorf("OnTime(%s) = %v, want %v", c.at, got, c.want)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	for _, c := range []struct {
		name       string
		kind       WindowKind
		start, end string
		from, to   string
	}{
		{"Q1, calendar", CalendarWindow, "2026-01-01", "2026-03-31", "2026-01-01", "2026-03-31"},
		{"a month, cut-off", StateCutOff, "2026-03-01", "2026-03-31", "2026-02-15", "2026-03-14"},
		{"Q1, cut-off", StateCutOff, "2026-01-01", "2026-03-31", "2025-12-15", "2026-03-14"},
		{"Q3, cut-off", StateCutOff, "2026-07-01", "2026-09-30", "2026-06-15", "2026-09-14"},
		{"H1, cut-off", StateCutOff, "2026-01-01", "2026-06-30", "2025-12-15", "2026-06-14"},
		{"H2, cut-off", StateCutOff, "2026-07-01", "2026-12-31", "2026-06-15", "2026-12-14"},
		{"the year, cut-off", StateCutOff, "2026-01-01", "2026-12-31", "2025-12-15", "2026-12-14"},
		{"February 2028, cut-off", StateCutOff, "2028-02-01", "2028-02-29", "2028-01-15", "2028-02-14"},
	} {
		t.Run(c.name, func(t *testing.T) {
			from, to := Window(c.kind, day(c.start), day(c.end))
			if from.String() != c.from || to.String() != c.to {
				t.Errorf("Window = %s…%s, want %s…%s", from, to, c.from, c.to)
			}
		})
	}
}
