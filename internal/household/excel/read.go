package excel

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/apperr"
)

// headerSearchRows is how far down the header row is looked for, so that a
// title row or two above it ("DANH SÁCH HỘ NGHÈO NĂM 2025") does no harm.
const headerSearchRows = 10

// header is where the columns of an uploaded sheet are.
type header struct {
	row    int      // Excel row of the (Vietnamese) header
	cell   []int    // per columns entry: 0-based cell index, -1 when absent
	letter []string // per columns entry: Excel column letter, "" when absent
	field  map[string]string
}

// sheet is an open upload with its data sheet and header found.
type sheet struct {
	f    *excelize.File
	name string
	hdr  header
}

// rawCells makes the iterator give stored values, not formatted ones, so that
// a number cell shown as "1.500.000 ₫" reads as 1500000.
var rawCells = excelize.Options{RawCellValue: true}

// openSheet opens the upload, picks the data sheet and finds its header.
func openSheet(r io.Reader) (s *sheet, err error) {
	defer recoverCorrupt(&err)
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
	name := dataSheetName(f.GetSheetList())
	if name == "" {
		f.Close()
		return nil, fileError("excel.no_sheet", apperr.Args{"Sheet": DataSheet}, nil)
	}
	s = &sheet{f: f, name: name}
	if s.hdr, err = s.findHeader(); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

func (s *sheet) close() { s.f.Close() }

// dataSheetName picks "Hộ gia đình" (however spelt), else the first sheet that
// is not the instructions.
func dataSheetName(names []string) string {
	for _, n := range names {
		if k := key(n); k == key(DataSheet) || k == "households" {
			return n
		}
	}
	for _, n := range names {
		if key(n) != key(InstructionsSheet) {
			return n
		}
	}
	return ""
}

// findHeader takes, among the first rows, the one naming the most known
// columns, and checks that every required column is there exactly once.
func (s *sheet) findHeader() (header, error) {
	rows, err := s.f.Rows(s.name)
	if err != nil {
		return header{}, fileError("excel.no_sheet", apperr.Args{"Sheet": DataSheet}, err)
	}
	defer rows.Close()
	var best header
	var bestCells []string
	bestCount := 0
	for n := 1; n <= headerSearchRows && rows.Next(); n++ {
		cells, err := rows.Columns(rawCells)
		if err != nil {
			return header{}, fileError("excel.corrupt", apperr.Args{"Row": n}, err)
		}
		h, count := matchHeader(n, cells)
		if count > bestCount {
			best, bestCells, bestCount = h, cells, count
		}
	}
	if bestCount == 0 {
		best, _ = matchHeader(1, nil)
	}
	return best, checkHeader(best, bestCells)
}

// matchHeader maps the cells of one row to columns; count is how many matched.
func matchHeader(row int, cells []string) (h header, count int) {
	h = header{row: row, cell: make([]int, len(columns)), letter: make([]string, len(columns)), field: map[string]string{}}
	for i := range h.cell {
		h.cell[i] = -1
	}
	for ci, text := range cells {
		i, ok := headerKeys[key(text)]
		if !ok || h.cell[i] >= 0 {
			continue
		}
		h.cell[i] = ci
		h.letter[i], _ = excelize.ColumnNumberToName(ci + 1)
		if _, seen := h.field[columns[i].field]; !seen {
			h.field[columns[i].field] = h.letter[i]
		}
		count++
	}
	return h, count
}

// checkHeader reports missing required columns and columns given twice.
func checkHeader(h header, cells []string) error {
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
	for i, ci := range h.cell {
		if ci < 0 {
			continue
		}
		letters := []string{h.letter[i]}
		for cj := ci + 1; cj < len(cells); cj++ {
			if j, ok := headerKeys[key(cells[cj])]; ok && j == i {
				l, _ := excelize.ColumnNumberToName(cj + 1)
				letters = append(letters, l)
			}
		}
		if len(letters) > 1 {
			return fileError("excel.duplicate_column", apperr.Args{"Header": columns[i].vi, "Columns": strings.Join(letters, ", ")}, nil)
		}
	}
	return nil
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
	i := colIndex(kindCode)
	ci := h.cell[i]
	return ci < len(cells) && key(cells[ci]) == key(columns[i].en)
}

// eachRow calls fn with the Excel row number and cells of every data row
// that is not blank, streaming the sheet. It stops with excel.too_many_rows past MaxRows.
func (s *sheet) eachRow(ctx context.Context, fn func(row int, cells []string) error) (err error) {
	defer recoverCorrupt(&err)
	rows, err := s.f.Rows(s.name)
	if err != nil {
		return fileError("excel.no_sheet", apperr.Args{"Sheet": DataSheet}, err)
	}
	defer rows.Close()
	n, data := 0, 0
	for rows.Next() {
		n++
		if n < s.hdr.row {
			continue
		}
		cells, err := rows.Columns(rawCells)
		if err != nil {
			return fileError("excel.corrupt", apperr.Args{"Row": n}, err)
		}
		if n == s.hdr.row || s.hdr.blank(cells) || (n == s.hdr.row+1 && s.hdr.isEnglishHeader(cells)) {
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
