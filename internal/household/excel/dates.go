package excel

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/civil"
)

// dateReader reads the date cells of one sheet as the cell shows them. A
// date typed into Excel or LibreOffice is stored as a serial number with a
// date format (Excel's built-in short date, numFmt 14; LibreOffice vi-VN's
// DD/MM/YY; a date-time), so the number and the cell's format are read, not
// the text excelize would format (numFmt 14 reads "03-06-25"). A text cell
// is read as officers type dates: dd/mm/yyyy, d/m/yy, dd-mm-yyyy,
// dd.mm.yyyy, ddmmyyyy or yyyy-mm-dd.
type dateReader struct {
	f        *excelize.File
	sheet    string
	date1904 bool
	isDate   map[int]bool // style id → its number format is a date
}

func newDateReader(f *excelize.File, sheet string) *dateReader {
	d := &dateReader{f: f, sheet: sheet, isDate: map[int]bool{}}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		d.date1904 = *p.Date1904
	}
	return d
}

// read returns the day of the cell at ref whose raw value is raw.
func (d *dateReader) read(ref, raw string) (civil.Date, bool) {
	if serial, err := strconv.ParseFloat(raw, 64); err == nil && d.dateStyled(ref) {
		return fromSerial(serial, d.date1904)
	}
	return parseDateText(raw)
}

// dateStyled reports whether the cell's number format shows a date.
func (d *dateReader) dateStyled(ref string) bool {
	id, err := d.f.GetCellStyle(d.sheet, ref)
	if err != nil {
		return false
	}
	if v, ok := d.isDate[id]; ok {
		return v
	}
	v := false
	if st, err := d.f.GetStyle(id); err == nil && st != nil {
		v = isDateFormat(st.NumFmt, st.CustomNumFmt)
	}
	d.isDate[id] = v
	return v
}

// fromSerial turns an Excel serial (days since 1899-12-30, or 1904-01-01)
// into the day it shows; the time of a date-time is dropped.
func fromSerial(serial float64, date1904 bool) (civil.Date, bool) {
	if serial < 1 || serial > 2958465 { // 9999-12-31
		return civil.Date{}, false
	}
	t, err := excelize.ExcelDateToTime(math.Floor(serial), date1904)
	if err != nil {
		return civil.Date{}, false
	}
	return civil.NewDate(t.Year(), t.Month(), t.Day()), true
}

// isDateFormat reports whether a number format shows a date: the built-in
// date and date-time formats, or a custom code with d, m or y outside quotes,
// brackets and escapes ("DD/MM/YY", "dd/mm/yyyy hh:mm", "[$-42A]d/m/yyyy").
func isDateFormat(id int, custom *string) bool {
	if custom == nil || *custom == "" {
		return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)
	}
	code := strings.ToLower(*custom)
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quoted:
			quoted = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quoted = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal
		default:
			b.WriteByte(c)
		}
	}
	plain := b.String()
	if plain == "general" || plain == "@" {
		return false
	}
	return strings.ContainsAny(plain, "dy") || (strings.Contains(plain, "m") && !strings.ContainsAny(plain, "hs"))
}

var (
	dayMonthYear = regexp.MustCompile(`^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$`)
	isoDay       = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$`)
	eightDigits  = regexp.MustCompile(`^\d{8}$`)
)

// parseDateText reads a date typed as text; a time after it ("03/06/2025
// 08:30") is dropped. A two-digit year is 20yy.
func parseDateText(s string) (civil.Date, bool) {
	s = strings.TrimSpace(s)
	if m := isoDay.FindStringSubmatch(s); m != nil {
		return day(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if i := strings.IndexByte(s, ' '); i > 0 {
		s = s[:i]
	}
	if m := dayMonthYear.FindStringSubmatch(s); m != nil {
		y := atoi(m[3])
		if len(m[3]) == 2 {
			y += 2000
		}
		return day(y, atoi(m[2]), atoi(m[1]))
	}
	if eightDigits.MatchString(s) {
		return day(atoi(s[4:]), atoi(s[2:4]), atoi(s[:2]))
	}
	return civil.Date{}, false
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// day checks that y-m-d exists (no 31/02) and returns it.
func day(y, m, d int) (civil.Date, bool) {
	if y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return civil.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return civil.Date{}, false
	}
	return civil.NewDate(y, time.Month(m), d), true
}
