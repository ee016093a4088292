package plan

// The plan's vocabulary with its labels, in the order forms show it: served
// by GET /api/v1/meta so that every screen and export says the same words.

// Word is a code with its Vietnamese and English labels.
type Word struct {
	Code    string `json:"code"`
	LabelVI string `json:"label_vi"`
	LabelEN string `json:"label_en"`
}

// Frequencies lists the frequencies of duties.
var Frequencies = []Word{
	{string(Once), "Một lần", "Once"},
	{string(Monthly), "Hàng tháng", "Monthly"},
	{string(Quarterly), "Hàng quý", "Quarterly"},
	{string(SixMonthly), "Sáu tháng", "Six-monthly"},
	{string(Yearly), "Hàng năm", "Yearly"},
}

// TargetKinds lists the kinds of target.
var TargetKinds = []Word{
	{string(TargetPoorReduction), "Giảm hộ nghèo", "Fewer poor households"},
	{string(TargetNearPoorReduction), "Giảm hộ cận nghèo", "Fewer near-poor households"},
	{string(TargetPoorRemaining), "Hộ nghèo còn lại cuối năm", "Poor households left at year end"},
	{string(TargetNearPoorRemaining), "Hộ cận nghèo còn lại cuối năm", "Near-poor households left at year end"},
	{string(TargetCoverage), "Tiếp cận dịch vụ xã hội cơ bản", "Access to basic social services"},
}

// CoverageIndicator is one coverage target's indicator and the deprivation
// indicator (poverty.Indicators) whose absence it counts.
type CoverageIndicator struct {
	Code        string `json:"code"`
	Deprivation string `json:"deprivation"`
	LabelVI     string `json:"label_vi"`
	LabelEN     string `json:"label_en"`
}

// CoverageIndicators are the coverage targets of seed 001 ("100% người nghèo
// được cấp thẻ BHYT … 85% hộ nghèo có tài sản phục vụ tiếp cận thông tin").
var CoverageIndicators = []CoverageIndicator{
	{"health_insurance", "health_insurance", "Có thẻ bảo hiểm y tế", "Health insurance"},
	{"child_schooling", "child_schooling", "Trẻ em trong độ tuổi đi học được đến trường", "Children at school"},
	{"adequate_housing", "housing_quality", "Nhà ở đảm bảo chất lượng", "Adequate housing"},
	{"clean_water", "water_source", "Nguồn nước sinh hoạt hợp vệ sinh", "Clean water"},
	{"latrine", "latrine", "Hố xí, nhà tiêu hợp vệ sinh", "Hygienic latrine"},
	{"telecom", "telecom", "Sử dụng dịch vụ viễn thông", "Telecom services"},
	{"information_assets", "information_access", "Tài sản phục vụ tiếp cận thông tin", "Information assets"},
}

func coverageIndicator(code string) bool {
	for _, c := range CoverageIndicators {
		if c.Code == code {
			return true
		}
	}
	return false
}
