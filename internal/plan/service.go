package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// Service keeps plans, targets, duties and tasks.
type Service struct {
	db  bun.IDB
	loc *time.Location
}

// NewService returns the plan service on db (a database, or a transaction:
// the demo loader writes its plans inside the ward's); loc is the time zone
// of "today" and of the periods.
func NewService(db bun.IDB, loc *time.Location) *Service { return &Service{db: db, loc: loc} }

func (s *Service) today(now time.Time) civil.Date { return civil.DateOf(now, s.loc) }

// planQuery selects plan views scoped to the areas the caller sees.
func planQuery(ctx context.Context, db bun.IDB) *bun.SelectQuery {
	return access.ScopeAreas(ctx, plansOf(db), "a.path")
}

// plansOf selects plans (as View) with their area's name and path, not
// scoped: for the expansions that follow a change someone was allowed to make.
func plansOf(db bun.IDB) *bun.SelectQuery {
	return db.NewSelect().TableExpr("plans AS p").ColumnExpr("p.*, a.name AS area_name, a.path AS area_path").
		Join("JOIN areas AS a ON a.id = p.area_id")
}

// visiblePlan returns the plan and its area's path if the caller may see it.
func visiblePlan(ctx context.Context, db bun.IDB, id int64) (*View, string, error) {
	v := new(View)
	err := planQuery(ctx, db).Where("p.id = ?", id).Scan(ctx, v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.NotFoundError(entityPlan)
	}
	if err != nil {
		return nil, "", apperr.Wrap(err, fmt.Sprintf("get plan %d", id))
	}
	return v, v.AreaPath, nil
}

// mayManage refuses unless the caller enters plans at path: chairs (assign)
// and officers (register) of the area.
func mayManage(ctx context.Context, path string) error {
	p := access.From(ctx)
	if p.Can(access.Assign, path) || p.Can(access.WriteRegister, path) {
		return nil
	}
	return apperr.New(apperr.Forbidden, "error.forbidden", nil)
}

// writablePlan returns the plan and its path if the caller may change it;
// an archived plan is a conflict.
func writablePlan(ctx context.Context, db bun.IDB, id int64) (*View, string, error) {
	v, path, err := visiblePlan(ctx, db, id)
	if err != nil {
		return nil, "", err
	}
	if err := mayManage(ctx, path); err != nil {
		return nil, "", err
	}
	if v.ArchivedAt != nil {
		return nil, "", apperr.New(apperr.Conflict, "plan.archived", nil)
	}
	return v, path, nil
}

// ListFilter selects plans.
type ListFilter struct {
	AreaID   int64 // the area's subtree; 0 = all in sight
	Year     int
	Archived bool
}

// List returns the plans the caller sees, newest year first.
func (s *Service) List(ctx context.Context, f ListFilter) ([]View, error) {
	q := planQuery(ctx, s.db)
	if f.AreaID != 0 {
		q = q.Where("a.path LIKE (SELECT path FROM areas WHERE id = ?) || '%'", f.AreaID)
	}
	if f.Year != 0 {
		q = q.Where("p.year = ?", f.Year)
	}
	if f.Archived {
		q = q.Where("p.archived_at IS NOT NULL")
	} else {
		q = q.Where("p.archived_at IS NULL")
	}
	out := []View{}
	if err := q.OrderExpr("p.year DESC, a.path, p.id").Limit(1000).Scan(ctx, &out); err != nil {
		return nil, apperr.Wrap(err, "list plans")
	}
	return out, nil
}

// Detail is a plan with its targets and duties.
type Detail struct {
	Plan    View         `json:"plan"`
	Targets []TargetView `json:"targets"`
	Duties  []DutyView   `json:"duties"`
}

// Get returns a plan with its targets and its duties (their tasks counted).
func (s *Service) Get(ctx context.Context, id int64) (*Detail, error) {
	v, _, err := visiblePlan(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Plan: *v, Targets: []TargetView{}, Duties: []DutyView{}}
	err = s.db.NewSelect().TableExpr("plan_targets AS pt").ColumnExpr("pt.*, a.name AS area_name").
		Join("JOIN areas AS a ON a.id = pt.area_id").Where("pt.plan_id = ?", id).OrderExpr("pt.id").Scan(ctx, &d.Targets)
	if err != nil {
		return nil, apperr.Wrap(err, "plan targets")
	}
	err = s.db.NewSelect().TableExpr("duties AS d").ColumnExpr("d.*, COALESCE(u.name, '') AS unit_name").
		Join("LEFT JOIN units AS u ON u.id = d.unit_id").Where("d.plan_id = ?", id).OrderExpr("d.id").Scan(ctx, &d.Duties)
	if err != nil {
		return nil, apperr.Wrap(err, "plan duties")
	}
	var counts []struct {
		DutyID int64  `bun:"duty_id"`
		Status Status `bun:"status"`
		N      int    `bun:"n"`
	}
	err = s.db.NewSelect().TableExpr("tasks AS t").ColumnExpr("t.duty_id, t.status, COUNT(*) AS n").
		Where("t.duty_id IN (SELECT id FROM duties WHERE plan_id = ?)", id).GroupExpr("t.duty_id, t.status").Scan(ctx, &counts)
	if err != nil {
		return nil, apperr.Wrap(err, "count plan tasks")
	}
	for i := range d.Duties {
		tc := &d.Duties[i].Tasks
		for _, c := range counts {
			if c.DutyID != d.Duties[i].ID {
				continue
			}
			tc.Total += c.N
			switch {
			case c.Status.Open():
				tc.Open += c.N
			case c.Status == StatusDone:
				tc.Done += c.N
			case c.Status == StatusCancelled:
				tc.Cancelled += c.N
			}
		}
	}
	return d, nil
}

// Create enters a plan.
func (s *Service) Create(ctx context.Context, now time.Time, in Input) (*Plan, error) {
	var out *Plan
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		path, err := checkPlan(ctx, tx, &in)
		if err != nil {
			return err
		}
		out = &Plan{AreaID: in.AreaID, Kind: in.Kind, Issuer: in.Issuer, IssuerUnitID: in.IssuerUnitID, Number: in.Number,
			IssuedOn: in.IssuedOn, Year: in.Year, Title: in.Title, Version: 1, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		if _, err := tx.NewInsert().Model(out).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert plan")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "plan", EntityID: out.ID, AreaPath: path, After: out})
	})
	return out, err
}

// getPlan reads a plan row.
func getPlan(ctx context.Context, db bun.IDB, id int64) (*Plan, error) {
	p := new(Plan)
	if err := db.NewSelect().Model(p).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("read plan %d", id))
	}
	return p, nil
}

// Update changes a plan if version is current. Its area and year are fixed
// once it has duties (their tasks belong to that area and year).
func (s *Service) Update(ctx context.Context, now time.Time, id int64, version int, in Input) (*Plan, error) {
	var out *Plan
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, oldPath, err := writablePlan(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return apperr.StaleVersion(entityPlan, cur.Version)
		}
		if _, err := checkPlan(ctx, tx, &in); err != nil {
			return err
		}
		if in.AreaID != cur.AreaID || in.Year != cur.Year {
			n, err := tx.NewSelect().Model((*Duty)(nil)).Where("plan_id = ?", id).Count(ctx)
			if err != nil {
				return apperr.Wrap(err, "count duties")
			}
			if n > 0 {
				field := "year"
				if in.AreaID != cur.AreaID {
					field = "area_id"
				}
				return apperr.InvalidFields(apperr.Field(field, "plan.fixed_with_duties", nil))
			}
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Plan)(nil)).Set("area_id = ?", in.AreaID).
			Set("kind = ?", in.Kind).Set("issuer = ?", in.Issuer).Set("issuer_unit_id = ?", in.IssuerUnitID).
			Set("number = ?", in.Number).Set("issued_on = ?", in.IssuedOn).Set("year = ?", in.Year).Set("title = ?", in.Title),
			id, version, now)
		if err != nil {
			return apperr.Wrap(err, "update plan")
		}
		if !ok {
			return apperr.StaleVersion(entityPlan, cur.Version)
		}
		if out, err = getPlan(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "plan", EntityID: id, AreaPath: oldPath,
			Before: cur.Plan, After: out})
	})
	return out, err
}

// Archive withdraws a plan: it is kept, never deleted, and its open tasks
// are closed (reason plan.archived).
func (s *Service) Archive(ctx context.Context, now time.Time, id int64, version int) (*Plan, error) {
	var out *Plan
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, path, err := writablePlan(ctx, tx, id)
		if err != nil {
			return err
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Plan)(nil)).Set("archived_at = ?", now.UTC()), id, version, now)
		if err != nil {
			return apperr.Wrap(err, "archive plan")
		}
		if !ok {
			return apperr.StaleVersion(entityPlan, cur.Version)
		}
		res, err := tx.NewUpdate().Model((*Task)(nil)).Set("status = ?", StatusCancelled).Set("closed_reason = ?", reasonPlanArchived).
			Set("version = version + 1").Set("updated_at = ?", now.UTC()).Where("status IN (?)", bun.In(openStatuses)).
			Where("duty_id IN (SELECT id FROM duties WHERE plan_id = ?)", id).Exec(ctx)
		if err != nil {
			return apperr.Wrap(err, "close the plan's tasks")
		}
		closed, _ := res.RowsAffected()
		if out, err = getPlan(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Archive, Entity: "plan", EntityID: id, AreaPath: path,
			Before: cur.Plan, After: map[string]any{"plan": out, "tasks_closed": closed}})
	})
	return out, err
}
