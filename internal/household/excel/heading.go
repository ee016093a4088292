package excel

import (
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// headerSearchRows is how far down the header is looked for, so that a
// title block above it ("ỦY BAN NHÂN DÂN PHƯỜNG 14 … DANH SÁCH HỘ NGHÈO NĂM
// 2025") does no harm.
const headerSearchRows = 12

// matcher maps the key of a heading to a column of the caller's table
// (columns or assignmentColumns); -1 when the heading names none.
type matcher func(k string) int

// headingCell is one non-empty column of the header as the sheet writes it.
type headingCell struct {
	cell   int    // 0-based cell index
	letter string // Excel column letter
	group  string // the merged group heading above it ("Các chỉ số thiếu hụt"), "" if none
	text   string // its own heading
	index  int    // the column of the caller's table it maps to, -1 when ignored
}

// heading is the column's heading as the officer reads it.
func (c headingCell) heading() string {
	if c.group != "" && c.text != "" {
		return c.group + " / " + c.text
	}
	if c.text == "" {
		return c.group
	}
	return c.text
}

// layout is where a table's header is on one sheet: rows top..bottom
// (1-based; bottom > top for a two-level header) and its columns.
type layout struct {
	sheet       string
	top, bottom int
	cols        []headingCell
	score       int // distinct columns of the table matched
}

// cleanCell is how every cell read from a sheet is held: trimmed and in
// Unicode NFC, so that "Nguyễn" typed on a Mac (NFD) equals the one in the register.
func cleanCell(s string) string {
	return strings.TrimSpace(norm.NFC.String(s))
}

// topRows reads the first n rows of a sheet, raw values, cleaned.
func topRows(f *excelize.File, sheet string, n int) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var grid [][]string
	for rows.Next() && len(grid) < n {
		cells, err := rows.Columns(rawCells)
		if err != nil {
			return nil, err
		}
		for i := range cells {
			cells[i] = cleanCell(cells[i])
		}
		grid = append(grid, cells)
	}
	return grid, rows.Error()
}

// bestLayout tries every row of grid as a one-level header and every pair of
// rows as a two-level one, and keeps the one that names the most columns of
// the table; on a tie the one-level header, then the higher one, wins.
func bestLayout(sheet string, grid [][]string, match matcher) layout {
	var best layout
	try := func(l layout) {
		if l.score > best.score {
			best = l
		}
	}
	for t := range grid {
		try(oneLevel(sheet, t+1, grid[t], match))
		if t+1 < len(grid) {
			try(twoLevel(sheet, t+1, grid[t], grid[t+1], match))
		}
	}
	for t := 0; t+2 < len(grid); t++ {
		// Three levels ("Các chỉ số thiếu hụt" over "Việc làm" over "Người
		// phụ thuộc"): the upper two rows read as one row of group headings.
		l := twoLevel(sheet, t+1, groupRow(grid[t], grid[t+1]), grid[t+2], match)
		l.bottom = t + 3
		try(l)
	}
	return best
}

// groupRow merges two header rows into one: a cell of the lower row under a
// group of the upper one reads "group / cell"; a cell merged down over both
// keeps the upper text.
func groupRow(upper, lower []string) []string {
	out := make([]string, max(len(upper), len(lower)))
	carry := ""
	for c := range out {
		u, m := "", ""
		if c < len(upper) {
			u = upper[c]
		}
		if c < len(lower) {
			m = lower[c]
		}
		if u != "" {
			carry = u // a group runs right until the next upper text
		}
		switch {
		case m == "":
			out[c] = u
		case carry != "":
			out[c] = carry + " / " + m
		default:
			out[c] = m
		}
	}
	return out
}

func oneLevel(sheet string, row int, cells []string, match matcher) layout {
	l := layout{sheet: sheet, top: row, bottom: row}
	for ci, text := range cells {
		if text != "" {
			l.cols = append(l.cols, headingCell{cell: ci, text: text, index: match(headingKey(text))})
		}
	}
	l.finish()
	return l
}

// twoLevel reads a header over two rows as ministry forms write it: a
// column's heading merged over both rows (text in the upper cell), or a group
// heading merged across several columns (text in its first cell) over one
// heading per column in the lower row. Merged cells hold their text in the
// top-left cell only, so a group runs right while the upper cells are empty.
func twoLevel(sheet string, row int, upper, lower []string, match matcher) layout {
	l := layout{sheet: sheet, top: row, bottom: row + 1}
	width := max(len(upper), len(lower))
	at := func(cells []string, i int) string {
		if i < len(cells) {
			return cells[i]
		}
		return ""
	}
	group := ""
	for c := 0; c < width; c++ {
		top, bot := at(upper, c), at(lower, c)
		if top != "" {
			group = ""
			if bot != "" && at(upper, c+1) == "" && at(lower, c+1) != "" {
				group = top // the first column of a merged group
			}
		}
		switch {
		case top == "" && bot == "":
			continue
		case group != "":
			i := match(headingKey(bot))
			if i < 0 {
				i = match(key(group + " " + bot)) // "Nguyên nhân" over "Thiếu vốn"
			}
			l.cols = append(l.cols, headingCell{cell: c, group: group, text: bot, index: i})
		case bot == "" || top == "":
			text := top + bot
			l.cols = append(l.cols, headingCell{cell: c, text: text, index: match(headingKey(text))})
		default:
			// Two texts over one column: a heading and its unit ("(đồng/người/tháng)"),
			// or the template's Vietnamese and English rows.
			i := match(headingKey(top))
			if i < 0 {
				i = match(headingKey(bot))
			}
			l.cols = append(l.cols, headingCell{cell: c, text: top, index: i})
		}
	}
	l.finish()
	return l
}

var numbering = regexp.MustCompile(`^((\d{1,2}|[a-zA-ZđĐ])[.)]\s*)+`)

// headingKey is the key of a heading without its numbering ("1. Việc làm",
// "a) Bảo hiểm y tế").
func headingKey(text string) string {
	return key(numbering.ReplaceAllString(text, ""))
}

// finish names the columns and counts the distinct table columns matched.
func (l *layout) finish() {
	seen := map[int]bool{}
	for i := range l.cols {
		l.cols[i].letter, _ = excelize.ColumnNumberToName(l.cols[i].cell + 1)
		if ix := l.cols[i].index; ix >= 0 && !seen[ix] {
			seen[ix] = true
			l.score++
		}
	}
}

// findLayout looks for the table's header on every sheet but the
// instructions and keeps the sheet that names the most columns; on a tie the
// sheet called preferred, then the first. ok is false when no sheet names
// any column: name is then the sheet the error should be about.
func findLayout(f *excelize.File, preferred string, match matcher) (l layout, ok bool, err error) {
	names := f.GetSheetList()
	for _, name := range names {
		if key(name) == key(InstructionsSheet) {
			continue
		}
		grid, err := topRows(f, name, headerSearchRows)
		if err != nil {
			return layout{}, false, err
		}
		c := bestLayout(name, grid, match)
		if c.score > l.score || (c.score == l.score && c.score > 0 && key(name) == key(preferred) && key(l.sheet) != key(preferred)) {
			l = c
		}
	}
	if l.score > 0 {
		return l, true, nil
	}
	for _, name := range names {
		if key(name) == key(preferred) {
			return layout{sheet: name, top: 1, bottom: 1}, false, nil
		}
	}
	for _, name := range names {
		if key(name) != key(InstructionsSheet) {
			return layout{sheet: name, top: 1, bottom: 1}, false, nil
		}
	}
	return layout{}, false, nil
}
