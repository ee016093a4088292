package excel

import (
	"context"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/apperr"
	"chungtay/internal/assignment"
)

// AssignmentSheet is the data sheet of an assignment workbook.
const AssignmentSheet = "Phân công"

// MaxAssignmentRows bounds an assignment upload (a city's households fit).
const MaxAssignmentRows = 100_000

// assignmentColumns are the columns of the assignment sheet: field, the
// Vietnamese header, the English one, other headings accepted.
var assignmentColumns = []struct {
	field, vi, en string
	aliases       []string
}{
	{"household_code", "Mã hộ", "Household code", []string{"mã số hộ", "mã hộ gia đình"}},
	{"unit_code", "Mã đơn vị phụ trách", "Unit code", []string{"mã đơn vị", "đơn vị phụ trách"}},
	{"email", "Email người phụ trách", "Person in charge (email)", []string{"email", "thư điện tử", "email đảng viên"}},
	{"valid_from", "Từ ngày", "From (dd/mm/yyyy)", []string{"ngày phân công", "từ ngày", "valid_from"}},
	{"reason", "Lý do", "Reason", []string{"ghi chú"}},
}

// assignmentKeys maps every accepted heading key to its column.
var assignmentKeys = func() map[string]int {
	m := map[string]int{}
	for i, c := range assignmentColumns {
		for _, h := range append([]string{c.vi, c.en, c.field}, c.aliases...) {
			m[key(h)] = i
		}
	}
	return m
}()

func assignmentMatch(k string) int {
	if i, ok := assignmentKeys[k]; ok {
		return i
	}
	return -1
}

// assignmentExamples are rows of the demo ward (Phường 14): a household of
// Khu phố 3 given to its party cell and to the party member in charge.
var assignmentExamples = [][]any{
	{"P14-KP03-0033", "26890-CB-KP03", "dangvien.kp3@chungtay.local", "01/07/2025", "Phân công theo Nghị quyết chi bộ"},
	{"P14-KP03-0034", "26890-CB-KP03", "", "01/07/2025", ""},
}

// assignmentGuide explains the sheet, in Vietnamese then English.
var assignmentGuide = []string{
	"Điền mỗi hộ một dòng vào trang \"" + AssignmentSheet + "\", từ dòng 3; dòng 2 (tiêu đề tiếng Anh) giữ lại hoặc xóa đều được.",
	"Mã hộ là bắt buộc; ghi Mã đơn vị phụ trách (đơn vị phụ trách chính, ví dụ chi bộ khu phố) và/hoặc Email người phụ trách (thành viên của đơn vị đó).",
	"Từ ngày: ô kiểu ngày của Excel/LibreOffice hoặc gõ dd/mm/yyyy; để trống là hôm nay. Hộ đã được giao đúng đơn vị, người đó thì không thay đổi gì: tải lên lại cùng một tệp không sinh thêm dòng lịch sử.",
	"Nên bấm \"Kiểm tra\" trước: Chung Tay báo mọi dòng lỗi một lần; chỉ cần một dòng lỗi là không ghi dòng nào.",
	"English: one household per row of the \"" + AssignmentSheet + "\" sheet from row 3: the household code, and the unit code and/or the email of the person in charge; \"Từ ngày\" is a date cell or dd/mm/yyyy (empty: today). Rows already in force change nothing.",
}

// AssignmentTemplate writes the assignment template: a household code per
// row, with the unit's code and/or the email of the person in charge, and a
// "Hướng dẫn" sheet with examples from the demo ward.
func AssignmentTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", AssignmentSheet); err != nil {
		return err
	}
	for i, c := range assignmentColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		_ = f.SetCellValue(AssignmentSheet, col+"1", c.vi)
		_ = f.SetCellValue(AssignmentSheet, col+"2", c.en)
		_ = f.SetColWidth(AssignmentSheet, col, col, 28)
	}
	if _, err := f.NewSheet(InstructionsSheet); err != nil {
		return err
	}
	row := 0
	put := func(values ...any) {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		_ = f.SetSheetRow(InstructionsSheet, cell, &values)
	}
	put("HƯỚNG DẪN NHẬP PHÂN CÔNG — CHUNG TAY")
	for _, g := range assignmentGuide {
		put(g)
	}
	row++
	put("VÍ DỤ (examples)")
	heads := make([]any, len(assignmentColumns))
	for i, c := range assignmentColumns {
		heads[i] = c.vi
	}
	put(heads...)
	for _, ex := range assignmentExamples {
		put(ex...)
	}
	_ = f.SetColWidth(InstructionsSheet, "A", "E", 28)
	return f.Write(w)
}

// ImportAssignments reads an assignment workbook — the sheet with the
// headings, "Phân công" on a tie — and hands its rows to the assignment
// service, which checks them all and writes them all or none. Every bad row
// is reported in one pass: a date that cannot be read does not hide the
// other rows' problems. A row already in force (the same unit or person in
// charge) is counted Unchanged, so uploading the same file twice changes
// nothing.
func ImportAssignments(ctx context.Context, svc *assignment.Service, now time.Time, r io.Reader, dryRun bool) (res *Result, err error) {
	defer recoverCorrupt(&err)
	f, err := openBook(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fields, headings := make([]string, len(assignmentColumns)), make([]string, len(assignmentColumns))
	for i, c := range assignmentColumns {
		fields[i], headings[i] = c.field, c.vi
	}
	s, err := findSheet(f, AssignmentSheet, assignmentMatch, fields, headings, assignmentColumns[0].en)
	if err != nil {
		return nil, err
	}
	if s.hdr.cell[0] < 0 {
		return nil, fileError("excel.missing_columns", apperr.Args{"Columns": assignmentColumns[0].vi}, nil)
	}
	res = newResult(dryRun, s, func(i int) string { return fields[i] })
	errs := errorList{res: res}
	dates := newDateReader(f, s.name)
	var in []assignment.ImportRow
	values := map[int]map[string]string{} // row → field → cell, for the service's problems
	bad := func(row int, field, id string, args apperr.Args, value string) {
		errs.add(RowError{Row: row, Column: s.hdr.field[field], Field: field, Heading: s.hdr.heading[field], Value: value,
			MessageID: id, Args: args})
	}
	err = s.eachRow(ctx, func(row int, cells []string) error {
		if res.Rows++; res.Rows > MaxAssignmentRows {
			return fileError("excel.too_many_rows", apperr.Args{"Max": vnNumber(MaxAssignmentRows)}, nil)
		}
		get := func(i int) string {
			if ci := s.hdr.cell[i]; ci >= 0 && ci < len(cells) {
				return cells[ci]
			}
			return ""
		}
		ir := assignment.ImportRow{Row: row, HouseholdCode: get(0), UnitCode: get(1), Email: get(2), Reason: get(4)}
		values[row] = map[string]string{"household_code": ir.HouseholdCode, "unit_code": ir.UnitCode, "email": ir.Email}
		if v := get(3); v != "" {
			d, ok := dates.read(s.hdr.letter[3]+strconv.Itoa(row), v)
			if !ok {
				bad(row, "valid_from", "field.date", nil, v)
			}
			ir.From = d
		}
		in = append(in, ir)
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.finishNotes(s)
	// A row already wrong in the sheet still has its other cells checked;
	// nothing is written while any row is wrong.
	out, err := svc.Import(ctx, now, in, dryRun || errs.any())
	if err != nil {
		return nil, err
	}
	for _, p := range out.Problems {
		bad(p.Row, p.Field, p.Error.MessageID, p.Error.Args, values[p.Row][p.Field])
	}
	sort.SliceStable(res.Errors, func(i, j int) bool {
		a, b := res.Errors[i], res.Errors[j]
		return a.Row < b.Row || (a.Row == b.Row && (len(a.Column) < len(b.Column) || (len(a.Column) == len(b.Column) && a.Column < b.Column)))
	})
	if !errs.any() {
		res.Created, res.Unchanged = out.Assigned, out.Unchanged
	}
	return res, nil
}
