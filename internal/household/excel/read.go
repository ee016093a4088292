package excel

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/apperr"
)

// header is where the columns of an uploaded sheet are.
type header struct {
	top     int               // Excel row where the header starts
	row     int               // Excel row where it ends: the data come below
	cell    []int             // per table column: 0-based cell index, -1 when absent
	letter  []string          // per table column: Excel column letter, "" when absent
	field   map[string]string // field → letter of its first column
	heading map[string]string // field → the sheet's own heading of that column
	cols    []headingCell     // every non-empty heading, mapped or ignored
	english string            // key of the English heading of the first column (the template's row 2)
}

// sheet is an open upload with its data sheet and header found.
type sheet struct {
	f     *excelize.File
	name  string
	hdr   header
	notes []Note // rows skipped on purpose, one note per kind
	noted bool   // the notes are complete (a pass has run)
}

// rawCells makes the iterator give stored values, not formatted ones, so that
// a number cell shown as "1.500.000 ₫" reads as 1500000.
var rawCells = excelize.Options{RawCellValue: true}

// openBook opens an uploaded workbook, bounding what it may unzip to.
func openBook(r io.Reader) (*excelize.File, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		if f != nil {
			f.Close()
		}
		if strings.Contains(err.Error(), "unzip size") {
			return nil, fileError("excel.too_large", apperr.Args{"Max": "1 GB"}, err)
		}
		return nil, fileError("excel.not_xlsx", nil, err)
	}
	return f, nil
}

// openSheet opens the upload, finds the sheet with the household headings
// and its header.
func openSheet(r io.Reader) (s *sheet, err error) {
	defer recoverCorrupt(&err)
	f, err := openBook(r)
	if err != nil {
		return nil, err
	}
	fields, headings := make([]string, len(columns)), make([]string, len(columns))
	for i, c := range columns {
		fields[i], headings[i] = c.field, c.vi
	}
	s, err = findSheet(f, DataSheet, householdMatch, fields, headings, columns[0].en)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := checkHeader(s.hdr); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

func (s *sheet) close() { s.f.Close() }

// householdMatch maps a heading key to its household column.
func householdMatch(k string) int {
	if i, ok := headerKeys[k]; ok {
		return i
	}
	return -1
}

// findSheet finds the sheet and header of a table whose columns fill fields
// and are called headings in the template. english is the English heading
// of its first column (a template's second header row).
func findSheet(f *excelize.File, preferred string, match matcher, fields, headings []string, english string) (*sheet, error) {
	n := len(fields)
	l, _, err := findLayout(f, preferred, match)
	if err != nil {
		return nil, fileError("excel.corrupt", nil, err)
	}
	if l.sheet == "" {
		return nil, fileError("excel.no_sheet", apperr.Args{"Sheet": preferred}, nil)
	}
	h := header{top: l.top, row: l.bottom, cell: make([]int, n), letter: make([]string, n),
		field: map[string]string{}, heading: map[string]string{}, cols: l.cols, english: key(english)}
	for i := range h.cell {
		h.cell[i] = -1
	}
	for _, c := range l.cols {
		if c.index < 0 || h.cell[c.index] >= 0 {
			continue
		}
		h.cell[c.index], h.letter[c.index] = c.cell, c.letter
		if _, seen := h.field[fields[c.index]]; !seen {
			h.field[fields[c.index]], h.heading[fields[c.index]] = c.letter, c.heading()
		}
	}
	for i, fl := range fields {
		if _, ok := h.heading[fl]; !ok {
			h.heading[fl] = headings[i]
		}
	}
	return &sheet{f: f, name: l.sheet, hdr: h}, nil
}

// checkHeader reports missing required household columns, columns given
// twice, and a heading under an indicator group that names no indicator
// (its marks would otherwise be lost).
func checkHeader(h header) error {
	var missing []string
	for i, c := range columns {
		if c.required && h.cell[i] < 0 {
			missing = append(missing, c.vi)
		}
	}
	if h.cell[colIndex(kindIncome)] < 0 && h.cell[colIndex(kindClass)] < 0 {
		missing = append(missing, columns[colIndex(kindIncome)].vi+" / "+columns[colIndex(kindClass)].vi)
	}
	if len(missing) > 0 {
		return fileError("excel.missing_columns", apperr.Args{"Columns": strings.Join(missing, ", ")}, nil)
	}
	for i := range columns {
		var letters []string
		for _, c := range h.cols {
			if c.index == i {
				letters = append(letters, c.letter)
			}
		}
		if len(letters) > 1 {
			return fileError("excel.duplicate_column", apperr.Args{"Header": columns[i].vi, "Columns": strings.Join(letters, ", ")}, nil)
		}
	}
	for _, c := range h.cols {
		if c.group == "" || !isIndicatorGroup(c.group) || (c.index >= 0 && columns[c.index].kind == kindIndicator) {
			continue
		}
		return fileError("excel.unknown_indicator", apperr.Args{"Column": c.letter, "Header": c.text, "Group": c.group}, nil)
	}
	return nil
}

// isIndicatorGroup reports whether a group heading gathers deprivation
// indicators ("Các chỉ số thiếu hụt", "Thiếu hụt đa chiều", "Deprivations").
func isIndicatorGroup(group string) bool {
	k := key(group)
	return strings.Contains(k, "thieuhut") || strings.Contains(k, "deprivation")
}

// colIndex returns the index in columns of the first column of kind k.
func colIndex(k kind) int {
	for i, c := range columns {
		if c.kind == k {
			return i
		}
	}
	panic("excel: no column of kind")
}

// isEnglishHeader reports whether the row just under the header is the
// template's English header row.
func (h header) isEnglishHeader(cells []string) bool {
	ci := h.cell[0]
	return ci >= 0 && ci < len(cells) && key(cells[ci]) == h.english
}

// eachRow calls fn with the Excel row number and cells (cleaned: trimmed,
// NFC) of every data row under the header, streaming the sheet. It skips
// blank rows, the template's English header row, a column-number row, totals
// rows and the signature block, noting the last three in s.notes on the first
// pass. It stops with excel.too_many_rows past MaxRows.
func (s *sheet) eachRow(ctx context.Context, fn func(row int, cells []string) error) (err error) {
	defer recoverCorrupt(&err)
	rows, err := s.f.Rows(s.name)
	if err != nil {
		return fileError("excel.no_sheet", apperr.Args{"Sheet": s.name}, err)
	}
	defer rows.Close()
	skip := &skipper{hdr: s.hdr, notes: &s.notes, record: !s.noted}
	n, data := 0, 0
	for rows.Next() {
		n++
		if n <= s.hdr.row {
			continue
		}
		cells, err := rows.Columns(rawCells)
		if err != nil {
			return fileError("excel.corrupt", apperr.Args{"Row": n}, err)
		}
		for i := range cells {
			cells[i] = cleanCell(cells[i])
		}
		if skip.skip(n, cells) || s.hdr.blank(cells) || (n == s.hdr.row+1 && s.hdr.isEnglishHeader(cells)) {
			continue
		}
		if data++; data > maxRows {
			return fileError("excel.too_many_rows", apperr.Args{"Max": vnNumber(maxRows)}, nil)
		}
		if data%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := fn(n, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return fileError("excel.too_many_rows", apperr.Args{"Max": vnNumber(maxRows)}, err)
		}
		return fileError("excel.corrupt", apperr.Args{"Row": n}, err)
	}
	s.noted = true
	return nil
}

// blank reports whether a row has nothing in any known column: a row with
// only a pre-filled STT (row number) is not a household.
func (h header) blank(cells []string) bool {
	for _, ci := range h.cell {
		if ci >= 0 && ci < len(cells) && strings.TrimSpace(cells[ci]) != "" {
			return false
		}
	}
	return true
}
