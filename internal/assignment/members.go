package assignment

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/civil"
	"chungtay/internal/household"
)

// Member is a member of a unit with the number of households in their charge.
type Member struct {
	UserID     int64  `bun:"user_id" json:"user_id"`
	Name       string `bun:"name" json:"name"`
	Email      string `bun:"email" json:"email"`
	Role       string `bun:"role" json:"role"`
	Households int    `bun:"households" json:"households"`
}

// mayManage reports whether the caller may see a unit's people and their
// households: the assign or household-reading right on the unit's area, or
// leading the unit.
func (s *Service) mayManage(ctx context.Context, unitID int64) (string, error) {
	if _, err := s.units.Get(ctx, unitID); err != nil {
		return "", err
	}
	path, err := s.unitPath(ctx, unitID)
	if err != nil {
		return "", err
	}
	p := access.From(ctx)
	if p.Can(access.Assign, path) || p.Can(access.ReadHouseholds, path) || leads(p, unitID) {
		return path, nil
	}
	return "", apperr.New(apperr.Forbidden, "error.forbidden", nil)
}

// Members lists a unit's members in force today and how many of the unit's
// households (those it is the primary unit of) each has in charge.
func (s *Service) Members(ctx context.Context, now time.Time, unitID int64) ([]Member, error) {
	if _, err := s.mayManage(ctx, unitID); err != nil {
		return nil, err
	}
	return s.membersOn(ctx, s.db, unitID, civil.DateOf(now, s.loc))
}

// membersOn lists a unit's current members (memberships not ended, active
// users), leaders first, each with the number of the unit's primary
// households in their charge on the day.
func (s *Service) membersOn(ctx context.Context, db bun.IDB, unitID int64, day civil.Date) ([]Member, error) {
	out := []Member{}
	err := db.NewSelect().TableExpr("memberships AS m").Join("JOIN users AS u ON u.id = m.user_id").
		ColumnExpr("m.user_id, u.name, u.email, m.role").
		ColumnExpr(`(SELECT COUNT(*) FROM household_assignments AS ha WHERE ha.user_id = m.user_id AND ha.is_primary AND `+access.InForce("ha", day)+`
			AND ha.household_id IN (SELECT hu.household_id FROM household_assignments AS hu WHERE hu.unit_id = m.unit_id AND hu.is_primary AND `+access.InForce("hu", day)+`)) AS households`).
		Where("m.unit_id = ? AND m.ended_at IS NULL AND u.active", unitID).
		OrderExpr("m.role, u.name, m.user_id").Scan(ctx, &out) // "leader" sorts before "member"
	if err != nil {
		return nil, apperr.Wrap(err, "unit members")
	}
	return out, nil
}

// UnitHousehold is a household of a unit with its person in charge.
type UnitHousehold struct {
	household.ListItem
	UserID   *int64 `json:"user_id"`
	UserName string `json:"user_name"`
}

// UnitHouseholdPage is one page of a unit's households.
type UnitHouseholdPage struct {
	Items   []UnitHousehold `json:"items"`
	Total   int             `json:"total"`
	Page    int             `json:"page"`
	PerPage int             `json:"per_page"`
}

// Households lists the households assigned today to a unit (those the caller
// may read), each with its person in charge.
func (s *Service) Households(ctx context.Context, now time.Time, unitID int64, q string, page, perPage int) (*UnitHouseholdPage, error) {
	if _, err := s.mayManage(ctx, unitID); err != nil {
		return nil, err
	}
	p, err := s.households.List(ctx, household.Filter{UnitID: unitID, Query: q, Page: page, PerPage: perPage})
	if err != nil {
		return nil, err
	}
	out := &UnitHouseholdPage{Items: make([]UnitHousehold, len(p.Items)), Total: p.Total, Page: p.Page, PerPage: p.PerPage}
	ids := make([]int64, len(p.Items))
	for i, it := range p.Items {
		out.Items[i].ListItem = it
		ids[i] = it.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	var people []struct {
		HouseholdID int64  `bun:"household_id"`
		UserID      int64  `bun:"user_id"`
		Name        string `bun:"name"`
	}
	err = s.db.NewSelect().TableExpr("household_assignments AS ha").Join("JOIN users AS u ON u.id = ha.user_id").
		ColumnExpr("ha.household_id, ha.user_id, u.name").Where("ha.household_id IN (?) AND ha.is_primary", bun.In(ids)).Where(access.InForce("ha", civil.DateOf(now, s.loc))).
		Scan(ctx, &people)
	if err != nil {
		return nil, apperr.Wrap(err, "unit households: people")
	}
	byID := map[int64]int{}
	for i, it := range out.Items {
		byID[it.ID] = i
	}
	for _, pp := range people {
		i := byID[pp.HouseholdID]
		id := pp.UserID
		out.Items[i].UserID, out.Items[i].UserName = &id, pp.Name
	}
	return out, nil
}
