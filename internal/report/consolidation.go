package report

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/poverty"
)

// Consolidation is what a recipient unit received for a period (tổng hợp):
// the reports expected from the units that report to it, which came and
// which are missing, and the sum of the figures of those sent — each as it
// was frozen at its submission.
type Consolidation struct {
	UnitID    int64     `json:"unit_id" doc:"the recipient"`
	Period    string    `json:"period"`
	Expected  int       `json:"expected"`
	Submitted int       `json:"submitted" doc:"submitted or approved"`
	Missing   []UnitRef `json:"missing" doc:"units whose report has not come"`
	Total     *Figures  `json:"total" doc:"the sum of the figures of the reports sent"`
}

// Consolidate sums the reports a unit received for a period. The unit must
// be in sight; the reports are those the caller sees.
func (s *Service) Consolidate(ctx context.Context, now time.Time, unitID int64, period string) (*Consolidation, error) {
	n, err := access.ScopeUnits(ctx, s.db.NewSelect().TableExpr("units AS u").Join("JOIN areas AS ua ON ua.id = u.area_id"), "u.id", "ua.path").
		Where("u.id = ?", unitID).Count(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "consolidation unit")
	}
	if n == 0 {
		return nil, apperr.NotFoundError("entity.unit")
	}
	return consolidate(ctx, s.db, reportQuery(ctx, s.db), unitID, period)
}

func consolidate(ctx context.Context, db bun.IDB, q *bun.SelectQuery, unitID int64, period string) (*Consolidation, error) {
	var rows []View
	err := q.Where("r.status <> ?", Withdrawn).Where("r.period = ?", period).
		Where("r.obligation_id IN (SELECT rr.obligation_id FROM report_recipients AS rr WHERE rr.unit_id = ?)", unitID).
		OrderExpr("u.name, r.id").Scan(ctx, &rows)
	if err != nil {
		return nil, apperr.Wrap(err, "consolidation reports")
	}
	c := &Consolidation{UnitID: unitID, Period: period, Missing: []UnitRef{}, Total: emptyFigures()}
	for _, r := range rows {
		c.Expected++
		if r.Status != Submitted && r.Status != Approved {
			c.Missing = append(c.Missing, UnitRef{ID: r.UnitID, Name: r.UnitName})
			continue
		}
		c.Submitted++
		f := new(Figures)
		if err := json.Unmarshal([]byte(r.FiguresJSON), f); err != nil {
			return nil, apperr.Wrap(err, fmt.Sprintf("report %d figures", r.ID))
		}
		c.Total.add(f)
	}
	return c, nil
}

func emptyFigures() *Figures {
	return &Figures{ClassesStart: map[poverty.Class]int{}, ClassesEnd: map[poverty.Class]int{}, Support: []SupportLine{}}
}

// add sums o into f.
func (f *Figures) add(o *Figures) {
	f.Households += o.Households
	for c, n := range o.ClassesStart {
		f.ClassesStart[c] += n
	}
	for c, n := range o.ClassesEnd {
		f.ClassesEnd[c] += n
	}
	for _, b := range []struct{ into, from *Balance }{{&f.Poor, &o.Poor}, {&f.NearPoor, &o.NearPoor}} {
		b.into.Start += b.from.Start
		b.into.New += b.from.New
		b.into.Refallen += b.from.Refallen
		b.into.Escaped += b.from.Escaped
		b.into.End += b.from.End
	}
	f.HouseholdsHelped += o.HouseholdsHelped
	f.Visits += o.Visits
	f.HouseholdsVisited += o.HouseholdsVisited
	f.SupportVND += o.SupportVND
	f.TasksDue += o.TasksDue
	f.TasksDone += o.TasksDone
	f.TasksOverdue += o.TasksOverdue
	at := map[[2]string]int{}
	for i, l := range f.Support {
		at[[2]string{l.Type, l.Source}] = i
	}
	for _, l := range o.Support {
		if i, ok := at[[2]string{l.Type, l.Source}]; ok {
			f.Support[i].Count += l.Count
			f.Support[i].VND += l.VND
			continue
		}
		at[[2]string{l.Type, l.Source}] = len(f.Support)
		f.Support = append(f.Support, l)
	}
	sort.Slice(f.Support, func(i, j int) bool {
		if f.Support[i].Type != f.Support[j].Type {
			return f.Support[i].Type < f.Support[j].Type
		}
		return f.Support[i].Source < f.Support[j].Source
	})
}
