package poverty

import (
	"cmp"
	"slices"
	"time"
)

// Event is one recorded change of classification (di biến động), taken by a
// decision of the commune/ward People's Committee.
type Event struct {
	Date       time.Time
	From, To   Class
	DecisionNo string // số quyết định
}

// HouseholdYear is what the store hands over for one household and one year Y.
type HouseholdYear struct {
	HouseholdID int64
	Code        string
	Start       Class   // classification in force at the start of Y (the list for year Y); ClassNone if not registered then
	End         *Class  // classification at the start of Y+1 (the year-end review), nil if not recorded yet
	Events      []Event // events dated in Y, any order (sorted by Date, stable)
	EverBefore  bool    // the household was of the reconciled class in some year before Y (for "re-fallen", tái nghèo)
}

// Mismatch reasons, stable codes for Mismatch.Reason.
const (
	// ReasonEventFromMismatch: an event starts from a class other than the
	// one the household was in at that point.
	ReasonEventFromMismatch = "event_from_mismatch"
	// ReasonEndNotExplained: the year-end review disagrees with where the
	// start classification and the year's events lead.
	ReasonEndNotExplained = "end_not_explained"
)

// Mismatch is one inconsistency found while reconciling a household's year.
// Expected is the class the data implied; Actual is the class recorded.
type Mismatch struct {
	HouseholdID int64  `json:"household_id"`
	Code        string `json:"code"`
	Reason      string `json:"reason"` // ReasonEventFromMismatch or ReasonEndNotExplained
	Expected    Class  `json:"expected"`
	Actual      Class  `json:"actual"`
}

// Reconciliation is the yearly balance of one class (đối chiếu số liệu năm):
// Start + New + Refallen − Escaped = End.
type Reconciliation struct {
	Year  int   `json:"year"`
	Class Class `json:"class"`
	// Start counts households of the class at the start of the year.
	Start int `json:"start"`
	// New counts entries into the class by households never of it before (mới).
	New int `json:"new"`
	// Refallen counts entries by households that had been of the class before
	// (tái nghèo, tái cận nghèo).
	Refallen int `json:"refallen"`
	// Escaped counts exits from the class (thoát nghèo, thoát cận nghèo).
	Escaped int `json:"escaped"`
	// End counts households of the class at the start of the next year.
	End int `json:"end"`
	// Balanced is true when Start + New + Refallen − Escaped == End and there
	// are no mismatches.
	Balanced   bool       `json:"balanced"`
	Mismatches []Mismatch `json:"mismatches"` // sorted by household Code, then household ID
}

// Reconcile checks one year's figures for one class. For each household it
// starts from Start and walks the events in date order: an event whose From
// differs from the current class is a mismatch and the walk continues from
// its From; an event into the class from outside it counts as New, or as
// Refallen when the household was of the class before (EverBefore, of the
// class at the start of the year, or left it earlier in the year); an event
// out of the class counts as Escaped. Where the walk ends is the expected end;
// a recorded End that differs is a mismatch (an unrecorded End is taken as
// expected). The input is not modified.
func Reconcile(year int, class Class, rows []HouseholdYear) Reconciliation {
	r := Reconciliation{Year: year, Class: class, Mismatches: []Mismatch{}}
	for _, h := range rows {
		r.add(h)
	}
	slices.SortStableFunc(r.Mismatches, func(a, b Mismatch) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.HouseholdID, b.HouseholdID))
	})
	r.Balanced = len(r.Mismatches) == 0 && r.Start+r.New+r.Refallen-r.Escaped == r.End
	return r
}

// add walks one household's year into the totals.
func (r *Reconciliation) add(h HouseholdYear) {
	class := r.Class
	if h.Start == class {
		r.Start++
	}
	wasIn := h.EverBefore || h.Start == class
	state := h.Start

	events := slices.Clone(h.Events)
	slices.SortStableFunc(events, func(a, b Event) int { return a.Date.Compare(b.Date) })
	for _, e := range events {
		if e.From != state {
			r.mismatch(h, ReasonEventFromMismatch, state, e.From)
			state = e.From
		}
		switch {
		case e.To == class && state != class:
			if wasIn {
				r.Refallen++
			} else {
				r.New++
			}
			wasIn = true
		case state == class && e.To != class:
			r.Escaped++
		}
		state = e.To
	}

	end := state
	if h.End != nil && *h.End != state {
		r.mismatch(h, ReasonEndNotExplained, state, *h.End)
		end = *h.End
	}
	if end == class {
		r.End++
	}
}

func (r *Reconciliation) mismatch(h HouseholdYear, reason string, expected, actual Class) {
	r.Mismatches = append(r.Mismatches, Mismatch{
		HouseholdID: h.HouseholdID, Code: h.Code, Reason: reason,
		Expected: expected, Actual: actual,
	})
}
