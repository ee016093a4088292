package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/support"
)

// liveTask is a task as liveYear reads it, with what its duty says.
type liveTask struct {
	ID          int64          `bun:"id"`
	DutyID      int64          `bun:"duty_id"`
	UnitID      int64          `bun:"unit_id"`
	UserID      *int64         `bun:"user_id"`
	HouseholdID *int64         `bun:"household_id"`
	PeriodStart civil.Date     `bun:"period_start"`
	DueOn       civil.Date     `bun:"due_on"`
	Frequency   plan.Frequency `bun:"frequency"`
	Selector    plan.Selector  `bun:"selector"`
}

// visit reports whether t is a quarterly visit of a household (thăm hỏi).
func (t *liveTask) visit() bool { return t.HouseholdID != nil && t.Frequency == plan.Quarterly }

// healthCard reports whether t is helping a household get its BHYT card.
func (t *liveTask) healthCard() bool {
	return t.HouseholdID != nil && t.Selector.Deprivation == "health_insurance"
}

// doneShare is the share of a period's tasks already done when the whole
// period has gone by; the rest is done in its last days.
const doneShare = 0.6

// healthCardVND is the value of a year's health-insurance card of a poor
// person: 4.5% of the base salary (2,340,000 VND) for twelve months.
const healthCardVND = 1_263_600

// liveYear lives plan planID of year up to now, as the units and members
// would have: the tasks of a past year are all done; this year, every task
// due before today is done — except the visits of households nobody is in
// charge of, which stay overdue — and of the tasks of the periods under way,
// a share that grows with the days gone by is done, each person's first
// households first. A visit task done records its visit, some with support
// delivered that day; a BHYT task records the card. Every day is today or
// earlier; the same now writes the same year.
func liveYear(ctx context.Context, tx bun.IDB, loc *time.Location, now time.Time, planID int64, year int) error {
	today := civil.DateOf(now, loc)
	past := year < today.Year()
	var tasks []liveTask
	err := tx.NewSelect().TableExpr("tasks AS t").Join("JOIN duties AS d ON d.id = t.duty_id").
		ColumnExpr("t.id, t.duty_id, t.unit_id, t.user_id, t.household_id, t.period_start, t.due_on, d.frequency, d.selector").
		Where("d.plan_id = ? AND t.status = ? AND t.period_start <= ?", planID, plan.StatusTodo, today).
		OrderExpr("t.id").Scan(ctx, &tasks)
	if err != nil {
		return fmt.Errorf("demo: tasks of plan %d: %w", planID, err)
	}
	r := newRand(uint64(year), 8)
	w := &yearWriter{loc: loc, now: now, today: today, r: r, updates: map[doneKey][]int64{}}
	// The periods under way: per duty and person (or unit), in household order.
	type doer struct{ duty, user, unit int64 }
	current := map[doer][]*liveTask{}
	var order []doer
	for i := range tasks {
		t := &tasks[i]
		nobody := t.visit() && t.UserID == nil
		switch {
		case past:
			w.done(t, t.DueOn)
		case t.DueOn.Before(today):
			if !nobody {
				w.done(t, t.DueOn)
			}
		case t.HouseholdID != nil && !nobody:
			k := doer{duty: t.DutyID, unit: t.UnitID}
			if t.UserID != nil {
				k = doer{duty: t.DutyID, user: *t.UserID}
			}
			if current[k] == nil {
				order = append(order, k)
			}
			current[k] = append(current[k], t)
		}
	}
	for _, k := range order {
		ts := current[k]
		sort.SliceStable(ts, func(a, b int) bool { return *ts[a].HouseholdID < *ts[b].HouseholdID })
		start := ts[0].PeriodStart
		_, last := periodOf(ts[0], today)
		gone := float64(days(start, today)) / float64(days(start, last)+1)
		for _, t := range ts[:int(float64(len(ts))*gone*doneShare)] {
			w.done(t, today)
		}
	}
	return w.flush(ctx, tx)
}

// periodOf returns the first and last day of the period of t (a recurring
// frequency's period holding today; a one-off's runs to its due day).
func periodOf(t *liveTask, today civil.Date) (civil.Date, civil.Date) {
	for _, p := range plan.Periods(t.Frequency, today.Year()) {
		if !p.Start.After(today) && !p.End.Before(today) {
			return p.Start, p.End
		}
	}
	return t.PeriodStart, t.DueOn
}

// days is the number of days from a to b.
func days(a, b civil.Date) int { return int(b.Time().Sub(a.Time()).Hours() / 24) }

// doneKey groups the tasks ticked off at the same instant with the same note.
type doneKey struct {
	at   time.Time
	note string
}

// yearWriter collects what liveYear writes, to write it in a few statements.
type yearWriter struct {
	loc     *time.Location
	now     time.Time
	today   civil.Date
	r       *rand.Rand
	updates map[doneKey][]int64
	visits  []support.Visit
	records []support.Record
}

// done ticks t off on a day between its period's start and until (at the
// latest today), recording its visit or its card.
func (w *yearWriter) done(t *liveTask, until civil.Date) {
	if w.today.Before(until) {
		until = w.today
	}
	day := t.PeriodStart
	if n := days(t.PeriodStart, until); n > 0 {
		day = addDays(day, w.r.IntN(n+1))
	}
	at := time.Date(day.Year(), day.Time().Month(), day.Time().Day(), 8+w.r.IntN(9), w.r.IntN(60), 0, 0, w.loc)
	if at.After(w.now) {
		at = w.now
	}
	at = at.UTC()
	note := "Đã hoàn thành."
	switch {
	case t.visit():
		note = "Đã thăm hỏi, nắm tình hình hộ."
		id := t.ID
		w.visits = append(w.visits, support.Visit{HouseholdID: *t.HouseholdID, UnitID: &t.UnitID, UserID: t.UserID, VisitedOn: day,
			Note: visitNotes[w.r.IntN(len(visitNotes))], TaskID: &id, CreatedAt: at})
		if w.r.IntN(3) == 0 {
			w.records = append(w.records, w.gift(t, day, at))
		}
	case t.healthCard():
		note = "Đã cấp thẻ BHYT cho hộ."
		id := t.ID
		w.records = append(w.records, support.Record{HouseholdID: *t.HouseholdID, UnitID: &t.UnitID, DeliveredOn: day,
			Type: support.TypeHealthInsurance, ValueVND: healthCardVND, FundingSource: support.SourceStateBudget,
			Note: "Cấp thẻ BHYT hộ nghèo, cận nghèo", TaskID: &id, Version: 1, CreatedAt: at, UpdatedAt: at})
	case t.HouseholdID != nil:
		note = "Đã rà soát, cập nhật thông tin hộ."
	}
	k := doneKey{at: at, note: note}
	w.updates[k] = append(w.updates[k], t.ID)
}

// Visit notes a party member might write.
var visitNotes = []string{
	"Gia đình ổn định, con đi học đều.",
	"Chủ hộ đau yếu, đã hướng dẫn khám bệnh bằng thẻ BHYT.",
	"Đã vận động hộ vay vốn Ngân hàng Chính sách xã hội để buôn bán nhỏ.",
	"Hộ có việc làm thời vụ, thu nhập có cải thiện.",
	"Nhà xuống cấp, đề xuất Ủy ban MTTQ hỗ trợ sửa chữa chống dột.",
	"Động viên gia đình, nắm nhu cầu học nghề của con lớn.",
	"Người cao tuổi sống một mình, đã nhờ tổ dân phố thường xuyên thăm nom.",
}

// gift is support delivered on the day of a visit: a Tết gift early in the
// year, else one of the kinds a ward gives most.
func (w *yearWriter) gift(t *liveTask, day civil.Date, at time.Time) support.Record {
	kinds := []struct {
		typ    support.Type
		value  int64
		source support.Source
		note   string
		weight int
	}{
		{support.TypeCash, 1_000_000, support.SourceSocial, "Hỗ trợ tiền mặt lúc khó khăn", 30},
		{support.TypeElectricity, 300_000, support.SourceStateBudget, "Hỗ trợ tiền điện quý", 25},
		{support.TypeTuition, 1_500_000, support.SourceStateBudget, "Miễn học phí cho con đang học THCS", 15},
		{support.TypeVocationalTraining, 3_000_000, support.SourceStateBudget, "Học nghề may công nghiệp", 10},
		{support.TypeCleanWater, 2_000_000, support.SourceEnterprise, "Lắp đồng hồ nước sạch (doanh nghiệp tài trợ)", 8},
		{support.TypeLoan, 50_000_000, support.SourceStateBudget, "Vay vốn hộ nghèo qua Ngân hàng Chính sách xã hội", 8},
		{support.TypeHousing, 30_000_000, support.SourceFundForPoor, "Sửa chữa chống dột từ Quỹ Vì người nghèo", 4},
	}
	weights := make([]int, len(kinds))
	for i, k := range kinds {
		weights[i] = k.weight
	}
	k := kinds[pickIndex(w.r, weights)]
	if day.Time().Month() <= time.February {
		k = kinds[0]
		k.typ, k.value, k.source, k.note = support.TypeTetGift, 500_000, support.SourceFundForPoor, "Quà Tết Nguyên đán"
	}
	return support.Record{HouseholdID: *t.HouseholdID, UnitID: &t.UnitID, UserID: t.UserID, DeliveredOn: day, Type: k.typ,
		ValueVND: k.value, FundingSource: k.source, Note: k.note, Version: 1, CreatedAt: at, UpdatedAt: at}
}

// flush writes the tasks ticked off, the visits and the support records.
func (w *yearWriter) flush(ctx context.Context, tx bun.IDB) error {
	keys := make([]doneKey, 0, len(w.updates))
	for k := range w.updates {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if !keys[a].at.Equal(keys[b].at) {
			return keys[a].at.Before(keys[b].at)
		}
		return keys[a].note < keys[b].note
	})
	for _, k := range keys {
		for _, ids := range chunks(w.updates[k], codesPerLookup) {
			_, err := tx.NewUpdate().Table("tasks").Set("status = ?", plan.StatusDone).Set("done_at = ?", k.at).Set("note = ?", k.note).
				Set("version = version + 1").Set("updated_at = ?", k.at).Where("id IN (?)", bun.In(ids)).Exec(ctx)
			if err != nil {
				return fmt.Errorf("demo: tick off tasks: %w", err)
			}
		}
	}
	if err := insertChunks(ctx, tx, w.visits, "visits"); err != nil {
		return err
	}
	return insertChunks(ctx, tx, w.records, "support records")
}

// addDays returns d moved by n days.
func addDays(d civil.Date, n int) civil.Date {
	t := d.Time().AddDate(0, 0, n)
	return civil.NewDate(t.Year(), t.Month(), t.Day())
}
