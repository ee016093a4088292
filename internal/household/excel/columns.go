package excel

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// kind says how a column's cells are read and written.
type kind int

const (
	kindCode kind = iota
	kindHeadName
	kindAddress
	kindArea
	kindMembers
	kindUrban
	kindIncome
	kindStandard
	kindClass
	kindYear
	kindIndicator
	kindCause
	kindFlag
	kindNote
)

// column is one column of the household sheet.
type column struct {
	kind     kind
	field    string // the household field a RowError names
	vi, en   string // header texts: row 1 Vietnamese, row 2 English
	required bool   // the header must be present in an upload
	code     string // indicator, cause or flag code
	help     string // how to fill it in (Vietnamese), for the instructions sheet
	width    float64
	aliases  []string // other headers accepted on import
}

// Columns of the household sheet, in template order: one row per household.
var columns = buildColumns()

const (
	urbanVI = "Thành thị"
	ruralVI = "Nông thôn"
	markVI  = "x"
)

func buildColumns() []column {
	cols := []column{
		{kind: kindCode, field: "code", vi: "Mã hộ", en: "Household code", required: true, width: 14,
			aliases: []string{"code", "mã số hộ", "mã hộ gia đình"},
			help:    "Mã duy nhất của hộ: chữ không dấu, số và - _ . / (tối đa 40 ký tự). Hộ đã có cùng mã thì được cập nhật, không tạo hộ mới."},
		{kind: kindHeadName, field: "head_name", vi: "Họ tên chủ hộ", en: "Head of household", required: true, width: 26,
			aliases: []string{"head_name", "chủ hộ", "họ và tên chủ hộ", "tên chủ hộ"},
			help:    "Họ và tên đầy đủ, có dấu."},
		{kind: kindAddress, field: "address", vi: "Địa chỉ", en: "Address", width: 30,
			aliases: []string{"address"}, help: "Số nhà, đường (tối đa 500 ký tự). Có thể để trống."},
		{kind: kindArea, field: "area_id", vi: "Mã địa bàn", en: "Area code", required: true, width: 14,
			aliases: []string{"area_code", "area", "mã tổ dân phố", "mã tổ"},
			help:    "Mã của địa bàn (thường là tổ dân phố) đúng như trong danh mục địa bàn của Chung Tay; địa bàn đã giải thể hoặc sáp nhập không dùng được."},
		{kind: kindMembers, field: "members", vi: "Số nhân khẩu", en: "Members", required: true, width: 10,
			aliases: []string{"members", "nhân khẩu", "số khẩu", "số người"},
			help:    "Số nguyên từ 1 đến 50."},
		{kind: kindUrban, field: "urban", vi: "Khu vực", en: "Urban or rural", required: true, width: 12,
			aliases: []string{"urban", "thành thị/nông thôn", "khu vực thành thị/nông thôn"},
			help:    "Ghi \"Thành thị\" hoặc \"Nông thôn\" (không phân biệt hoa thường, có dấu hay không dấu). Quyết định chuẩn thu nhập áp dụng."},
		{kind: kindIncome, field: "income_monthly", vi: "Thu nhập bình quân (đồng/người/tháng)", en: "Income per person per month (VND)", width: 18,
			aliases: []string{"income_monthly", "income", "thu nhập bình quân", "thu nhập bình quân đầu người", "thu nhập"},
			help:    "Số nguyên, đồng/người/tháng: 1.500.000 hoặc 1500000 hoặc ô kiểu số. Chỉ được để trống khi đã ghi Phân loại."},
		{kind: kindStandard, field: "standard", vi: "Chuẩn nghèo", en: "Poverty standard", required: true, width: 12,
			aliases: []string{"standard"},
			help:    "2016-2020, 2022-2026 hoặc city (chuẩn của thành phố); nhận cả tên ở bảng \"Chuẩn nghèo\" dưới đây."},
		{kind: kindClass, field: "classification", vi: "Phân loại", en: "Classification", width: 18,
			aliases: []string{"classification", "class", "phân loại hộ"},
			help:    "Để trống để Chung Tay tự tính theo chuẩn nghèo, khu vực, thu nhập và số chỉ số thiếu hụt; hoặc ghi mã/tên ở bảng \"Phân loại\" dưới đây."},
		{kind: kindYear, field: "year", vi: "Năm", en: "Year", required: true, width: 8,
			aliases: []string{"year", "năm phân loại", "năm rà soát"},
			help:    "Năm của danh sách (từ 2000 đến 2100), ví dụ 2025."},
	}
	for _, in := range poverty.Indicators {
		cols = append(cols, column{kind: kindIndicator, field: "deprivations", code: in.Code, vi: in.LabelVI,
			en: "Deprived: " + in.LabelEN, width: 12, aliases: append([]string{in.Code, in.LabelEN}, indicatorAliases[in.Code]...),
			help: "Thiếu hụt chỉ số \"" + in.LabelVI + "\" (chiều " + dimensionVI[in.Dimension] + "): ghi x nếu hộ thiếu hụt."})
	}
	for _, c := range poverty.CauseInfos {
		vi := "Nguyên nhân: " + c.LabelVI
		cols = append(cols, column{kind: kindCause, field: "causes", code: c.Code, vi: vi,
			en: "Cause: " + c.LabelEN, width: 12, aliases: causeAliases(c),
			help: "Nguyên nhân nghèo \"" + c.LabelVI + "\": ghi x nếu đúng với hộ."})
	}
	for _, fl := range poverty.FlagInfos {
		cols = append(cols, column{kind: kindFlag, field: "flags", code: fl.Code, vi: fl.LabelVI,
			en: fl.LabelEN, width: 12, aliases: append([]string{fl.Code}, flagAliases[fl.Code]...),
			help: "Đặc điểm \"" + fl.LabelVI + "\": ghi x nếu đúng với hộ."})
	}
	cols = append(cols, column{kind: kindNote, field: "note", vi: "Ghi chú", en: "Note", width: 30,
		aliases: []string{"note"}, help: "Tối đa 2000 ký tự. Có thể để trống."})
	return cols
}

// indicatorAliases are the short headings offices give the indicator
// columns under "Các chỉ số thiếu hụt" (forms of Thông tư 07/2021/TT-BLĐTBXH
// and their local copies).
var indicatorAliases = map[string][]string{
	"dependants":         {"Người phụ thuộc", "Phụ thuộc"},
	"health_insurance":   {"BHYT", "Thiếu hụt BHYT"},
	"health_services":    {"Tiếp cận dịch vụ y tế", "Dịch vụ y tế"},
	"adult_education":    {"Trình độ giáo dục người lớn", "Giáo dục người lớn"},
	"child_schooling":    {"Tình trạng đi học của trẻ", "Trẻ em đi học", "Đi học của trẻ em"},
	"housing_area":       {"Diện tích nhà ở", "Diện tích nhà ở bình quân", "Diện tích nhà ở bình quân/người"},
	"water_source":       {"Nguồn nước", "Nước sinh hoạt"},
	"latrine":            {"Nhà tiêu HVS", "Nhà tiêu", "Hố xí hợp vệ sinh"},
	"telecom":            {"Dịch vụ viễn thông", "Viễn thông"},
	"information_access": {"Tiếp cận thông tin", "Phương tiện tiếp cận thông tin"},
}

// flagAliases are other headings of the flag columns.
var flagAliases = map[string][]string{
	"meritorious":     {"Người có công", "Hộ người có công", "Hộ có công"},
	"ethnic_minority": {"DTTS", "Hộ dân tộc thiểu số"},
	"no_labour":       {"Không có lao động", "Hộ không có khả năng lao động"},
}

// causeAliases: "Nguyên nhân: Thiếu vốn", and "Thiếu vốn" alone under a
// "Nguyên nhân (nghèo)" group; "Khác" alone says too little.
func causeAliases(c poverty.CodeInfo) []string {
	a := []string{c.Code, "nguyên nhân " + c.LabelVI, "nguyên nhân nghèo " + c.LabelVI, c.LabelEN}
	if c.Code != "other" {
		a = append(a, c.LabelVI)
	}
	return a
}

// dimensionVI names the deprivation dimensions (chiều thiếu hụt) in Vietnamese.
var dimensionVI = map[string]string{
	poverty.DimensionEmployment: "Việc làm",
	poverty.DimensionHealth:     "Y tế",
	poverty.DimensionEducation:  "Giáo dục",
	poverty.DimensionHousing:    "Nhà ở",
	poverty.DimensionWater:      "Nước sinh hoạt và vệ sinh",
	poverty.DimensionInfo:       "Thông tin",
}

var parenthesised = regexp.MustCompile(`\([^)]*\)`)

// key is the form headers and labels are compared in: no parenthesised
// part, lower case, no diacritics, letters and digits only. "Thu nhập bình
// quân (đồng/người/tháng)" and "thu nhap  binh quan" both give "thunhapbinhquan".
func key(s string) string {
	s = household.Fold(parenthesised.ReplaceAllString(s, " "))
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// headerKeys maps every accepted header key to its column index.
var headerKeys = func() map[string]int {
	m := map[string]int{}
	for i, c := range columns {
		for _, h := range append([]string{c.vi, c.en}, c.aliases...) {
			if k := key(h); k != "" {
				if j, dup := m[k]; dup && j != i {
					panic("excel: header key " + k + " names two columns")
				}
				m[k] = i
			}
		}
	}
	return m
}()

// standardKeys maps accepted keys of the standard column to a standard.
var standardKeys = func() map[string]poverty.Standard {
	m := map[string]poverty.Standard{"thanhpho": poverty.StandardCity, "chuanthanhpho": poverty.StandardCity,
		"chuanngheothanhpho": poverty.StandardCity}
	for _, ci := range poverty.StandardInfos {
		for _, s := range []string{ci.Code, ci.LabelVI, ci.LabelEN} {
			m[key(s)] = poverty.Standard(ci.Code)
		}
	}
	return m
}()

// parseStandard reads a standard by its code or label; "Chuẩn 2022–2026" works too.
func parseStandard(s string) (poverty.Standard, bool) {
	k := key(s)
	if st, ok := standardKeys[k]; ok {
		return st, true
	}
	switch {
	case strings.Contains(k, "20162020"):
		return poverty.Standard2016, true
	case strings.Contains(k, "20222026"):
		return poverty.Standard2022, true
	}
	return "", false
}

// classKeys maps accepted keys of the classification column to a class: the
// code, the labels, and the Vietnamese label without "Hộ".
var classKeys = func() map[string]poverty.Class {
	m := map[string]poverty.Class{"thoatngheo": poverty.ClassEscaped, "mucsongtrungbinh": poverty.ClassAverage,
		"khong": poverty.ClassNone}
	for _, ci := range poverty.ClassInfos {
		for _, s := range []string{ci.Code, ci.LabelVI, ci.LabelEN, strings.TrimPrefix(ci.LabelVI, "Hộ ")} {
			m[key(s)] = poverty.Class(ci.Code)
		}
	}
	return m
}()

func parseClass(s string) (poverty.Class, bool) {
	c, ok := classKeys[key(s)]
	return c, ok
}

func classValues() string {
	var labels []string
	for _, ci := range poverty.ClassInfos {
		labels = append(labels, ci.LabelVI)
	}
	return strings.Join(labels, ", ")
}

// parseUrban reads the Khu vực column: "Thành thị" or "Nông thôn" (also
// "urban"/"rural", "TT"/"NT"), nothing else.
func parseUrban(s string) (urban, ok bool) {
	switch key(s) {
	case "thanhthi", "urban", "tt":
		return true, true
	case "nongthon", "rural", "nt":
		return false, true
	}
	return false, false
}

// isMark reports whether a cell of an indicator, cause or flag column marks
// it: "x", "1", "có", "true", "yes" or a tick. Anything else, blank included,
// does not.
func isMark(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "x", "1", "có", "co", "true", "yes", "✓", "✔":
		return true
	}
	return false
}

// parseInt reads a whole number as officers write it: 1500000, 1.500.000,
// 1,500,000, "1 500 000 đ", or an Excel number cell ("1500000", "1.5E6").
func parseInt(s string) (int64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, unit := range []string{"vnđ", "vnd", "đồng", "đ"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, unit))
	}
	s = strings.NewReplacer(" ", "", "\u00a0", "").Replace(s)
	if thousands.MatchString(s) {
		s = strings.NewReplacer(".", "", ",", "").Replace(s)
	}
	return parseNumber(s)
}

var thousands = regexp.MustCompile(`^-?\d{1,3}(\.\d{3})+$|^-?\d{1,3}(,\d{3})+$`)

// parseNumber reads a plain integer, or a float that is a whole number.
func parseNumber(s string) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return 0, false
	}
	return int64(f), true
}
