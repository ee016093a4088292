package excel

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"chungtay/internal/apperr"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// rowParser turns the cells of one row into a checked household.
type rowParser struct {
	hdr    header
	city   poverty.Lines
	lookup AreaLookup
	areas  map[string]areaHit // area code → lookup result, for the whole file
	codes  map[string]int     // household code → first row; nil: no duplicate check
}

type areaHit struct {
	id int64
	ok bool
}

func newRowParser(hdr header, city poverty.Lines, lookup AreaLookup) *rowParser {
	return &rowParser{hdr: hdr, city: city, lookup: lookup, areas: map[string]areaHit{}}
}

// rowProblems collects a row's errors; a field is reported once.
type rowProblems struct {
	hdr    header
	row    int
	errs   []RowError
	seen   map[string]bool
	values map[string]string // field → the cell read for it
}

func (p *rowProblems) add(field, id string, args apperr.Args) {
	if p.seen[field] {
		return
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[field] = true
	p.errs = append(p.errs, RowError{Row: p.row, Column: p.hdr.field[field], Field: field, Heading: p.hdr.heading[field],
		Value: p.values[field], MessageID: id, Args: args})
}

// parse reads one row. Bad cells give RowErrors (every bad field of the row,
// not just the first); err is only for a failed area look-up.
func (p *rowParser) parse(ctx context.Context, row int, cells []string) (household.Checked, []RowError, error) {
	probs := &rowProblems{hdr: p.hdr, row: row, values: map[string]string{}}
	var in household.Input
	var incomeGiven bool
	for i, c := range columns {
		ci := p.hdr.cell[i]
		v := ""
		if ci >= 0 && ci < len(cells) {
			v = strings.TrimSpace(cells[ci])
		}
		if v == "" {
			missingValue(probs, c)
			continue
		}
		if _, ok := probs.values[c.field]; !ok {
			probs.values[c.field] = v
		}
		switch c.kind {
		case kindCode:
			in.Code = v
		case kindHeadName:
			in.HeadName = v
		case kindAddress:
			in.Address = v
		case kindNote:
			in.Note = v
		case kindArea:
			hit, err := p.area(ctx, v)
			if err != nil {
				return household.Checked{}, nil, err
			}
			if !hit.ok {
				probs.add(c.field, "field.not_found", apperr.Args{"Value": v})
			}
			in.AreaID = hit.id
		case kindMembers:
			in.Members = int(integer(probs, c, v, math.MaxInt32))
		case kindYear:
			in.Year = int(integer(probs, c, v, math.MaxInt32))
		case kindIncome:
			in.IncomeMonthly, incomeGiven = integer(probs, c, v, math.MaxInt64), true
		case kindUrban:
			urban, ok := parseUrban(v)
			if !ok {
				probs.add(c.field, "field.one_of", apperr.Args{"Values": urbanVI + ", " + ruralVI})
			}
			in.Urban = urban
		case kindStandard:
			st, ok := parseStandard(v)
			if !ok {
				probs.add(c.field, "field.one_of", apperr.Args{"Values": "2016-2020, 2022-2026, city"})
			}
			in.Standard = st
		case kindClass:
			class, ok := parseClass(v)
			if !ok {
				probs.add(c.field, "field.one_of", apperr.Args{"Values": classValues()})
			}
			in.Classification = class
		case kindIndicator, kindCause, kindFlag:
			if isMark(v) {
				addCode(&in, c)
			}
		}
	}
	// Without a classification, income decides it: an empty income must not
	// silently count as 0 and make the household poor.
	if !incomeGiven && in.Classification == "" && !probs.seen["classification"] {
		probs.add("income_monthly", "field.required", nil)
	}
	checked, fields := household.Check(in, p.city)
	for _, fe := range fields {
		probs.add(fe.Field, fe.MessageID, fe.Args)
	}
	if p.codes != nil && checked.Code != "" {
		if first, dup := p.codes[checked.Code]; dup {
			probs.add("code", "excel.duplicate_code", apperr.Args{"Value": checked.Code, "Row": first})
		} else {
			p.codes[checked.Code] = row
		}
	}
	// Left to right, as the officer reads the row; absent columns last.
	sort.SliceStable(probs.errs, func(i, j int) bool {
		a, b := probs.errs[i].Column, probs.errs[j].Column
		if (a == "") != (b == "") {
			return b == ""
		}
		return len(a) < len(b) || (len(a) == len(b) && a < b)
	})
	return checked, probs.errs, nil
}

// missingValue reports an empty cell of a column whose value is needed.
// Income is handled after the row is read (it may be left out when a
// classification is given).
func missingValue(probs *rowProblems, c column) {
	switch c.kind {
	case kindCode, kindHeadName, kindArea, kindMembers, kindUrban, kindStandard, kindYear:
		probs.add(c.field, "field.required", nil)
	}
}

// integer reads a whole number cell; out of range values are clamped to max
// so that Check reports them with its own bounds.
func integer(probs *rowProblems, c column, v string, limit int64) int64 {
	n, ok := parseInt(v)
	if !ok {
		probs.add(c.field, "field.type_integer", apperr.Args{"Value": v})
		return 0
	}
	return min(max(n, -1), limit)
}

func addCode(in *household.Input, c column) {
	switch c.kind {
	case kindIndicator:
		in.Deprivations = append(in.Deprivations, c.code)
	case kindCause:
		in.Causes = append(in.Causes, c.code)
	case kindFlag:
		in.Flags = append(in.Flags, c.code)
	}
}

// area looks a code up once per file.
func (p *rowParser) area(ctx context.Context, code string) (areaHit, error) {
	if hit, ok := p.areas[code]; ok {
		return hit, nil
	}
	id, ok, err := p.lookup(ctx, code)
	if err != nil {
		return areaHit{}, apperr.Wrap(err, fmt.Sprintf("import: look up area %q", code))
	}
	hit := areaHit{id: id, ok: ok && id > 0}
	p.areas[code] = hit
	return hit, nil
}
