package excel

import (
	"bytes"
	"context"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/apperr"
	"chungtay/internal/assignment"
	"chungtay/internal/civil"
)

// AssignmentSheet is the data sheet of an assignment workbook.
const AssignmentSheet = "Phân công"

// MaxAssignmentRows bounds an assignment upload (a city's households fit).
const MaxAssignmentRows = 100_000

// assignmentColumns are the columns of the assignment sheet: field, the
// Vietnamese header, the English one.
var assignmentColumns = []struct{ field, vi, en string }{
	{"household_code", "Mã hộ", "Household code"},
	{"unit_code", "Mã đơn vị phụ trách", "Unit code"},
	{"email", "Email người phụ trách", "Person in charge (email)"},
	{"valid_from", "Từ ngày", "From (dd/mm/yyyy)"},
	{"reason", "Lý do", "Reason"},
}

// AssignmentTemplate writes the assignment template: a household code per
// row, with the unit's code and/or the email of the person in charge.
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
	return f.Write(w)
}

// ImportAssignments reads an assignment workbook and hands its rows to the
// assignment service (which checks and writes them all or none); the
// service's problems come back as row errors with their Excel column.
func ImportAssignments(ctx context.Context, svc *assignment.Service, now time.Time, r io.Reader, dryRun bool) (res *Result, err error) {
	defer recoverCorrupt(&err)
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fileError("excel.not_xlsx", nil, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, fileError("excel.not_xlsx", nil, err)
	}
	defer f.Close()
	name := ""
	for _, s := range f.GetSheetList() {
		if key(s) == key(AssignmentSheet) {
			name = s
		}
	}
	if name == "" {
		return nil, fileError("excel.no_sheet", apperr.Args{"Sheet": AssignmentSheet}, nil)
	}
	rows, err := f.GetRows(name)
	if err != nil {
		return nil, fileError("excel.corrupt", nil, err)
	}
	col := map[string]int{}
	letter := map[string]string{}
	if len(rows) > 0 {
		for i, cell := range rows[0] {
			for _, c := range assignmentColumns {
				if key(cell) == key(c.vi) || key(cell) == key(c.en) {
					col[c.field] = i
					letter[c.field], _ = excelize.ColumnNumberToName(i + 1)
				}
			}
		}
	}
	if _, ok := col["household_code"]; !ok {
		return nil, fileError("excel.missing_columns", apperr.Args{"Columns": assignmentColumns[0].vi}, nil)
	}
	if len(rows) > MaxAssignmentRows+2 {
		return nil, fileError("excel.too_many_rows", apperr.Args{"Max": MaxAssignmentRows}, nil)
	}
	res = &Result{DryRun: dryRun, Errors: []RowError{}}
	errs := errorList{res: res}
	var in []assignment.ImportRow
	for i, cells := range rows[1:] {
		get := func(field string) string {
			j, ok := col[field]
			if !ok || j >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[j])
		}
		code := get("household_code")
		if code == "" || key(code) == key(assignmentColumns[0].en) {
			continue // empty, or the English header row
		}
		row := assignment.ImportRow{Row: i + 2, HouseholdCode: code, UnitCode: get("unit_code"), Email: get("email"), Reason: get("reason")}
		if v := get("valid_from"); v != "" {
			d, err := civil.Parse(v)
			if err != nil {
				errs.add(RowError{Row: row.Row, Column: letter["valid_from"], Field: "valid_from", MessageID: "field.date"})
				continue
			}
			row.From = d
		}
		in = append(in, row)
	}
	res.Rows = len(in) + len(res.Errors)
	if errs.any() {
		return res, nil
	}
	out, err := svc.Import(ctx, now, in, dryRun)
	if err != nil {
		return nil, err
	}
	for _, p := range out.Problems {
		errs.add(RowError{Row: p.Row, Column: letter[p.Field], Field: p.Field, MessageID: p.Error.MessageID, Args: p.Error.Args})
	}
	if !errs.any() {
		res.Created = out.Assigned
	}
	return res, nil
}
