// Package report is the periodic reports (báo cáo định kỳ): obligations
// (chế độ báo cáo) say which units report to which recipients, how often and
// by when; a report is one unit's report of one period, created ahead of its
// period for every unit expected to write it, then drafted, submitted,
// returned, approved and reopened, each step kept and audited.
package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/calendar"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/plan"
	"chungtay/internal/unit"
)

// Obligation is a reporting obligation (chế độ báo cáo).
type Obligation struct {
	bun.BaseModel `bun:"table:report_obligations,alias:o"`

	ID             int64               `bun:"id,pk,autoincrement" json:"id"`
	AreaID         int64               `bun:"area_id,notnull" json:"area_id"`
	PlanID         *int64              `bun:"plan_id" json:"plan_id"`
	Name           string              `bun:"name,notnull" json:"name"`
	ReporterUnitID *int64              `bun:"reporter_unit_id" json:"reporter_unit_id"`
	ReporterKind   unit.Kind           `bun:"reporter_kind,notnull" json:"reporter_kind"`
	Frequency      plan.Frequency      `bun:"frequency,notnull" json:"frequency"`
	DueKind        calendar.DueKind    `bun:"due_kind,notnull" json:"-"`
	DueDays        int                 `bun:"due_days,notnull" json:"-"`
	DueDay         int                 `bun:"due_day,notnull" json:"-"`
	DueMonthsAfter int                 `bun:"due_months_after,notnull" json:"-"`
	Window         calendar.WindowKind `bun:"window_kind,notnull" json:"window"`
	ValidFrom      civil.Date          `bun:"valid_from,notnull" json:"valid_from"`
	ValidTo        civil.Date          `bun:"valid_to,nullzero" json:"valid_to"`
	ArchivedAt     *time.Time          `bun:"archived_at" json:"archived_at"`
	Version        int                 `bun:"version,notnull" json:"version"`
	CreatedAt      time.Time           `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt      time.Time           `bun:"updated_at,notnull" json:"updated_at"`
}

// Due is the obligation's due rule.
func (o *Obligation) Due() calendar.DueRule {
	return calendar.DueRule{Kind: o.DueKind, Days: o.DueDays, Day: o.DueDay, MonthsAfter: o.DueMonthsAfter}
}

// ObligationView is an obligation with its area, reporter and recipients named.
type ObligationView struct {
	Obligation
	Due              calendar.DueRule `bun:"-" json:"due"`
	AreaName         string           `bun:"area_name" json:"area_name"`
	AreaPath         string           `bun:"area_path" json:"-"`
	ReporterUnitName string           `bun:"reporter_unit_name" json:"reporter_unit_name"`
	Recipients       []UnitRef        `bun:"-" json:"recipients"`
}

// UnitRef names a unit.
type UnitRef struct {
	ID   int64  `bun:"id" json:"id"`
	Name string `bun:"name" json:"name"`
}

// ObligationInput creates or changes an obligation.
type ObligationInput struct {
	AreaID         int64               `json:"area_id" doc:"where the obligation applies: its units report"`
	PlanID         *int64              `json:"plan_id,omitempty" required:"false"`
	Name           string              `json:"name" maxLength:"300"`
	ReporterUnitID *int64              `json:"reporter_unit_id,omitempty" required:"false" doc:"one unit reports, or…"`
	ReporterKind   unit.Kind           `json:"reporter_kind,omitempty" required:"false" doc:"…every unit of this kind in the area's subtree"`
	RecipientIDs   []int64             `json:"recipient_ids" maxItems:"20" doc:"the units the reports go to (Nơi nhận)"`
	Frequency      plan.Frequency      `json:"frequency" enum:"monthly,quarterly,six_monthly,yearly"`
	Due            calendar.DueRule    `json:"due"`
	Window         calendar.WindowKind `json:"window,omitempty" required:"false" enum:"calendar,state_cut_off"`
	ValidFrom      civil.Date          `json:"valid_from"`
	ValidTo        civil.Date          `json:"valid_to,omitempty" required:"false"`
	Version        int                 `json:"version,omitempty" required:"false" doc:"the version read, when changing"`
}

// Service keeps obligations and reports.
type Service struct {
	db  *bun.DB
	loc *time.Location
	cal *calendar.Calendar
}

// NewService returns the report service; loc is the zone of due days, cal the
// working calendar.
func NewService(db *bun.DB, loc *time.Location, cal *calendar.Calendar) *Service {
	return &Service{db: db, loc: loc, cal: cal}
}

const entityObligation = "entity.obligation"

// obligationQuery selects obligation views in the areas the caller sees.
func obligationQuery(ctx context.Context, db bun.IDB) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("report_obligations AS o").
		ColumnExpr("o.*, a.name AS area_name, a.path AS area_path, COALESCE(u.name, '') AS reporter_unit_name").
		Join("JOIN areas AS a ON a.id = o.area_id").Join("LEFT JOIN units AS u ON u.id = o.reporter_unit_id")
	return access.ScopeAreas(ctx, q, "a.path")
}

// Obligations lists the obligations the caller sees in an area's subtree (0: all).
func (s *Service) Obligations(ctx context.Context, areaID int64) ([]ObligationView, error) {
	q := obligationQuery(ctx, s.db).Where("o.archived_at IS NULL")
	if areaID != 0 {
		q = q.Where("a.path LIKE (SELECT path FROM areas WHERE id = ?) || '%'", areaID)
	}
	out := []ObligationView{}
	if err := q.OrderExpr("a.path, o.id").Limit(1000).Scan(ctx, &out); err != nil {
		return nil, apperr.Wrap(err, "list obligations")
	}
	return out, s.complete(ctx, out)
}

// Obligation returns one obligation the caller sees.
func (s *Service) Obligation(ctx context.Context, id int64) (*ObligationView, error) {
	v := new(ObligationView)
	err := obligationQuery(ctx, s.db).Where("o.id = ?", id).Scan(ctx, v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityObligation)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get obligation %d", id))
	}
	views := []ObligationView{*v}
	if err := s.complete(ctx, views); err != nil {
		return nil, err
	}
	return &views[0], nil
}

// complete adds the due rule and the recipients to views.
func (s *Service) complete(ctx context.Context, views []ObligationView) error {
	if len(views) == 0 {
		return nil
	}
	ids := make([]int64, len(views))
	for i := range views {
		ids[i] = views[i].ID
		views[i].Due = views[i].Obligation.Due()
		views[i].Recipients = []UnitRef{}
	}
	var rows []struct {
		ObligationID int64  `bun:"obligation_id"`
		ID           int64  `bun:"id"`
		Name         string `bun:"name"`
	}
	err := s.db.NewSelect().TableExpr("report_recipients AS rr").ColumnExpr("rr.obligation_id, u.id, u.name").
		Join("JOIN units AS u ON u.id = rr.unit_id").Where("rr.obligation_id IN (?)", bun.In(ids)).
		OrderExpr("rr.obligation_id, u.name").Scan(ctx, &rows)
	if err != nil {
		return apperr.Wrap(err, "obligation recipients")
	}
	at := map[int64]int{}
	for i := range views {
		at[views[i].ID] = i
	}
	for _, r := range rows {
		v := &views[at[r.ObligationID]]
		v.Recipients = append(v.Recipients, UnitRef{ID: r.ID, Name: r.Name})
	}
	return nil
}

// check validates an obligation's input; it returns the area's path.
func (s *Service) check(ctx context.Context, db bun.IDB, in *ObligationInput) (string, error) {
	var c apperr.Collector
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		c.Add("name", "field.required", nil)
	}
	switch in.Frequency {
	case plan.Monthly, plan.Quarterly, plan.SixMonthly, plan.Yearly:
	default:
		c.Add("frequency", "field.one_of", apperr.Args{"Values": "monthly, quarterly, six_monthly, yearly"})
	}
	if !in.Due.Valid() {
		c.Add("due", "report.due_rule", nil)
	}
	if in.Window == "" {
		in.Window = calendar.CalendarWindow
	}
	if in.Window != calendar.CalendarWindow && in.Window != calendar.StateCutOff {
		c.Add("window", "field.one_of", apperr.Args{"Values": "calendar, state_cut_off"})
	}
	if in.ValidFrom.IsZero() {
		c.Add("valid_from", "field.required", nil)
	}
	if !in.ValidTo.IsZero() && in.ValidTo.Before(in.ValidFrom) {
		c.Add("valid_to", "report.valid_to_before_from", nil)
	}
	if (in.ReporterUnitID == nil) == (in.ReporterKind == "") {
		c.Add("reporter_unit_id", "report.reporter_one", nil)
	} else if in.ReporterKind != "" && !in.ReporterKind.Valid() {
		c.Add("reporter_kind", "field.not_found", nil)
	}
	if len(in.RecipientIDs) == 0 {
		c.Add("recipient_ids", "field.required", nil)
	}
	var path string
	err := access.ScopeAreas(ctx, db.NewSelect().Table("areas").Column("path"), "path").Where("id = ?", in.AreaID).Scan(ctx, &path)
	if errors.Is(err, sql.ErrNoRows) {
		c.Add("area_id", "field.not_found", nil)
	} else if err != nil {
		return "", apperr.Wrap(err, "obligation area")
	}
	if in.ReporterUnitID != nil && !s.unitVisible(ctx, db, *in.ReporterUnitID) {
		c.Add("reporter_unit_id", "field.not_found", nil)
	}
	seen := map[int64]bool{}
	for i, id := range in.RecipientIDs {
		if seen[id] || !s.unitVisible(ctx, db, id) {
			c.Add(fmt.Sprintf("recipient_ids[%d]", i), "field.not_found", nil)
		}
		seen[id] = true
	}
	if in.PlanID != nil {
		if n, err := access.ScopeAreas(ctx, db.NewSelect().TableExpr("plans AS p").Join("JOIN areas AS a ON a.id = p.area_id"), "a.path").
			Where("p.id = ?", *in.PlanID).Count(ctx); err != nil || n == 0 {
			c.Add("plan_id", "field.not_found", nil)
		}
	}
	if err := c.Err(); err != nil {
		return "", err
	}
	if p := access.From(ctx); !p.Can(access.Assign, path) && !p.Can(access.WriteRegister, path) {
		return "", apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	return path, nil
}

// unitVisible reports whether the caller sees an active unit.
func (s *Service) unitVisible(ctx context.Context, db bun.IDB, id int64) bool {
	q := db.NewSelect().TableExpr("units AS un").Join("JOIN areas AS ua ON ua.id = un.area_id").
		Where("un.id = ? AND un.archived_at IS NULL", id)
	n, err := access.ScopeUnits(ctx, q, "un.id", "ua.path").Count(ctx)
	return err == nil && n > 0
}

// CreateObligation enters an obligation and creates its reports ahead.
func (s *Service) CreateObligation(ctx context.Context, now time.Time, in ObligationInput) (*ObligationView, error) {
	var id int64
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		path, err := s.check(ctx, tx, &in)
		if err != nil {
			return err
		}
		o := &Obligation{Version: 1, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		in.apply(o)
		if _, err := tx.NewInsert().Model(o).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert obligation")
		}
		id = o.ID
		if err := writeRecipients(ctx, tx, o.ID, in.RecipientIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "report_obligation", EntityID: o.ID, AreaPath: path, After: in}); err != nil {
			return err
		}
		_, err = s.ensure(ctx, tx, now, o.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Obligation(ctx, id)
}

// UpdateObligation changes an obligation (with the version read); reports not
// yet submitted follow the new rule, submitted ones keep theirs.
func (s *Service) UpdateObligation(ctx context.Context, now time.Time, id int64, in ObligationInput) (*ObligationView, error) {
	before, err := s.Obligation(ctx, id)
	if err != nil {
		return nil, err
	}
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		path, err := s.check(ctx, tx, &in)
		if err != nil {
			return err
		}
		o := before.Obligation
		in.apply(&o)
		q := tx.NewUpdate().Model(&o).Column("area_id", "plan_id", "name", "reporter_unit_id", "reporter_kind", "frequency",
			"due_kind", "due_days", "due_day", "due_months_after", "window_kind", "valid_from", "valid_to")
		ok, err := database.UpdateVersioned(ctx, q, id, in.Version, now)
		if err != nil {
			return apperr.Wrap(err, "update obligation")
		}
		if !ok {
			return apperr.New(apperr.Conflict, "error.stale_version", nil)
		}
		if _, err := tx.NewDelete().Table("report_recipients").Where("obligation_id = ?", id).Exec(ctx); err != nil {
			return apperr.Wrap(err, "obligation recipients")
		}
		if err := writeRecipients(ctx, tx, id, in.RecipientIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "report_obligation", EntityID: id, AreaPath: path, Before: before, After: in}); err != nil {
			return err
		}
		_, err = s.ensure(ctx, tx, now, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Obligation(ctx, id)
}

func (in ObligationInput) apply(o *Obligation) {
	o.AreaID, o.PlanID, o.Name = in.AreaID, in.PlanID, in.Name
	o.ReporterUnitID, o.ReporterKind, o.Frequency = in.ReporterUnitID, in.ReporterKind, in.Frequency
	o.DueKind, o.DueDays, o.DueDay, o.DueMonthsAfter = in.Due.Kind, in.Due.Days, in.Due.Day, in.Due.MonthsAfter
	o.Window, o.ValidFrom, o.ValidTo = in.Window, in.ValidFrom, in.ValidTo
}

// recipientRow is a unit an obligation's reports go to.
type recipientRow struct {
	bun.BaseModel `bun:"table:report_recipients"`

	ObligationID int64 `bun:"obligation_id,pk"`
	UnitID       int64 `bun:"unit_id,pk"`
}

func writeRecipients(ctx context.Context, tx bun.IDB, id int64, units []int64) error {
	rows := make([]recipientRow, len(units))
	for i, u := range units {
		rows[i] = recipientRow{ObligationID: id, UnitID: u}
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return apperr.Wrap(err, "insert recipients")
	}
	return nil
}
