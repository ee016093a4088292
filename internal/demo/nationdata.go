package demo

// nationProvince is one of the 34 provinces and centrally-run cities after
// the reform of 1 July 2025, with its code, its number of wards (phường),
// communes (xã) and special zones (đặc khu), and how much poverty it carries
// relative to the others (illustrative: mountains and highlands high, the big
// cities low). The counts add up to the national 687 wards, 2,621 communes
// and 13 special zones (3,321 in all); the ward/commune split of a few
// provinces is approximate.
type nationProvince struct {
	code, name               string
	wards, communes, special int
	specialNames             []string
	reg                      region
	rate                     int // relative poverty, tenths
	minority                 int // per mille of households from an ethnic minority
}

var nationProvinces = []nationProvince{
	{"01", "Thành phố Hà Nội", 51, 75, 0, nil, north, 6, 5},
	{"04", "Tỉnh Cao Bằng", 3, 53, 0, nil, north, 100, 900},
	{"08", "Tỉnh Tuyên Quang", 7, 117, 0, nil, north, 80, 700},
	{"11", "Tỉnh Điện Biên", 3, 42, 0, nil, north, 120, 800},
	{"12", "Tỉnh Lai Châu", 5, 33, 0, nil, north, 120, 850},
	{"14", "Tỉnh Sơn La", 8, 67, 0, nil, north, 90, 800},
	{"15", "Tỉnh Lào Cai", 10, 89, 0, nil, north, 80, 600},
	{"19", "Tỉnh Thái Nguyên", 15, 77, 0, nil, north, 35, 300},
	{"20", "Tỉnh Lạng Sơn", 4, 61, 0, nil, north, 70, 850},
	{"22", "Tỉnh Quảng Ninh", 30, 22, 2, []string{"Vân Đồn", "Cô Tô"}, north, 10, 100},
	{"24", "Tỉnh Bắc Ninh", 33, 66, 0, nil, north, 12, 30},
	{"25", "Tỉnh Phú Thọ", 15, 133, 0, nil, north, 35, 250},
	{"31", "Thành phố Hải Phòng", 45, 67, 2, []string{"Bạch Long Vĩ", "Cát Hải"}, north, 8, 5},
	{"33", "Tỉnh Hưng Yên", 11, 93, 0, nil, north, 18, 5},
	{"37", "Tỉnh Ninh Bình", 32, 97, 0, nil, north, 20, 20},
	{"38", "Tỉnh Thanh Hóa", 19, 147, 0, nil, centre, 40, 150},
	{"40", "Tỉnh Nghệ An", 11, 119, 0, nil, centre, 45, 150},
	{"42", "Tỉnh Hà Tĩnh", 9, 60, 0, nil, centre, 35, 5},
	{"44", "Tỉnh Quảng Trị", 8, 69, 1, []string{"Cồn Cỏ"}, centre, 50, 100},
	{"46", "Thành phố Huế", 21, 19, 0, nil, centre, 30, 50},
	{"48", "Thành phố Đà Nẵng", 23, 70, 1, []string{"Hoàng Sa"}, centre, 15, 80},
	{"51", "Tỉnh Quảng Ngãi", 9, 86, 1, []string{"Lý Sơn"}, centre, 50, 300},
	{"52", "Tỉnh Gia Lai", 25, 110, 0, nil, centre, 60, 350},
	{"56", "Tỉnh Khánh Hòa", 16, 48, 1, []string{"Trường Sa"}, centre, 30, 150},
	{"66", "Tỉnh Đắk Lắk", 14, 88, 0, nil, centre, 50, 300},
	{"68", "Tỉnh Lâm Đồng", 19, 104, 1, []string{"Phú Quý"}, centre, 35, 250},
	{"75", "Tỉnh Đồng Nai", 23, 72, 0, nil, south, 10, 60},
	{"79", "Thành phố Hồ Chí Minh", 113, 54, 1, []string{"Côn Đảo"}, south, 3, 20},
	{"80", "Tỉnh Tây Ninh", 14, 82, 0, nil, south, 15, 10},
	{"82", "Tỉnh Đồng Tháp", 19, 83, 0, nil, south, 25, 5},
	{"86", "Tỉnh Vĩnh Long", 18, 106, 0, nil, south, 30, 100},
	{"91", "Tỉnh An Giang", 14, 85, 3, []string{"Phú Quốc", "Kiên Hải", "Thổ Châu"}, south, 30, 100},
	{"92", "Thành phố Cần Thơ", 31, 72, 0, nil, south, 25, 150},
	{"96", "Tỉnh Cà Mau", 9, 55, 0, nil, south, 30, 50},
}

// Figures of the nation scale (year 2025, standard 2022–2026). The register
// follows on the order of two million households nationwide; the demo splits
// them evenly: 1,000,000 poor and 1,000,000 near-poor households.
const (
	nationYear       = 2025
	nationPoor       = 1_000_000
	nationNear       = 1_000_000
	nationDecisionNo = "125/QĐ-UBND" // synthetic number of each commune's approval of the 2025 list
	// Households of an average ward and commune (the country has about 28
	// million households); the totals are synthetic.
	nationWardHouseholds    = 10_000
	nationCommuneHouseholds = 8_000
)

// nationRootCodes are the codes of the 34 provinces: the roots of the nation's tree.
func nationRootCodes() []string {
	out := make([]string, len(nationProvinces))
	for i, p := range nationProvinces {
		out[i] = p.code
	}
	return out
}
