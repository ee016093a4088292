package excel

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/poverty"
)

// guide is the instructions sheet (Hướng dẫn), written top to bottom.
var guide = []string{
	"Điền mỗi hộ một dòng vào trang \"" + DataSheet + "\", từ dòng 3. Dòng 1 là tiêu đề tiếng Việt; dòng 2 là tiêu đề tiếng Anh, giữ lại hoặc xóa đều được. Không chép các dòng ví dụ dưới đây sang nếu không phải hộ thật.",
	"Chung Tay nhận cột theo tiêu đề (không phân biệt hoa thường, có dấu hay không dấu, khoảng trắng, phần trong ngoặc): có thể đổi thứ tự cột; cột lạ (ví dụ STT) được bỏ qua; dòng trống được bỏ qua; vài dòng tiêu đề phía trên bảng cũng không sao.",
	"Cột tiêu đề tô cam là bắt buộc. Mã hộ là khóa: hộ đã có cùng mã thì được cập nhật; nhập lại cùng một tệp không thay đổi gì.",
	"Nên bấm \"Kiểm tra\" trước khi nhập: Chung Tay kiểm tra mọi dòng và báo lỗi theo dòng, cột; chỉ cần một dòng lỗi là không ghi dòng nào. Tối đa " + vnNumber(MaxRows) + " dòng mỗi tệp.",
	"Các cột chỉ số thiếu hụt, nguyên nhân nghèo và đặc điểm hộ: ghi x (hoặc X, 1, có) để đánh dấu; để trống là không. Giá trị khác trong các cột này bị bỏ qua (coi như không đánh dấu).",
	"Khu vực: chỉ nhận \"Thành thị\" hoặc \"Nông thôn\". Thu nhập là đồng/người/tháng, số nguyên (1.500.000 hoặc 1500000). Nếu để trống Phân loại, Chung Tay tự phân loại theo chuẩn nghèo đã chọn.",
	"English: one household per row of the \"" + DataSheet + "\" sheet, from row 3. Columns are found by their header (case, diacritics and spaces do not matter). Orange headers are required. The household code is the key: an existing code is updated, and importing the same file twice changes nothing. Mark an indicator, cause or flag with x; Khu vực is \"Thành thị\" (urban) or \"Nông thôn\" (rural); income is VND per person per month; an empty Phân loại is computed from the standard. Run the check (dry run) first: if any row is wrong, nothing is written.",
}

// examples are two filled-in rows, in columns order, keyed by column kind or
// code. Their area codes are residential groups of the demo ward (Phường 14,
// Khu phố 1), so that the examples import as they are into `make run`; their
// household codes follow the demo's P14-KPnn-nnnn and are new ones.
var examples = []map[string]string{
	{"code": "P14-KP01-0901", "head": "Nguyễn Văn An", "address": "12/3 Lê Đức Thọ, Tổ dân phố 1, Khu phố 1", "area": "26890-KP01-T01", "members": "4",
		"urban": urbanVI, "income": "1.800.000", "standard": "2022-2026", "year": "2025",
		"health_insurance": "x", "housing_quality": "x", "latrine": "x", "illness": "x", "note": "Chủ hộ bệnh nặng"},
	{"code": "P14-KP01-0902", "head": "Trần Thị Bình", "address": "45 Quang Trung, Tổ dân phố 2, Khu phố 1", "area": "26890-KP01-T02", "members": "3",
		"urban": urbanVI, "income": "1.950.000", "standard": "2022-2026", "class": "Hộ cận nghèo", "year": "2025",
		"telecom": "x", "capital": "x", "social_assistance": "x"},
}

// sheetWriter writes rows down a small sheet with the ordinary (non-streaming) API.
type sheetWriter struct {
	f   *excelize.File
	row int
	err error
}

func (w *sheetWriter) line(style int, values ...any) {
	if w.err != nil {
		return
	}
	w.row++
	cell, _ := excelize.CoordinatesToCellName(1, w.row)
	if w.err = w.f.SetSheetRow(InstructionsSheet, cell, &values); w.err != nil || style == 0 {
		return
	}
	last, _ := excelize.CoordinatesToCellName(max(len(values), 1), w.row)
	w.err = w.f.SetCellStyle(InstructionsSheet, cell, last, style)
}

func (w *sheetWriter) gap() { w.row++ }

// writeInstructions fills the Hướng dẫn sheet: how to fill in the data
// sheet, every column, two example rows and the lists of valid codes.
func writeInstructions(f *excelize.File, st styles) error {
	if _, err := f.NewSheet(InstructionsSheet); err != nil {
		return fmt.Errorf("excel: instructions sheet: %w", err)
	}
	w := &sheetWriter{f: f}
	w.line(st.title, "HƯỚNG DẪN NHẬP DANH SÁCH HỘ GIA ĐÌNH — CHUNG TAY")
	for _, g := range guide {
		w.line(st.wrap, g)
		if w.err == nil {
			w.err = f.MergeCell(InstructionsSheet, fmt.Sprintf("A%d", w.row), fmt.Sprintf("E%d", w.row))
		}
		if w.err == nil {
			w.err = f.SetRowHeight(InstructionsSheet, w.row, 15*float64(2+len(g)/110))
		}
	}
	w.gap()
	w.line(st.bold, "CÁC CỘT (COLUMNS)")
	w.line(st.header, "Cột", "Tiêu đề", "English", "Bắt buộc", "Cách ghi")
	for i, c := range columns {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		req := ""
		if c.required {
			req = "Có"
		}
		w.line(st.wrap, letter, c.vi, c.en, req, c.help)
	}
	w.gap()
	w.line(st.bold, "VÍ DỤ — hai dòng mẫu, cùng thứ tự cột với trang \""+DataSheet+"\" (examples)")
	heads := make([]any, len(columns))
	for i, c := range columns {
		heads[i] = c.vi
	}
	w.line(st.header, heads...)
	for _, ex := range examples {
		w.line(0, exampleRow(ex)...)
	}
	codeList(w, st, "CHUẨN NGHÈO (Chuẩn nghèo)", poverty.StandardInfos)
	codeList(w, st, "PHÂN LOẠI (Phân loại) — để trống thì Chung Tay tự tính", poverty.ClassInfos)
	w.gap()
	w.line(st.bold, "CHỈ SỐ THIẾU HỤT (mỗi chỉ số một cột, ghi x)")
	w.line(st.header, "Mã", "Tên (tiêu đề cột)", "English", "Chiều", "Chuẩn áp dụng")
	for _, in := range poverty.Indicators {
		var std []string
		for _, s := range in.Standards {
			std = append(std, string(s))
		}
		w.line(st.wrap, in.Code, in.LabelVI, in.LabelEN, dimensionVI[in.Dimension], strings.Join(std, ", "))
	}
	codeList(w, st, "NGUYÊN NHÂN NGHÈO (mỗi nguyên nhân một cột \"Nguyên nhân: …\", ghi x)", poverty.CauseInfos)
	codeList(w, st, "ĐẶC ĐIỂM HỘ (mỗi đặc điểm một cột, ghi x)", poverty.FlagInfos)
	if w.err != nil {
		return fmt.Errorf("excel: instructions: %w", w.err)
	}
	for col, width := range map[string]float64{"A": 22, "B": 34, "C": 30, "D": 16, "E": 70} {
		if err := f.SetColWidth(InstructionsSheet, col, col, width); err != nil {
			return fmt.Errorf("excel: instructions width: %w", err)
		}
	}
	return nil
}

func codeList(w *sheetWriter, st styles, title string, infos []poverty.CodeInfo) {
	w.gap()
	w.line(st.bold, title)
	w.line(st.header, "Mã (code)", "Tên tiếng Việt", "English")
	for _, ci := range infos {
		w.line(st.wrap, ci.Code, ci.LabelVI, ci.LabelEN)
	}
}

func exampleRow(ex map[string]string) []any {
	names := map[kind]string{kindCode: "code", kindHeadName: "head", kindAddress: "address", kindArea: "area",
		kindMembers: "members", kindUrban: "urban", kindIncome: "income", kindStandard: "standard",
		kindClass: "class", kindYear: "year", kindNote: "note"}
	row := make([]any, len(columns))
	for i, c := range columns {
		name := names[c.kind]
		if c.code != "" {
			name = c.code
		}
		row[i] = ex[name]
	}
	return row
}

// vnNumber writes n with dots between thousands, as Vietnamese does: 200.000.
func vnNumber(n int) string {
	s := fmt.Sprintf("%d", n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
