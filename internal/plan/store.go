package plan

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// Summary is what one expansion did.
type Summary struct {
	PlanID    int64      `json:"plan_id"`
	Year      int        `json:"year"`
	AsOf      civil.Date `json:"as_of" doc:"today: periods over before this day were left as they were"`
	YearOver  bool       `json:"year_over" doc:"the plan's year ended before as_of: its tasks are history, none are created or moved (only the open tasks of archived households are closed)"`
	Created   int        `json:"created"`
	Reopened  int        `json:"reopened" doc:"tasks closed by an earlier expansion, wanted again"`
	Updated   int        `json:"updated" doc:"open tasks moved to a new unit or person, or given a new due day"`
	Closed    int        `json:"closed" doc:"open tasks no longer wanted (status cancelled, with closed_reason)"`
	Unchanged int        `json:"unchanged"`
	Skipped   []Skip     `json:"skipped" doc:"households that match a duty but have no unit to own their tasks"`
}

// insertBatch is the number of tasks per INSERT.
const insertBatch = 500

// Expand expands a plan's duties into tasks for the plan's year as of now,
// in one transaction, and records one audit entry with what it did.
// Re-running it with the register unchanged changes nothing.
func (s *Service) Expand(ctx context.Context, now time.Time, planID int64) (*Summary, error) {
	var out *Summary
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		p, _, err := writablePlan(ctx, tx, planID)
		if err != nil {
			return err
		}
		out, err = s.expandTx(ctx, tx, now, p)
		return err
	})
	return out, err
}

// ExpandYear expands every plan of a year that the caller may change, each
// in its own transaction: the scheduler's nightly run (as access.System()),
// so that tasks follow the register. It stops at the first error.
func (s *Service) ExpandYear(ctx context.Context, now time.Time, year int) ([]Summary, error) {
	plans, err := s.List(ctx, ListFilter{Year: year})
	if err != nil {
		return nil, err
	}
	out := []Summary{}
	for _, p := range plans {
		if mayManage(ctx, p.AreaPath) != nil {
			continue
		}
		sum, err := s.Expand(ctx, now, p.ID)
		if err != nil {
			return out, fmt.Errorf("expand plan %d: %w", p.ID, err)
		}
		out = append(out, *sum)
	}
	return out, nil
}

// focus narrows an expansion: to some duties (adding or changing a duty
// leaves the others as they are), or to some households' tasks of the
// per-household duties (a change to those households leaves every other
// task as it is). The zero focus is the whole plan.
type focus struct {
	duties     []int64
	households []int64
}

// expandTx runs the expansion of plan p inside tx, of all its duties or of
// the focus given, and records it in the audit trail.
func (s *Service) expandTx(ctx context.Context, tx bun.IDB, now time.Time, p *View, dutyID ...int64) (*Summary, error) {
	return s.expandFocus(ctx, tx, now, p, focus{duties: dutyID})
}

func (s *Service) expandFocus(ctx context.Context, tx bun.IDB, now time.Time, p *View, f focus) (*Summary, error) {
	w, existing, err := loadWorld(ctx, tx, p, s.today(now), f)
	if err != nil {
		return nil, err
	}
	wants, skips := Desired(w)
	sortWants(wants)
	a := reconcile(w, existing, wants, skips)
	sum := &Summary{PlanID: p.ID, Year: p.Year, AsOf: w.Today, YearOver: w.Today.After(civil.NewDate(p.Year, time.December, 31)),
		Unchanged: a.unchanged, Skipped: skips}
	if sum.Skipped == nil {
		sum.Skipped = []Skip{}
	}
	if err := apply(ctx, tx, now, a, sum); err != nil {
		return nil, err
	}
	if f.households != nil {
		// Following a change to households: recorded when it changed tasks.
		if sum.Created+sum.Reopened+sum.Updated+sum.Closed == 0 {
			return sum, nil
		}
		return sum, audit.Record(ctx, tx, now, audit.Change{Action: actionExpand, Entity: "plan", EntityID: p.ID, AreaPath: p.AreaPath,
			After: map[string]any{"households": f.households, "summary": sum}})
	}
	return sum, audit.Record(ctx, tx, now, audit.Change{Action: actionExpand, Entity: "plan", EntityID: p.ID, AreaPath: p.AreaPath, After: sum})
}

// FollowHouseholds brings the tasks of the given households into line with
// the register after they changed (a new household, a new class, a move,
// an archive, a new unit or person): every plan of this year or later that
// covers them, or holds open tasks of theirs, is expanded for them alone,
// inside db (the transaction of the change). Other households' tasks and
// per-unit tasks are left as they are. A plan's expansion is recorded in the
// audit trail when it changed tasks.
func (s *Service) FollowHouseholds(ctx context.Context, db bun.IDB, now time.Time, households []int64) error {
	if len(households) == 0 {
		return nil
	}
	var plans []View
	err := plansOf(db).Where("p.archived_at IS NULL AND p.year >= ?", s.today(now).Year()).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("EXISTS (SELECT 1 FROM households AS h JOIN areas AS ha ON ha.id = h.area_id WHERE h.id IN (?) AND ha.path LIKE a.path || '%')", bun.In(households)).
				WhereOr("EXISTS (SELECT 1 FROM tasks AS t JOIN duties AS d ON d.id = t.duty_id WHERE d.plan_id = p.id AND t.household_id IN (?) AND t.status IN (?))",
					bun.In(households), bun.In(openStatuses))
		}).
		OrderExpr("p.id").Scan(ctx, &plans)
	if err != nil {
		return apperr.Wrap(err, "follow households: plans")
	}
	for i := range plans {
		if _, err := s.expandFocus(ctx, db, now, &plans[i], focus{households: households}); err != nil {
			return fmt.Errorf("follow households: plan %d: %w", plans[i].ID, err)
		}
	}
	return nil
}

// FollowUnit brings tasks into line after a unit was archived, inside db
// (the archive's transaction): its households' open tasks go to another unit
// or close (FollowHouseholds), and the duties whose per-unit tasks it holds
// open in this year's plans or later are expanded again, which closes them
// (unit.not_responsible) for periods not over.
func (s *Service) FollowUnit(ctx context.Context, db bun.IDB, now time.Time, unitID int64) error {
	var households []int64
	if err := db.NewSelect().Table("tasks").ColumnExpr("DISTINCT household_id").
		Where("unit_id = ? AND household_id IS NOT NULL AND status IN (?)", unitID, bun.In(openStatuses)).Scan(ctx, &households); err != nil {
		return apperr.Wrap(err, "follow unit: households")
	}
	if err := s.FollowHouseholds(ctx, db, now, households); err != nil {
		return err
	}
	var duties []struct {
		PlanID int64 `bun:"plan_id"`
		DutyID int64 `bun:"id"`
	}
	if err := db.NewSelect().TableExpr("duties AS d").ColumnExpr("DISTINCT d.plan_id, d.id").
		Join("JOIN tasks AS t ON t.duty_id = d.id").Join("JOIN plans AS p ON p.id = d.plan_id").
		Where("t.unit_id = ? AND t.household_id IS NULL AND t.status IN (?) AND p.archived_at IS NULL AND p.year >= ?",
			unitID, bun.In(openStatuses), s.today(now).Year()).
		OrderExpr("d.plan_id, d.id").Scan(ctx, &duties); err != nil {
		return apperr.Wrap(err, "follow unit: duties")
	}
	byPlan := map[int64][]int64{}
	var planIDs []int64
	for _, d := range duties {
		if byPlan[d.PlanID] == nil {
			planIDs = append(planIDs, d.PlanID)
		}
		byPlan[d.PlanID] = append(byPlan[d.PlanID], d.DutyID)
	}
	for _, id := range planIDs {
		p := new(View)
		if err := plansOf(db).Where("p.id = ?", id).Scan(ctx, p); err != nil {
			return apperr.Wrap(err, "follow unit: plan")
		}
		if _, err := s.expandFocus(ctx, db, now, p, focus{duties: byPlan[id]}); err != nil {
			return fmt.Errorf("follow unit: plan %d: %w", id, err)
		}
	}
	return nil
}

// loadWorld reads what the expansion of p needs, and the tasks of its
// duties (or of the duties given).
func loadWorld(ctx context.Context, db bun.IDB, p *View, today civil.Date, f focus) (*World, []Task, error) {
	w := &World{Year: p.Year, PlanPath: p.AreaPath, Today: today, Units: map[int64]UnitInfo{},
		Households: map[int64]HouseholdInfo{}, AreaPaths: map[int64]string{}, UnitsOf: map[int64][]int64{},
		PersonOf: map[int64]int64{}, Members: map[int64]map[int64]bool{}}
	duties := db.NewSelect().Model(&w.Duties).Where("plan_id = ?", p.ID)
	tasks := db.NewSelect().Table("duties").Column("id").Where("plan_id = ?", p.ID)
	if len(f.duties) > 0 {
		duties, tasks = duties.Where("id IN (?)", bun.In(f.duties)), tasks.Where("id IN (?)", bun.In(f.duties))
	}
	if f.households != nil {
		duties, tasks = duties.Where("target = ?", PerHousehold), tasks.Where("target = ?", PerHousehold)
	}
	if err := duties.Order("id").Scan(ctx); err != nil {
		return nil, nil, apperr.Wrap(err, "expand: duties")
	}
	// Counted first so that the tasks are read into one allocation.
	cq := db.NewSelect().Table("tasks").Where("duty_id IN (?)", tasks)
	if f.households != nil {
		cq = cq.Where("household_id IN (?)", bun.In(f.households))
	}
	n, err := cq.Count(ctx)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "expand: count tasks")
	}
	existing := make([]Task, 0, n)
	q := db.NewSelect().Model(&existing).Column("id", "duty_id", "unit_id", "user_id", "household_id", "period", "period_start",
		"period_end", "due_on", "status", "closed_reason", "version").Where("duty_id IN (?)", tasks)
	if f.households != nil {
		q = q.Where("household_id IN (?)", bun.In(f.households))
	}
	if err := q.Order("id").Scan(ctx); err != nil {
		return nil, nil, apperr.Wrap(err, "expand: tasks")
	}
	var areaIDs, unitIDs []int64
	var kinds []unit.Kind
	for _, d := range w.Duties {
		if d.ScopeAreaID != nil {
			areaIDs = append(areaIDs, *d.ScopeAreaID)
		}
		if d.Selector.AreaID != 0 {
			areaIDs = append(areaIDs, d.Selector.AreaID)
		}
		if d.UnitID != nil {
			unitIDs = append(unitIDs, *d.UnitID)
		} else {
			kinds = append(kinds, d.UnitKind)
		}
	}
	areas, err := areasByID(ctx, db, areaIDs)
	if err != nil {
		return nil, nil, err
	}
	for id, a := range areas {
		w.AreaPaths[id] = a.Path
	}
	if err := loadUnits(ctx, db, w, unitIDs, kinds); err != nil {
		return nil, nil, err
	}
	if err := loadHouseholds(ctx, db, w, p.ID, f.households); err != nil {
		return nil, nil, err
	}
	return w, existing, nil
}

// loadUnits reads the units that may be responsible and their current members.
func loadUnits(ctx context.Context, db bun.IDB, w *World, ids []int64, kinds []unit.Kind) error {
	if len(ids) == 0 && len(kinds) == 0 {
		return nil
	}
	var rows []struct {
		ID   int64     `bun:"id"`
		Kind unit.Kind `bun:"kind"`
		Path string    `bun:"path"`
	}
	q := db.NewSelect().TableExpr("units AS u").ColumnExpr("u.id, u.kind, a.path").Join("JOIN areas AS a ON a.id = u.area_id").
		Where("u.archived_at IS NULL").WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.Where("1 = 0")
		if len(ids) > 0 {
			q = q.WhereOr("u.id IN (?)", bun.In(ids))
		}
		if len(kinds) > 0 {
			q = q.WhereOr("(u.kind IN (?) AND a.path LIKE ?)", bun.In(kinds), w.PlanPath+"%")
		}
		return q
	})
	if err := q.Scan(ctx, &rows); err != nil {
		return apperr.Wrap(err, "expand: units")
	}
	unitIDs := make([]int64, 0, len(rows))
	for _, r := range rows {
		w.Units[r.ID] = UnitInfo{ID: r.ID, Kind: r.Kind, Path: r.Path}
		unitIDs = append(unitIDs, r.ID)
	}
	if len(unitIDs) == 0 {
		return nil
	}
	var members []struct {
		UnitID int64 `bun:"unit_id"`
		UserID int64 `bun:"user_id"`
	}
	if err := db.NewSelect().Table("memberships").Column("unit_id", "user_id").
		Where("ended_at IS NULL AND unit_id IN (?)", bun.In(unitIDs)).Scan(ctx, &members); err != nil {
		return apperr.Wrap(err, "expand: members")
	}
	for _, m := range members {
		if w.Members[m.UnitID] == nil {
			w.Members[m.UnitID] = map[int64]bool{}
		}
		w.Members[m.UnitID][m.UserID] = true
	}
	// The areas each unit is in charge of today (phụ trách địa bàn).
	var charges []struct {
		UnitID int64  `bun:"unit_id"`
		Path   string `bun:"path"`
	}
	if err := db.NewSelect().TableExpr("unit_areas AS ua").ColumnExpr("ua.unit_id, a.path").Join("JOIN areas AS a ON a.id = ua.area_id").
		Where("ua.unit_id IN (?) AND ua.valid_from <= ? AND (ua.valid_to IS NULL OR ua.valid_to > ?)", bun.In(unitIDs), w.Today, w.Today).
		OrderExpr("ua.unit_id, a.path").Scan(ctx, &charges); err != nil {
		return apperr.Wrap(err, "expand: areas in charge")
	}
	for _, c := range charges {
		u := w.Units[c.UnitID]
		u.Charge = append(u.Charge, c.Path)
		w.Units[c.UnitID] = u
	}
	return nil
}

// loadHouseholds reads the households of the plan's area and those with
// open tasks of the plan elsewhere (or only the households given, wherever
// they are), and their assignments in force today (a move dated in the
// future is seen on its day, by the nightly expansion or the next change).
func loadHouseholds(ctx context.Context, db bun.IDB, w *World, planID int64, only []int64) error {
	var rows []struct {
		ID           int64                `bun:"id"`
		Path         string               `bun:"path"`
		Class        poverty.Class        `bun:"classification"`
		Deprivations poverty.Deprivations `bun:"deprivations"`
		Flags        poverty.Flags        `bun:"flags"`
		ArchivedAt   *time.Time           `bun:"archived_at"`
	}
	hq := db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").
		ColumnExpr("h.id, a.path, h.classification, h.deprivations, h.flags, h.archived_at")
	if only != nil {
		hq = hq.Where("h.id IN (?)", bun.In(only))
	} else {
		hq = hq.Where("a.path LIKE ?", w.PlanPath+"%").
			WhereOr("h.id IN (SELECT t.household_id FROM tasks AS t JOIN duties AS d ON d.id = t.duty_id WHERE d.plan_id = ? AND t.status IN (?))",
				planID, bun.In(openStatuses))
	}
	err := hq.Scan(ctx, &rows)
	if err != nil {
		return apperr.Wrap(err, "expand: households")
	}
	for _, r := range rows {
		w.Households[r.ID] = HouseholdInfo{ID: r.ID, Path: r.Path, Class: r.Class, Deprivations: r.Deprivations, Flags: r.Flags, Archived: r.ArchivedAt != nil}
	}
	var assigned []struct {
		HouseholdID int64  `bun:"household_id"`
		UnitID      *int64 `bun:"unit_id"`
		UserID      *int64 `bun:"user_id"`
	}
	aq := db.NewSelect().TableExpr("household_assignments AS ha").ColumnExpr("ha.household_id, ha.unit_id, ha.user_id").
		Join("JOIN households AS h ON h.id = ha.household_id").Join("JOIN areas AS a ON a.id = h.area_id").
		Where(access.InForce("ha", w.Today))
	if only != nil {
		aq = aq.Where("ha.household_id IN (?)", bun.In(only))
	} else {
		aq = aq.Where("a.path LIKE ?", w.PlanPath+"%")
	}
	err = aq.OrderExpr("ha.household_id, ha.is_primary DESC, ha.valid_from DESC, ha.id DESC").Scan(ctx, &assigned)
	if err != nil {
		return apperr.Wrap(err, "expand: assignments")
	}
	for _, a := range assigned {
		switch {
		case a.UnitID != nil:
			w.UnitsOf[a.HouseholdID] = append(w.UnitsOf[a.HouseholdID], *a.UnitID)
		case a.UserID != nil:
			if _, ok := w.PersonOf[a.HouseholdID]; !ok {
				w.PersonOf[a.HouseholdID] = *a.UserID
			}
		}
	}
	return nil
}

// nullable returns nil for 0.
func nullable(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// apply writes what reconcile decided and counts it into sum.
func apply(ctx context.Context, tx bun.IDB, now time.Time, a actions, sum *Summary) error {
	now = now.UTC()
	rows := make([]Task, len(a.create))
	for i, w := range a.create {
		rows[i] = Task{DutyID: w.DutyID, UnitID: w.UnitID, UserID: nullable(w.UserID), HouseholdID: nullable(w.HouseholdID),
			Period: w.Period.Key, PeriodStart: w.Period.Start, PeriodEnd: w.Period.End, DueOn: w.Due, Status: StatusTodo,
			Version: 1, CreatedAt: now, UpdatedAt: now}
	}
	for start := 0; start < len(rows); start += insertBatch {
		batch := rows[start:min(start+insertBatch, len(rows))]
		// A task another run inserted meanwhile is left alone (the unique index).
		res, err := tx.NewInsert().Model(&batch).On("CONFLICT DO NOTHING").Returning("NULL").Exec(ctx)
		if err != nil {
			return apperr.Wrap(err, "expand: insert tasks")
		}
		n, _ := res.RowsAffected()
		sum.Created += int(n)
	}
	for _, c := range a.reopen {
		n, err := setOwner(ctx, tx, now, c, "status = ?", StatusCancelled)
		if err != nil {
			return err
		}
		sum.Reopened += n
	}
	for _, c := range a.update {
		n, err := setOwner(ctx, tx, now, c, "status IN (?)", bun.In(openStatuses))
		if err != nil {
			return err
		}
		sum.Updated += n
	}
	byReason := map[string][]int64{}
	var reasons []string
	for _, c := range a.close {
		if byReason[c.reason] == nil {
			reasons = append(reasons, c.reason)
		}
		byReason[c.reason] = append(byReason[c.reason], c.id)
	}
	for _, reason := range reasons {
		ids := byReason[reason]
		for start := 0; start < len(ids); start += insertBatch {
			res, err := tx.NewUpdate().Model((*Task)(nil)).Set("status = ?", StatusCancelled).Set("closed_reason = ?", reason).
				Set("version = version + 1").Set("updated_at = ?", now).
				Where("id IN (?) AND status IN (?)", bun.In(ids[start:min(start+insertBatch, len(ids))]), bun.In(openStatuses)).Exec(ctx)
			if err != nil {
				return apperr.Wrap(err, "expand: close tasks")
			}
			n, _ := res.RowsAffected()
			sum.Closed += int(n)
		}
	}
	return nil
}

// setOwner gives a task its unit, person and due day (and, for a reopened
// one, status todo) if it is still in the state reconcile saw.
func setOwner(ctx context.Context, tx bun.IDB, now time.Time, c change, cond string, arg any) (int, error) {
	res, err := tx.NewUpdate().Model((*Task)(nil)).Set("status = CASE WHEN status = ? THEN ? ELSE status END", StatusCancelled, StatusTodo).
		Set("closed_reason = ''").Set("unit_id = ?", c.unitID).Set("user_id = ?", nullable(c.userID)).Set("due_on = ?", c.due).
		Set("version = version + 1").Set("updated_at = ?", now).Where("id = ?", c.id).Where(cond, arg).Exec(ctx)
	if err != nil {
		return 0, apperr.Wrap(err, "expand: update task")
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
