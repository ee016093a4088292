// Package support is what units and members did for a household: support
// delivered (hỗ trợ) — a loan through the Social Policy Bank, a health-insurance
// card, a house repaired, a Tết gift — with its value in VND, funding source
// and evidence files (a receipt, a photo of the new roof), and visits (thăm hỏi).
//
// Whoever sees a household may record for it: a member for the households
// assigned to them, a leader for the unit's, officers and chairs in their
// subtree (access.ScopeHouseholds). A record is corrected by its unit or by an
// officer or chair of the area, never deleted; every write is audited in its
// transaction. Completing a support task records its support in the same step
// (RecordForTask).
package support

import (
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
)

// Entity names (i18n ids) of the errors of this package.
const (
	entityRecord   = "entity.support"
	entityVisit    = "entity.visit"
	entityEvidence = "entity.evidence_file"
	entityTask     = "entity.support_task"
	entityHouse    = "entity.household"
)

// MaxValueVND is the largest value of one support record: 10 billion VND
// (a house is a few hundred million; a bigger figure is a typing error).
const MaxValueVND int64 = 10_000_000_000

// MaxNote is the longest note, in characters.
const MaxNote = 2000

// minYear is the earliest year of a delivery or a visit.
const minYear = 2000

// Record is one delivery of support to a household.
type Record struct {
	bun.BaseModel `bun:"table:support_records,alias:sr"`

	ID            int64      `bun:"id,pk,autoincrement" json:"id"`
	HouseholdID   int64      `bun:"household_id,notnull" json:"household_id"`
	UnitID        *int64     `bun:"unit_id" json:"unit_id"`
	UserID        *int64     `bun:"user_id" json:"user_id" doc:"who recorded it"`
	DeliveredOn   civil.Date `bun:"delivered_on,notnull" json:"delivered_on"`
	Type          Type       `bun:"type,notnull" json:"type"`
	ValueVND      int64      `bun:"value_vnd,notnull" json:"value_vnd" doc:"cash, or the estimated value in kind, in VND"`
	FundingSource Source     `bun:"funding_source,notnull" json:"funding_source"`
	Note          string     `bun:"note,notnull" json:"note"`
	TaskID        *int64     `bun:"task_id" json:"task_id"`
	Version       int        `bun:"version,notnull" json:"version"`
	CreatedAt     time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt     time.Time  `bun:"updated_at,notnull" json:"updated_at"`
}

// Item is a record as lists show it: with its household, unit and person.
type Item struct {
	Record
	HouseholdCode string `bun:"household_code" json:"household_code"`
	HeadName      string `bun:"head_name" json:"head_name"`
	UnitName      string `bun:"unit_name" json:"unit_name"`
	UserName      string `bun:"user_name" json:"user_name"`
	EvidenceCount int    `bun:"evidence_count" json:"evidence_count"`
	AreaPath      string `bun:"area_path" json:"-"`
}

// Day is a calendar day sent by a client (yyyy-mm-dd or dd/mm/yyyy, as
// civil.Date). It never fails to decode: a value that is not a day ("31/02/2018")
// is kept as not valid, so that validation names its field instead of the
// whole body being refused.
type Day struct {
	civil.Date
	invalid bool
}

// DayOf returns d as a valid Day.
func DayOf(d civil.Date) Day { return Day{Date: d} }

// UnmarshalJSON reads what civil.Date reads; anything else is a day that is not valid.
func (d *Day) UnmarshalJSON(b []byte) error {
	var v civil.Date
	if err := v.UnmarshalJSON(b); err != nil {
		*d = Day{invalid: true}
		return nil
	}
	*d = Day{Date: v}
	return nil
}

// Fields are what a support record says; a correction sends them all again.
type Fields struct {
	DeliveredOn   Day    `json:"delivered_on" doc:"the day of the delivery, not in the future"`
	Type          Type   `json:"type" enum:"loan,health_insurance,tuition,housing,vocational_training,job,tet_gift,cash,electricity,clean_water,legal_aid,other"`
	ValueVND      int64  `json:"value_vnd" minimum:"0" maximum:"10000000000" doc:"VND, 0 to 10 billion"`
	FundingSource Source `json:"funding_source" enum:"state_budget,fund_for_the_poor,social,enterprise,other"`
	Note          string `json:"note,omitempty" required:"false" maxLength:"2000"`
	UnitID        *int64 `json:"unit_id,omitempty" required:"false" doc:"default: your unit the household is assigned to (a task's unit for a task); omitted in a correction: unchanged"`
}

// Input records support delivered to a household.
type Input struct {
	HouseholdID int64 `json:"household_id" minimum:"1"`
	Fields
	TaskID *int64 `json:"task_id,omitempty" required:"false" doc:"the task of this household that the delivery fulfils"`
}

// Change corrects a record.
type Change struct {
	Fields
	TaskID *int64 `json:"task_id,omitempty" required:"false" doc:"the task of this household that the delivery fulfils; omitted: unchanged"`
}

// Visit is a visit to a household (thăm hỏi).
type Visit struct {
	bun.BaseModel `bun:"table:visits,alias:v"`

	ID          int64      `bun:"id,pk,autoincrement" json:"id"`
	HouseholdID int64      `bun:"household_id,notnull" json:"household_id"`
	UnitID      *int64     `bun:"unit_id" json:"unit_id"`
	UserID      *int64     `bun:"user_id" json:"user_id" doc:"who visited"`
	VisitedOn   civil.Date `bun:"visited_on,notnull" json:"visited_on"`
	Note        string     `bun:"note,notnull" json:"note"`
	TaskID      *int64     `bun:"task_id" json:"task_id"`
	CreatedAt   time.Time  `bun:"created_at,notnull" json:"created_at"`
}

// VisitItem is a visit as lists show it.
type VisitItem struct {
	Visit
	HouseholdCode string `bun:"household_code" json:"household_code"`
	HeadName      string `bun:"head_name" json:"head_name"`
	UnitName      string `bun:"unit_name" json:"unit_name"`
	UserName      string `bun:"user_name" json:"user_name"`
}

// VisitInput records a visit.
type VisitInput struct {
	HouseholdID int64  `json:"household_id" minimum:"1"`
	VisitedOn   Day    `json:"visited_on" doc:"the day of the visit, not in the future"`
	Note        string `json:"note,omitempty" required:"false" maxLength:"2000"`
	UnitID      *int64 `json:"unit_id,omitempty" required:"false" doc:"default: your unit the household is assigned to"`
	TaskID      *int64 `json:"task_id,omitempty" required:"false"`
}

// Evidence is a file proving a delivery: its metadata, and its content when downloaded.
type Evidence struct {
	bun.BaseModel `bun:"table:evidence_files,alias:ef"`

	ID          int64     `bun:"id,pk,autoincrement" json:"id"`
	SupportID   int64     `bun:"support_id,notnull" json:"support_id"`
	Filename    string    `bun:"filename,notnull" json:"filename"`
	ContentType string    `bun:"content_type,notnull" json:"content_type"`
	SizeBytes   int64     `bun:"size_bytes,notnull" json:"size_bytes"`
	SHA256      string    `bun:"sha256,notnull" json:"sha256"`
	Content     []byte    `bun:"content,notnull" json:"-"`
	CreatedAt   time.Time `bun:"created_at,notnull" json:"created_at"`
}

// Service keeps support records, visits and evidence files.
type Service struct {
	db  *bun.DB
	loc *time.Location
}

// NewService returns the support service; loc is the zone in which "today" is
// computed (Asia/Ho_Chi_Minh).
func NewService(db *bun.DB, loc *time.Location) *Service {
	return &Service{db: db, loc: loc}
}
