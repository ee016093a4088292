package plan

import (
	"fmt"
	"regexp"
	"strconv"
)

// periodKey matches the keys of Periods and dutyPeriods: 2026, 2026-once,
// 2026-S1, 2026-Q3, 2026-03.
var periodKey = regexp.MustCompile(`^(\d{4})(?:-(once|S[12]|Q[1-4]|0[1-9]|1[0-2]))?$`)

var (
	romanQuarter = [...]string{"I", "II", "III", "IV"}
	monthEN      = [...]string{"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December"}
)

// PeriodLabel names a period from its key in lang ("vi" or "en"; anything
// else is Vietnamese), the way state documents do: "2026-Q3" is
// "Quý III/2026" or "Q3 2026"; "2026-S1" "6 tháng đầu năm 2026" or
// "H1 2026"; "2026" "Năm 2026" or "2026"; "2026-03" "Tháng 3/2026" or
// "March 2026"; "2018-once" "Năm 2018 (một lần)" or "2018 (once)". The
// frontend's periodLabel (frontend/src/lib/format.ts) says the same. An
// unknown key is returned as it is.
func PeriodLabel(key, lang string) string {
	m := periodKey.FindStringSubmatch(key)
	if m == nil {
		return key
	}
	year, part := m[1], m[2]
	en := lang == "en"
	switch {
	case part == "":
		if en {
			return year
		}
		return "Năm " + year
	case part == "once":
		if en {
			return year + " (once)"
		}
		return "Năm " + year + " (một lần)"
	case part[0] == 'S':
		if en {
			return "H" + part[1:] + " " + year
		}
		if part == "S1" {
			return "6 tháng đầu năm " + year
		}
		return "6 tháng cuối năm " + year
	case part[0] == 'Q':
		q := int(part[1] - '1')
		if en {
			return "Q" + part[1:] + " " + year
		}
		return "Quý " + romanQuarter[q] + "/" + year
	default:
		month, _ := strconv.Atoi(part)
		if en {
			return monthEN[month-1] + " " + year
		}
		return fmt.Sprintf("Tháng %d/%s", month, year)
	}
}
