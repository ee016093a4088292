package calendar

import (
	"chungtay/internal/civil"
)

// WindowKind is which days a report's figures cover.
type WindowKind string

// The data windows.
const (
	// CalendarWindow: the period itself (1 January – 31 March for Q1).
	CalendarWindow WindowKind = "calendar"
	// StateCutOff: the data cut-off of the state reporting regime (Nghị định
	// 09/2019/NĐ-CP, Điều 12): from the 15th of the month before the period
	// to the 14th of its last month — a month from 15/02 to 14/03, Q1 from
	// 15/12 to 14/03, the first half-year from 15/12 to 14/06, the second
	// from 15/06 to 14/12, the year from 15/12 of the year before to 14/12 —
	// so a report can be written and sent before the period ends.
	StateCutOff WindowKind = "state_cut_off"
)

// Window returns the first and last day whose data a report of the period
// [start, end] carries.
func Window(k WindowKind, start, end civil.Date) (from, to civil.Date) {
	if k != StateCutOff {
		return start, end
	}
	s := start.Time().AddDate(0, -1, 0)
	e := end.Time()
	return civil.NewDate(s.Year(), s.Month(), 15), civil.NewDate(e.Year(), e.Month(), 14)
}
