package report

import (
	"context"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/civil"
	"chungtay/internal/poverty"
)

// Figures are the numbers a report carries, computed from the register for
// the unit's households (those in its charge, as primary or supporting unit,
// on any day of the data window) and the window's days.
type Figures struct {
	Households int `json:"households" doc:"households in the unit's charge during the window"`
	// Classes: households of each class at the window's start and end.
	ClassesStart map[poverty.Class]int `json:"classes_start"`
	ClassesEnd   map[poverty.Class]int `json:"classes_end"`
	// Balance of the poor and the near-poor over the window: start + new + re-fallen − escaped = end.
	Poor     Balance `json:"poor"`
	NearPoor Balance `json:"near_poor"`
	// Households helped: distinct households with support delivered in the window.
	HouseholdsHelped  int           `json:"households_helped"`
	Visits            int           `json:"visits"`
	HouseholdsVisited int           `json:"households_visited"`
	Support           []SupportLine `json:"support" doc:"by type and funding source"`
	SupportVND        int64         `json:"support_vnd"`
	TasksDue          int           `json:"tasks_due" doc:"the unit's tasks due in the window"`
	TasksDone         int           `json:"tasks_done"`
	TasksOverdue      int           `json:"tasks_overdue" doc:"due in the window, still open and past due on the day the figures were taken"`
}

// Balance is one class's movement over a window.
type Balance struct {
	Start    int `json:"start"`
	New      int `json:"new" doc:"mới"`
	Refallen int `json:"refallen" doc:"tái nghèo / tái cận nghèo"`
	Escaped  int `json:"escaped" doc:"thoát"`
	End      int `json:"end"`
}

// SupportLine is the support of one type from one funding source.
type SupportLine struct {
	Type   string `bun:"type" json:"type"`
	Source string `bun:"funding_source" json:"funding_source"`
	Count  int    `bun:"n" json:"count"`
	VND    int64  `bun:"vnd" json:"vnd"`
}

// unitHouseholds is the subquery of a unit's households during [from, to].
func unitHouseholds(db bun.IDB, unitID int64, from, to civil.Date) *bun.SelectQuery {
	return db.NewSelect().TableExpr("household_assignments AS ha").Column("ha.household_id").
		Where("ha.unit_id = ? AND ha.valid_from <= ? AND (ha.valid_to IS NULL OR ha.valid_to > ?)", unitID, to, from)
}

// figures computes the figures of one unit over [from, to], as of today.
func figures(ctx context.Context, db bun.IDB, unitID int64, from, to, today civil.Date) (*Figures, error) {
	f := &Figures{ClassesStart: map[poverty.Class]int{}, ClassesEnd: map[poverty.Class]int{}, Support: []SupportLine{}}
	hh := unitHouseholds(db, unitID, from, to)
	var ids []int64
	if err := db.NewSelect().TableExpr("(?) AS x", hh).ColumnExpr("DISTINCT x.household_id").Scan(ctx, &ids); err != nil {
		return nil, apperr.Wrap(err, "report households")
	}
	f.Households = len(ids)
	if err := classFigures(ctx, db, f, hh, from, to); err != nil {
		return nil, err
	}
	if err := db.NewSelect().Table("support_records").
		ColumnExpr("type, funding_source, COUNT(*) AS n, COALESCE(SUM(value_vnd), 0) AS vnd").
		Where("household_id IN (?) AND delivered_on >= ? AND delivered_on <= ?", hh, from, to).
		GroupExpr("type, funding_source").OrderExpr("type, funding_source").Scan(ctx, &f.Support); err != nil {
		return nil, apperr.Wrap(err, "report support")
	}
	for _, l := range f.Support {
		f.SupportVND += l.VND
	}
	counts := []struct {
		dst *int
		q   *bun.SelectQuery
	}{
		{&f.HouseholdsHelped, db.NewSelect().Table("support_records").ColumnExpr("COUNT(DISTINCT household_id)").
			Where("household_id IN (?) AND delivered_on >= ? AND delivered_on <= ?", hh, from, to)},
		{&f.Visits, db.NewSelect().Table("visits").ColumnExpr("COUNT(*)").
			Where("household_id IN (?) AND visited_on >= ? AND visited_on <= ?", hh, from, to)},
		{&f.HouseholdsVisited, db.NewSelect().Table("visits").ColumnExpr("COUNT(DISTINCT household_id)").
			Where("household_id IN (?) AND visited_on >= ? AND visited_on <= ?", hh, from, to)},
		{&f.TasksDue, db.NewSelect().Table("tasks").ColumnExpr("COUNT(*)").
			Where("unit_id = ? AND due_on >= ? AND due_on <= ? AND status <> 'cancelled'", unitID, from, to)},
		{&f.TasksDone, db.NewSelect().Table("tasks").ColumnExpr("COUNT(*)").
			Where("unit_id = ? AND due_on >= ? AND due_on <= ? AND status = 'done'", unitID, from, to)},
		{&f.TasksOverdue, db.NewSelect().Table("tasks").ColumnExpr("COUNT(*)").
			Where("unit_id = ? AND due_on >= ? AND due_on <= ? AND due_on < ? AND status IN ('todo', 'in_progress')", unitID, from, to, today)},
	}
	for _, c := range counts {
		if err := c.q.Scan(ctx, c.dst); err != nil {
			return nil, apperr.Wrap(err, "report counts")
		}
	}
	return f, nil
}

// classFigures walks each household's classification from the list of the
// window's first year through its events (di biến động) up to the window's
// start and then through the window.
func classFigures(ctx context.Context, db bun.IDB, f *Figures, hh *bun.SelectQuery, from, to civil.Date) error {
	var base []struct {
		HouseholdID int64         `bun:"household_id"`
		Year        int           `bun:"year"`
		Class       poverty.Class `bun:"classification"`
	}
	if err := db.NewSelect().Table("household_classifications").Column("household_id", "year", "classification").
		Where("household_id IN (?) AND year <= ?", hh, from.Year()).OrderExpr("household_id, year").Scan(ctx, &base); err != nil {
		return apperr.Wrap(err, "report classifications")
	}
	type state struct {
		class poverty.Class
		ever  map[poverty.Class]bool // classes held before the window
	}
	at := map[int64]*state{}
	for _, b := range base {
		s := at[b.HouseholdID]
		if s == nil {
			s = &state{class: poverty.ClassNone, ever: map[poverty.Class]bool{}}
			at[b.HouseholdID] = s
		}
		s.ever[b.Class] = true
		if b.Year == from.Year() {
			s.class = b.Class
		}
	}
	var events []struct {
		HouseholdID int64         `bun:"household_id"`
		Date        civil.Date    `bun:"event_date"`
		From        poverty.Class `bun:"from_class"`
		To          poverty.Class `bun:"to_class"`
	}
	start := civil.NewDate(from.Year(), time.January, 1)
	if err := db.NewSelect().Table("classification_events").Column("household_id", "event_date", "from_class", "to_class").
		Where("household_id IN (?) AND event_date >= ? AND event_date <= ?", hh, start, to).
		OrderExpr("household_id, event_date, id").Scan(ctx, &events); err != nil {
		return apperr.Wrap(err, "report events")
	}
	var ids []int64
	if err := db.NewSelect().TableExpr("(?) AS x", hh).ColumnExpr("DISTINCT x.household_id").Scan(ctx, &ids); err != nil {
		return apperr.Wrap(err, "report households")
	}
	for _, id := range ids {
		if at[id] == nil {
			at[id] = &state{class: poverty.ClassNone, ever: map[poverty.Class]bool{}}
		}
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	// Events before the window bring each household to its class at the start.
	for _, e := range events {
		if !e.Date.Before(from) {
			continue
		}
		s := at[e.HouseholdID]
		s.ever[e.To] = true
		s.class = e.To
	}
	for id, s := range at {
		if !contains(ids, id) {
			delete(at, id)
			continue
		}
		f.ClassesStart[s.class]++
	}
	balances := map[poverty.Class]*Balance{poverty.ClassPoor: &f.Poor, poverty.ClassNearPoor: &f.NearPoor}
	for c, b := range balances {
		b.Start = f.ClassesStart[c]
	}
	sort.SliceStable(events, func(a, b int) bool { return events[a].Date.Before(events[b].Date) })
	for _, e := range events {
		if e.Date.Before(from) {
			continue
		}
		s := at[e.HouseholdID]
		if s == nil {
			continue
		}
		if b := balances[s.class]; b != nil && e.To != s.class {
			b.Escaped++
		}
		if b := balances[e.To]; b != nil && e.To != s.class {
			if s.ever[e.To] {
				b.Refallen++
			} else {
				b.New++
			}
		}
		s.ever[s.class] = true
		s.class = e.To
	}
	for _, s := range at {
		f.ClassesEnd[s.class]++
	}
	for c, b := range balances {
		b.End = f.ClassesEnd[c]
	}
	return nil
}

func contains(ids []int64, id int64) bool {
	i := sort.Search(len(ids), func(i int) bool { return ids[i] >= id })
	return i < len(ids) && ids[i] == id
}

// Change is one figure that differs between a submitted report and the register now.
type Change struct {
	Figure    string `json:"figure"`
	Submitted int64  `json:"submitted"`
	Now       int64  `json:"now"`
}

// diff lists the headline figures that changed since submission.
func diff(then, now *Figures) []Change {
	var out []Change
	add := func(name string, a, b int64) {
		if a != b {
			out = append(out, Change{Figure: name, Submitted: a, Now: b})
		}
	}
	add("households", int64(then.Households), int64(now.Households))
	for _, c := range []struct {
		name string
		a, b Balance
	}{{"poor", then.Poor, now.Poor}, {"near_poor", then.NearPoor, now.NearPoor}} {
		add(c.name+".start", int64(c.a.Start), int64(c.b.Start))
		add(c.name+".new", int64(c.a.New), int64(c.b.New))
		add(c.name+".refallen", int64(c.a.Refallen), int64(c.b.Refallen))
		add(c.name+".escaped", int64(c.a.Escaped), int64(c.b.Escaped))
		add(c.name+".end", int64(c.a.End), int64(c.b.End))
	}
	add("households_helped", int64(then.HouseholdsHelped), int64(now.HouseholdsHelped))
	add("visits", int64(then.Visits), int64(now.Visits))
	add("households_visited", int64(then.HouseholdsVisited), int64(now.HouseholdsVisited))
	add("support_vnd", then.SupportVND, now.SupportVND)
	add("tasks_done", int64(then.TasksDone), int64(now.TasksDone))
	return out
}
