// Package household is the register of households the programme follows
// (poor, near-poor, newly escaped and those under review): their data, the
// 12 deprivation indicators, causes of poverty and flags, their classification
// for each year and every change of it (di biến động), and the yearly
// reconciliation of an area's figures.
package household

import (
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/poverty"
)

// Household is the stored row.
type Household struct {
	bun.BaseModel `bun:"table:households,alias:h"`

	ID                 int64                `bun:"id,pk,autoincrement"`
	Code               string               `bun:"code,notnull"`
	HeadName           string               `bun:"head_name,notnull"`
	SearchName         string               `bun:"search_name,notnull"`
	Address            string               `bun:"address,notnull"`
	AreaID             int64                `bun:"area_id,notnull"`
	Members            int                  `bun:"members,notnull"`
	Urban              bool                 `bun:"urban,notnull"`
	IncomeMonthly      int64                `bun:"income_monthly,notnull"`
	Deprivations       poverty.Deprivations `bun:"deprivations,notnull"`
	Causes             poverty.Causes       `bun:"causes,notnull"`
	Flags              poverty.Flags        `bun:"flags,notnull"`
	Standard           poverty.Standard     `bun:"standard,notnull"`
	Classification     poverty.Class        `bun:"classification,notnull"`
	ClassificationYear int                  `bun:"classification_year,notnull"`
	Note               string               `bun:"note,notnull"`
	ArchivedAt         *time.Time           `bun:"archived_at"`
	ArchiveReason      string               `bun:"archive_reason,notnull"`
	Version            int                  `bun:"version,notnull"`
	CreatedAt          time.Time            `bun:"created_at,notnull"`
	UpdatedAt          time.Time            `bun:"updated_at,notnull"`
}

// Classification is a household's classification in force at the start of a
// year (the list for that year).
type Classification struct {
	bun.BaseModel `bun:"table:household_classifications"`

	HouseholdID    int64                `bun:"household_id,pk" json:"-"`
	Year           int                  `bun:"year,pk" json:"year"`
	Classification poverty.Class        `bun:"classification,notnull" json:"classification"`
	Standard       poverty.Standard     `bun:"standard,notnull" json:"standard"`
	IncomeMonthly  int64                `bun:"income_monthly,notnull" json:"income_monthly"`
	Deprivations   poverty.Deprivations `bun:"deprivations,notnull" json:"-"`
	DecisionNo     string               `bun:"decision_no,notnull" json:"decision_no"`
	CreatedAt      time.Time            `bun:"created_at,notnull" json:"created_at"`
}

// Event is one change of classification during a year (di biến động).
type Event struct {
	bun.BaseModel `bun:"table:classification_events"`

	ID          int64         `bun:"id,pk,autoincrement" json:"id"`
	HouseholdID int64         `bun:"household_id,notnull" json:"household_id"`
	EventDate   civil.Date    `bun:"event_date,notnull" json:"event_date"`
	Year        int           `bun:"year,notnull" json:"year"`
	FromClass   poverty.Class `bun:"from_class,notnull" json:"from_class"`
	ToClass     poverty.Class `bun:"to_class,notnull" json:"to_class"`
	DecisionNo  string        `bun:"decision_no,notnull" json:"decision_no"`
	Reason      string        `bun:"reason,notnull" json:"reason"`
	CreatedAt   time.Time     `bun:"created_at,notnull" json:"created_at"`
}

// View is a household as the API shows it: bit sets as lists of codes.
type View struct {
	ID                 int64            `json:"id"`
	Code               string           `json:"code"`
	HeadName           string           `json:"head_name"`
	Address            string           `json:"address"`
	AreaID             int64            `json:"area_id"`
	Members            int              `json:"members"`
	Urban              bool             `json:"urban"`
	IncomeMonthly      int64            `json:"income_monthly" doc:"income per person per month, VND"`
	Deprivations       []string         `json:"deprivations"`
	Causes             []string         `json:"causes"`
	Flags              []string         `json:"flags"`
	Standard           poverty.Standard `json:"standard"`
	Classification     poverty.Class    `json:"classification"`
	ClassificationYear int              `json:"classification_year"`
	Note               string           `json:"note"`
	ArchivedAt         *time.Time       `json:"archived_at"`
	ArchiveReason      string           `json:"archive_reason"`
	Version            int              `json:"version"`
	CreatedAt          time.Time        `json:"created_at"`
	UpdatedAt          time.Time        `json:"updated_at"`
}

// ViewOf returns the API view of h.
func ViewOf(h *Household) View {
	return View{ID: h.ID, Code: h.Code, HeadName: h.HeadName, Address: h.Address, AreaID: h.AreaID,
		Members: h.Members, Urban: h.Urban, IncomeMonthly: h.IncomeMonthly,
		Deprivations: h.Deprivations.Codes(), Causes: h.Causes.Codes(), Flags: h.Flags.Codes(),
		Standard: h.Standard, Classification: h.Classification, ClassificationYear: h.ClassificationYear,
		Note: h.Note, ArchivedAt: h.ArchivedAt, ArchiveReason: h.ArchiveReason, Version: h.Version,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
}

// ClassificationView is a yearly classification with its deprivations as codes.
type ClassificationView struct {
	Classification
	DeprivationCodes []string `json:"deprivations"`
}

// Input is what a user (or an Excel row) gives to create or change a household.
type Input struct {
	Code           string           `json:"code" doc:"household code, unique (mã hộ)"`
	HeadName       string           `json:"head_name" doc:"head of household (chủ hộ)"`
	Address        string           `json:"address,omitempty" required:"false"`
	AreaID         int64            `json:"area_id" doc:"area, usually a residential group"`
	Members        int              `json:"members" doc:"number of members (nhân khẩu)"`
	Urban          bool             `json:"urban"`
	IncomeMonthly  int64            `json:"income_monthly,omitempty" required:"false" doc:"income per person per month, VND"`
	Deprivations   []string         `json:"deprivations,omitempty" required:"false" doc:"deprivation indicator codes"`
	Causes         []string         `json:"causes,omitempty" required:"false" doc:"cause of poverty codes"`
	Flags          []string         `json:"flags,omitempty" required:"false" doc:"flag codes"`
	Standard       poverty.Standard `json:"standard" doc:"poverty standard: 2016-2020, 2022-2026 or city"`
	Classification poverty.Class    `json:"classification,omitempty" required:"false" doc:"computed from the standard when omitted"`
	Year           int              `json:"year" doc:"the year of the list this classification is for"`
	Note           string           `json:"note,omitempty" required:"false"`
}

// ListItem is one row of the household list.
type ListItem struct {
	ID                 int64                `bun:"id" json:"id"`
	Code               string               `bun:"code" json:"code"`
	HeadName           string               `bun:"head_name" json:"head_name"`
	Address            string               `bun:"address" json:"address"`
	AreaID             int64                `bun:"area_id" json:"area_id"`
	AreaName           string               `bun:"area_name" json:"area_name"`
	Members            int                  `bun:"members" json:"members"`
	Urban              bool                 `bun:"urban" json:"urban"`
	IncomeMonthly      int64                `bun:"income_monthly" json:"income_monthly"`
	Standard           poverty.Standard     `bun:"standard" json:"standard"`
	Classification     poverty.Class        `bun:"classification" json:"classification"`
	ClassificationYear int                  `bun:"classification_year" json:"classification_year"`
	DeprivationBits    poverty.Deprivations `bun:"deprivations" json:"-"`
	CauseBits          poverty.Causes       `bun:"causes" json:"-"`
	FlagBits           poverty.Flags        `bun:"flags" json:"-"`
	Deprivations       []string             `bun:"-" json:"deprivations"`
	Causes             []string             `bun:"-" json:"causes"`
	Flags              []string             `bun:"-" json:"flags"`
	Note               string               `bun:"note" json:"note"`
	Version            int                  `bun:"version" json:"version"`
	ArchivedAt         *time.Time           `bun:"archived_at" json:"archived_at"`
}

func (li *ListItem) fill() {
	li.Deprivations, li.Causes, li.Flags = li.DeprivationBits.Codes(), li.CauseBits.Codes(), li.FlagBits.Codes()
}
