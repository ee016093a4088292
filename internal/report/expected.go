package report

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/calendar"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
)

// yearsBack bounds how far back the reports of an old obligation are created.
const yearsBack = 10

// Ensured counts what an ensure did.
type Ensured struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Withdrawn int `json:"withdrawn"`
	Restored  int `json:"restored"`
}

func (e *Ensured) add(o Ensured) {
	e.Created += o.Created
	e.Updated += o.Updated
	e.Withdrawn += o.Withdrawn
	e.Restored += o.Restored
}

// expectedUnit is a unit that may have to report, with the days it was
// entered and archived.
type expectedUnit struct {
	ID         int64      `bun:"id"`
	CreatedAt  time.Time  `bun:"created_at"`
	ArchivedAt *time.Time `bun:"archived_at"`
}

// inForceAt reports whether the unit exists on day (the last day of a
// period): a unit entered on or before it and not archived by then reports
// for the period; one archived during it does not. So a unit that comes or
// goes mid-year never makes completeness pass 100 % nor leaves a hole.
func (u expectedUnit) inForceAt(day civil.Date, loc *time.Location) bool {
	if day.Before(civil.DateOf(u.CreatedAt, loc)) {
		return false
	}
	return u.ArchivedAt == nil || civil.DateOf(*u.ArchivedAt, loc).After(day)
}

// applies reports whether the obligation covers a period: the periods that
// end while it is in force (valid_from ≤ end ≤ valid_to).
func (o *Obligation) applies(p plan.Period) bool {
	return !p.End.Before(o.ValidFrom) && (o.ValidTo.IsZero() || !p.End.After(o.ValidTo))
}

// EnsureAll creates ahead the reports of every obligation in force, up to the
// end of this year, and withdraws those no longer expected. It is the nightly
// job and is safe to run twice, or on two instances at once.
func (s *Service) EnsureAll(ctx context.Context, now time.Time) (Ensured, error) {
	var ids []int64
	if err := s.db.NewSelect().Table("report_obligations").Column("id").Where("archived_at IS NULL").
		OrderExpr("id").Scan(ctx, &ids); err != nil {
		return Ensured{}, apperr.Wrap(err, "obligations to ensure")
	}
	var total Ensured
	for _, id := range ids {
		e, err := s.ensure(ctx, s.db, now, id)
		if err != nil {
			return total, fmt.Errorf("ensure reports of obligation %d: %w", id, err)
		}
		total.add(e)
	}
	return total, nil
}

// ensure brings one obligation's reports in line with its units and periods.
func (s *Service) ensure(ctx context.Context, db bun.IDB, now time.Time, id int64) (Ensured, error) {
	var done Ensured
	o := new(Obligation)
	if err := db.NewSelect().Model(o).Where("o.id = ?", id).Scan(ctx); err != nil {
		return done, apperr.Wrap(err, fmt.Sprintf("obligation %d", id))
	}
	units, err := s.reporters(ctx, db, o)
	if err != nil {
		return done, err
	}
	today := civil.DateOf(now, s.loc)
	type key struct {
		unit   int64
		period string
	}
	want := map[key]*Report{}
	if o.ArchivedAt == nil {
		last := today.Year()
		if !o.ValidTo.IsZero() && o.ValidTo.Year() < last {
			last = o.ValidTo.Year()
		}
		for year := max(o.ValidFrom.Year(), today.Year()-yearsBack); year <= last; year++ {
			for _, p := range plan.Periods(o.Frequency, year) {
				if !o.applies(p) {
					continue
				}
				from, to := calendar.Window(o.Window, p.Start, p.End)
				due := s.cal.Due(o.Due(), to)
				for _, u := range units {
					if u.inForceAt(p.End, s.loc) {
						want[key{u.ID, p.Key}] = &Report{ObligationID: o.ID, UnitID: u.ID, Period: p.Key, PeriodStart: p.Start,
							PeriodEnd: p.End, WindowFrom: from, WindowTo: to, DueOn: due, Status: NotStarted, Version: 1,
							CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
					}
				}
			}
		}
	}
	var have []Report
	if err := db.NewSelect().Model(&have).Where("r.obligation_id = ?", o.ID).Scan(ctx); err != nil {
		return done, apperr.Wrap(err, "existing reports")
	}
	for i := range have {
		r := &have[i]
		k := key{r.UnitID, r.Period}
		w, expected := want[k]
		delete(want, k)
		if r.Status == Submitted || r.Status == Approved {
			continue // a report sent keeps its period, window and due day
		}
		if !expected {
			if r.Status != Withdrawn {
				if err := s.move(ctx, db, now, r, Withdrawn, "report.no_longer_expected"); err != nil {
					return done, err
				}
				done.Withdrawn++
			}
			continue
		}
		if r.Status == Withdrawn {
			to := NotStarted
			if r.Results+r.Difficulties+r.Causes+r.Proposals != "" {
				to = Draft
			}
			if err := s.move(ctx, db, now, r, to, "report.expected_again"); err != nil {
				return done, err
			}
			done.Restored++
		}
		if r.DueOn.String() != w.DueOn.String() || r.WindowFrom.String() != w.WindowFrom.String() || r.WindowTo.String() != w.WindowTo.String() {
			if _, err := db.NewUpdate().Model((*Report)(nil)).Set("due_on = ?, window_from = ?, window_to = ?", w.DueOn, w.WindowFrom, w.WindowTo).
				Set("updated_at = ?", now.UTC()).Where("id = ?", r.ID).Exec(ctx); err != nil {
				return done, apperr.Wrap(err, "follow the due rule")
			}
			done.Updated++
		}
	}
	if len(want) == 0 {
		return done, nil
	}
	rows := make([]*Report, 0, len(want))
	for _, r := range want {
		rows = append(rows, r)
	}
	res, err := db.NewInsert().Model(&rows).On("CONFLICT (obligation_id, unit_id, period) DO NOTHING").Exec(ctx)
	if err != nil {
		return done, apperr.Wrap(err, "create reports")
	}
	n, _ := res.RowsAffected()
	done.Created = int(n)
	return done, nil
}

// reporters returns the units that report under o: its one unit, or every
// unit of its kind in its area's subtree (archived ones too: they reported
// for the periods before their archive).
func (s *Service) reporters(ctx context.Context, db bun.IDB, o *Obligation) ([]expectedUnit, error) {
	q := db.NewSelect().TableExpr("units AS un").ColumnExpr("un.id, un.created_at, un.archived_at")
	if o.ReporterUnitID != nil {
		q = q.Where("un.id = ?", *o.ReporterUnitID)
	} else {
		q = q.Join("JOIN areas AS ua ON ua.id = un.area_id").Where("un.kind = ?", o.ReporterKind).
			Where("ua.path LIKE (SELECT path FROM areas WHERE id = ?) || '%'", o.AreaID)
	}
	var out []expectedUnit
	if err := q.OrderExpr("un.id").Scan(ctx, &out); err != nil {
		return nil, apperr.Wrap(err, "reporting units")
	}
	return out, nil
}

// FollowUnit brings into line, inside the archive's transaction, the reports
// of every obligation a unit reports under: its reports of periods ending
// after the archive are withdrawn (kept, never counted), those it sent stay.
func (s *Service) FollowUnit(ctx context.Context, db bun.IDB, now time.Time, unitID int64) error {
	var ids []int64
	err := db.NewSelect().TableExpr("report_obligations AS o").Column("o.id").
		Join("JOIN areas AS oa ON oa.id = o.area_id").
		Join("JOIN units AS un ON un.id = ?", unitID).Join("JOIN areas AS ua ON ua.id = un.area_id").
		Where("o.archived_at IS NULL").
		Where("(o.reporter_unit_id = un.id OR (o.reporter_kind = un.kind AND ua.path LIKE oa.path || '%'))").
		OrderExpr("o.id").Scan(ctx, &ids)
	if err != nil {
		return apperr.Wrap(err, fmt.Sprintf("obligations of unit %d", unitID))
	}
	for _, id := range ids {
		if _, err := s.ensure(ctx, db, now, id); err != nil {
			return err
		}
	}
	return nil
}
