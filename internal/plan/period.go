package plan

import (
	"fmt"
	"time"

	"chungtay/internal/civil"
)

// Period is one period of a duty within its plan's year, in calendar days
// (the days of Asia/Ho_Chi_Minh: "today" is computed there).
type Period struct {
	Key   string     `json:"key" doc:"2018 (year), 2018-S1, 2018-Q3, 2018-07 (month), 2018-once"`
	Start civil.Date `json:"start"`
	End   civil.Date `json:"end"`
}

// addDays returns d moved by n days.
func addDays(d civil.Date, n int) civil.Date {
	t := d.Time().AddDate(0, 0, n)
	return civil.NewDate(t.Year(), t.Month(), t.Day())
}

// span returns the period from the first day of month `from` for `months` months.
func span(key string, year int, from time.Month, months int) Period {
	start := civil.NewDate(year, from, 1)
	end := civil.NewDate(year, from+time.Month(months), 1) // normalised by time.Date
	return Period{Key: key, Start: start, End: addDays(end, -1)}
}

// Periods returns the periods of a recurring frequency within year, in order.
// Once has no periods of its own (see dutyPeriods).
func Periods(f Frequency, year int) []Period {
	var out []Period
	switch f {
	case Yearly:
		out = append(out, span(fmt.Sprintf("%d", year), year, time.January, 12))
	case SixMonthly:
		for s := range 2 {
			out = append(out, span(fmt.Sprintf("%d-S%d", year, s+1), year, time.Month(1+6*s), 6))
		}
	case Quarterly:
		for q := range 4 {
			out = append(out, span(fmt.Sprintf("%d-Q%d", year, q+1), year, time.Month(1+3*q), 3))
		}
	case Monthly:
		for m := range 12 {
			out = append(out, span(fmt.Sprintf("%d-%02d", year, m+1), year, time.Month(1+m), 1))
		}
	}
	return out
}

// dutyPeriods returns the periods of a duty within year: the frequency's
// periods, or for a one-off duty the single period from its first valid day
// (at the earliest 1 January) to its due day.
func dutyPeriods(d *Duty, year int) []Period {
	if d.Frequency != Once {
		return Periods(d.Frequency, year)
	}
	if d.DueOn.IsZero() {
		return nil
	}
	start := civil.NewDate(year, time.January, 1)
	if d.ValidFrom.After(start) {
		start = d.ValidFrom
	}
	if d.DueOn.Before(start) {
		start = d.DueOn
	}
	return []Period{{Key: fmt.Sprintf("%d-once", year), Start: start, End: d.DueOn}}
}

// dueOn is the due day of a duty's task in period p: DueDaysBeforeEnd days
// before the period's last day, never before its first day; a one-off duty
// is due on its due day.
func dueOn(d *Duty, p Period) civil.Date {
	if d.Frequency == Once {
		return d.DueOn
	}
	due := addDays(p.End, -d.DueDaysBeforeEnd)
	if due.Before(p.Start) {
		return p.Start
	}
	return due
}

// livePeriods returns the periods of d in year that expansion acts on: those
// that end on or after both the duty's first valid day and today, and start
// on or before its last valid day (if any). Periods already over are history.
func livePeriods(d *Duty, year int, today civil.Date) []Period {
	from := d.ValidFrom
	if today.After(from) {
		from = today
	}
	var out []Period
	for _, p := range dutyPeriods(d, year) {
		if p.End.Before(from) || (!d.ValidTo.IsZero() && p.Start.After(d.ValidTo)) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// QuarterOf returns the quarter that day falls in.
func QuarterOf(day civil.Date) Period {
	q := (int(day.Time().Month()) - 1) / 3
	return span(fmt.Sprintf("%d-Q%d", day.Year(), q+1), day.Year(), time.Month(1+3*q), 3)
}

// WeekOf returns the week (Monday to Sunday) that day falls in.
func WeekOf(day civil.Date) (monday, sunday civil.Date) {
	back := (int(day.Time().Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	monday = addDays(day, -back)
	return monday, addDays(monday, 6)
}
