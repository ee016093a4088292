package demo

import "chungtay/internal/unit"

// Figures of seed 003: Hà Nội, January 2014.
const (
	cityYear       = 2014
	cityRootCode   = "01"
	cityPoor       = 45_732  // hộ nghèo
	cityPoorPeople = 147_589 // their members (nhân khẩu)
	cityNear       = 43_718  // hộ cận nghèo
	cityNearPeople = 160_577
	// Seed 003 gives 39,811 rural poor households and 5,851 urban ones, which
	// add up to 45,662, not 45,732: the rural figure is kept and the urban
	// one takes the 70 households of difference (5,921).
	cityRuralPoor = 39_811
	cityUrbanPoor = cityPoor - cityRuralPoor
	// Households of the city: chosen so that the rates come out as in the seed
	// (poor 2.66%, near-poor 2.55%, rural poor 3.84% of rural households).
	cityHouseholds      = 1_717_000
	cityRuralHouseholds = 1_036_745
	cityUrbanHouseholds = cityHouseholds - cityRuralHouseholds

	cityCentralPoor      = 17_373 // poor under the central standard (≤ 500,000 urban / 400,000 rural)
	cityPoorSocial       = 16_075 // poor households with a member on monthly social assistance
	cityNearSocial       = 6_505
	cityNearMeritorious  = 222            // near-poor households with a member on a meritorious-service allowance
	cityMountainPoor     = 2_556          // poor households in the 14 ethnic-minority, mountain communes
	cityMountainRate     = 935            // 9.35% of those communes' households, per 10,000
	cityBaViCommunePoor  = 393            // Xã Ba Vì: 35.73% …
	cityBaViCommuneTotal = 1_100          // … of its households
	cityDecisionNo       = "8962/QĐ-UBND" // synthetic number of the city's approval of the 2014 list
)

// cityMeritoriousPoor are the 9 poor households with a meritorious-service
// allowance, by district code: Sóc Sơn 4, Mê Linh 3, Gia Lâm 2.
var cityMeritoriousPoor = map[string]int{"016": 4, "250": 3, "018": 2}

// cityDistrict is one of Hà Nội's 30 districts in 2014, with its GSO code,
// its number of wards (phường), towns (thị trấn) and communes (xã), the names
// of its towns, and an illustrative poor rate per 10,000 households (Thanh
// Xuân 0.23% and Ba Vì 7.92% are the seed's lowest and highest).
type cityDistrict struct {
	code, name             string
	wards, towns, communes int
	townNames              []string
	rate                   int
}

// 12 urban districts (quận), 1 town (thị xã) and 17 rural districts
// (huyện): 177 wards, 21 towns and 386 communes, 584 in all.
var cityDistricts = []cityDistrict{
	{"001", "Quận Ba Đình", 14, 0, 0, nil, 40},
	{"002", "Quận Hoàn Kiếm", 18, 0, 0, nil, 30},
	{"003", "Quận Tây Hồ", 8, 0, 0, nil, 45},
	{"004", "Quận Long Biên", 14, 0, 0, nil, 85},
	{"005", "Quận Cầu Giấy", 8, 0, 0, nil, 28},
	{"006", "Quận Đống Đa", 21, 0, 0, nil, 50},
	{"007", "Quận Hai Bà Trưng", 20, 0, 0, nil, 48},
	{"008", "Quận Hoàng Mai", 14, 0, 0, nil, 80},
	{"009", "Quận Thanh Xuân", 11, 0, 0, nil, 23},
	{"016", "Huyện Sóc Sơn", 0, 1, 25, []string{"Sóc Sơn"}, 550},
	{"017", "Huyện Đông Anh", 0, 1, 23, []string{"Đông Anh"}, 260},
	{"018", "Huyện Gia Lâm", 0, 2, 20, []string{"Trâu Quỳ", "Yên Viên"}, 240},
	{"019", "Quận Nam Từ Liêm", 10, 0, 0, nil, 120},
	{"020", "Huyện Thanh Trì", 0, 1, 15, []string{"Văn Điển"}, 220},
	{"021", "Quận Bắc Từ Liêm", 13, 0, 0, nil, 140},
	{"250", "Huyện Mê Linh", 0, 2, 16, []string{"Chi Đông", "Quang Minh"}, 350},
	{"268", "Quận Hà Đông", 17, 0, 0, nil, 110},
	{"269", "Thị xã Sơn Tây", 9, 0, 6, nil, 250},
	{"271", "Huyện Ba Vì", 0, 1, 30, []string{"Tây Đằng"}, 792},
	{"272", "Huyện Phúc Thọ", 0, 1, 22, []string{"Phúc Thọ"}, 420},
	{"273", "Huyện Đan Phượng", 0, 1, 15, []string{"Phùng"}, 300},
	{"274", "Huyện Hoài Đức", 0, 1, 19, []string{"Trạm Trôi"}, 300},
	{"275", "Huyện Quốc Oai", 0, 1, 20, []string{"Quốc Oai"}, 450},
	{"276", "Huyện Thạch Thất", 0, 1, 22, []string{"Liên Quan"}, 400},
	{"277", "Huyện Chương Mỹ", 0, 2, 30, []string{"Chúc Sơn", "Xuân Mai"}, 460},
	{"278", "Huyện Thanh Oai", 0, 1, 20, []string{"Kim Bài"}, 430},
	{"279", "Huyện Thường Tín", 0, 1, 28, []string{"Thường Tín"}, 360},
	{"280", "Huyện Phú Xuyên", 0, 2, 26, []string{"Phú Xuyên", "Phú Minh"}, 490},
	{"281", "Huyện Ứng Hòa", 0, 1, 28, []string{"Vân Đình"}, 580},
	{"282", "Huyện Mỹ Đức", 0, 1, 21, []string{"Đại Nghĩa"}, 650},
}

// The district codes whose rates seed 003 states.
const (
	cityThanhXuan = "009"
	cityBaVi      = "271"
)

// Named places of seed 003. The wards and town with no poor household left:
var cityNoPoor = map[string][]string{
	"268": {"Phường Phú La"},
	"003": {"Phường Quảng An", "Phường Tứ Liên"},
	"016": {"Thị trấn Sóc Sơn"},
}

// The 14 ethnic-minority, mountain communes (xã vùng dân tộc, miền núi) of
// Ba Vì, Thạch Thất, Quốc Oai, Mỹ Đức and Chương Mỹ. Xã Ba Vì, with the
// highest poor rate of the city (35.73%), is the first.
var cityMountain = map[string][]string{
	"271": {"Xã Ba Vì", "Xã Khánh Thượng", "Xã Minh Quang", "Xã Vân Hòa", "Xã Yên Bài", "Xã Ba Trại", "Xã Tản Lĩnh"},
	"276": {"Xã Tiến Xuân", "Xã Yên Bình", "Xã Yên Trung"},
	"275": {"Xã Đông Xuân", "Xã Phú Mãn"},
	"282": {"Xã An Phú"},
	"277": {"Xã Trần Phú"},
}

// cityBodies are the city-level bodies that section IV of seed 003 gives
// duties to (items 1–18), under the People's Committee of the city.
var cityBodies = []struct {
	code, name string
	kind       unit.Kind
	parent     string // "UBND" (the city's People's Committee), "MTTQ" (the Front) or ""
}{
	{"SLDTBXH", "Sở Lao động – Thương binh và Xã hội", unit.KindDepartment, "UBND"},
	{"BDT", "Ban Dân tộc Thành phố", unit.KindDepartment, "UBND"},
	{"SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", unit.KindDepartment, "UBND"},
	{"SYT", "Sở Y tế", unit.KindDepartment, "UBND"},
	{"SGDDT", "Sở Giáo dục và Đào tạo", unit.KindDepartment, "UBND"},
	{"SCT", "Sở Công Thương", unit.KindDepartment, "UBND"},
	{"NHCSXH", "Chi nhánh Ngân hàng Chính sách xã hội Thành phố", unit.KindSocialPolicyBank, ""},
	{"SKHDT", "Sở Kế hoạch và Đầu tư", unit.KindDepartment, "UBND"},
	{"STC", "Sở Tài chính", unit.KindDepartment, "UBND"},
	{"STP", "Sở Tư pháp", unit.KindDepartment, "UBND"},
	{"SXD", "Sở Xây dựng", unit.KindDepartment, "UBND"},
	{"BHXH", "Bảo hiểm xã hội Thành phố", unit.KindDepartment, ""},
	{"STTTT", "Sở Thông tin và Truyền thông", unit.KindDepartment, "UBND"},
	{"BTGTU", "Ban Tuyên giáo Thành ủy", unit.KindDepartment, ""},
	{"HDTDKT", "Hội đồng Thi đua – Khen thưởng Thành phố", unit.KindDepartment, "UBND"},
	{"MTTQ", "Ủy ban MTTQ Việt Nam Thành phố", unit.KindFatherlandFront, ""},
	{"HND", "Hội Nông dân Thành phố", unit.KindFarmersUnion, "MTTQ"},
	{"HLHPN", "Hội Liên hiệp Phụ nữ Thành phố", unit.KindWomensUnion, "MTTQ"},
	{"HCCB", "Hội Cựu chiến binh Thành phố", unit.KindVeteransUnion, "MTTQ"},
	{"HCTD", "Hội Chữ thập đỏ Thành phố", unit.KindRedCross, "MTTQ"},
	{"LDLD", "Liên đoàn Lao động Thành phố", unit.KindLabourFederation, "MTTQ"},
	{"DTN", "Thành đoàn Hà Nội (Đoàn Thanh niên Cộng sản Hồ Chí Minh)", unit.KindYouthUnion, "MTTQ"},
	{"HBTNTT", "Hội Bảo trợ người tàn tật và trẻ mồ côi Thành phố", unit.KindOther, ""},
	{"HCTTETT", "Hội Cứu trợ trẻ em tàn tật Thành phố", unit.KindOther, ""},
	{"HNKT", "Hội Người khuyết tật Thành phố", unit.KindOther, ""},
}

// Hamlet names for rural addresses (thôn, xóm).
var hamlets = []string{"Thôn Đông", "Thôn Đoài", "Thôn Thượng", "Thôn Trung", "Thôn Hạ", "Thôn Nam", "Thôn Bắc",
	"Thôn Tiền", "Thôn Hậu", "Xóm Mới", "Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn 6"}
