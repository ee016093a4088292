package demo

import (
	"math/rand/v2"
	"strings"
)

// region picks the name pools: family names are spread differently in the
// north, the centre and the south (Hoàng and Vũ in the north are mostly
// Huỳnh and Võ in the south).
type region int

const (
	north region = iota
	centre
	south
)

// weighted is a word with its relative frequency.
type weighted struct {
	word string
	w    int
}

// Family names (họ) with rough frequencies per thousand people.
var familyNames = map[region][]weighted{
	north: {
		{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 90}, {"Phạm", 75}, {"Hoàng", 50}, {"Vũ", 40},
		{"Phan", 25}, {"Đặng", 22}, {"Bùi", 25}, {"Đỗ", 25}, {"Ngô", 13}, {"Dương", 12},
		{"Đinh", 10}, {"Trịnh", 8}, {"Đào", 8}, {"Hồ", 6}, {"Lý", 5}, {"Lương", 5},
		{"Khuất", 3}, {"Kiều", 3}, {"Chu", 3}, {"Huỳnh", 1}, {"Võ", 3},
	},
	centre: {
		{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 100}, {"Phạm", 60}, {"Phan", 50}, {"Võ", 45},
		{"Hồ", 30}, {"Hoàng", 30}, {"Huỳnh", 25}, {"Đặng", 20}, {"Bùi", 18}, {"Đỗ", 14},
		{"Ngô", 13}, {"Dương", 10}, {"Trương", 10}, {"Lý", 5}, {"Vũ", 8}, {"Đinh", 8},
	},
	south: {
		{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 65}, {"Huỳnh", 50}, {"Phan", 45},
		{"Võ", 40}, {"Đặng", 20}, {"Bùi", 18}, {"Hồ", 15}, {"Đỗ", 14}, {"Ngô", 13},
		{"Trương", 12}, {"Dương", 10}, {"Lý", 8}, {"Lâm", 7}, {"Hoàng", 8}, {"Vũ", 5},
		{"Mai", 5}, {"Châu", 4}, {"Đinh", 4},
	},
}

// Family names of the ethnic minorities met in the demo areas: Mường and Dao
// in the hills west of Hà Nội and across the north, Hoa in Ho Chi Minh City,
// Khmer and Ê Đê further south.
var minorityFamilyNames = map[region][]weighted{
	north:  {{"Đinh", 20}, {"Quách", 12}, {"Bạch", 8}, {"Hà", 12}, {"Triệu", 14}, {"Bàn", 10}, {"Lý", 10}, {"Đặng", 8}, {"Lò", 8}, {"Hoàng", 8}},
	centre: {{"Hồ", 20}, {"Kpă", 8}, {"Rơ Châm", 6}, {"Đinh", 14}, {"Y", 6}, {"Nay", 8}},
	south:  {{"Lâm", 14}, {"Lý", 14}, {"Quách", 8}, {"Trương", 10}, {"Tăng", 6}, {"Diệp", 5}, {"Thạch", 10}, {"Sơn", 8}, {"Kim", 6}},
}

// Middle names (tên đệm) by sex.
var (
	middleMale = []weighted{
		{"Văn", 50}, {"Hữu", 8}, {"Minh", 10}, {"Thanh", 6}, {"Quốc", 6}, {"Đức", 8},
		{"Công", 6}, {"Ngọc", 3}, {"Xuân", 4}, {"Đình", 5}, {"Trọng", 3}, {"Thành", 3},
	}
	middleFemale = []weighted{
		{"Thị", 70}, {"Ngọc", 8}, {"Thanh", 6}, {"Kim", 6}, {"Thu", 5}, {"Mỹ", 3},
		{"Hồng", 4}, {"Bích", 3}, {"Minh", 2}, {"Thúy", 2},
	}
)

// Given names (tên) by sex.
var (
	givenMale = strings.Fields("Hùng Dũng Tuấn Minh Hải Sơn Long Nam Phúc Tài Thành Bình Cường Hòa Lâm Phong " +
		"Quang Trung Vinh Khoa Tâm Lộc Hiếu Đức Thắng Tùng Hậu Sang Tín Nghĩa Toàn Út Hưng Khánh Lợi Tú " +
		"Thịnh An Bảo Chiến Danh Định Đông Giang Hoàng Huy Kiên Lực Mạnh Nhân Quý Sáu Tư Vũ Thuận Tiến")
	givenFemale = strings.Fields("Lan Hoa Hương Mai Hạnh Thảo Nga Hằng Linh Trang Dung Yến Loan Phương Tuyết " +
		"Hồng Liên Cúc Xuân Nhung Oanh Thủy Thu Vân Bích Huệ Lệ Sương Mận Nguyệt Hiền Hà Ngân Tâm Thanh " +
		"Đào Lài Nhàn Diệu Phượng Quyên Tiên Út Vy Châu Duyên Hậu Kiều Lý Tươi")
)

// personName draws a full name: family name, middle name, given name.
func personName(r *rand.Rand, reg region, female, minority bool) string {
	pool := familyNames[reg]
	if minority {
		pool = minorityFamilyNames[reg]
	}
	family := pickWeighted(r, pool)
	middles, givens := middleMale, givenMale
	if female {
		middles, givens = middleFemale, givenFemale
	}
	middle := pickWeighted(r, middles)
	given := givens[r.IntN(len(givens))]
	for given == middle || given == family {
		given = givens[r.IntN(len(givens))]
	}
	return family + " " + middle + " " + given
}

// pickWeighted draws one word with probability proportional to its weight.
func pickWeighted(r *rand.Rand, ws []weighted) string {
	sum := 0
	for _, w := range ws {
		sum += w.w
	}
	n := r.IntN(sum)
	for _, w := range ws {
		if n < w.w {
			return w.word
		}
		n -= w.w
	}
	return ws[len(ws)-1].word
}

// Syllables of synthetic place names (Hán-Việt words that Vietnamese commune
// names are commonly made of).
var placeSyllables = strings.Fields("An Bình Hòa Phú Tân Phúc Thịnh Hưng Long Đông Tây Nam Bắc Trung Thượng Hạ " +
	"Đại Vĩnh Thanh Hồng Minh Quang Đức Xuân Thụy Liên Hợp Kim Ngọc Văn Tiến Thắng Lợi Đồng Cao Phương " +
	"Yên Thái Lạc Mỹ Sơn Hải Lộc Khánh Thuận Nghĩa Hiệp Thạch Trạch Vân Tường Châu Lâm Hà Quảng Tràng")

// placeNamer makes synthetic two-syllable place names, unique within one
// namer (one district or province), never equal to a reserved name.
type placeNamer struct {
	r    *rand.Rand
	used map[string]bool
}

func newPlaceNamer(r *rand.Rand, reserved ...string) *placeNamer {
	p := &placeNamer{r: r, used: map[string]bool{}}
	for _, n := range reserved {
		p.used[n] = true
	}
	return p
}

// next returns a fresh name such as "Tân Hưng".
func (p *placeNamer) next() string {
	for {
		a := placeSyllables[p.r.IntN(len(placeSyllables))]
		b := placeSyllables[p.r.IntN(len(placeSyllables))]
		if a == b {
			continue
		}
		name := a + " " + b
		if !p.used[name] {
			p.used[name] = true
			return name
		}
	}
}
