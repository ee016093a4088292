package household

import (
	"context"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/poverty"
)

// Reconcile checks an area's yearly figures for one class (poor or
// near-poor): start + new + re-fallen − escaped = end. Start is the list for
// the year, end the list for the next year when it exists, and the events of
// the year explain the difference; households whose events do not explain
// their end are listed. Archived households count: they were on the lists.
func (s *Service) Reconcile(ctx context.Context, areaID int64, year int, class poverty.Class) (*poverty.Reconciliation, error) {
	var c apperr.Collector
	if year < MinYear || year >= MaxYear {
		c.Add("year", "field.between", apperr.Args{"Min": MinYear, "Max": MaxYear - 1})
	}
	if class != poverty.ClassPoor && class != poverty.ClassNearPoor {
		c.Add("class", "field.one_of", apperr.Args{"Values": "poor, near_poor"})
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	a, err := area.Visible(ctx, s.db, areaID)
	if err != nil {
		return nil, err
	}
	path := a.Path
	p := access.From(ctx)
	if !p.Can(access.ReadAggregates, path) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}

	// The households of the subtree that were on either list or had events in the year.
	type hh struct {
		ID   int64  `bun:"id"`
		Code string `bun:"code"`
	}
	var households []hh
	err = s.db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").
		ColumnExpr("h.id, h.code").Where("a.path LIKE ?", path+"%").
		Where("(EXISTS (SELECT 1 FROM household_classifications c WHERE c.household_id = h.id AND c.year IN (?, ?))"+
			" OR EXISTS (SELECT 1 FROM classification_events e WHERE e.household_id = h.id AND e.year = ?))", year, year+1, year).
		Scan(ctx, &households)
	if err != nil {
		return nil, apperr.Wrap(err, "reconcile: households")
	}
	rows := make(map[int64]*poverty.HouseholdYear, len(households))
	ids := make([]int64, 0, len(households))
	for _, h := range households {
		rows[h.ID] = &poverty.HouseholdYear{HouseholdID: h.ID, Code: h.Code, Start: poverty.ClassNone}
		ids = append(ids, h.ID)
	}
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		if err := s.fillYear(ctx, rows, batch, year, class); err != nil {
			return nil, err
		}
	}
	list := make([]poverty.HouseholdYear, 0, len(rows))
	for _, id := range ids {
		list = append(list, *rows[id])
	}
	r := poverty.Reconcile(year, class, list)
	if !p.Can(access.ReadHouseholds, path) {
		// Aggregates only: the households behind a mismatch are not shown.
		for i := range r.Mismatches {
			r.Mismatches[i].HouseholdID, r.Mismatches[i].Code = 0, ""
		}
	}
	return &r, nil
}

func (s *Service) fillYear(ctx context.Context, rows map[int64]*poverty.HouseholdYear, ids []int64, year int, class poverty.Class) error {
	var cls []Classification
	err := s.db.NewSelect().Model(&cls).Where("household_id IN (?)", bun.In(ids)).Where("year <= ?", year+1).Scan(ctx)
	if err != nil {
		return apperr.Wrap(err, "reconcile: classifications")
	}
	for _, c := range cls {
		r := rows[c.HouseholdID]
		switch {
		case c.Year == year:
			r.Start = c.Classification
		case c.Year == year+1:
			end := c.Classification
			r.End = &end
		case c.Classification == class:
			r.EverBefore = true
		}
	}
	var events []Event
	err = s.db.NewSelect().Model(&events).Where("household_id IN (?)", bun.In(ids)).Where("year <= ?", year).
		Order("event_date", "id").Scan(ctx)
	if err != nil {
		return apperr.Wrap(err, "reconcile: events")
	}
	for _, e := range events {
		r := rows[e.HouseholdID]
		if e.Year < year {
			if e.ToClass == class {
				r.EverBefore = true
			}
			continue
		}
		r.Events = append(r.Events, poverty.Event{Date: e.EventDate.Time(), From: e.FromClass, To: e.ToClass, DecisionNo: e.DecisionNo})
	}
	return nil
}
