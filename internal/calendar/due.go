package calendar

import (
	"time"

	"chungtay/internal/civil"
)

// DueKind is how a report's due day is set.
type DueKind string

// The due rules.
const (
	// AfterDays: N calendar days after the period (or its data window) ends.
	AfterDays DueKind = "after_days"
	// AfterWorkingDays: the N-th working day after the period ends.
	AfterWorkingDays DueKind = "after_working_days"
	// FixedDay: day D of the period's last month, or of a month after it
	// ("trước ngày 20 của tháng cuối quý", "before 5 December").
	FixedDay DueKind = "fixed_day"
)

// DueRule is an obligation's due rule.
type DueRule struct {
	Kind DueKind `json:"kind" enum:"after_days,after_working_days,fixed_day"`
	// Days: N for after_days and after_working_days.
	Days int `json:"days,omitempty" minimum:"0" maximum:"366"`
	// Day of the month for fixed_day (a day past the month's end is its last day).
	Day int `json:"day,omitempty" minimum:"0" maximum:"31"`
	// MonthsAfter: for fixed_day, 0 for the period's last month, 1 for the month after it…
	MonthsAfter int `json:"months_after,omitempty" minimum:"0" maximum:"12"`
}

// Valid reports whether r can give a due day.
func (r DueRule) Valid() bool {
	switch r.Kind {
	case AfterDays, AfterWorkingDays:
		return r.Days >= 0 && r.Days <= 366
	case FixedDay:
		return r.Day >= 1 && r.Day <= 31 && r.MonthsAfter >= 0 && r.MonthsAfter <= 12
	}
	return false
}

// Due returns the due day of a period whose last day is end. A calendar or
// fixed day that falls when offices are closed moves to the next working day,
// as the Civil Code does for any time limit (Bộ luật Dân sự 2015, Điều 148
// khoản 5); a working-day rule lands on a working day by itself.
func (c *Calendar) Due(r DueRule, end civil.Date) civil.Date {
	switch r.Kind {
	case AfterWorkingDays:
		return c.AddWorkingDays(end, r.Days)
	case FixedDay:
		first := civil.NewDate(end.Year(), end.Time().Month(), 1).Time().AddDate(0, r.MonthsAfter, 0)
		last := first.AddDate(0, 1, -1).Day()
		day := min(r.Day, last)
		return c.NextWorkingDay(civil.NewDate(first.Year(), first.Month(), day))
	default:
		return c.NextWorkingDay(addDays(end, r.Days))
	}
}

// Deadline is the last instant of the due day in loc: a report submitted at
// or before it is on time (23:30 on the due day in Hồ Chí Minh City is on
// time; 00:10 the next day is late).
func Deadline(due civil.Date, loc *time.Location) time.Time {
	t := due.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 1).Add(-time.Nanosecond)
}

// OnTime reports whether something done at `at` meets the due day in loc.
func OnTime(at time.Time, due civil.Date, loc *time.Location) bool {
	return !at.After(Deadline(due, loc))
}
