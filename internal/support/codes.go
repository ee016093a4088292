package support

import "strings"

// Type is a kind of support delivered (BRIEF "Support delivered").
type Type string

// The types of support.
const (
	TypeLoan               Type = "loan"                // vay vốn ưu đãi qua NHCSXH
	TypeHealthInsurance    Type = "health_insurance"    // thẻ BHYT
	TypeTuition            Type = "tuition"             // miễn, giảm học phí
	TypeHousing            Type = "housing"             // nhà đại đoàn kết, nhà tình thương, chống dột
	TypeVocationalTraining Type = "vocational_training" // đào tạo nghề
	TypeJob                Type = "job"                 // giới thiệu việc làm
	TypeTetGift            Type = "tet_gift"            // quà Tết
	TypeCash               Type = "cash"                // tiền mặt
	TypeElectricity        Type = "electricity"         // hỗ trợ tiền điện
	TypeCleanWater         Type = "clean_water"         // nước sạch
	TypeLegalAid           Type = "legal_aid"           // trợ giúp pháp lý
	TypeOther              Type = "other"
)

// Source is where the money came from.
type Source string

// The funding sources.
const (
	SourceStateBudget Source = "state_budget"      // ngân sách nhà nước
	SourceFundForPoor Source = "fund_for_the_poor" // Quỹ Vì người nghèo
	SourceSocial      Source = "social"            // xã hội hóa, đóng góp của cộng đồng
	SourceEnterprise  Source = "enterprise"        // doanh nghiệp
	SourceOther       Source = "other"
)

// CodeInfo is a code with its Vietnamese and English labels.
type CodeInfo struct {
	Code    string `json:"code"`
	LabelVI string `json:"label_vi"`
	LabelEN string `json:"label_en"`
}

// Types lists the types of support, in the order forms show them.
var Types = []CodeInfo{
	{string(TypeLoan), "Vay vốn ưu đãi (NHCSXH)", "Preferential loan (Social Policy Bank)"},
	{string(TypeHealthInsurance), "Thẻ bảo hiểm y tế", "Health-insurance card"},
	{string(TypeTuition), "Miễn, giảm học phí", "Tuition exemption"},
	{string(TypeHousing), "Nhà ở (đại đoàn kết, tình thương, chống dột)", "Housing build or repair"},
	{string(TypeVocationalTraining), "Đào tạo nghề", "Vocational training"},
	{string(TypeJob), "Giới thiệu việc làm", "Job placement"},
	{string(TypeTetGift), "Quà Tết", "Tết gift"},
	{string(TypeCash), "Tiền mặt", "Cash"},
	{string(TypeElectricity), "Hỗ trợ tiền điện", "Electricity subsidy"},
	{string(TypeCleanWater), "Nước sạch", "Clean water"},
	{string(TypeLegalAid), "Trợ giúp pháp lý", "Legal aid"},
	{string(TypeOther), "Khác", "Other"},
}

// FundingSources lists the funding sources.
var FundingSources = []CodeInfo{
	{string(SourceStateBudget), "Ngân sách nhà nước", "State budget"},
	{string(SourceFundForPoor), "Quỹ Vì người nghèo", "Fund for the Poor"},
	{string(SourceSocial), "Xã hội hóa (đóng góp của cộng đồng)", "Social contributions"},
	{string(SourceEnterprise), "Doanh nghiệp", "Enterprise"},
	{string(SourceOther), "Khác", "Other"},
}

func known(list []CodeInfo, code string) bool {
	for _, c := range list {
		if c.Code == code {
			return true
		}
	}
	return false
}

// codes lists the codes of list, for a message naming the allowed values.
func codes(list []CodeInfo) string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.Code
	}
	return strings.Join(out, ", ")
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { return known(Types, string(t)) }

// Valid reports whether s is a known funding source.
func (s Source) Valid() bool { return known(FundingSources, string(s)) }

// Meta is what a form needs: the codes with their labels and the limits.
type Meta struct {
	Types            []CodeInfo `json:"types"`
	FundingSources   []CodeInfo `json:"funding_sources"`
	MaxValueVND      int64      `json:"max_value_vnd"`
	MaxEvidenceBytes int64      `json:"max_evidence_bytes"`
	EvidenceTypes    []string   `json:"evidence_types" doc:"content types accepted for evidence files"`
}

// MetaInfo returns the codes, labels and limits of support records.
func MetaInfo() Meta {
	return Meta{Types: Types, FundingSources: FundingSources, MaxValueVND: MaxValueVND,
		MaxEvidenceBytes: MaxEvidenceBytes, EvidenceTypes: []string{"image/jpeg", "image/png", "application/pdf"}}
}
