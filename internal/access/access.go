// Package access says who is calling and what they may see and do: the one
// place where every query of areas, units and households (and later tasks,
// support, reports, boards and exports) is narrowed to the caller.
//
// Officers, chairs and viewers hold a role on an area's subtree (a grant);
// unit leaders see the households assigned to their units; members see the
// households assigned to them. Services read the Principal from the context
// and call Can for actions and the Scope* functions for queries.
package access

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
)

// Role is a role held on an area subtree.
type Role string

// The roles of a grant.
const (
	RoleAdmin   Role = "admin"   // everything in the subtree, including accounts
	RoleOfficer Role = "officer" // keeps the register (công chức VHXH)
	RoleChair   Role = "chair"   // assigns, approves, sees boards (Bí thư, Chủ tịch, Trưởng ban)
	RoleViewer  Role = "viewer"  // read-only aggregates (supervisors)
)

// Roles lists the grant roles.
var Roles = []Role{RoleAdmin, RoleOfficer, RoleChair, RoleViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleOfficer || r == RoleChair || r == RoleViewer
}

// UnitRole is a role in a responsible unit.
type UnitRole string

// The roles of a unit membership.
const (
	UnitLeader UnitRole = "leader" // Bí thư chi bộ, chủ tịch hội, trạm trưởng…
	UnitMember UnitRole = "member" // đảng viên, hội viên, cán bộ
)

// Valid reports whether r is a known unit role.
func (r UnitRole) Valid() bool { return r == UnitLeader || r == UnitMember }

// Action is something a caller may be allowed to do on an area subtree.
type Action string

// The actions.
const (
	ReadAreas      Action = "read_areas"      // the area tree, units and aggregate counts
	ReadHouseholds Action = "read_households" // household personal data: lists, detail, export
	WriteRegister  Action = "write_register"  // create and change households, areas, units; import
	Assign         Action = "assign"          // assign households to units and people
	ReadAudit      Action = "read_audit"      // the audit trail of the subtree
	ManageAccounts Action = "manage_accounts" // users, grants and memberships
	ReadAggregates Action = "read_aggregates" // reconciliation and (later) boards
	ApproveReports Action = "approve_reports" // return, approve and reopen the reports sent to the area's units
)

var roleActions = map[Role][]Action{
	RoleAdmin:   {ReadAreas, ReadHouseholds, WriteRegister, Assign, ReadAudit, ManageAccounts, ReadAggregates, ApproveReports},
	RoleOfficer: {ReadAreas, ReadHouseholds, WriteRegister, ReadAudit, ReadAggregates},
	RoleChair:   {ReadAreas, ReadHouseholds, Assign, ReadAudit, ReadAggregates, ApproveReports},
	RoleViewer:  {ReadAreas, ReadAggregates},
}

// Allows reports whether a role includes an action.
func (r Role) Allows(a Action) bool {
	for _, x := range roleActions[r] {
		if x == a {
			return true
		}
	}
	return false
}

// Grant is a role on an area's subtree. An empty AreaPath is the whole country.
type Grant struct {
	ID       int64  `json:"id"`
	AreaID   *int64 `json:"area_id"`
	AreaPath string `json:"-"`
	Role     Role   `json:"role"`
}

// Membership is a role in a unit.
type Membership struct {
	ID       int64    `json:"id"`
	UnitID   int64    `json:"unit_id"`
	AreaPath string   `json:"-"` // the path of the unit's area
	Role     UnitRole `json:"role"`
}

// Principal is the caller: a signed-in user (by session or API token), or
// the system itself (command line, scheduled jobs).
type Principal struct {
	UserID      int64
	Name        string
	Email       string
	Lang        string
	Grants      []Grant
	Memberships []Membership
	System      bool
	SessionID   int64 // 0 for API tokens and the system
	TokenID     int64 // the API token used, if any
	// Today is the day, in the configured zone, as of which the caller's
	// dated rows (assignments) are read: set with the request's clock where
	// the principal is loaded (httpapi's authenticator), or by SystemOn.
	Today civil.Date
}

// System is the principal of the command line and of scheduled jobs: it sees everything.
func System() *Principal { return &Principal{System: true, Name: "system"} }

// SystemOn is the system principal reading dated rows as of day: what jobs
// and the command line pass, so that a filter such as "the households of
// this unit" means the unit's households on that day.
func SystemOn(day civil.Date) *Principal {
	p := System()
	p.Today = day
	return p
}

// Day is the day as of which p's dated rows are read. A principal without
// one is a programming error (it was not loaded through the authenticator
// or SystemOn), never a silent "today in some zone".
func (p *Principal) Day() civil.Date {
	if p == nil || p.Today.IsZero() {
		panic("access: the principal has no Today; set it where the principal is loaded")
	}
	return p.Today
}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the caller; nil when nobody is signed in.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}

// covers reports whether a grant on grantPath covers an area at path.
func covers(grantPath, path string) bool {
	return grantPath == "" || strings.HasPrefix(path, grantPath)
}

// Can reports whether p may do a on the area at areaPath ("" asks about the whole country).
func (p *Principal) Can(a Action, areaPath string) bool {
	if p == nil {
		return false
	}
	if p.System {
		return true
	}
	for _, g := range p.Grants {
		if g.Role.Allows(a) && covers(g.AreaPath, areaPath) && (areaPath != "" || g.AreaPath == "") {
			return true
		}
	}
	return false
}

// CanSomewhere reports whether p may do a on at least one subtree.
func (p *Principal) CanSomewhere(a Action) bool {
	if p == nil {
		return false
	}
	if p.System {
		return true
	}
	for _, g := range p.Grants {
		if g.Role.Allows(a) {
			return true
		}
	}
	return false
}

// paths returns the topmost subtree paths on which p may do a; all is true
// when one of them is the whole country.
func (p *Principal) paths(a Action) (paths []string, all bool) {
	if p.System {
		return nil, true
	}
	for _, g := range p.Grants {
		if !g.Role.Allows(a) {
			continue
		}
		if g.AreaPath == "" {
			return nil, true
		}
		paths = append(paths, g.AreaPath)
	}
	return topmost(paths), false
}

// topmost drops paths inside other paths of the list.
func topmost(paths []string) []string {
	var out []string
	for i, p := range paths {
		inside := false
		for j, q := range paths {
			if i != j && strings.HasPrefix(p, q) && (p != q || j < i) {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, p)
		}
	}
	return out
}

// AreaRoots returns the topmost areas p can see in the tree (by path): the
// subtrees of its grants, and the areas of the units it belongs to. all is
// true when p sees the whole country.
func (p *Principal) AreaRoots() (paths []string, all bool) {
	if p == nil {
		return nil, false
	}
	paths, all = p.paths(ReadAreas)
	if all {
		return nil, true
	}
	for _, m := range p.Memberships {
		paths = append(paths, m.AreaPath)
	}
	return topmost(paths), false
}

// wherePaths adds "col LIKE path% OR …" to q; no paths matches nothing.
func wherePaths(q *bun.SelectQuery, col string, paths []string) *bun.SelectQuery {
	if len(paths) == 0 {
		return q.Where("1 = 0")
	}
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		for _, path := range paths {
			q = q.WhereOr("? LIKE ?", bun.Ident(col), path+"%")
		}
		return q
	})
}

// ScopeAreas narrows a query of areas (path column pathCol, e.g. "a.path") to
// those p may see.
func ScopeAreas(ctx context.Context, q *bun.SelectQuery, pathCol string) *bun.SelectQuery {
	p := From(ctx)
	if p == nil {
		return q.Where("1 = 0")
	}
	paths, all := p.AreaRoots()
	if all {
		return q
	}
	return wherePaths(q, pathCol, paths)
}

// ScopeHouseholds narrows a query of households (id column idCol, e.g. "h.id",
// and the path of their area, pathCol, e.g. "a.path") to those p may read:
// the subtrees where p holds a role that reads households, the households
// assigned, on p's day (InForce), to units p leads (as primary or supporting
// unit), and those assigned to p on that day. A row dated in the future gives
// nothing until its day; an ended row gives nothing from its end.
func ScopeHouseholds(ctx context.Context, q *bun.SelectQuery, idCol, pathCol string) *bun.SelectQuery {
	p := From(ctx)
	if p == nil {
		return q.Where("1 = 0")
	}
	paths, all := p.paths(ReadHouseholds)
	if all {
		return q
	}
	led := p.led()
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		for _, path := range paths {
			q = q.WhereOr("? LIKE ?", bun.Ident(pathCol), path+"%")
		}
		if len(led) > 0 || p.UserID != 0 {
			q = q.WhereOr("? IN (?)", bun.Ident(idCol), assignedTo(q.DB(), p, led))
		} else {
			q = q.WhereOr("1 = 0")
		}
		return q
	})
}

// led returns the units p leads.
func (p *Principal) led() []int64 {
	var led []int64
	for _, m := range p.Memberships {
		if m.Role == UnitLeader {
			led = append(led, m.UnitID)
		}
	}
	return led
}

// assignedTo selects the ids of the households assigned on p's day to one of
// the units led or to p.
func assignedTo(db bun.IDB, p *Principal, led []int64) *bun.SelectQuery {
	return db.NewSelect().TableExpr("household_assignments AS ha").Column("ha.household_id").
		Where(InForce("ha", p.Day())).WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		if len(led) > 0 {
			q = q.WhereOr("ha.unit_id IN (?)", bun.In(led))
		}
		if p.UserID != 0 {
			q = q.WhereOr("ha.user_id = ?", p.UserID)
		}
		return q
	})
}

// ScopeTasks narrows a query of tasks (alias t) to those p may see: a
// household's task while p may read the household (ScopeHouseholds), or one
// p did (its person, done: history, read-only); the open tasks, of periods
// not over on p's day, that a unit p leads holds (a residential group owns
// the tasks of its area's households without an assignment; a cell finishes
// what it started before a move); a unit's task (no household) of a unit p
// sees, leads or owns as its person. A task out of sight is not found,
// exactly like a missing one.
func ScopeTasks(ctx context.Context, db bun.IDB, q *bun.SelectQuery) *bun.SelectQuery {
	p := From(ctx)
	if p == nil {
		return q.Where("1 = 0")
	}
	if _, all := p.paths(ReadHouseholds); all {
		return q
	}
	households := ScopeHouseholds(ctx, db.NewSelect().TableExpr("households AS sh").Column("sh.id").
		Join("JOIN areas AS sha ON sha.id = sh.area_id"), "sh.id", "sha.path")
	units := ScopeUnits(ctx, db.NewSelect().TableExpr("units AS su").Column("su.id").
		Join("JOIN areas AS sua ON sua.id = su.area_id"), "su.id", "sua.path")
	led := p.led()
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.WhereOr("t.household_id IN (?)", households)
		if p.UserID != 0 {
			q = q.WhereOr("(t.household_id IS NOT NULL AND t.user_id = ? AND t.status = 'done')", p.UserID)
		}
		if len(led) > 0 {
			q = q.WhereOr("(t.household_id IS NOT NULL AND t.unit_id IN (?) AND t.status IN ('todo', 'in_progress') AND t.period_end >= ?)",
				bun.In(led), p.Day())
		}
		return q.WhereGroup(" OR ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("t.household_id IS NULL").WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				q = q.WhereOr("t.unit_id IN (?)", units)
				if len(led) > 0 {
					q = q.WhereOr("t.unit_id IN (?)", bun.In(led))
				}
				if p.UserID != 0 {
					q = q.WhereOr("t.user_id = ?", p.UserID)
				}
				return q
			})
		})
	})
}

// ScopeUnits narrows a query of units (area path pathCol, id idCol) to the
// units in the areas p sees, and the units p belongs to.
func ScopeUnits(ctx context.Context, q *bun.SelectQuery, idCol, pathCol string) *bun.SelectQuery {
	p := From(ctx)
	if p == nil {
		return q.Where("1 = 0")
	}
	paths, all := p.paths(ReadAreas)
	if all {
		return q
	}
	var own []int64
	for _, m := range p.Memberships {
		own = append(own, m.UnitID)
	}
	return q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
		q = q.Where("1 = 0")
		for _, path := range paths {
			q = q.WhereOr("? LIKE ?", bun.Ident(pathCol), path+"%")
		}
		if len(own) > 0 {
			q = q.WhereOr("? IN (?)", bun.Ident(idCol), bun.In(own))
		}
		return q
	})
}

// PathsFor returns the subtree paths on which p may do a, for callers that
// filter rows they read themselves (audit entries); all means no filter.
func (p *Principal) PathsFor(a Action) (paths []string, all bool) {
	if p == nil {
		return nil, false
	}
	return p.paths(a)
}

// MembershipsOf returns p's memberships of one unit.
func (p *Principal) MembershipsOf(unitID int64) []Membership {
	if p == nil {
		return nil
	}
	var out []Membership
	for _, m := range p.Memberships {
		if m.UnitID == unitID {
			out = append(out, m)
		}
	}
	return out
}
