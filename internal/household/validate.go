package household

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"chungtay/internal/apperr"
	"chungtay/internal/poverty"
)

// Limits on input, shared by the API and the Excel import.
const (
	MaxCodeLen    = 40
	MaxNameLen    = 200
	MaxAddressLen = 500
	MaxNoteLen    = 2000
	MaxMembers    = 50
	MaxIncome     = 1_000_000_000 // VND per person per month
	MinYear       = 2000
	MaxYear       = 2100
)

// Checked is an Input that passed validation, with its codes parsed.
type Checked struct {
	Input
	Deprivations poverty.Deprivations
	Causes       poverty.Causes
	Flags        poverty.Flags
}

// Check validates in (everything but the database look-ups: area and code
// uniqueness) and fills the classification from the standard when it is empty.
// city is the city standard's lines. Every bad field is reported, not just the first.
func Check(in Input, city poverty.Lines) (Checked, []apperr.FieldError) {
	var c []apperr.FieldError
	add := func(field, id string, args apperr.Args) { c = append(c, apperr.Field(field, id, args)) }

	in.Code = strings.TrimSpace(in.Code)
	in.HeadName = strings.Join(strings.Fields(in.HeadName), " ")
	in.Address = strings.TrimSpace(in.Address)
	in.Note = strings.TrimSpace(in.Note)
	switch {
	case in.Code == "":
		add("code", "field.required", nil)
	case utf8.RuneCountInString(in.Code) > MaxCodeLen:
		add("code", "field.max_len", apperr.Args{"Max": MaxCodeLen})
	case strings.IndexFunc(in.Code, func(r rune) bool { return !validCodeRune(r) }) >= 0:
		add("code", "household.code_chars", nil)
	}
	switch {
	case in.HeadName == "":
		add("head_name", "field.required", nil)
	case utf8.RuneCountInString(in.HeadName) > MaxNameLen:
		add("head_name", "field.max_len", apperr.Args{"Max": MaxNameLen})
	}
	if utf8.RuneCountInString(in.Address) > MaxAddressLen {
		add("address", "field.max_len", apperr.Args{"Max": MaxAddressLen})
	}
	if utf8.RuneCountInString(in.Note) > MaxNoteLen {
		add("note", "field.max_len", apperr.Args{"Max": MaxNoteLen})
	}
	if in.AreaID <= 0 {
		add("area_id", "field.required", nil)
	}
	if in.Members < 1 || in.Members > MaxMembers {
		add("members", "field.between", apperr.Args{"Min": 1, "Max": MaxMembers})
	}
	if in.IncomeMonthly < 0 || in.IncomeMonthly > MaxIncome {
		add("income_monthly", "field.between", apperr.Args{"Min": 0, "Max": MaxIncome})
	}
	if in.Year < MinYear || in.Year > MaxYear {
		add("year", "field.between", apperr.Args{"Min": MinYear, "Max": MaxYear})
	}
	out := Checked{Input: in}
	var err error
	if out.Deprivations, err = poverty.ParseDeprivations(in.Deprivations); err != nil {
		add("deprivations", "field.unknown_code", apperr.Args{"Value": badCode(err)})
	}
	if out.Causes, err = poverty.ParseCauses(in.Causes); err != nil {
		add("causes", "field.unknown_code", apperr.Args{"Value": badCode(err)})
	}
	if out.Flags, err = poverty.ParseFlags(in.Flags); err != nil {
		add("flags", "field.unknown_code", apperr.Args{"Value": badCode(err)})
	}
	if !in.Standard.Valid() {
		add("standard", "field.one_of", apperr.Args{"Values": "2016-2020, 2022-2026, city"})
	}
	switch {
	case in.Classification != "" && !in.Classification.Valid():
		add("classification", "field.one_of", apperr.Args{"Values": "poor, near_poor, escaped, average, none"})
	case in.Classification == "" && in.Standard.Valid() && len(c) == 0:
		class, err := poverty.Classify(poverty.Input{Standard: in.Standard, Urban: in.Urban,
			IncomeMonthly: in.IncomeMonthly, Deprivations: out.Deprivations}, city)
		if err != nil {
			add("classification", "household.cannot_classify", nil)
		}
		out.Classification = class
	}
	// Codes are stored as bits; give back the canonical lists.
	out.Input.Deprivations, out.Input.Causes, out.Input.Flags = out.Deprivations.Codes(), out.Causes.Codes(), out.Flags.Codes()
	return out, c
}

func validCodeRune(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./", r))
}

// badCode pulls the quoted unknown code out of a poverty parse error.
func badCode(err error) string {
	msg := err.Error()
	if i := strings.IndexByte(msg, '"'); i >= 0 {
		if j := strings.IndexByte(msg[i+1:], '"'); j >= 0 {
			return msg[i+1 : i+1+j]
		}
	}
	return msg
}

var folder = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Fold turns a name into its search form: lower case, no diacritics, đ → d,
// single spaces. "Nguyễn Văn Đức" → "nguyen van duc".
func Fold(s string) string {
	s = strings.NewReplacer("đ", "d", "Đ", "d").Replace(s)
	out, _, err := transform.String(folder, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}
