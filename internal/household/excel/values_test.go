package excel

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"chungtay/internal/apperr"
	"chungtay/internal/poverty"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1500000", 1_500_000, true},
		{"1.500.000", 1_500_000, true},
		{"1,500,000", 1_500_000, true},
		{" 1 500 000 đ ", 1_500_000, true},
		{"1.500.000 VNĐ", 1_500_000, true},
		{"1.5E6", 1_500_000, true}, // a number cell as stored
		{"4", 4, true},
		{"4.0", 4, true},
		{"-3", -3, true},
		{"2025", 2025, true},
		{"1.5", 0, false},
		{"abc", 0, false},
		{"1,5 triệu", 0, false},
		{"1.50.000", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseInt(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseCodes(t *testing.T) {
	t.Run("urban", func(t *testing.T) {
		for in, want := range map[string]bool{"Thành thị": true, "THANH THI": true, "urban": true, "Nông thôn": false, "nong  thon": false, "rural": false} {
			if got, ok := parseUrban(in); !ok || got != want {
				t.Errorf("parseUrban(%q) = %v, %v", in, got, ok)
			}
		}
		for _, in := range []string{"x", "1", "có", "ngoại ô"} {
			if _, ok := parseUrban(in); ok {
				t.Errorf("parseUrban(%q) accepted", in)
			}
		}
	})
	t.Run("marks", func(t *testing.T) {
		for _, in := range []string{"x", "X", " x ", "1", "có", "Có", "true", "✓"} {
			if !isMark(in) {
				t.Errorf("isMark(%q) = false", in)
			}
		}
		for _, in := range []string{"", "0", "không", "?", "xx", "-"} {
			if isMark(in) {
				t.Errorf("isMark(%q) = true", in)
			}
		}
	})
	t.Run("standard", func(t *testing.T) {
		for in, want := range map[string]poverty.Standard{
			"2016-2020": poverty.Standard2016, "2016–2020": poverty.Standard2016, "2022-2026": poverty.Standard2022,
			"Chuẩn nghèo 2022–2026 (NĐ 07/2021/NĐ-CP)": poverty.Standard2022, "city": poverty.StandardCity,
			"Chuẩn nghèo của thành phố": poverty.StandardCity, "thành phố": poverty.StandardCity,
		} {
			if got, ok := parseStandard(in); !ok || got != want {
				t.Errorf("parseStandard(%q) = %q, %v", in, got, ok)
			}
		}
		if _, ok := parseStandard("2030-2035"); ok {
			t.Error("2030-2035 accepted")
		}
	})
	t.Run("classification", func(t *testing.T) {
		for in, want := range map[string]poverty.Class{
			"poor": poverty.ClassPoor, "Hộ nghèo": poverty.ClassPoor, "nghèo": poverty.ClassPoor,
			"near_poor": poverty.ClassNearPoor, "Hộ cận nghèo": poverty.ClassNearPoor, "CẬN NGHÈO": poverty.ClassNearPoor,
			"Hộ mới thoát nghèo": poverty.ClassEscaped, "thoát nghèo": poverty.ClassEscaped,
			"Hộ có mức sống trung bình": poverty.ClassAverage, "Không thuộc diện": poverty.ClassNone,
		} {
			if got, ok := parseClass(in); !ok || got != want {
				t.Errorf("parseClass(%q) = %q, %v", in, got, ok)
			}
		}
	})
	t.Run("header keys", func(t *testing.T) {
		for in, want := range map[string]string{
			"Thu nhập bình quân (đồng/người/tháng)": "thunhapbinhquan", " Mã  HỘ * ": "maho", "Đ": "d",
		} {
			if got := key(in); got != want {
				t.Errorf("key(%q) = %q, want %q", in, got, want)
			}
		}
	})
}

// FuzzImport feeds broken uploads to Import: every outcome must be a result
// or an Invalid error, never a panic or an internal error.
func FuzzImport(f *testing.F) {
	tmpl := templateBytes(f)
	f.Add(tmpl)
	f.Add(tmpl[:len(tmpl)/3])
	f.Add(fill(f, tmpl, good("F-1"), good("F-2").with("Số nhân khẩu", "abc")))
	f.Add(rewriteZip(f, tmpl, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"ZZZZZ1\" t=\"s\"><v>99</v></c></row>"))
	f.Add(rewriteZip(f, tmpl, "xl/workbook.xml", "<workbook><sheets><sheet name=\"Hộ gia đình\" r:id=\"rId9\"/></sheets>"))
	f.Add([]byte("PK\x05\x06"))
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, file []byte) {
		res, err := Import(e.ctx, e.db, e.now, bytes.NewReader(file), true, e.city, e.lookup)
		if err == nil {
			if res == nil {
				t.Fatal("no result and no error")
			}
			return
		}
		if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Invalid {
			t.Fatalf("want an Invalid error, got %v", err)
		}
	})
}

// rewriteZip returns file with one zip entry replaced.
func rewriteZip(tb testing.TB, file []byte, name, content string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if zf.Name == name {
			w.Write([]byte(content))
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	zw.Close()
	return buf.Bytes()
}
