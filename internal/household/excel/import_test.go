package excel

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"chungtay/internal/apperr"
	"chungtay/internal/poverty"
)

// without returns a copy of r without the given columns.
func (r row) without(headers ...string) row {
	out := r.with()
	for _, h := range headers {
		delete(out, h)
	}
	return out
}

const incomeHeader = "Thu nhập bình quân (đồng/người/tháng)"

func TestBadRows(t *testing.T) {
	tests := []struct {
		name string
		row  row
		want []RowError // Row is filled in from the case's position
	}{
		{"members not a number", good("B-1").with("Số nhân khẩu", "abc"),
			[]RowError{{Column: "E", Field: "members", MessageID: "field.type_integer"}}},
		{"unknown area code", good("B-2").with("Mã địa bàn", "P14-T99"),
			[]RowError{{Column: "D", Field: "area_id", MessageID: "field.not_found"}}},
		{"dissolved area", good("B-3").with("Mã địa bàn", "P14-T03"),
			[]RowError{{Column: "D", Field: "area_id", MessageID: "field.not_found"}}},
		{"unknown indicator mark is ignored", good("B-4").with("Việc làm", "?", "Dinh dưỡng", "không"), nil},
		{"unknown standard", good("B-5").with("Chuẩn nghèo", "2030-2035"),
			[]RowError{{Column: "H", Field: "standard", MessageID: "field.one_of"}}},
		{"first of a repeated code", good("B-DUP"), nil},
		{"repeated code", good("B-DUP").with("Họ tên chủ hộ", "Người khác"),
			[]RowError{{Column: "A", Field: "code", MessageID: "excel.duplicate_code"}}},
		{"missing head name", good("B-7").without("Họ tên chủ hộ"),
			[]RowError{{Column: "B", Field: "head_name", MessageID: "field.required"}}},
		{"several problems, left to right", good("B 8").with("Số nhân khẩu", 0, "Mã địa bàn", "nowhere"),
			[]RowError{{Column: "A", Field: "code", MessageID: "household.code_chars"},
				{Column: "D", Field: "area_id", MessageID: "field.not_found"},
				{Column: "E", Field: "members", MessageID: "field.between"}}},
		{"urban neither", good("B-9").with("Khu vực", "ngoại ô"),
			[]RowError{{Column: "F", Field: "urban", MessageID: "field.one_of"}}},
		{"no income and no classification", good("B-10").without(incomeHeader),
			[]RowError{{Column: "G", Field: "income_monthly", MessageID: "field.required"}}},
		{"income in words", good("B-11").with(incomeHeader, "1,5 triệu"),
			[]RowError{{Column: "G", Field: "income_monthly", MessageID: "field.type_integer"}}},
		{"classification given, income empty", good("B-12").without(incomeHeader).with("Phân loại", "Hộ nghèo"), nil},
		{"unknown classification", good("B-13").with("Phân loại", "giàu"),
			[]RowError{{Column: "I", Field: "classification", MessageID: "field.one_of"}}},
		{"year missing", good("B-14").without("Năm"),
			[]RowError{{Column: "J", Field: "year", MessageID: "field.required"}}},
		{"year out of range", good("B-15").with("Năm", 1999),
			[]RowError{{Column: "J", Field: "year", MessageID: "field.between"}}},
		{"note too long", good("B-16").with("Ghi chú", strings.Repeat("a", 2001)),
			[]RowError{{Column: "AI", Field: "note", MessageID: "field.max_len"}}},
	}
	rows := make([]row, len(tests))
	for i, tt := range tests {
		rows[i] = tt.row
	}
	e := newEnv(t)
	file := fill(t, templateBytes(t), rows...)
	res := e.imp(t, file, false)
	got := map[int][]RowError{}
	for _, re := range res.Errors {
		got[re.Row] = append(got[re.Row], re)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			excelRow := i + 3
			if len(got[excelRow]) != len(tt.want) {
				t.Fatalf("row %d: got %+v, want %+v", excelRow, got[excelRow], tt.want)
			}
			for j, w := range tt.want {
				g := got[excelRow][j]
				if g.Row != excelRow || g.Column != w.Column || g.Field != w.Field || g.MessageID != w.MessageID {
					t.Errorf("row %d error %d: got %+v, want %+v", excelRow, j, g, w)
				}
			}
		})
	}
	t.Run("repeated code names the first row", func(t *testing.T) {
		if re := got[9][0]; re.Args["Row"] != 8 || re.Args["Value"] != "B-DUP" {
			t.Errorf("args %v", re.Args)
		}
	})
	t.Run("nothing written, no counts", func(t *testing.T) {
		if n := e.count(t, "households"); n != 0 {
			t.Errorf("%d households written", n)
		}
		if res.Created+res.Updated+res.Unchanged != 0 || res.Rows != len(tests) || res.ErrorsTruncated {
			t.Errorf("result %+v", res)
		}
	})
	t.Run("JSON shape", func(t *testing.T) {
		b, _ := json.Marshal(res.Errors[0])
		if string(b) != `{"row":3,"column":"E","field":"members","heading":"Số nhân khẩu","value":"abc","message":""}` {
			t.Errorf("%s", b)
		}
	})
}

func TestErrorsTruncated(t *testing.T) {
	e := newEnv(t)
	rows := make([]row, MaxErrors+5)
	for i := range rows {
		rows[i] = row{"Mã hộ": "T-" + strings.Repeat("9", 1+i%3) + string(rune('a'+i%26)), "Số nhân khẩu": "nhiều"}
	}
	res := e.imp(t, fill(t, templateBytes(t), rows...), true)
	if len(res.Errors) != MaxErrors || !res.ErrorsTruncated || res.Rows != len(rows) {
		t.Fatalf("%d errors, truncated %v, rows %d", len(res.Errors), res.ErrorsTruncated, res.Rows)
	}
}

func zipOf(t *testing.T, name, content string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(content))
	zw.Close()
	return buf.Bytes()
}

func headers(skip ...string) []any {
	var out []any
	for _, c := range columns {
		if !strings.Contains(strings.Join(skip, "|"), c.vi) {
			out = append(out, c.vi)
		}
	}
	return out
}

func TestFileErrors(t *testing.T) {
	e := newEnv(t)
	tmpl := templateBytes(t)
	tests := []struct {
		name string
		file []byte
		id   string
		args apperr.Args
	}{
		{"empty upload", nil, "excel.not_xlsx", nil},
		{"a CSV file", []byte("Mã hộ,Họ tên chủ hộ\nP14-1,An\n"), "excel.not_xlsx", nil},
		{"zip magic then junk", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xff}, 200)...), "excel.not_xlsx", nil},
		{"half a workbook", tmpl[:len(tmpl)/2], "excel.not_xlsx", nil},
		{"a zip that is not a workbook", zipOf(t, "readme.txt", "hello"), "excel.not_xlsx", nil},
		{"only the instructions sheet", sheetFile(t, InstructionsSheet, []any{"hello"}), "excel.no_sheet", nil},
		{"no header row", sheetFile(t, DataSheet, []any{"hello", "world"}), "excel.missing_columns", nil},
		{"missing members column", sheetFile(t, DataSheet, headers("Số nhân khẩu")), "excel.missing_columns",
			apperr.Args{"Columns": "Số nhân khẩu"}},
		{"missing area and year", sheetFile(t, DataSheet, headers("Mã địa bàn", "Năm")), "excel.missing_columns",
			apperr.Args{"Columns": "Mã địa bàn, Năm"}},
		{"neither income nor classification", sheetFile(t, DataSheet, headers("Thu nhập bình quân (đồng/người/tháng)", "Phân loại")),
			"excel.missing_columns", apperr.Args{"Columns": "Thu nhập bình quân (đồng/người/tháng) / Phân loại"}},
		{"code column twice", sheetFile(t, DataSheet, append(headers(), "ma ho")), "excel.duplicate_column",
			apperr.Args{"Header": "Mã hộ", "Columns": "A, AJ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, dry := range []bool{true, false} {
				res, err := Import(e.ctx, e.db, e.now, bytes.NewReader(tt.file), dry, e.city, e.lookup)
				if res != nil {
					t.Fatalf("want no result, got %+v", res)
				}
				invalidID(t, err, tt.id)
				got, _ := apperr.As(err)
				for k, v := range tt.args {
					if got.Args[k] != v {
						t.Errorf("arg %s = %v, want %v", k, got.Args[k], v)
					}
				}
			}
		})
	}
	t.Run("too many rows", func(t *testing.T) {
		defer func(n int) { maxRows = n }(maxRows)
		maxRows = 3
		file := fill(t, tmpl, good("M-1"), good("M-2"), good("M-3"), good("M-4"))
		_, err := Import(e.ctx, e.db, e.now, bytes.NewReader(file), true, e.city, e.lookup)
		invalidID(t, err, "excel.too_many_rows")
		if res := e.imp(t, fill(t, tmpl, good("M-1"), good("M-2"), good("M-3")), true); res.Created != 3 {
			t.Fatalf("3 rows at a limit of 3: %+v", res)
		}
	})
}

func TestHeaderVariants(t *testing.T) {
	e := newEnv(t)
	// A hand-made sheet: a title row, an STT column, headers without
	// diacritics in another order, no English row, a blank row.
	file := sheetFile(t, "Danh sach",
		[]any{"DANH SÁCH HỘ NGHÈO NĂM 2025"},
		[]any{"STT", "ma ho", "HO TEN CHU HO", "so nhan khau", "Mã  Địa  Bàn", "khu vuc", "thu nhap binh quan", "chuan ngheo",
			"nam", "bao hiem y te", "chat luong nha o", "nha tieu hop ve sinh", "Phân loại hộ"},
		[]any{1, "V-1", "Phạm Văn Dũng", 3, "P14-T01", "nong thon", 1500000, "2022-2026", 2025, "x", "x", "x"},
		[]any{},
		[]any{2, "V-2", "Võ Thị Em", "2", "P14-T01", "TT", "1,200,000", "Chuẩn 2022 - 2026", "2025", "", "", "", "cận nghèo"},
		[]any{3, "V-3", "Đỗ Văn Giang", "một", "P14-T01", "Thành thị", "1.500.000", "2022-2026", 2025},
		[]any{4}, // a pre-numbered row with no household
	)
	res := e.imp(t, file, true)
	if res.Rows != 3 || len(res.Errors) != 1 {
		t.Fatalf("%+v", res)
	}
	if got := res.Errors[0]; got.Row != 6 || got.Column != "D" || got.Field != "members" {
		t.Fatalf("error %+v, want row 6 column D members", got)
	}
	file = sheetFile(t, "Danh sach",
		[]any{"STT", "ma ho", "HO TEN CHU HO", "so nhan khau", "Mã  Địa  Bàn", "khu vuc", "thu nhap binh quan", "chuan ngheo", "nam", "Phân loại hộ"},
		[]any{1, "V-1", "Phạm Văn Dũng", 3, "P14-T01", "nong thon", 1500000, "2022-2026", 2025},
		[]any{2, "V-2", "Võ Thị Em", "2", "P14-T01", "TT", "1,200,000", "Chuẩn 2022 - 2026", "2025", "cận nghèo"},
	)
	if res := e.imp(t, file, false); res.Created != 2 || len(res.Errors) != 0 {
		t.Fatalf("%+v", res)
	}
	if h := e.byCode(t, "V-1"); h.Urban || h.IncomeMonthly != 1_500_000 || h.Classification != poverty.ClassNearPoor {
		t.Errorf("V-1 = %+v", h)
	}
	if h := e.byCode(t, "V-2"); !h.Urban || h.IncomeMonthly != 1_200_000 || h.Classification != poverty.ClassNearPoor {
		t.Errorf("V-2 = %+v", h)
	}
}
