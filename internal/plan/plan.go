// Package plan is what a resolution (nghị quyết) or plan (kế hoạch) asks
// for and who does it: plans with their targets (chỉ tiêu), the duties
// (nhiệm vụ) they hand to units, and the expansion of those duties into
// dated tasks with an owner — per household ("visit household 0123 this
// quarter") or per unit ("submit the Q3 report"). The expansion is the heart
// of Chung Tay: see expand.go for the rules, reconcile.go for how a re-run
// follows the register, store.go for where it reads and writes.
//
// Task lists (mine, overdue, due this week, households not visited this
// quarter) and status changes live here too (tasks.go, unvisited.go).
package plan

import (
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
)

// Audit entity names and the expansion's audit action.
const (
	entityPlan   = "entity.plan"
	entityDuty   = "entity.duty"
	entityTask   = "entity.task"
	actionExpand = "expand"
)

// Kind is the kind of document.
type Kind string

// The kinds of plan document.
const (
	KindResolution Kind = "resolution" // nghị quyết (of a Party Committee)
	KindPlan       Kind = "plan"       // kế hoạch (of a People's Committee)
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindResolution || k == KindPlan }

// Plan is a resolution or plan of a body, for an area and a year.
type Plan struct {
	bun.BaseModel `bun:"table:plans,alias:p"`

	ID           int64      `bun:"id,pk,autoincrement" json:"id"`
	AreaID       int64      `bun:"area_id,notnull" json:"area_id"`
	Kind         Kind       `bun:"kind,notnull" json:"kind"`
	Issuer       string     `bun:"issuer,notnull" json:"issuer" doc:"the issuing body, as written on the document"`
	IssuerUnitID *int64     `bun:"issuer_unit_id" json:"issuer_unit_id"`
	Number       string     `bun:"number,notnull" json:"number" doc:"document number, e.g. 05-NQ/ĐU"`
	IssuedOn     civil.Date `bun:"issued_on,nullzero" json:"issued_on"`
	Year         int        `bun:"year,notnull" json:"year"`
	Title        string     `bun:"title,notnull" json:"title"`
	ArchivedAt   *time.Time `bun:"archived_at" json:"archived_at"`
	Version      int        `bun:"version,notnull" json:"version"`
	CreatedAt    time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt    time.Time  `bun:"updated_at,notnull" json:"updated_at"`
}

// Input creates or changes a plan.
type Input struct {
	AreaID       int64      `json:"area_id" doc:"the area the plan is for (a ward, a district, a city)"`
	Kind         Kind       `json:"kind" enum:"resolution,plan"`
	Issuer       string     `json:"issuer" maxLength:"300" doc:"issuing body, e.g. Đảng ủy Phường 14"`
	IssuerUnitID *int64     `json:"issuer_unit_id,omitempty" required:"false" doc:"the issuing body as a unit, if it is one"`
	Number       string     `json:"number,omitempty" required:"false" maxLength:"100"`
	IssuedOn     civil.Date `json:"issued_on,omitempty" required:"false"`
	Year         int        `json:"year" doc:"the year the plan is for; its duties expand into this year's periods"`
	Title        string     `json:"title" maxLength:"500"`
}

// View is a plan with the name of its area.
type View struct {
	Plan
	AreaName string `bun:"area_name" json:"area_name"`
	AreaPath string `bun:"area_path" json:"-"`
}

// TargetKind is what a target measures.
type TargetKind string

// The kinds of target. Reductions and remaining levels count households
// and/or give a rate in basis points of all households of the area; coverage
// is the share of poor households with an indicator met.
const (
	TargetPoorReduction     TargetKind = "poor_reduction"      // giảm hộ nghèo
	TargetNearPoorReduction TargetKind = "near_poor_reduction" // giảm hộ cận nghèo
	TargetPoorRemaining     TargetKind = "poor_remaining"      // hộ nghèo còn lại cuối năm
	TargetNearPoorRemaining TargetKind = "near_poor_remaining" // hộ cận nghèo còn lại cuối năm
	TargetCoverage          TargetKind = "coverage"            // tiếp cận dịch vụ xã hội cơ bản
)

// Limits of the input.
const (
	maxBasisPoints = 10_000 // 100%
	maxTargets     = 500    // per plan
	defaultPerPage = 50
	maxPerPage     = 200
)

// Valid reports whether k is a known kind of target.
func (k TargetKind) Valid() bool {
	switch k {
	case TargetPoorReduction, TargetNearPoorReduction, TargetPoorRemaining, TargetNearPoorRemaining, TargetCoverage:
		return true
	}
	return false
}

// Target is one target of a plan, for the plan's area or a share of it for a
// child area (the appendix of seed 001 gives each residential group its share).
type Target struct {
	bun.BaseModel `bun:"table:plan_targets,alias:pt"`

	ID          int64      `bun:"id,pk,autoincrement" json:"id"`
	PlanID      int64      `bun:"plan_id,notnull" json:"plan_id"`
	AreaID      int64      `bun:"area_id,notnull" json:"area_id"`
	Kind        TargetKind `bun:"kind,notnull" json:"kind"`
	Indicator   string     `bun:"indicator,notnull" json:"indicator"`
	Households  *int       `bun:"households" json:"households" doc:"a count of households"`
	BasisPoints *int       `bun:"basis_points" json:"basis_points" doc:"a rate in basis points: 0,31% = 31, 90% = 9000"`
	Note        string     `bun:"note,notnull" json:"note"`
}

// TargetInput is one target as entered.
type TargetInput struct {
	AreaID      int64      `json:"area_id,omitempty" required:"false" doc:"default: the plan's area"`
	Kind        TargetKind `json:"kind" enum:"poor_reduction,near_poor_reduction,poor_remaining,near_poor_remaining,coverage"`
	Indicator   string     `json:"indicator,omitempty" required:"false" doc:"coverage only: health_insurance, child_schooling, adequate_housing, clean_water, latrine, telecom, information_assets"`
	Households  *int       `json:"households,omitempty" required:"false"`
	BasisPoints *int       `json:"basis_points,omitempty" required:"false"`
	Note        string     `json:"note,omitempty" required:"false" maxLength:"500"`
}

// TargetView is a target with the name of its area.
type TargetView struct {
	Target
	AreaName string `bun:"area_name" json:"area_name"`
}
