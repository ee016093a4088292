// Package unit is the responsible units (đơn vị phụ trách): party committee and
// cells, the People's Committee, the poverty-reduction board, the Fatherland
// Front and unions, schools, the health station, officials by post, residential
// groups, the Social Policy Bank and the city departments. Each belongs to an
// area and may sit under a parent unit.
package unit

import (
	"time"

	"github.com/uptrace/bun"
)

// Kind is the kind of a responsible unit.
type Kind string

// The kinds of unit seen in the seeds.
const (
	KindPartyCommittee   Kind = "party_committee"    // Đảng ủy
	KindPartyCell        Kind = "party_cell"         // Chi bộ
	KindPeoplesCommittee Kind = "peoples_committee"  // Ủy ban nhân dân
	KindPovertyBoard     Kind = "poverty_board"      // Ban Giảm nghèo
	KindFatherlandFront  Kind = "fatherland_front"   // Mặt trận Tổ quốc
	KindWomensUnion      Kind = "womens_union"       // Hội Liên hiệp Phụ nữ
	KindFarmersUnion     Kind = "farmers_union"      // Hội Nông dân
	KindVeteransUnion    Kind = "veterans_union"     // Hội Cựu chiến binh
	KindYouthUnion       Kind = "youth_union"        // Đoàn Thanh niên
	KindRedCross         Kind = "red_cross"          // Hội Chữ thập đỏ
	KindLabourFederation Kind = "labour_federation"  // Liên đoàn Lao động
	KindSchool           Kind = "school"             // Trường học
	KindHealthStation    Kind = "health_station"     // Trạm y tế
	KindOfficial         Kind = "official"           // Công chức phụ trách (by post)
	KindResidentialGroup Kind = "residential_group"  // Tổ dân phố
	KindSocialPolicyBank Kind = "social_policy_bank" // Ngân hàng Chính sách xã hội
	KindEntrustedUnion   Kind = "entrusted_union"    // Tổ chức hội nhận ủy thác
	KindDepartment       Kind = "department"         // Sở, ban, ngành
	KindOther            Kind = "other"
)

// KindInfo labels a kind.
type KindInfo struct {
	Kind    Kind   `json:"kind"`
	LabelVI string `json:"label_vi"`
	LabelEN string `json:"label_en"`
}

// Kinds lists every kind of unit.
var Kinds = []KindInfo{
	{KindPartyCommittee, "Đảng ủy", "Party Committee"},
	{KindPartyCell, "Chi bộ", "Party cell"},
	{KindPeoplesCommittee, "Ủy ban nhân dân", "People's Committee"},
	{KindPovertyBoard, "Ban Giảm nghèo", "Poverty-reduction Board"},
	{KindFatherlandFront, "Mặt trận Tổ quốc", "Fatherland Front"},
	{KindWomensUnion, "Hội Liên hiệp Phụ nữ", "Women's Union"},
	{KindFarmersUnion, "Hội Nông dân", "Farmers' Union"},
	{KindVeteransUnion, "Hội Cựu chiến binh", "Veterans' Association"},
	{KindYouthUnion, "Đoàn Thanh niên", "Youth Union"},
	{KindRedCross, "Hội Chữ thập đỏ", "Red Cross"},
	{KindLabourFederation, "Liên đoàn Lao động", "Labour Federation"},
	{KindSchool, "Trường học", "School"},
	{KindHealthStation, "Trạm y tế", "Health station"},
	{KindOfficial, "Công chức phụ trách", "Official by post"},
	{KindResidentialGroup, "Tổ dân phố", "Residential group"},
	{KindSocialPolicyBank, "Ngân hàng Chính sách xã hội", "Social Policy Bank"},
	{KindEntrustedUnion, "Tổ chức hội nhận ủy thác", "Entrusted union"},
	{KindDepartment, "Sở, ban, ngành", "Department"},
	{KindOther, "Khác", "Other"},
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

// Unit is a responsible unit.
type Unit struct {
	bun.BaseModel `bun:"table:units"`

	ID         int64      `bun:"id,pk,autoincrement" json:"id"`
	Code       string     `bun:"code,notnull" json:"code"`
	Name       string     `bun:"name,notnull" json:"name"`
	Kind       Kind       `bun:"kind,notnull" json:"kind"`
	Post       string     `bun:"post,notnull" json:"post" doc:"for officials: the post (VHXH, tài chính – kế toán…)"`
	AreaID     int64      `bun:"area_id,notnull" json:"area_id"`
	AreaName   string     `bun:"area_name,scanonly" json:"area_name,omitempty" doc:"the area's name (lists and reads)"`
	ParentID   *int64     `bun:"parent_id" json:"parent_id"`
	ArchivedAt *time.Time `bun:"archived_at" json:"archived_at"`
	// ArchiveReason says why (dissolved, merged into another unit…); may be empty.
	ArchiveReason string    `bun:"archive_reason,notnull" json:"archive_reason"`
	Version       int       `bun:"version,notnull" json:"version"`
	CreatedAt     time.Time `bun:"created_at,notnull" json:"created_at"`
	UpdatedAt     time.Time `bun:"updated_at,notnull" json:"updated_at"`
}

// Input creates or changes a unit.
type Input struct {
	Code     string `json:"code" minLength:"1" maxLength:"64"`
	Name     string `json:"name" minLength:"1" maxLength:"300"`
	Kind     Kind   `json:"kind"`
	Post     string `json:"post,omitempty" required:"false" maxLength:"200"`
	AreaID   int64  `json:"area_id"`
	ParentID *int64 `json:"parent_id,omitempty" required:"false"`
}
