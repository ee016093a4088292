package excel

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"chungtay/internal/poverty"
)

// readFixture reads a workbook of testdata/ (written by make_fixtures.py with
// openpyxl and LibreOffice Calc).
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestMinistryList imports a ministry-style list as openpyxl writes it and as
// LibreOffice re-saves it: a cover sheet first and the data on the second
// sheet "DS hộ nghèo 2025", a title block, a two-level header with six
// indicators under the merged group "Các chỉ số thiếu hụt", a column-number
// row, a totals row with formulas, a signature block, and names in NFD.
func TestMinistryList(t *testing.T) {
	for _, file := range []string{"ministry_openpyxl.xlsx", "ministry_libreoffice.xlsx"} {
		t.Run(file, func(t *testing.T) {
			e := newEnv(t)
			b := readFixture(t, file)
			dry := e.imp(t, b, true)
			if len(dry.Errors) > 0 {
				t.Fatalf("errors: %+v", dry.Errors)
			}
			t.Run("dry run names the sheet, the header and every column", func(t *testing.T) {
				if dry.Sheet != "DS hộ nghèo 2025" || !reflect.DeepEqual(dry.HeaderRows, []int{4, 5}) {
					t.Errorf("sheet %q header rows %v", dry.Sheet, dry.HeaderRows)
				}
				if dry.Rows != 3 || dry.Created != 3 {
					t.Errorf("rows %d created %d, want 3 and 3", dry.Rows, dry.Created)
				}
				want := []ColumnUse{
					{"B", "Mã hộ", "code"}, {"C", "Họ và tên chủ hộ", "head_name"}, {"D", "Địa chỉ", "address"},
					{"E", "Mã tổ dân phố", "area_id"}, {"F", "Số khẩu", "members"}, {"G", "Khu vực", "urban"},
					{"H", "Thu nhập bình quân", "income_monthly"}, {"I", "Chuẩn nghèo", "standard"}, {"J", "Năm rà soát", "year"},
					{"K", "Các chỉ số thiếu hụt / Việc làm", "deprivations.job"},
					{"L", "Các chỉ số thiếu hụt / BHYT", "deprivations.health_insurance"},
					{"M", "Các chỉ số thiếu hụt / Chất lượng nhà ở", "deprivations.housing_quality"},
					{"N", "Các chỉ số thiếu hụt / Nguồn nước sinh hoạt", "deprivations.water_source"},
					{"O", "Các chỉ số thiếu hụt / Nhà tiêu hợp vệ sinh", "deprivations.latrine"},
					{"P", "Các chỉ số thiếu hụt / Sử dụng dịch vụ viễn thông", "deprivations.telecom"},
					{"Q", "Ghi chú", "note"},
				}
				if !reflect.DeepEqual(dry.Columns, want) {
					t.Errorf("columns\n got %+v\nwant %+v", dry.Columns, want)
				}
				ignored := []ColumnUse{{Column: "A", Heading: "STT"}, {Column: "R", Heading: "Xác nhận của tổ trưởng"}}
				if !reflect.DeepEqual(dry.Ignored, ignored) {
					t.Errorf("ignored %+v, want %+v", dry.Ignored, ignored)
				}
			})
			t.Run("one note for each kind of skipped row", func(t *testing.T) {
				want := []Note{
					{Kind: NoteColumnNumbers, Row: 6, LastRow: 6, Rows: 1, Text: "(1) (2) (3) …"},
					{Kind: NoteTotals, Row: 10, LastRow: 10, Rows: 1, Text: "Tổng cộng"},
					{Kind: NoteSignature, Row: 12, LastRow: 18, Rows: 5, Text: "Phường 14, ngày 03 tháng 6 năm 2025"},
				}
				if len(dry.Notes) != len(want) {
					t.Fatalf("notes %+v", dry.Notes)
				}
				for i, n := range dry.Notes {
					n.MessageID, n.Args, n.Message = "", nil, ""
					if !reflect.DeepEqual(n, want[i]) {
						t.Errorf("note %d = %+v, want %+v", i, n, want[i])
					}
				}
			})
			if e.count(t, "households") != 0 {
				t.Fatal("the dry run wrote")
			}

			res := e.imp(t, b, false)
			if len(res.Errors) > 0 || res.Created != 3 {
				t.Fatalf("import: %+v", res)
			}
			t.Run("every x is read and classifies the household", func(t *testing.T) {
				for _, tc := range []struct {
					code  string
					class poverty.Class
					deps  []string
				}{
					{"HN-001", poverty.ClassPoor, []string{"job", "health_insurance", "housing_quality"}},
					{"HN-002", poverty.ClassNearPoor, []string{"water_source"}},
					{"HN-003", poverty.ClassPoor, []string{"health_insurance", "latrine", "telecom"}},
				} {
					h := e.byCode(t, tc.code)
					if h.Classification != tc.class || !reflect.DeepEqual(h.Deprivations.Codes(), tc.deps) {
						t.Errorf("%s: %s %v, want %s %v", tc.code, h.Classification, h.Deprivations.Codes(), tc.class, tc.deps)
					}
				}
			})
			t.Run("text is stored in NFC", func(t *testing.T) {
				h := e.byCode(t, "HN-001")
				if h.HeadName != "Nguyễn Thị Hồng" || !norm.NFC.IsNormalString(h.HeadName) || !norm.NFC.IsNormalString(h.Address) ||
					!norm.NFC.IsNormalString(h.Note) || h.Note != "Chủ hộ ốm đau" {
					t.Errorf("stored %q %q %q", h.HeadName, h.Address, h.Note)
				}
			})
			t.Run("the same file again changes nothing", func(t *testing.T) {
				again := e.imp(t, b, false)
				if again.Unchanged != 3 || again.Created+again.Updated != 0 {
					t.Errorf("second import %+v", again)
				}
			})
		})
	}
}

// TestUnknownIndicatorRefused: a heading under the indicator group that names
// no indicator refuses the file, naming the column, rather than dropping its marks.
func TestUnknownIndicatorRefused(t *testing.T) {
	e := newEnv(t)
	b := sheetFile(t, "DS",
		[]any{"Mã hộ", "Họ tên chủ hộ", "Mã địa bàn", "Số nhân khẩu", "Khu vực", "Thu nhập", "Chuẩn nghèo", "Năm", "Thiếu hụt đa chiều", nil},
		[]any{nil, nil, nil, nil, nil, nil, nil, nil, "Bảo hiểm y tế", "Điện sinh hoạt"},
		[]any{"A1", "Lê Văn A", "P14-T01", 3, "Thành thị", 1500000, "2022-2026", 2025, "x", "x"},
	)
	_, err := Import(e.ctx, e.db, e.now, bytesReader(b), true, e.city, e.lookup)
	invalidID(t, err, "excel.unknown_indicator")
	if e, _ := asApp(err); e.Args["Column"] != "J" || e.Args["Header"] != "Điện sinh hoạt" {
		t.Errorf("args %v", e.Args)
	}
}

// TestIgnoredColumnsListed: a one-level sheet's unknown headings are listed,
// never silently dropped.
func TestIgnoredColumnsListed(t *testing.T) {
	e := newEnv(t)
	b := fill(t, templateBytes(t), good("P14-0001"))
	f := openFile(t, b)
	_ = f.SetCellValue(DataSheet, "AO1", "Số điện thoại")
	_ = f.SetCellValue(DataSheet, "AO3", "0909 123 456")
	b = writeFile(t, f)
	res := e.imp(t, b, true)
	if len(res.Errors) > 0 || res.Sheet != DataSheet || !reflect.DeepEqual(res.HeaderRows, []int{1}) {
		t.Fatalf("%+v", res)
	}
	if want := []ColumnUse{{Column: "AO", Heading: "Số điện thoại"}}; !reflect.DeepEqual(res.Ignored, want) {
		t.Errorf("ignored %+v, want %+v", res.Ignored, want)
	}
	if len(res.Columns) != len(columns) {
		t.Errorf("%d columns read, want %d", len(res.Columns), len(columns))
	}
}

// TestThreeLevelHeader: indicators under their dimension under the group,
// numbered as forms number them; every mark is read.
func TestThreeLevelHeader(t *testing.T) {
	e := newEnv(t)
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	set := func(cell string, v any) { _ = f.SetCellValue(sh, cell, v) }
	merge := func(a, b string) { _ = f.MergeCell(sh, a, b) }
	for i, h := range []string{"Mã hộ", "Họ tên chủ hộ", "Mã địa bàn", "Số nhân khẩu", "Khu vực", "Thu nhập bình quân", "Chuẩn nghèo", "Năm"} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		set(col+"1", h)
		merge(col+"1", col+"3")
	}
	set("I1", "Các chỉ số thiếu hụt")
	merge("I1", "L1")
	set("I2", "1. Việc làm")
	merge("I2", "J2")
	set("K2", "2. Y tế")
	merge("K2", "L2")
	for col, h := range map[string]string{"I": "1.1. Việc làm", "J": "1.2. Người phụ thuộc", "K": "a) Dinh dưỡng", "L": "b) Bảo hiểm y tế"} {
		set(col+"3", h)
	}
	set("M1", "Ghi chú")
	merge("M1", "M3")
	row := []any{"TL-1", "Lê Văn Tâm", "P14-T01", 3, "Thành thị", 1500000, "2022-2026", 2025, "x", "x", nil, "x", "ba chỉ số"}
	_ = f.SetSheetRow(sh, "A4", &row)
	b := writeFile(t, f)
	res := e.imp(t, b, false)
	if len(res.Errors) > 0 || res.Created != 1 || !reflect.DeepEqual(res.HeaderRows, []int{1, 2, 3}) || len(res.Ignored) != 0 {
		t.Fatalf("%+v", res)
	}
	h := e.byCode(t, "TL-1")
	if want := []string{"job", "dependants", "health_insurance"}; !reflect.DeepEqual(h.Deprivations.Codes(), want) || h.Classification != poverty.ClassPoor {
		t.Errorf("%s %v, want poor %v", h.Classification, h.Deprivations.Codes(), want)
	}
	if got := res.Columns[9]; got.Heading != "Các chỉ số thiếu hụt / 1. Việc làm / 1.2. Người phụ thuộc" || got.Field != "deprivations.dependants" {
		t.Errorf("column J: %+v", got)
	}
}
