package plan

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// Frequency is how often a duty recurs within the plan's year.
type Frequency string

// The frequencies.
const (
	Once       Frequency = "once"        // một lần, due on a given day
	Monthly    Frequency = "monthly"     // hàng tháng
	Quarterly  Frequency = "quarterly"   // hàng quý: Q1–Q4
	SixMonthly Frequency = "six_monthly" // sáu tháng: S1, S2
	Yearly     Frequency = "yearly"      // hàng năm
)

// Valid reports whether f is a known frequency.
func (f Frequency) Valid() bool {
	switch f {
	case Once, Monthly, Quarterly, SixMonthly, Yearly:
		return true
	}
	return false
}

// DutyTarget says whether a duty expands into one task per household or one per unit.
type DutyTarget string

// The targets of a duty.
const (
	PerHousehold DutyTarget = "household" // one task per matching household and period
	PerUnit      DutyTarget = "unit"      // one task per responsible unit and period
)

// Valid reports whether t is a known target.
func (t DutyTarget) Valid() bool { return t == PerHousehold || t == PerUnit }

// Selector says which households a per-household duty is about. Every set
// condition must hold; an empty selector takes every tracked household of
// the duty's area.
type Selector struct {
	Classes        []poverty.Class `json:"classes,omitempty" required:"false" doc:"the household's current classification is one of these"`
	Deprivation    string          `json:"deprivation,omitempty" required:"false" doc:"deprived in this indicator (poverty indicator code)"`
	Flag           string          `json:"flag,omitempty" required:"false" doc:"carries this flag (household flag code)"`
	AreaID         int64           `json:"area_id,omitempty" required:"false" doc:"lives in this area's subtree (inside the plan's area)"`
	AssignedToUnit bool            `json:"assigned_to_unit,omitempty" required:"false" doc:"only households currently assigned to the responsible unit"`
}

// Value stores the selector as JSON text.
func (s Selector) Value() (driver.Value, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("selector: %w", err)
	}
	return string(b), nil
}

// Scan reads the selector from JSON text.
func (s *Selector) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*s = Selector{}
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("selector: cannot scan %T", src)
	}
	*s = Selector{}
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, s)
}

// empty reports whether the selector sets no condition.
func (s Selector) empty() bool {
	return len(s.Classes) == 0 && s.Deprivation == "" && s.Flag == "" && s.AreaID == 0 && !s.AssignedToUnit
}

// Duty is a duty of a plan: who (one unit, or every unit of a kind within an
// area), what, for which households, how often and when due.
type Duty struct {
	bun.BaseModel `bun:"table:duties,alias:d"`

	ID               int64      `bun:"id,pk,autoincrement" json:"id"`
	PlanID           int64      `bun:"plan_id,notnull" json:"plan_id"`
	Title            string     `bun:"title,notnull" json:"title"`
	Description      string     `bun:"description,notnull" json:"description"`
	UnitID           *int64     `bun:"unit_id" json:"unit_id"`
	UnitKind         unit.Kind  `bun:"unit_kind,notnull" json:"unit_kind"`
	ScopeAreaID      *int64     `bun:"scope_area_id" json:"scope_area_id"`
	Target           DutyTarget `bun:"target,notnull" json:"target"`
	Selector         Selector   `bun:"selector,notnull" json:"selector"`
	Frequency        Frequency  `bun:"frequency,notnull" json:"frequency"`
	DueDaysBeforeEnd int        `bun:"due_days_before_end,notnull" json:"due_days_before_end"`
	DueOn            civil.Date `bun:"due_on,nullzero" json:"due_on"`
	ValidFrom        civil.Date `bun:"valid_from,notnull" json:"valid_from"`
	ValidTo          civil.Date `bun:"valid_to,nullzero" json:"valid_to"`
	ClosesOnVisit    bool       `bun:"closes_on_visit,notnull" json:"closes_on_visit"`
	Version          int        `bun:"version,notnull" json:"version"`
	CreatedAt        time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt        time.Time  `bun:"updated_at,notnull" json:"updated_at"`
}

// DutyInput creates or changes a duty.
type DutyInput struct {
	Title            string     `json:"title" maxLength:"300"`
	Description      string     `json:"description,omitempty" required:"false" maxLength:"4000"`
	UnitID           *int64     `json:"unit_id,omitempty" required:"false" doc:"one responsible unit; or give unit_kind"`
	UnitKind         unit.Kind  `json:"unit_kind,omitempty" required:"false" doc:"every unit of this kind within scope_area_id"`
	ScopeAreaID      *int64     `json:"scope_area_id,omitempty" required:"false" doc:"with unit_kind: the area whose units are responsible (default: the plan's area)"`
	Target           DutyTarget `json:"target" enum:"household,unit" doc:"one task per household or one per unit, each period"`
	Selector         Selector   `json:"selector,omitempty" required:"false" doc:"per-household duties: which households"`
	Frequency        Frequency  `json:"frequency" enum:"once,monthly,quarterly,six_monthly,yearly"`
	DueDaysBeforeEnd int        `json:"due_days_before_end,omitempty" required:"false" doc:"due this many days before the end of each period (0 = its last day)"`
	DueOn            civil.Date `json:"due_on,omitempty" required:"false" doc:"once: the due day, in the plan's year"`
	ValidFrom        civil.Date `json:"valid_from,omitempty" required:"false" doc:"default: today within the plan's year, else 1 January of it"`
	ValidTo          civil.Date `json:"valid_to,omitempty" required:"false"`
	ClosesOnVisit    bool       `json:"closes_on_visit,omitempty" required:"false" doc:"per-household: a visit to the household completes its task of the period the visit falls in"`
}

// TaskCounts counts a duty's tasks by status.
type TaskCounts struct {
	Total     int `json:"total"`
	Open      int `json:"open" doc:"to do or in progress"`
	Done      int `json:"done"`
	Cancelled int `json:"cancelled"`
}

// DutyView is a duty with the name of its unit and its tasks counted.
type DutyView struct {
	Duty
	UnitName string     `bun:"unit_name" json:"unit_name"`
	Tasks    TaskCounts `bun:"-" json:"tasks"`
}
