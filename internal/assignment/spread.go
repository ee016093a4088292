package assignment

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// The norm of households per person in charge: "usually 5–7 households each".
const (
	NormMin = 5
	NormMax = 7
)

// SpreadInput shares a unit's households among its members ("Chia đều").
type SpreadInput struct {
	IncludeLeader  bool       `json:"include_leader,omitempty" required:"false" doc:"the unit's leaders take households too (default: members only)"`
	Rebalance      bool       `json:"rebalance,omitempty" required:"false" doc:"re-deal households that already have a person, evenly (default: only those without one)"`
	AcceptOverNorm bool       `json:"accept_over_norm,omitempty" required:"false" doc:"share even when a person gets more than 7 households"`
	ValidFrom      civil.Date `json:"valid_from,omitempty" required:"false" doc:"default today"`
	Reason         string     `json:"reason,omitempty" required:"false" maxLength:"500"`
}

// Share is what one person holds in the unit before and after a spread.
type Share struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Role   string `json:"role"`
	Before int    `json:"before" doc:"households of the unit in their charge now"`
	After  int    `json:"after" doc:"households of the unit in their charge after the spread"`
}

// SpreadPlan says, before acting, what a spread would do.
type SpreadPlan struct {
	Households    int        `json:"households" doc:"households with the unit as primary unit"`
	ToSpread      int        `json:"to_spread" doc:"households that get a (new) person in charge"`
	Unchanged     int        `json:"unchanged" doc:"households that keep their person"`
	People        int        `json:"people" doc:"how many people share them"`
	MinEach       int        `json:"min_each" doc:"fewest households a person holds after the spread"`
	MaxEach       int        `json:"max_each" doc:"most households a person holds after the spread"`
	NeededPeople  int        `json:"needed_people" doc:"people needed to keep to the norm (7 households each at most)"`
	NormMin       int        `json:"norm_min"`
	NormMax       int        `json:"norm_max"`
	OverNorm      bool       `json:"over_norm" doc:"someone would hold more than norm_max households"`
	IncludeLeader bool       `json:"include_leader"`
	Shares        []Share    `json:"shares"`
	ValidFrom     civil.Date `json:"valid_from"`

	deal map[int64]int64 // household → its new person
	path string
}

// PreviewSpread says what Spread would do with the same input, writing nothing.
func (s *Service) PreviewSpread(ctx context.Context, now time.Time, unitID int64, in SpreadInput) (*SpreadPlan, error) {
	in, err := s.checkSpread(ctx, now, unitID, in)
	if err != nil {
		return nil, err
	}
	return s.planSpread(ctx, s.db, unitID, in)
}

// Spread hands a unit's households evenly over its members as their primary
// person, in one transaction: by default only households without a person
// (Rebalance re-deals them all, moving as few as it can) and only to members
// (IncludeLeader: the leaders too). A share over the norm of 7 households a
// person is refused unless AcceptOverNorm. Allowed to those with the assign
// right on the unit's area and to the unit's leader.
func (s *Service) Spread(ctx context.Context, now time.Time, unitID int64, in SpreadInput) (*BulkResult, error) {
	in, err := s.checkSpread(ctx, now, unitID, in)
	if err != nil {
		return nil, err
	}
	res := &BulkResult{PerMember: map[int64]int{}}
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		plan, err := s.planSpread(ctx, tx, unitID, in)
		if err != nil {
			return err
		}
		if plan.OverNorm && !in.AcceptOverNorm {
			return apperr.InvalidFields(apperr.Field("accept_over_norm", "assignment.over_norm",
				apperr.Args{"Each": plan.MaxEach, "Max": NormMax, "Needed": plan.NeededPeople, "People": plan.People}))
		}
		ids := make([]int64, 0, len(plan.deal))
		for id := range plan.deal {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			userID := plan.deal[id]
			if _, err := s.write(ctx, tx, now, id, plan.path, Input{UserID: &userID, IsPrimary: true, ValidFrom: in.ValidFrom, Reason: in.Reason}); err != nil {
				return err
			}
		}
		res.Assigned, res.Unchanged = len(ids), plan.Unchanged
		for _, sh := range plan.Shares {
			res.PerMember[sh.UserID] = sh.After
		}
		if err := s.households.Followed(ctx, tx, now, ids); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Assign, Entity: "unit", EntityID: unitID, AreaPath: plan.path,
			After: map[string]any{"spread": res.PerMember, "assigned": res.Assigned, "unchanged": res.Unchanged,
				"include_leader": in.IncludeLeader, "rebalance": in.Rebalance, "valid_from": in.ValidFrom}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// checkSpread checks the caller's right and fills the defaults.
func (s *Service) checkSpread(ctx context.Context, now time.Time, unitID int64, in SpreadInput) (SpreadInput, error) {
	if _, err := s.units.Get(ctx, unitID); err != nil {
		return in, err
	}
	path, err := s.unitPath(ctx, unitID)
	if err != nil {
		return in, err
	}
	p := access.From(ctx)
	if !p.Can(access.Assign, path) && !leads(p, unitID) {
		return in, apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	if in.ValidFrom.IsZero() {
		in.ValidFrom = civil.DateOf(now, s.loc)
	}
	in.Reason = strings.TrimSpace(in.Reason)
	return in, nil
}

func leads(p *access.Principal, unitID int64) bool {
	for _, m := range p.MembershipsOf(unitID) {
		if m.Role == access.UnitLeader {
			return true
		}
	}
	return false
}

// unitPath is the path of a unit's area.
func (s *Service) unitPath(ctx context.Context, unitID int64) (string, error) {
	var path string
	err := s.db.NewSelect().TableExpr("units AS u").Join("JOIN areas AS a ON a.id = u.area_id").
		ColumnExpr("a.path").Where("u.id = ?", unitID).Scan(ctx, &path)
	if err != nil {
		return "", apperr.Wrap(err, "unit area")
	}
	return path, nil
}

// planSpread deals the unit's households (those it is the primary unit of on
// the day) to the people sharing them. Without Rebalance, households with a
// person keep them and each household without one goes to whoever holds the
// fewest; with it, each person keeps at most their even share (households in
// code order) and the rest is dealt the same way.
func (s *Service) planSpread(ctx context.Context, db bun.IDB, unitID int64, in SpreadInput) (*SpreadPlan, error) {
	day := in.ValidFrom
	plan := &SpreadPlan{NormMin: NormMin, NormMax: NormMax, IncludeLeader: in.IncludeLeader, ValidFrom: day, Shares: []Share{}, deal: map[int64]int64{}}
	var err error
	if plan.path, err = s.unitPath(ctx, unitID); err != nil {
		return nil, err
	}
	people, err := s.membersOn(ctx, db, unitID, day)
	if err != nil {
		return nil, err
	}
	var sharing []Member
	leaders := 0
	for _, m := range people {
		if m.Role == string(access.UnitLeader) {
			leaders++
			if !in.IncludeLeader {
				continue
			}
		}
		sharing = append(sharing, m)
	}
	if len(sharing) == 0 {
		if leaders > 0 {
			return nil, apperr.InvalidFields(apperr.Field("include_leader", "assignment.only_leader", nil))
		}
		return nil, apperr.InvalidFields(apperr.Field("unit_id", "assignment.no_members", nil))
	}
	var rows []struct {
		ID     int64  `bun:"id"`
		Person *int64 `bun:"person"`
	}
	err = db.NewSelect().TableExpr("households AS h").ColumnExpr("h.id").
		ColumnExpr("(SELECT hp.user_id FROM household_assignments AS hp WHERE hp.household_id = h.id AND hp.is_primary AND hp.user_id IS NOT NULL AND "+access.InForce("hp", day)+" LIMIT 1) AS person").
		Where("h.archived_at IS NULL").
		Where("h.id IN (SELECT hu.household_id FROM household_assignments AS hu WHERE hu.unit_id = ? AND hu.is_primary AND "+access.InForce("hu", day)+")", unitID).
		OrderExpr("h.code").Scan(ctx, &rows)
	if err != nil {
		return nil, apperr.Wrap(err, "spread: households")
	}
	plan.Households = len(rows)
	load := map[int64]int{}
	for _, m := range sharing {
		load[m.UserID] = 0
	}
	for _, r := range rows {
		if r.Person != nil {
			if _, ok := load[*r.Person]; ok {
				load[*r.Person]++
			}
		}
	}
	before := map[int64]int{}
	for id, n := range load {
		before[id] = n
	}
	// The people in the order they are dealt to: the fewest households first.
	order := slices.Clone(sharing)
	type freeHousehold struct {
		id     int64
		person *int64 // its person now, if any
	}
	var free []freeHousehold
	if !in.Rebalance {
		for _, r := range rows {
			if r.Person == nil {
				free = append(free, freeHousehold{id: r.ID})
			} else {
				plan.Unchanged++
			}
		}
	} else {
		// Even shares: the remainder goes to those holding the most now, so
		// that fewest households move.
		base, extra := len(rows)/len(sharing), len(rows)%len(sharing)
		slices.SortStableFunc(order, func(a, b Member) int { return before[b.UserID] - before[a.UserID] })
		limit := map[int64]int{}
		for i, m := range order {
			limit[m.UserID] = base
			if i < extra {
				limit[m.UserID]++
			}
			load[m.UserID] = 0
		}
		for _, r := range rows {
			if r.Person != nil {
				if l, ok := limit[*r.Person]; ok && load[*r.Person] < l {
					load[*r.Person]++
					plan.Unchanged++
					continue
				}
			}
			free = append(free, freeHousehold{id: r.ID, person: r.Person})
		}
	}
	for _, h := range free {
		// Whoever holds the fewest; ties go to the household's own person,
		// else to the first in the list (leaders before members, then by name).
		best := sharing[0].UserID
		for _, m := range sharing[1:] {
			if load[m.UserID] < load[best] {
				best = m.UserID
			}
		}
		if h.person != nil {
			if n, ok := load[*h.person]; ok && n == load[best] {
				best = *h.person
			}
		}
		load[best]++
		if h.person != nil && *h.person == best {
			plan.Unchanged++
			continue
		}
		plan.deal[h.id] = best
	}
	plan.ToSpread = len(plan.deal)
	plan.People = len(sharing)
	total := 0
	for i, m := range sharing {
		n := load[m.UserID]
		total += n
		if i == 0 || n < plan.MinEach {
			plan.MinEach = n
		}
		plan.MaxEach = max(plan.MaxEach, n)
		plan.Shares = append(plan.Shares, Share{UserID: m.UserID, Name: m.Name, Role: m.Role, Before: before[m.UserID], After: n})
	}
	plan.NeededPeople = (total + NormMax - 1) / NormMax
	plan.OverNorm = plan.MaxEach > NormMax
	return plan, nil
}
