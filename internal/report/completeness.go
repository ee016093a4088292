package report

import (
	"context"
	"time"

	"chungtay/internal/apperr"
	"chungtay/internal/civil"
)

// Completeness is how many of the expected reports of a period were sent
// (Tỷ lệ nộp báo cáo) and sent on time (Tỷ lệ nộp đúng hạn). Rates are in
// basis points (10.000 = 100 %); a withdrawn report is not expected, so the
// rate never passes 100 % when units come and go.
type Completeness struct {
	Period         string `bun:"period" json:"period"`
	ObligationID   int64  `bun:"obligation_id" json:"obligation_id"`
	ObligationName string `bun:"obligation_name" json:"obligation_name"`
	Expected       int    `bun:"expected" json:"expected"`
	Submitted      int    `bun:"submitted" json:"submitted" doc:"submitted or approved"`
	OnTime         int    `bun:"on_time" json:"on_time"`
	Approved       int    `bun:"approved" json:"approved"`
	Overdue        int    `bun:"overdue" json:"overdue" doc:"not submitted and past the due day"`
	SubmittedBP    int    `bun:"-" json:"submitted_bp" doc:"Submitted / Expected, in basis points"`
	OnTimeBP       int    `bun:"-" json:"on_time_bp" doc:"OnTime / Expected, in basis points"`
}

// CompletenessOf returns, per obligation and period, the completeness of the
// reports the caller sees (filtered as List does).
func (s *Service) CompletenessOf(ctx context.Context, now time.Time, f Filter) ([]Completeness, error) {
	today := civil.DateOf(now, s.loc)
	q := reportQuery(ctx, s.db).Where("r.status <> ?", Withdrawn)
	if f.Period != "" {
		q = q.Where("r.period = ?", f.Period)
	}
	if f.UnitID != 0 {
		q = q.Where("r.unit_id = ?", f.UnitID)
	}
	q = s.db.NewSelect().TableExpr("(?) AS x", q).
		ColumnExpr("x.period, x.obligation_id, x.obligation_name, COUNT(*) AS expected").
		ColumnExpr("SUM(CASE WHEN x.status IN ('submitted', 'approved') THEN 1 ELSE 0 END) AS submitted").
		ColumnExpr("SUM(CASE WHEN x.status IN ('submitted', 'approved') AND x.on_time THEN 1 ELSE 0 END) AS on_time").
		ColumnExpr("SUM(CASE WHEN x.status = 'approved' THEN 1 ELSE 0 END) AS approved").
		ColumnExpr("SUM(CASE WHEN x.status IN ('not_started', 'draft', 'returned') AND x.due_on < ? THEN 1 ELSE 0 END) AS overdue", today).
		GroupExpr("x.period, x.obligation_id, x.obligation_name").OrderExpr("x.obligation_id, x.period")
	out := []Completeness{}
	if err := q.Scan(ctx, &out); err != nil {
		return nil, apperr.Wrap(err, "report completeness")
	}
	for i := range out {
		if c := &out[i]; c.Expected > 0 {
			c.SubmittedBP = c.Submitted * 10000 / c.Expected
			c.OnTimeBP = c.OnTime * 10000 / c.Expected
		}
	}
	return out, nil
}
