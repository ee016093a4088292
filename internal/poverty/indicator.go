package poverty

import "math/bits"

// Indicator is one deprivation indicator (chỉ số thiếu hụt). Its value is the
// bit position it occupies in Deprivations; the values are stored in the
// database and must never change.
type Indicator uint8

// The deprivation indicators. Job … InformationAccess are the 12 indicators of
// Nghị định 07/2021/NĐ-CP (2022–2026); HealthServices is used only by the
// 2016–2020 standard of QĐ 59/2015/QĐ-TTg.
const (
	Job               Indicator = 0  // việc làm (employment)
	Dependants        Indicator = 1  // người phụ thuộc trong hộ gia đình (employment)
	Nutrition         Indicator = 2  // dinh dưỡng (health)
	HealthInsurance   Indicator = 3  // bảo hiểm y tế, BHYT (health)
	AdultEducation    Indicator = 4  // trình độ giáo dục của người lớn (education)
	ChildSchooling    Indicator = 5  // tình trạng đi học của trẻ em (education)
	HousingQuality    Indicator = 6  // chất lượng nhà ở (housing)
	HousingArea       Indicator = 7  // diện tích nhà ở bình quân đầu người (housing)
	WaterSource       Indicator = 8  // nguồn nước sinh hoạt (water & sanitation)
	Latrine           Indicator = 9  // nhà tiêu hợp vệ sinh (water & sanitation)
	Telecom           Indicator = 10 // sử dụng dịch vụ viễn thông (information)
	InformationAccess Indicator = 11 // phương tiện phục vụ tiếp cận thông tin (information)
	HealthServices    Indicator = 12 // tiếp cận các dịch vụ y tế (health, 2016–2020 only)
)

// Dimension codes (chiều thiếu hụt) used in IndicatorInfo.Dimension.
const (
	DimensionEmployment = "employment"       // việc làm
	DimensionHealth     = "health"           // y tế
	DimensionEducation  = "education"        // giáo dục
	DimensionHousing    = "housing"          // nhà ở
	DimensionWater      = "water_sanitation" // nước sinh hoạt và vệ sinh
	DimensionInfo       = "information"      // thông tin
)

// IndicatorInfo describes one deprivation indicator: its stable code, its
// dimension, labels, and the standards whose deprivation count includes it.
type IndicatorInfo struct {
	Indicator Indicator
	Code      string
	Dimension string
	LabelVI   string
	LabelEN   string
	Standards []Standard
}

// Standard sets for IndicatorInfo. A city standard counts every recorded
// indicator: the package does not know a city's own list, and the city's
// MinDeprivations is configured against what officers record.
var (
	bothStandards = []Standard{Standard2016, Standard2022, StandardCity}
	only2022      = []Standard{Standard2022, StandardCity}
	only2016      = []Standard{Standard2016, StandardCity}
)

// Indicators lists all 13 indicators in display order: by dimension as in
// Nghị định 07/2021, with the 2016–2020 HealthServices beside health insurance.
var Indicators = []IndicatorInfo{
	{Job, "job", DimensionEmployment, "Việc làm", "Employment", only2022},
	{Dependants, "dependants", DimensionEmployment, "Người phụ thuộc trong hộ gia đình", "Dependants in the household", only2022},
	{Nutrition, "nutrition", DimensionHealth, "Dinh dưỡng", "Nutrition", only2022},
	{HealthInsurance, "health_insurance", DimensionHealth, "Bảo hiểm y tế", "Health insurance", bothStandards},
	{HealthServices, "health_services", DimensionHealth, "Tiếp cận các dịch vụ y tế", "Access to health services", only2016},
	{AdultEducation, "adult_education", DimensionEducation, "Trình độ giáo dục của người lớn", "Adult education", bothStandards},
	{ChildSchooling, "child_schooling", DimensionEducation, "Tình trạng đi học của trẻ em", "Children's school attendance", bothStandards},
	{HousingQuality, "housing_quality", DimensionHousing, "Chất lượng nhà ở", "Housing quality", bothStandards},
	{HousingArea, "housing_area", DimensionHousing, "Diện tích nhà ở bình quân đầu người", "Floor area per person", bothStandards},
	{WaterSource, "water_source", DimensionWater, "Nguồn nước sinh hoạt", "Domestic water source", bothStandards},
	{Latrine, "latrine", DimensionWater, "Nhà tiêu hợp vệ sinh", "Hygienic latrine", bothStandards},
	{Telecom, "telecom", DimensionInfo, "Sử dụng dịch vụ viễn thông", "Use of telecom services", bothStandards},
	{InformationAccess, "information_access", DimensionInfo, "Phương tiện phục vụ tiếp cận thông tin", "Means of access to information", bothStandards},
}

// IndicatorByCode returns the indicator with the given code.
func IndicatorByCode(code string) (Indicator, bool) {
	for _, in := range Indicators {
		if in.Code == code {
			return in.Indicator, true
		}
	}
	return 0, false
}

// Deprivations is the set of indicators a household is deprived in, one bit
// per Indicator (bit position = the Indicator's value).
type Deprivations uint32

// bit returns the mask of i; indicators beyond 31 map to no bit at all.
func (i Indicator) bit() Deprivations {
	if i >= 32 {
		return 0
	}
	return 1 << i
}

// Has reports whether the household is deprived in i.
func (d Deprivations) Has(i Indicator) bool {
	b := i.bit()
	return b != 0 && d&b != 0
}

// With returns d with the given indicators added.
func (d Deprivations) With(i ...Indicator) Deprivations {
	for _, x := range i {
		d |= x.bit()
	}
	return d
}

// standardMask returns the bits of the indicators that belong to s.
func standardMask(s Standard) Deprivations {
	var m Deprivations
	for _, in := range Indicators {
		for _, st := range in.Standards {
			if st == s {
				m |= in.Indicator.bit()
			}
		}
	}
	return m
}

// Count returns how many of the household's deprivations belong to standard
// s; indicators outside s (e.g. Job under 2016–2020) are not counted, and an
// unknown standard counts nothing.
func (d Deprivations) Count(s Standard) int {
	return bits.OnesCount32(uint32(d & standardMask(s)))
}

// Codes returns the codes of the indicators in d, in Indicators order.
// Unknown bits are ignored.
func (d Deprivations) Codes() []string {
	codes := []string{}
	for _, in := range Indicators {
		if d.Has(in.Indicator) {
			codes = append(codes, in.Code)
		}
	}
	return codes
}

// ParseDeprivations turns indicator codes into a set. Duplicates are allowed;
// an unknown code is an error (matching ErrInvalid) that names it.
func ParseDeprivations(codes []string) (Deprivations, error) {
	var d Deprivations
	for _, c := range codes {
		in, ok := IndicatorByCode(c)
		if !ok {
			return 0, invalidf("unknown deprivation indicator %q", c)
		}
		d = d.With(in)
	}
	return d, nil
}

// DimensionInfos labels the six dimensions of deprivation.
var DimensionInfos = []CodeInfo{
	{Code: DimensionEmployment, LabelVI: "Việc làm", LabelEN: "Employment"},
	{Code: DimensionHealth, LabelVI: "Y tế", LabelEN: "Health"},
	{Code: DimensionEducation, LabelVI: "Giáo dục", LabelEN: "Education"},
	{Code: DimensionHousing, LabelVI: "Nhà ở", LabelEN: "Housing"},
	{Code: DimensionWater, LabelVI: "Nước sinh hoạt và vệ sinh", LabelEN: "Water and sanitation"},
	{Code: DimensionInfo, LabelVI: "Thông tin", LabelEN: "Information"},
}
