package poverty

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func day(month time.Month, d int) time.Time { return time.Date(2025, month, d, 0, 0, 0, 0, time.UTC) }

func classPtr(c Class) *Class { return &c }

func ev(month time.Month, d int, from, to Class) Event {
	return Event{Date: day(month, d), From: from, To: to, DecisionNo: "QĐ-UBND"}
}

func TestReconcile(t *testing.T) {
	tests := []struct {
		name  string
		class Class
		rows  []HouseholdYear
		want  Reconciliation // Year, Class, Balanced and Mismatches are checked too
	}{
		{
			name:  "clean year",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 1, Code: "0001", Start: ClassPoor, End: classPtr(ClassPoor)},
				{HouseholdID: 2, Code: "0002", Start: ClassPoor, End: classPtr(ClassEscaped),
					Events: []Event{ev(6, 1, ClassPoor, ClassEscaped)}},
				{HouseholdID: 3, Code: "0003", Start: ClassNearPoor, End: classPtr(ClassPoor),
					Events: []Event{ev(4, 1, ClassNearPoor, ClassPoor)}},
				{HouseholdID: 4, Code: "0004", Start: ClassNone},
			},
			want: Reconciliation{Start: 2, New: 1, Escaped: 1, End: 2, Balanced: true},
		},
		{
			name:  "escaped and re-fell in the same year, events out of order",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 1, Code: "0001", Start: ClassPoor, End: classPtr(ClassPoor),
					Events: []Event{ev(10, 1, ClassEscaped, ClassPoor), ev(3, 1, ClassPoor, ClassEscaped)}},
			},
			want: Reconciliation{Start: 1, Refallen: 1, Escaped: 1, End: 1, Balanced: true},
		},
		{
			name:  "same-day events keep their given order",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 1, Code: "0001", Start: ClassNone, End: classPtr(ClassNearPoor),
					Events: []Event{ev(5, 1, ClassNone, ClassPoor), ev(5, 1, ClassPoor, ClassNearPoor)}},
			},
			want: Reconciliation{New: 1, Escaped: 1, Balanced: true},
		},
		{
			name:  "year-end review contradicts the events",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 7, Code: "0007", Start: ClassPoor, End: classPtr(ClassNearPoor)},
			},
			want: Reconciliation{Start: 1, End: 0, Mismatches: []Mismatch{
				{HouseholdID: 7, Code: "0007", Reason: ReasonEndNotExplained, Expected: ClassPoor, Actual: ClassNearPoor},
			}},
		},
		{
			name:  "event whose From is wrong",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 8, Code: "0008", Start: ClassNearPoor, End: classPtr(ClassEscaped),
					Events: []Event{ev(2, 1, ClassPoor, ClassEscaped)}},
			},
			want: Reconciliation{Escaped: 1, Mismatches: []Mismatch{
				{HouseholdID: 8, Code: "0008", Reason: ReasonEventFromMismatch, Expected: ClassNearPoor, Actual: ClassPoor},
			}},
		},
		{
			name:  "newly registered household",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 9, Code: "0009", Start: ClassNone, End: classPtr(ClassPoor),
					Events: []Event{ev(9, 15, ClassNone, ClassPoor)}},
			},
			want: Reconciliation{New: 1, End: 1, Balanced: true},
		},
		{
			name:  "poor in an earlier year counts as re-fallen",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 10, Code: "0010", Start: ClassEscaped, EverBefore: true, End: classPtr(ClassPoor),
					Events: []Event{ev(8, 1, ClassEscaped, ClassPoor)}},
				{HouseholdID: 11, Code: "0011", Start: ClassNearPoor, EverBefore: false,
					Events: []Event{ev(8, 1, ClassNearPoor, ClassPoor)}},
			},
			want: Reconciliation{New: 1, Refallen: 1, End: 2, Balanced: true},
		},
		{
			name:  "unrecorded end is taken as expected",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 12, Code: "0012", Start: ClassPoor, Events: []Event{ev(1, 5, ClassPoor, ClassAverage)}},
			},
			want: Reconciliation{Start: 1, Escaped: 1, Balanced: true},
		},
		{
			name:  "no households",
			class: ClassPoor,
			want:  Reconciliation{Balanced: true},
		},
		{
			name:  "mismatches sorted by code",
			class: ClassPoor,
			rows: []HouseholdYear{
				{HouseholdID: 3, Code: "0300", Start: ClassPoor, End: classPtr(ClassNone)},
				{HouseholdID: 2, Code: "0200", Start: ClassNone, End: classPtr(ClassPoor),
					Events: []Event{ev(2, 1, ClassNearPoor, ClassPoor)}},
				{HouseholdID: 1, Code: "0100", Start: ClassNone, End: classPtr(ClassPoor)},
			},
			want: Reconciliation{Start: 1, New: 1, End: 2, Mismatches: []Mismatch{
				{HouseholdID: 1, Code: "0100", Reason: ReasonEndNotExplained, Expected: ClassNone, Actual: ClassPoor},
				{HouseholdID: 2, Code: "0200", Reason: ReasonEventFromMismatch, Expected: ClassNone, Actual: ClassNearPoor},
				{HouseholdID: 3, Code: "0300", Reason: ReasonEndNotExplained, Expected: ClassPoor, Actual: ClassNone},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Reconcile(2025, tt.class, tt.rows)
			want := tt.want
			want.Year, want.Class = 2025, tt.class
			checkReconciliation(t, got, want)
		})
	}
}

func checkReconciliation(t *testing.T, got, want Reconciliation) {
	t.Helper()
	if got.Year != want.Year || got.Class != want.Class ||
		got.Start != want.Start || got.New != want.New || got.Refallen != want.Refallen ||
		got.Escaped != want.Escaped || got.End != want.End || got.Balanced != want.Balanced {
		t.Errorf("figures = %+v\nwant      %+v", got, want)
	}
	if !slices.Equal(got.Mismatches, want.Mismatches) {
		t.Errorf("mismatches = %+v\nwant         %+v", got.Mismatches, want.Mismatches)
	}
}

func TestReconcileNearPoorSeparately(t *testing.T) {
	rows := []HouseholdYear{
		{HouseholdID: 1, Code: "0001", Start: ClassPoor, End: classPtr(ClassNearPoor),
			Events: []Event{ev(6, 30, ClassPoor, ClassNearPoor)}},
		{HouseholdID: 2, Code: "0002", Start: ClassNearPoor, End: classPtr(ClassAverage),
			Events: []Event{ev(6, 30, ClassNearPoor, ClassAverage)}},
		{HouseholdID: 3, Code: "0003", Start: ClassNearPoor, EverBefore: true, End: classPtr(ClassNearPoor),
			Events: []Event{ev(3, 1, ClassNearPoor, ClassNone), ev(11, 1, ClassNone, ClassNearPoor)}},
	}
	t.Run("poor", func(t *testing.T) {
		checkReconciliation(t, Reconcile(2025, ClassPoor, rows),
			Reconciliation{Year: 2025, Class: ClassPoor, Start: 1, Escaped: 1, Balanced: true})
	})
	t.Run("near-poor", func(t *testing.T) {
		checkReconciliation(t, Reconcile(2025, ClassNearPoor, rows),
			Reconciliation{Year: 2025, Class: ClassNearPoor, Start: 2, New: 1, Refallen: 1, Escaped: 2, End: 2, Balanced: true})
	})
}

func TestReconcileDoesNotModifyInput(t *testing.T) {
	events := []Event{ev(10, 1, ClassEscaped, ClassPoor), ev(3, 1, ClassPoor, ClassEscaped)}
	before := slices.Clone(events)
	Reconcile(2025, ClassPoor, []HouseholdYear{{HouseholdID: 1, Code: "1", Start: ClassPoor, Events: events}})
	if !slices.Equal(events, before) {
		t.Errorf("events reordered: %+v", events)
	}
}

// TestReconcileProperty checks the balance equation on generated data: with no
// mismatches, Start + New + Refallen − Escaped == End and Balanced is true;
// with mismatches, Balanced is false.
func TestReconcileProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2025, 7))
	randClass := func() Class { return Classes[rng.IntN(len(Classes))] }
	clean, dirty := 0, 0
	for round := range 500 {
		rows := make([]HouseholdYear, rng.IntN(30))
		for i := range rows {
			h := HouseholdYear{HouseholdID: int64(i + 1), Code: string(rune('A' + i)), Start: randClass(), EverBefore: rng.IntN(3) == 0}
			state := h.Start
			for j := range rng.IntN(4) {
				from := state
				if rng.IntN(40) == 0 { // an occasional badly recorded event
					from = randClass()
				}
				to := randClass()
				// Dates increase with j; the shuffle below tests the sort.
				date := day(1, 1).AddDate(0, 0, j*30+rng.IntN(30))
				h.Events = append(h.Events, Event{Date: date, From: from, To: to})
				state = to
			}
			rng.Shuffle(len(h.Events), func(a, b int) { h.Events[a], h.Events[b] = h.Events[b], h.Events[a] })
			switch rng.IntN(10) {
			case 0:
				h.End = classPtr(randClass()) // possibly contradicting
			case 1, 2:
				// not recorded yet
			default:
				h.End = classPtr(state)
			}
			rows[i] = h
		}
		for _, class := range Classes {
			r := Reconcile(2025, class, rows)
			equation := r.Start+r.New+r.Refallen-r.Escaped == r.End
			if len(r.Mismatches) == 0 {
				clean++
				if !equation || !r.Balanced {
					t.Fatalf("round %d class %s: no mismatches but %+v", round, class, r)
				}
			} else {
				dirty++
				if r.Balanced {
					t.Fatalf("round %d class %s: balanced with mismatches %+v", round, class, r)
				}
			}
			if r.Start < 0 || r.New < 0 || r.Refallen < 0 || r.Escaped < 0 || r.End > len(rows) {
				t.Fatalf("round %d class %s: impossible figures %+v", round, class, r)
			}
		}
	}
	if clean < 100 || dirty < 100 {
		t.Fatalf("generator too one-sided: %d clean, %d with mismatches", clean, dirty)
	}
}
