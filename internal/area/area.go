// Package area is the tree of administrative areas (địa bàn): province or city,
// district (abolished from 1 July 2025), ward or commune, neighbourhood or
// hamlet, residential group. The tree has variable depth; re-parenting and
// merges are dated so that reports can look back.
package area

import (
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
)

// Kind is the administrative level of an area.
type Kind string

// The kinds of area.
const (
	KindProvince         Kind = "province"          // tỉnh / thành phố trực thuộc trung ương
	KindDistrict         Kind = "district"          // quận / huyện / thị xã (to 30/6/2025)
	KindWard             Kind = "ward"              // phường
	KindCommune          Kind = "commune"           // xã / thị trấn / đặc khu
	KindNeighbourhood    Kind = "neighbourhood"     // khu phố
	KindHamlet           Kind = "hamlet"            // thôn / ấp / bản
	KindResidentialGroup Kind = "residential_group" // tổ dân phố
)

// KindInfo describes a kind for forms and labels.
type KindInfo struct {
	Kind    Kind   `json:"kind"`
	LabelVI string `json:"label_vi"`
	LabelEN string `json:"label_en"`
}

// Kinds lists every kind, from the top of the tree down.
var Kinds = []KindInfo{
	{KindProvince, "Tỉnh/Thành phố", "Province/City"},
	{KindDistrict, "Quận/Huyện", "District"},
	{KindWard, "Phường", "Ward"},
	{KindCommune, "Xã/Thị trấn", "Commune"},
	{KindNeighbourhood, "Khu phố", "Neighbourhood"},
	{KindHamlet, "Thôn/Ấp", "Hamlet"},
	{KindResidentialGroup, "Tổ dân phố", "Residential group"},
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, info := range Kinds {
		if info.Kind == k {
			return true
		}
	}
	return false
}

// Area is one node of the tree.
type Area struct {
	bun.BaseModel `bun:"table:areas"`

	ID           int64      `bun:"id,pk,autoincrement" json:"id"`
	Code         string     `bun:"code,notnull" json:"code" doc:"official code (province 2 digits, commune 5 digits) or a local code"`
	Name         string     `bun:"name,notnull" json:"name"`
	Kind         Kind       `bun:"kind,notnull" json:"kind"`
	ParentID     *int64     `bun:"parent_id" json:"parent_id"`
	Path         string     `bun:"path,notnull" json:"-"`
	Depth        int        `bun:"depth,notnull" json:"depth"`
	Urban        bool       `bun:"urban,notnull" json:"urban"`
	DissolvedOn  civil.Date `bun:"dissolved_on,nullzero" json:"dissolved_on"`
	MergedIntoID *int64     `bun:"merged_into_id" json:"merged_into_id"`
	Version      int        `bun:"version,notnull" json:"version"`
	CreatedAt    time.Time  `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt    time.Time  `bun:"updated_at,notnull" json:"updated_at"`
}

// Parent is one dated row of an area's parent history.
type Parent struct {
	bun.BaseModel `bun:"table:area_parents"`

	ID        int64      `bun:"id,pk,autoincrement" json:"id"`
	AreaID    int64      `bun:"area_id,notnull" json:"area_id"`
	ParentID  *int64     `bun:"parent_id" json:"parent_id"`
	ValidFrom civil.Date `bun:"valid_from,notnull" json:"valid_from"`
	ValidTo   civil.Date `bun:"valid_to,nullzero" json:"valid_to"`
	Reason    string     `bun:"reason,notnull" json:"reason"`
}

// Total is an area's total number of households in a year (the denominator of rates).
type Total struct {
	bun.BaseModel `bun:"table:area_household_totals"`

	AreaID int64 `bun:"area_id,pk" json:"area_id"`
	Year   int   `bun:"year,pk" json:"year"`
	Total  int   `bun:"total,notnull" json:"total"`
}

// Summary is an area with what a tree view shows next to it.
type Summary struct {
	Area
	Children int `bun:"children" json:"children"`
	Poor     int `bun:"poor" json:"poor" doc:"poor households tracked in the subtree"`
	NearPoor int `bun:"near_poor" json:"near_poor" doc:"near-poor households tracked in the subtree"`
	Tracked  int `bun:"tracked" json:"tracked" doc:"households tracked in the subtree (not archived)"`
}

// Input is what a user gives to create or change an area.
type Input struct {
	Code     string `json:"code" minLength:"1" maxLength:"32"`
	Name     string `json:"name" minLength:"1" maxLength:"200"`
	Kind     Kind   `json:"kind" enum:"province,district,ward,commune,neighbourhood,hamlet,residential_group"`
	ParentID *int64 `json:"parent_id,omitempty" required:"false"`
	Urban    bool   `json:"urban"`
}

// PathOf returns the path of a child with id under parentPath.
func PathOf(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}
