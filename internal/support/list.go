package support

import (
	"context"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/civil"
)

// MaxPerPage is the largest page of a list.
const MaxPerPage = 200

// Filter selects support records.
type Filter struct {
	HouseholdID   int64
	UnitID        int64
	Type          Type
	FundingSource Source
	From, To      civil.Date // delivery days, inclusive
	Mine          bool       // recorded by the caller
	Page, PerPage int
}

// Totals sum the records of a filter, over all its pages.
type Totals struct {
	Count    int   `json:"count"`
	ValueVND int64 `json:"value_vnd"`
}

// Page is one page of records, latest delivery first, with the totals of the filter.
type Page struct {
	Items   []Item `json:"items"`
	Totals  Totals `json:"totals"`
	Page    int    `json:"page"`
	PerPage int    `json:"per_page"`
}

// paging checks and defaults the page of a list and its date range.
func paging(c *apperr.Collector, page, perPage *int, from, to civil.Date) {
	if *page < 1 {
		*page = 1
	}
	if *perPage < 1 {
		*perPage = 50
	}
	if *perPage > MaxPerPage {
		c.Add("per_page", "field.between", apperr.Args{"Min": 1, "Max": MaxPerPage})
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		c.Add("to", "support.bad_range", nil)
	}
}

// where narrows a query of records (alias sr) or visits (alias v, day
// column visited_on) by the common filters.
func where(ctx context.Context, q *bun.SelectQuery, alias, dayCol string, householdID, unitID int64, from, to civil.Date, mine bool) *bun.SelectQuery {
	col := func(name string) bun.Ident { return bun.Ident(alias + "." + name) }
	if householdID != 0 {
		q = q.Where("? = ?", col("household_id"), householdID)
	}
	if unitID != 0 {
		q = q.Where("? = ?", col("unit_id"), unitID)
	}
	if !from.IsZero() {
		q = q.Where("? >= ?", col(dayCol), from)
	}
	if !to.IsZero() {
		q = q.Where("? <= ?", col(dayCol), to)
	}
	if mine {
		if p := access.From(ctx); p != nil && p.UserID != 0 {
			q = q.Where("? = ?", col("user_id"), p.UserID)
		} else {
			q = q.Where("1 = 0")
		}
	}
	return q
}

// List returns the records of the households the caller sees, with the
// count and the sum of their values over the whole filter.
func (s *Service) List(ctx context.Context, f Filter) (*Page, error) {
	var c apperr.Collector
	paging(&c, &f.Page, &f.PerPage, f.From, f.To)
	if f.Type != "" && !f.Type.Valid() {
		c.Add("type", "field.unknown_code", apperr.Args{"Value": string(f.Type)})
	}
	if f.FundingSource != "" && !f.FundingSource.Valid() {
		c.Add("funding_source", "field.unknown_code", apperr.Args{"Value": string(f.FundingSource)})
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		q = where(ctx, q, "sr", "delivered_on", f.HouseholdID, f.UnitID, f.From, f.To, f.Mine)
		if f.Type != "" {
			q = q.Where("sr.type = ?", f.Type)
		}
		if f.FundingSource != "" {
			q = q.Where("sr.funding_source = ?", f.FundingSource)
		}
		return q
	}
	page := &Page{Items: []Item{}, Page: f.Page, PerPage: f.PerPage}
	totals := s.db.NewSelect().TableExpr("support_records AS sr").
		ColumnExpr("COUNT(*), CAST(COALESCE(SUM(sr.value_vnd), 0) AS BIGINT)").
		Join("JOIN households AS h ON h.id = sr.household_id").Join("JOIN areas AS a ON a.id = h.area_id")
	totals = filter(access.ScopeHouseholds(ctx, totals, "h.id", "a.path"))
	if err := totals.Scan(ctx, &page.Totals.Count, &page.Totals.ValueVND); err != nil {
		return nil, apperr.Wrap(err, "count support records")
	}
	err := filter(itemQuery(ctx, s.db)).OrderExpr("sr.delivered_on DESC, sr.id DESC").
		Limit(int64(f.PerPage)).Offset(int64((f.Page-1)*f.PerPage)).Scan(ctx, &page.Items)
	if err != nil {
		return nil, apperr.Wrap(err, "list support records")
	}
	return page, nil
}

// VisitFilter selects visits.
type VisitFilter struct {
	HouseholdID   int64
	UnitID        int64
	From, To      civil.Date // visit days, inclusive
	Mine          bool       // visits the caller recorded
	Page, PerPage int
}

// VisitPage is one page of visits, latest first.
type VisitPage struct {
	Items   []VisitItem `json:"items"`
	Total   int         `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
}

// ListVisits returns the visits of the households the caller sees.
func (s *Service) ListVisits(ctx context.Context, f VisitFilter) (*VisitPage, error) {
	var c apperr.Collector
	paging(&c, &f.Page, &f.PerPage, f.From, f.To)
	if err := c.Err(); err != nil {
		return nil, err
	}
	q := s.db.NewSelect().TableExpr("visits AS v").ColumnExpr("v.*").
		ColumnExpr("h.code AS household_code, h.head_name").
		ColumnExpr("COALESCE(u.name, '') AS unit_name, COALESCE(p.name, '') AS user_name").
		Join("JOIN households AS h ON h.id = v.household_id").Join("JOIN areas AS a ON a.id = h.area_id").
		Join("LEFT JOIN units AS u ON u.id = v.unit_id").Join("LEFT JOIN users AS p ON p.id = v.user_id")
	q = where(ctx, access.ScopeHouseholds(ctx, q, "h.id", "a.path"), "v", "visited_on", f.HouseholdID, f.UnitID, f.From, f.To, f.Mine)
	page := &VisitPage{Items: []VisitItem{}, Page: f.Page, PerPage: f.PerPage}
	n, err := q.OrderExpr("v.visited_on DESC, v.id DESC").Limit(int64(f.PerPage)).Offset(int64((f.Page-1)*f.PerPage)).ScanAndCount(ctx, &page.Items)
	if err != nil {
		return nil, apperr.Wrap(err, "list visits")
	}
	page.Total = int(n)
	return page, nil
}
