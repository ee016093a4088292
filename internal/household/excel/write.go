package excel

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// Template writes the import template: the "Hộ gia đình" sheet with its two
// header rows (Vietnamese, then English) and no data, so that it imports
// cleanly when left empty, and the "Hướng dẫn" sheet that explains every
// column, lists the valid codes with their labels, and shows two example rows.
func Template(w io.Writer) error {
	return writeBook(w, func(func([]any) error) error { return nil })
}

// Export writes every household matching f (no paging) with the template's
// columns, so that the file can be edited and imported again. Rows are
// streamed from the database to excelize's StreamWriter. areaCode maps an
// area id to its code; Export keeps its own cache around it. With f.Year set,
// the classification and deprivations are that year's and Năm is f.Year.
func Export(ctx context.Context, w io.Writer, svc *household.Service, f household.Filter, areaCode func(ctx context.Context, id int64) (string, error)) error {
	codes := map[int64]string{}
	return writeBook(w, func(emit func([]any) error) error {
		return svc.Each(ctx, f, func(li *household.ListItem) error {
			code, ok := codes[li.AreaID]
			if !ok {
				var err error
				if code, err = areaCode(ctx, li.AreaID); err != nil {
					return fmt.Errorf("export: code of area %d: %w", li.AreaID, err)
				}
				codes[li.AreaID] = code
			}
			year := li.ClassificationYear
			if f.Year != 0 {
				year = f.Year
			}
			return emit(exportRow(li, code, year))
		})
	})
}

// styles are the cell styles of the workbook.
type styles struct {
	header, required, english, title, bold, wrap, income, text int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	textFmt := "@"
	incomeFmt := "#,##0"
	defs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Border: border, Alignment: wrap},
		{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}, Border: border, Alignment: wrap},
		{Font: &excelize.Font{Italic: true, Color: "595959"}, Border: border, Alignment: wrap},
		{Font: &excelize.Font{Bold: true, Size: 14}},
		{Font: &excelize.Font{Bold: true}},
		{Alignment: wrap},
		{CustomNumFmt: &incomeFmt},
		{CustomNumFmt: &textFmt},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return styles{}, fmt.Errorf("excel style: %w", err)
		}
		ids[i] = id
	}
	return styles{header: ids[0], required: ids[1], english: ids[2], title: ids[3], bold: ids[4], wrap: ids[5],
		income: ids[6], text: ids[7]}, nil
}

// writeBook writes the workbook: the data sheet streamed, rows supplies its
// data rows through emit, then the instructions sheet.
func writeBook(w io.Writer, rows func(emit func([]any) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return fmt.Errorf("excel: name sheet: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(DataSheet)
	if err != nil {
		return fmt.Errorf("excel: stream writer: %w", err)
	}
	if err := prepareDataSheet(f, sw, st); err != nil {
		return err
	}
	vi, en := make([]any, len(columns)), make([]any, len(columns))
	for i, c := range columns {
		style := st.header
		if c.required {
			style = st.required
		}
		vi[i] = excelize.Cell{StyleID: style, Value: c.vi}
		en[i] = excelize.Cell{StyleID: st.english, Value: c.en}
	}
	if err := sw.SetRow("A1", vi, excelize.RowOpts{Height: 48}); err != nil {
		return fmt.Errorf("excel: header: %w", err)
	}
	if err := sw.SetRow("A2", en, excelize.RowOpts{Height: 32}); err != nil {
		return fmt.Errorf("excel: header: %w", err)
	}
	next := 3
	err = rows(func(cells []any) error {
		for i, c := range cells {
			if n, ok := c.(int64); ok && columns[i].kind == kindIncome {
				cells[i] = excelize.Cell{StyleID: st.income, Value: n}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, next)
		next++
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("excel: flush: %w", err)
	}
	if err := writeInstructions(f, st); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("excel: write workbook: %w", err)
	}
	return nil
}

// prepareDataSheet sets what a stream writer needs before its first row:
// widths, text format for codes (so 0123 keeps its zero), frozen headers and
// drop-down lists.
func prepareDataSheet(f *excelize.File, sw *excelize.StreamWriter, st styles) error {
	for i, c := range columns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fmt.Errorf("excel: column width: %w", err)
		}
		if c.kind == kindCode || c.kind == kindArea {
			if err := sw.SetColStyle(i+1, i+1, st.text); err != nil {
				return fmt.Errorf("excel: column style: %w", err)
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 2, TopLeftCell: "C3", ActivePane: "bottomRight"}); err != nil {
		return fmt.Errorf("excel: panes: %w", err)
	}
	var classes []string
	for _, ci := range poverty.ClassInfos {
		classes = append(classes, ci.LabelVI)
	}
	var standards []string
	for _, s := range poverty.Standards {
		standards = append(standards, string(s))
	}
	lists := map[kind][]string{kindUrban: {urbanVI, ruralVI}, kindStandard: standards, kindClass: classes}
	for i, c := range columns {
		values, ok := lists[c.kind]
		if !ok {
			continue
		}
		letter, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s3:%s%d", letter, letter, MaxRows+2))
		if err := dv.SetDropList(values); err != nil {
			return fmt.Errorf("excel: drop list: %w", err)
		}
		dv.SetError(excelize.DataValidationErrorStyleWarning, c.vi, "Nên chọn một giá trị trong danh sách: "+strings.Join(values, ", "))
		if err := f.AddDataValidation(DataSheet, dv); err != nil {
			return fmt.Errorf("excel: data validation: %w", err)
		}
	}
	return nil
}

// exportRow is one household as the data sheet's cells; nil leaves a cell empty.
func exportRow(li *household.ListItem, areaCode string, year int) []any {
	cells := make([]any, len(columns))
	text := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	for i, c := range columns {
		switch c.kind {
		case kindCode:
			cells[i] = li.Code
		case kindHeadName:
			cells[i] = li.HeadName
		case kindAddress:
			cells[i] = text(li.Address)
		case kindArea:
			cells[i] = areaCode
		case kindMembers:
			cells[i] = li.Members
		case kindUrban:
			cells[i] = ruralVI
			if li.Urban {
				cells[i] = urbanVI
			}
		case kindIncome:
			cells[i] = li.IncomeMonthly
		case kindStandard:
			cells[i] = string(li.Standard)
		case kindClass:
			cells[i] = li.Classification.Label("vi")
		case kindYear:
			cells[i] = year
		case kindIndicator:
			ind, _ := poverty.IndicatorByCode(c.code)
			cells[i] = mark(li.DeprivationBits.Has(ind))
		case kindCause:
			cells[i] = mark(li.CauseBits.Has(poverty.Causes(bitOf(poverty.CauseInfos, c.code))))
		case kindFlag:
			cells[i] = mark(li.FlagBits.Has(poverty.Flags(bitOf(poverty.FlagInfos, c.code))))
		case kindNote:
			cells[i] = text(li.Note)
		}
	}
	return cells
}

func mark(on bool) any {
	if on {
		return markVI
	}
	return nil
}

func bitOf(infos []poverty.CodeInfo, code string) uint32 {
	for _, ci := range infos {
		if ci.Code == code {
			return ci.Bit
		}
	}
	return 0
}
