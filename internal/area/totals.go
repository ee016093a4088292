package area

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
)

// SetTotal records an area's total number of households in a year.
func (s *Service) SetTotal(ctx context.Context, now time.Time, id int64, year, total int) (*Total, error) {
	var c apperr.Collector
	if year < 2000 || year > 2100 {
		c.Add("year", "field.between", apperr.Args{"Min": 2000, "Max": 2100})
	}
	if total < 0 {
		c.Add("total", "field.min", apperr.Args{"Min": 0})
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	t := &Total{AreaID: id, Year: year, Total: total}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		a, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		before := new(Total)
		if err := tx.NewSelect().Model(before).Where("area_id = ? AND year = ?", id, year).Scan(ctx); err != nil {
			before = nil
		}
		_, err = tx.NewInsert().Model(t).On("CONFLICT (area_id, year) DO UPDATE").Set("total = EXCLUDED.total").Exec(ctx)
		if err != nil {
			return apperr.Wrap(err, "set area total")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "area_total", EntityID: id, AreaPath: a.Path, Before: before, After: t})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Totals lists the yearly totals recorded on an area itself.
func (s *Service) Totals(ctx context.Context, id int64) ([]Total, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	var out []Total
	if err := s.db.NewSelect().Model(&out).Where("area_id = ?", id).Order("year").Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "area totals")
	}
	if out == nil {
		out = []Total{}
	}
	return out, nil
}

// TotalFor returns the number of households of an area's subtree in a year:
// the area's own figure when recorded, otherwise the sum over its children,
// recursively. ok is false when nothing in the subtree has a figure.
func (s *Service) TotalFor(ctx context.Context, id int64, year int) (total int, ok bool, err error) {
	a, err := s.Get(ctx, id)
	if err != nil {
		return 0, false, err
	}
	return totalFor(ctx, s.db, a, year)
}

func totalFor(ctx context.Context, db bun.IDB, a *Area, year int) (int, bool, error) {
	type row struct {
		ID       int64  `bun:"id"`
		ParentID *int64 `bun:"parent_id"`
		Total    *int   `bun:"total"`
	}
	var rows []row
	err := db.NewSelect().TableExpr("areas AS a").ColumnExpr("a.id, a.parent_id, t.total").
		Join("LEFT JOIN area_household_totals AS t ON t.area_id = a.id AND t.year = ?", year).
		Where("a.path LIKE ?", a.Path+"%").Scan(ctx, &rows)
	if err != nil {
		return 0, false, apperr.Wrap(err, "area subtree totals")
	}
	own := map[int64]*int{}
	children := map[int64][]int64{}
	for _, r := range rows {
		own[r.ID] = r.Total
		if r.ParentID != nil {
			children[*r.ParentID] = append(children[*r.ParentID], r.ID)
		}
	}
	var walk func(id int64) (int, bool)
	walk = func(id int64) (int, bool) {
		if t := own[id]; t != nil {
			return *t, true
		}
		sum, any := 0, false
		for _, c := range children[id] {
			if n, ok := walk(c); ok {
				sum, any = sum+n, true
			}
		}
		return sum, any
	}
	n, ok := walk(a.ID)
	return n, ok, nil
}

// LatestTotalYear returns the year of an area's headline total: the latest
// year of its own figure when it has one — a later figure recorded for one
// residential group does not make the ward's headline a partial sum — else
// the latest year any area of its subtree has a figure for; 0 if none has.
func (s *Service) LatestTotalYear(ctx context.Context, a *Area) (int, error) {
	var own, any *int
	err := s.db.NewSelect().Table("area_household_totals").ColumnExpr("MAX(year)").Where("area_id = ?", a.ID).Scan(ctx, &own)
	if err != nil {
		return 0, apperr.Wrap(err, "latest total year")
	}
	if own != nil {
		return *own, nil
	}
	err = s.db.NewSelect().TableExpr("area_household_totals AS t").Join("JOIN areas AS a ON a.id = t.area_id").
		ColumnExpr("MAX(t.year)").Where("a.path LIKE ?", a.Path+"%").Scan(ctx, &any)
	if err != nil {
		return 0, apperr.Wrap(err, "latest total year")
	}
	if any == nil {
		return 0, nil
	}
	return *any, nil
}
