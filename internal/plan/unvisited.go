package plan

import (
	"context"
	"time"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/poverty"
)

// UnvisitedFilter selects households for "not visited this quarter".
type UnvisitedFilter struct {
	AreaID  int64         // the area's subtree
	UnitID  int64         // households currently assigned to this unit
	Class   poverty.Class // current classification
	Page    int
	PerPage int
}

// UnvisitedItem is a household without a visit this quarter.
type UnvisitedItem struct {
	ID             int64         `bun:"id" json:"id"`
	Code           string        `bun:"code" json:"code"`
	HeadName       string        `bun:"head_name" json:"head_name"`
	Address        string        `bun:"address" json:"address"`
	AreaID         int64         `bun:"area_id" json:"area_id"`
	AreaName       string        `bun:"area_name" json:"area_name"`
	Classification poverty.Class `bun:"classification" json:"classification"`
	LastVisitedOn  civil.Date    `bun:"last_visited_on" json:"last_visited_on" doc:"the latest visit before this quarter, if any"`
}

// UnvisitedPage is one page of households not visited this quarter.
type UnvisitedPage struct {
	Quarter Period          `json:"quarter"`
	Items   []UnvisitedItem `json:"items"`
	Total   int             `json:"total"`
	Page    int             `json:"page"`
	PerPage int             `json:"per_page"`
}

// Unvisited returns the households the caller sees (not archived) with no
// visit recorded in the current quarter (Asia/Ho_Chi_Minh), by code.
func (s *Service) Unvisited(ctx context.Context, now time.Time, f UnvisitedFilter) (*UnvisitedPage, error) {
	var c apperr.Collector
	if f.Class != "" && !f.Class.Valid() {
		c.Add("class", "field.one_of", apperr.Args{"Values": "poor, near_poor, escaped, average, none"})
	}
	f.Page, f.PerPage = paging(&c, f.Page, f.PerPage)
	var areaPath string
	if f.AreaID != 0 {
		a, err := area.Visible(ctx, s.db, f.AreaID)
		if err != nil {
			c.Add("area_id", "field.not_found", nil)
		} else {
			areaPath = a.Path
		}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	quarter := QuarterOf(s.today(now))
	q := s.db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").
		ColumnExpr("h.id, h.code, h.head_name, h.address, h.area_id, a.name AS area_name, h.classification").
		ColumnExpr("(SELECT MAX(v.visited_on) FROM visits AS v WHERE v.household_id = h.id AND v.visited_on < ?) AS last_visited_on", quarter.Start).
		Where("h.archived_at IS NULL").
		Where("NOT EXISTS (SELECT 1 FROM visits AS v WHERE v.household_id = h.id AND v.visited_on >= ? AND v.visited_on <= ?)", quarter.Start, quarter.End)
	q = access.ScopeHouseholds(ctx, q, "h.id", "a.path")
	if areaPath != "" {
		q = q.Where("a.path LIKE ?", areaPath+"%")
	}
	if f.UnitID != 0 {
		q = q.Where("h.id IN (SELECT ha.household_id FROM household_assignments AS ha WHERE ha.unit_id = ? AND "+
			access.InForce("ha", s.today(now))+")", f.UnitID)
	}
	if f.Class != "" {
		q = q.Where("h.classification = ?", f.Class)
	}
	total, err := q.Count(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "count unvisited households")
	}
	items := []UnvisitedItem{}
	if err := q.OrderExpr("h.code, h.id").Limit(int64(f.PerPage)).Offset(int64((f.Page-1)*f.PerPage)).Scan(ctx, &items); err != nil {
		return nil, apperr.Wrap(err, "list unvisited households")
	}
	return &UnvisitedPage{Quarter: quarter, Items: items, Total: int(total), Page: f.Page, PerPage: f.PerPage}, nil
}
