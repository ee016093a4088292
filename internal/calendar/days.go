package calendar

import (
	"time"

	"chungtay/internal/civil"
)

func monthOf(m int) time.Month { return time.Month(m) }

// addDays returns d moved by n days.
func addDays(d civil.Date, n int) civil.Date {
	t := d.Time().AddDate(0, 0, n)
	return civil.NewDate(t.Year(), t.Month(), t.Day())
}

// weekend reports whether d is a Saturday or a Sunday (state offices work
// Monday to Friday).
func weekend(d civil.Date) bool {
	w := d.Time().Weekday()
	return w == time.Saturday || w == time.Sunday
}
