package calendar

import (
	"sort"
	"sync"
	"time"

	"chungtay/internal/civil"
)

// Holiday is a public holiday or a day off in lieu of one.
type Holiday struct {
	Day  civil.Date `json:"day"`
	Name string     `json:"name"` // message id: holiday.new_year, holiday.tet, holiday.hung_kings…
	// InLieu is set on the working day given off because a holiday fell on a
	// weekend (Bộ luật Lao động 2019, Điều 112 khoản 3).
	InLieu bool `json:"in_lieu"`
}

// Calendar is the working calendar of state offices: Monday to Friday, less
// public holidays and the days off in lieu of those falling on a weekend,
// with the days off and make-up working days the government decides each
// year (configured by the operator).
type Calendar struct {
	daysOff  map[civil.Date]bool
	workDays map[civil.Date]bool

	mu    sync.Mutex
	years map[int]map[civil.Date]Holiday // computed once a year
}

// New returns a calendar with an operator's extra days off (a bridge day, a
// longer Tết) and make-up working days (usually Saturdays worked in exchange).
func New(daysOff, workDays []civil.Date) *Calendar {
	c := &Calendar{daysOff: map[civil.Date]bool{}, workDays: map[civil.Date]bool{}, years: map[int]map[civil.Date]Holiday{}}
	for _, d := range daysOff {
		c.daysOff[d] = true
	}
	for _, d := range workDays {
		c.workDays[d] = true
	}
	return c
}

// Holidays returns the public holidays of a Gregorian year in order, with the
// days off in lieu of those that fall on a weekend. The law (Bộ luật Lao động
// 2019, Điều 112) gives: 1/1; Tết Nguyên Đán, five days, taken here as the last
// day of the lunar year and the first four of the new one; Giỗ Tổ Hùng Vương
// (10/3 lunar); 30/4; 1/5; 2/9 and one day next to it — taken here as the one
// that joins a weekend (1/9 when 2/9 is a Tuesday, Friday or Saturday, else
// 3/9). What the government decides beyond that each year is configured.
func (c *Calendar) Holidays(year int) []Holiday {
	days := c.holidays(year)
	out := make([]Holiday, 0, len(days))
	for _, h := range days {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day.Before(out[j].Day) })
	return out
}

func (c *Calendar) holidays(year int) map[civil.Date]Holiday {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.years[year]; ok {
		return h
	}
	days := map[civil.Date]Holiday{}
	add := func(d civil.Date, name string) {
		if d.Year() == year {
			days[d] = Holiday{Day: d, Name: name}
		}
	}
	add(civil.NewDate(year, time.January, 1), "holiday.new_year")
	// Tết of this lunar year, and of the next when its eve falls in December (never so far, but cheap).
	for _, ly := range []int{year, year + 1} {
		tet := FromLunar(ly, 1, 1)
		for i := -1; i <= 3; i++ {
			add(addDays(tet, i), "holiday.tet")
		}
	}
	add(FromLunar(year, 3, 10), "holiday.hung_kings")
	add(civil.NewDate(year, time.April, 30), "holiday.reunification")
	add(civil.NewDate(year, time.May, 1), "holiday.labour")
	national := civil.NewDate(year, time.September, 2)
	add(national, "holiday.national")
	switch national.Time().Weekday() {
	case time.Tuesday, time.Friday, time.Saturday:
		add(addDays(national, -1), "holiday.national")
	default:
		add(addDays(national, 1), "holiday.national")
	}
	// Each holiday on a weekend gives the next working day off.
	var weekendOnes []civil.Date
	for d := range days {
		if weekend(d) {
			weekendOnes = append(weekendOnes, d)
		}
	}
	sort.Slice(weekendOnes, func(i, j int) bool { return weekendOnes[i].Before(weekendOnes[j]) })
	for _, d := range weekendOnes {
		next := addDays(d, 1)
		for weekend(next) || days[next].Name != "" {
			next = addDays(next, 1)
		}
		days[next] = Holiday{Day: next, Name: days[d].Name, InLieu: true}
	}
	c.years[year] = days
	return days
}

// Holiday returns the holiday on d, if any.
func (c *Calendar) Holiday(d civil.Date) (Holiday, bool) {
	h, ok := c.holidays(d.Year())[d]
	return h, ok
}

// IsWorkingDay reports whether state offices work on d.
func (c *Calendar) IsWorkingDay(d civil.Date) bool {
	if c.workDays[d] {
		return true
	}
	if c.daysOff[d] || weekend(d) {
		return false
	}
	_, off := c.Holiday(d)
	return !off
}

// AddWorkingDays returns the n-th working day after d (n ≥ 1); with n ≤ 0,
// d itself if it is a working day, else the next working day.
func (c *Calendar) AddWorkingDays(d civil.Date, n int) civil.Date {
	if n <= 0 {
		return c.NextWorkingDay(d)
	}
	for n > 0 {
		d = addDays(d, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// NextWorkingDay returns d if offices work on it, else the first working day after it.
func (c *Calendar) NextWorkingDay(d civil.Date) civil.Date {
	for !c.IsWorkingDay(d) {
		d = addDays(d, 1)
	}
	return d
}
