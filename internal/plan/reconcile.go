package plan

import (
	"slices"
	"strings"

	"chungtay/internal/civil"
)

// How a re-run follows the register. A task's slot is what it is about: the
// duty, the period and the household (for a household task) or the unit (for
// a unit task). For each wanted task:
//
//   - its slot has a live task (to do, in progress or done) of the same unit:
//     unchanged, except that an open one takes the wanted person and due day;
//   - its slot has a live task of another unit (the household was
//     reassigned): a task not yet started (to do, of a period not over) moves
//     to the new unit and person; a task in progress or done stays where it
//     is — the old unit finishes or cancels what it has started;
//   - its slot has no live task: a task cancelled by an earlier expansion
//     (closed_reason household.*, unit.*, duty.*) is reopened; one cancelled
//     by a person (task.cancelled) is left alone; otherwise the task is created.
//
// Every other open task of a period not yet over is closed (status cancelled)
// with the reason: household.archived, household.moved_out,
// household.no_longer_matches:<class now>, household.not_assigned,
// household.no_unit, household.ambiguous_unit, household.reassigned,
// unit.not_responsible, or duty.changed. The open tasks of an archived
// household are closed whatever their period. Nothing is ever deleted, done
// tasks are never touched, and a second run with the same world changes nothing.

// The reasons expansion closes a task with (besides the skip reasons).
const (
	reasonArchived       = "household.archived"
	reasonMovedOut       = "household.moved_out"
	reasonNoLongerMatch  = "household.no_longer_matches"
	reasonReassigned     = "household.reassigned"
	reasonNotResponsible = "unit.not_responsible"
	reasonDutyChanged    = "duty.changed"
	reasonPlanArchived   = "plan.archived"
	reasonUserCancelled  = "task.cancelled"
)

// closedByExpansion reports whether a cancelled task was closed by expansion
// (and may be reopened by it), not by a person.
func closedByExpansion(reason string) bool {
	for _, prefix := range []string{"household.", "unit.", "duty."} {
		if strings.HasPrefix(reason, prefix) {
			return true
		}
	}
	return false
}

// slot identifies what a task is about; key identifies the row (the unique
// index of tasks).
type (
	slot struct {
		duty, unit, household int64
		period                string
	}
	key slot
)

func slotOf(duty, unit, household int64, period string) slot {
	if household != 0 {
		unit = 0
	}
	return slot{duty, unit, household, period}
}

// change is an open task's new owner and due day, or a cancelled task reopened.
type change struct {
	id, unitID, userID int64
	due                civil.Date
}

// closing is an open task to close.
type closing struct {
	id     int64
	reason string
}

// actions is what a run does.
type actions struct {
	create    []Want
	reopen    []change
	update    []change
	close     []closing
	unchanged int
}

func userOf(t *Task) int64 {
	if t.UserID == nil {
		return 0
	}
	return *t.UserID
}

func householdOf(t *Task) int64 {
	if t.HouseholdID == nil {
		return 0
	}
	return *t.HouseholdID
}

// reconcile compares the tasks that exist with the tasks w wants.
func reconcile(w *World, existing []Task, wants []Want, skips []Skip) actions {
	var a actions
	// Sized ahead: a city's plan holds hundreds of thousands of tasks.
	bySlot := make(map[slot][]*Task, len(existing))
	byKey := make(map[key]*Task, len(existing))
	for i := range existing {
		t := &existing[i]
		sl := slotOf(t.DutyID, t.UnitID, householdOf(t), t.Period)
		bySlot[sl] = append(bySlot[sl], t)
		byKey[key{t.DutyID, t.UnitID, householdOf(t), t.Period}] = t
	}
	accounted := make(map[int64]bool, len(existing))
	a.create = make([]Want, 0, max(0, len(wants)-len(existing)))
	for _, wt := range wants {
		rows := bySlot[slotOf(wt.DutyID, wt.UnitID, wt.HouseholdID, wt.Period.Key)]
		for _, r := range rows {
			accounted[r.ID] = true
		}
		live := liveRow(rows, wt.UnitID)
		same := byKey[key{wt.DutyID, wt.UnitID, wt.HouseholdID, wt.Period.Key}]
		to := change{unitID: wt.UnitID, userID: wt.UserID, due: wt.Due}
		switch {
		case live != nil && live.UnitID == wt.UnitID:
			if live.Status.Open() && (userOf(live) != wt.UserID || !live.DueOn.Time().Equal(wt.Due.Time())) {
				to.id = live.ID
				a.update = append(a.update, to)
			} else {
				a.unchanged++
			}
		case live != nil:
			if live.Status != StatusTodo {
				a.unchanged++ // the old unit keeps what it has started or done
				continue
			}
			if same == nil {
				to.id = live.ID
				a.update = append(a.update, to)
				continue
			}
			// The new unit had this task before: close the old unit's, reopen the new one's.
			a.close = append(a.close, closing{live.ID, reasonReassigned})
			if closedByExpansion(same.ClosedReason) {
				to.id = same.ID
				a.reopen = append(a.reopen, to)
			}
		case same != nil:
			if closedByExpansion(same.ClosedReason) {
				to.id = same.ID
				a.reopen = append(a.reopen, to)
			} else {
				a.unchanged++ // cancelled by a person: respected
			}
		default:
			a.create = append(a.create, wt)
		}
	}
	skipOf := map[[2]int64]string{}
	for _, s := range skips {
		skipOf[[2]int64{s.DutyID, s.HouseholdID}] = s.Reason
	}
	duties := map[int64]*Duty{}
	for i := range w.Duties {
		duties[w.Duties[i].ID] = &w.Duties[i]
	}
	for i := range existing {
		t := &existing[i]
		if accounted[t.ID] || !t.Status.Open() {
			continue
		}
		reason := w.closeReason(t, duties[t.DutyID], skipOf)
		if reason == reasonArchived || !t.PeriodEnd.Before(w.Today) {
			a.close = append(a.close, closing{t.ID, reason})
		}
	}
	return a
}

// liveRow returns the live (not cancelled) task among rows, preferring unit's.
func liveRow(rows []*Task, unit int64) *Task {
	var out *Task
	for _, r := range rows {
		if r.Status == StatusCancelled {
			continue
		}
		if r.UnitID == unit {
			return r
		}
		if out == nil {
			out = r
		}
	}
	return out
}

// closeReason says why an open task is no longer wanted.
func (w *World) closeReason(t *Task, d *Duty, skipOf map[[2]int64]string) string {
	if d == nil {
		return reasonDutyChanged
	}
	if t.HouseholdID == nil {
		if d.Target == PerUnit && !slices.Contains(w.responsible(d), t.UnitID) {
			return reasonNotResponsible
		}
		return reasonDutyChanged
	}
	h, ok := w.Households[*t.HouseholdID]
	switch {
	case ok && h.Archived:
		return reasonArchived
	case d.Target != PerHousehold:
		return reasonDutyChanged
	case !ok || !strings.HasPrefix(h.Path, w.PlanPath) || !strings.HasPrefix(h.Path, w.householdPath(d)):
		return reasonMovedOut
	case !w.matches(d, h):
		return reasonNoLongerMatch + ":" + string(h.Class)
	}
	if r := skipOf[[2]int64{d.ID, h.ID}]; r != "" {
		return r
	}
	resp := w.responsible(d)
	if owner, _ := w.owner(d, h, resp); owner == 0 {
		if len(resp) == 0 {
			return reasonNotResponsible
		}
		return skipNotAssigned
	}
	return reasonDutyChanged
}
