package poverty

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (with errors.Is) by every error this package returns:
// unknown codes, unknown standards, negative income, unusable city lines.
var ErrInvalid = errors.New("invalid")

// invalidError carries a readable message and reports itself as ErrInvalid,
// so callers can map it to a 400-style response without string matching.
type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{msg: fmt.Sprintf(format, args...)}
}

// CodeInfo describes one stored code: its stable code, Vietnamese and English
// labels, and, for bit-set members (causes, flags), the bit mask it occupies
// (1<<position). Bit is 0 for values that are not bit-set members.
type CodeInfo struct {
	Code    string
	LabelVI string
	LabelEN string
	Bit     uint32
}

// label picks the label for lang: "en" gives English, anything else Vietnamese.
func (ci CodeInfo) label(lang string) string {
	if lang == "en" {
		return ci.LabelEN
	}
	return ci.LabelVI
}

// Class is a household's classification for a year.
type Class string

// The classes, in display order.
const (
	ClassPoor     Class = "poor"      // hộ nghèo
	ClassNearPoor Class = "near_poor" // hộ cận nghèo
	ClassEscaped  Class = "escaped"   // hộ mới thoát nghèo (eligible 3 years)
	ClassAverage  Class = "average"   // hộ có mức sống trung bình
	ClassNone     Class = "none"      // not in any class of the programme
)

// Classes lists every class in display order.
var Classes = []Class{ClassPoor, ClassNearPoor, ClassEscaped, ClassAverage, ClassNone}

// ClassInfos holds the Vietnamese and English labels of every class, in the
// order of Classes. Bit is always 0.
var ClassInfos = []CodeInfo{
	{Code: string(ClassPoor), LabelVI: "Hộ nghèo", LabelEN: "Poor household"},
	{Code: string(ClassNearPoor), LabelVI: "Hộ cận nghèo", LabelEN: "Near-poor household"},
	{Code: string(ClassEscaped), LabelVI: "Hộ mới thoát nghèo", LabelEN: "Newly escaped poverty"},
	{Code: string(ClassAverage), LabelVI: "Hộ có mức sống trung bình", LabelEN: "Average living standard"},
	{Code: string(ClassNone), LabelVI: "Không thuộc diện", LabelEN: "None"},
}

// Valid reports whether c is one of Classes.
func (c Class) Valid() bool {
	for _, k := range Classes {
		if c == k {
			return true
		}
	}
	return false
}

// Label returns the class label in lang ("vi", the default, or "en");
// an unknown class is returned as its raw code.
func (c Class) Label(lang string) string {
	for _, ci := range ClassInfos {
		if ci.Code == string(c) {
			return ci.label(lang)
		}
	}
	return string(c)
}

// Standard is the versioned poverty standard (chuẩn nghèo).
type Standard string

// The standards. A household's classification always names the standard it
// was made under, since the lines and indicators differ between them.
const (
	// Standard2016 is the multidimensional standard 2016–2020, Quyết định
	// 59/2015/QĐ-TTg: 5 dimensions, 10 indicators.
	Standard2016 Standard = "2016-2020"
	// Standard2022 is the multidimensional standard 2022–2026, Nghị định
	// 07/2021/NĐ-CP (as amended by Nghị định 30/2025/NĐ-CP): 6 dimensions,
	// 12 indicators.
	Standard2022 Standard = "2022-2026"
	// StandardCity is a city's own standard with configurable lines (e.g.
	// Ho Chi Minh City 2016–2020: 21M / 28M VND per person per year).
	StandardCity Standard = "city"
)

// Standards lists every standard, oldest national standard first.
var Standards = []Standard{Standard2016, Standard2022, StandardCity}

// StandardInfos holds the Vietnamese and English labels of every standard, in
// the order of Standards. Bit is always 0.
var StandardInfos = []CodeInfo{
	{Code: string(Standard2016), LabelVI: "Chuẩn nghèo 2016–2020 (QĐ 59/2015/QĐ-TTg)", LabelEN: "Poverty standard 2016–2020 (Decision 59/2015/QD-TTg)"},
	{Code: string(Standard2022), LabelVI: "Chuẩn nghèo 2022–2026 (NĐ 07/2021/NĐ-CP)", LabelEN: "Poverty standard 2022–2026 (Decree 07/2021/ND-CP)"},
	{Code: string(StandardCity), LabelVI: "Chuẩn nghèo của thành phố", LabelEN: "City poverty standard"},
}

// Valid reports whether s is one of Standards.
func (s Standard) Valid() bool {
	for _, k := range Standards {
		if s == k {
			return true
		}
	}
	return false
}

// Label returns the standard label in lang ("vi", the default, or "en");
// an unknown standard is returned as its raw code.
func (s Standard) Label(lang string) string {
	for _, ci := range StandardInfos {
		if ci.Code == string(s) {
			return ci.label(lang)
		}
	}
	return string(s)
}
