package excel

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

func TestTemplate(t *testing.T) {
	file := templateBytes(t)
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{DataSheet, InstructionsSheet}) {
		t.Fatalf("sheets = %v", got)
	}
	data, err := f.GetRows(DataSheet)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("two header rows and no data", func(t *testing.T) {
		if len(data) != 2 || len(data[0]) != len(columns) || len(data[1]) != len(columns) {
			t.Fatalf("rows %d, header widths %d/%d, want 2 rows of %d", len(data), len(data[0]), len(data[1]), len(columns))
		}
		for _, want := range []string{"Mã hộ", "Họ tên chủ hộ", "Mã địa bàn", "Số nhân khẩu", "Khu vực", "Chuẩn nghèo", "Phân loại", "Năm", "Ghi chú"} {
			if !slices.Contains(data[0], want) {
				t.Errorf("no header %q", want)
			}
		}
		for _, in := range poverty.Indicators {
			if !slices.Contains(data[0], in.LabelVI) {
				t.Errorf("no indicator column %q", in.LabelVI)
			}
		}
		if n := len(poverty.Indicators) + len(poverty.CauseInfos) + len(poverty.FlagInfos); len(columns) != 11+n {
			t.Errorf("%d columns, want %d", len(columns), 11+n)
		}
	})
	t.Run("instructions list every code and label", func(t *testing.T) {
		rows, err := f.GetRows(InstructionsSheet)
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, r := range rows {
			text.WriteString(strings.Join(r, "\t") + "\n")
		}
		all := text.String()
		var infos []poverty.CodeInfo
		infos = append(infos, poverty.ClassInfos...)
		infos = append(infos, poverty.StandardInfos...)
		infos = append(infos, poverty.CauseInfos...)
		infos = append(infos, poverty.FlagInfos...)
		for _, in := range poverty.Indicators {
			infos = append(infos, poverty.CodeInfo{Code: in.Code, LabelVI: in.LabelVI})
		}
		for _, ci := range infos {
			if !strings.Contains(all, ci.Code) || !strings.Contains(all, ci.LabelVI) {
				t.Errorf("instructions miss %s (%s)", ci.Code, ci.LabelVI)
			}
		}
		for _, c := range columns {
			if !strings.Contains(all, c.help) {
				t.Errorf("instructions do not explain %q", c.vi)
			}
		}
	})
	t.Run("drop-down lists survive the stream writer", func(t *testing.T) {
		dvs, err := f.GetDataValidations(DataSheet)
		if err != nil || len(dvs) != 3 {
			t.Fatalf("data validations %d, %v; want 3", len(dvs), err)
		}
	})
	t.Run("empty template imports cleanly", func(t *testing.T) {
		e := newEnv(t)
		for _, dry := range []bool{true, false} {
			res := e.imp(t, file, dry)
			if res.Rows != 0 || len(res.Errors) != 0 || res.Created+res.Updated+res.Unchanged != 0 {
				t.Fatalf("dry run %v: %+v", dry, res)
			}
		}
	})
}

func TestTemplateRoundTrip(t *testing.T) {
	e := newEnv(t)
	file := fill(t, templateBytes(t),
		good("P14-0001"),
		row{"Mã hộ": "P14-0002", "Họ tên chủ hộ": "Trần  Thị   Bình", "Mã địa bàn": "P14-T02", "Số nhân khẩu": "3",
			"Khu vực": "thanh thi", "Chuẩn nghèo": "Chuẩn nghèo 2022–2026 (NĐ 07/2021/NĐ-CP)", "Phân loại": "Hộ cận nghèo",
			"Năm": "2025", "Sử dụng dịch vụ viễn thông": "có", "Nguyên nhân: Thiếu vốn": "x", "Bảo trợ xã hội": 1,
			"Ghi chú": "Mẹ đơn thân"},
		row{"Mã hộ": "P14-0003", "Họ tên chủ hộ": "Lê Văn Cường", "Mã địa bàn": "P14-T01", "Số nhân khẩu": 6,
			"Khu vực": "Nông thôn", "Thu nhập bình quân (đồng/người/tháng)": 2_000_000, "Chuẩn nghèo": "city",
			"Năm": 2025, "Nguyên nhân: Ốm đau, tai nạn, bệnh nặng": "x"},
	)
	dry := e.imp(t, file, true)
	if !dry.DryRun || dry.Rows != 3 || dry.Created != 3 || len(dry.Errors) != 0 {
		t.Fatalf("dry run: %+v", dry)
	}
	if n := e.count(t, "households"); n != 0 {
		t.Fatalf("dry run wrote %d households", n)
	}
	res := e.imp(t, file, false)
	if res.DryRun || res.Rows != 3 || res.Created != 3 || res.Updated+res.Unchanged != 0 || len(res.Errors) != 0 {
		t.Fatalf("import: %+v", res)
	}
	tests := []struct {
		code     string
		check    func(h *household.Household) bool
		describe string
	}{
		{"P14-0001", func(h *household.Household) bool {
			return h.Classification == poverty.ClassPoor && h.IncomeMonthly == 1_800_000 && h.Urban && h.AreaID == e.t1.ID &&
				slices.Equal(h.Deprivations.Codes(), []string{"health_insurance", "housing_quality", "latrine"})
		}, "computed poor, 1.800.000, three deprivations"},
		{"P14-0002", func(h *household.Household) bool {
			return h.Classification == poverty.ClassNearPoor && h.HeadName == "Trần Thị Bình" && h.AreaID == e.t2.ID &&
				h.Standard == poverty.Standard2022 && slices.Equal(h.Deprivations.Codes(), []string{"telecom"}) &&
				h.Causes == poverty.CauseCapital && h.Flags == poverty.FlagSocialAssistance && h.Note == "Mẹ đơn thân"
		}, "given near-poor, label standard, marks có/x/1"},
		{"P14-0003", func(h *household.Household) bool {
			// City standard, 21M/year = 1.75M/month poor line, 28M/year near-poor: 2M is near-poor.
			return h.Classification == poverty.ClassNearPoor && !h.Urban && h.Members == 6 && h.Causes == poverty.CauseIllness
		}, "city standard near-poor from a number cell"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if h := e.byCode(t, tt.code); !tt.check(h) {
				t.Errorf("%s: got %+v", tt.describe, h)
			}
		})
	}
	if n := e.count(t, "household_classifications"); n != 3 {
		t.Errorf("%d yearly classification rows, want 3", n)
	}
}

func TestReimportIsIdempotent(t *testing.T) {
	e := newEnv(t)
	rows := []row{good("A-1"), good("A-2").with("Số nhân khẩu", 2), good("A-3").with("Phân loại", "average")}
	file := fill(t, templateBytes(t), rows...)
	if res := e.imp(t, file, false); res.Created != 3 {
		t.Fatalf("first import: %+v", res)
	}
	before := e.versions(t)
	t.Run("same file again: all unchanged, versions kept", func(t *testing.T) {
		for _, dry := range []bool{true, false} {
			res := e.imp(t, file, dry)
			if res.Unchanged != 3 || res.Created+res.Updated != 0 {
				t.Fatalf("dry run %v: %+v", dry, res)
			}
		}
		if after := e.versions(t); !mapsEqual(before, after) {
			t.Fatalf("versions changed: %v → %v", before, after)
		}
	})
	t.Run("one row edited: one updated", func(t *testing.T) {
		rows[1] = rows[1].with("Số nhân khẩu", 5, "Ghi chú", "đã xác minh")
		edited := fill(t, templateBytes(t), rows...)
		dry := e.imp(t, edited, true)
		if dry.Updated != 1 || dry.Unchanged != 2 || dry.Created != 0 {
			t.Fatalf("dry run: %+v", dry)
		}
		res := e.imp(t, edited, false)
		if res.Updated != 1 || res.Unchanged != 2 || res.Created != 0 {
			t.Fatalf("import: %+v", res)
		}
		if h := e.byCode(t, "A-2"); h.Members != 5 || h.Version != before["A-2"]+1 {
			t.Fatalf("A-2 = members %d version %d", h.Members, h.Version)
		}
	})
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestDryRunWritesNothing(t *testing.T) {
	e := newEnv(t)
	if res := e.imp(t, fill(t, templateBytes(t), good("D-1")), false); res.Created != 1 {
		t.Fatalf("seed: %+v", res)
	}
	file := fill(t, templateBytes(t), good("D-1").with("Số nhân khẩu", 7), good("D-2"), good("D-3"))
	tables := []string{"households", "household_classifications", "classification_events"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = e.count(t, tb)
	}
	versions := e.versions(t)
	res := e.imp(t, file, true)
	if res.Created != 2 || res.Updated != 1 || res.Unchanged != 0 {
		t.Fatalf("dry run: %+v", res)
	}
	for _, tb := range tables {
		if n := e.count(t, tb); n != before[tb] {
			t.Errorf("%s: %d rows before, %d after the dry run", tb, before[tb], n)
		}
	}
	if !mapsEqual(versions, e.versions(t)) || e.byCode(t, "D-1").Members != 4 {
		t.Error("the dry run changed D-1")
	}
}

func TestExportReimport(t *testing.T) {
	e := newEnv(t)
	file := fill(t, templateBytes(t),
		good("E-1").with("Mã hộ", "0123"),
		good("E-2").with("Mã địa bàn", "P14-T02", "Phân loại", "Hộ mới thoát nghèo", "Dân tộc thiểu số", "x",
			"Nguyên nhân: Khác", "x", "Việc làm", "x", "Tiếp cận các dịch vụ y tế", "x"),
		good("E-3").with("Khu vực", "Nông thôn", "Chuẩn nghèo", "2016-2020", "Thu nhập bình quân (đồng/người/tháng)", 650000),
	)
	if res := e.imp(t, file, false); res.Created != 3 {
		t.Fatalf("seed: %+v", res)
	}
	before := e.versions(t)
	export := func(t *testing.T, f household.Filter) []byte {
		var buf bytes.Buffer
		if err := Export(e.ctx, &buf, e.svc, f, e.areaCode); err != nil {
			t.Fatalf("export: %v", err)
		}
		return buf.Bytes()
	}
	t.Run("everything", func(t *testing.T) {
		out := export(t, household.Filter{})
		for _, dry := range []bool{true, false} {
			res := e.imp(t, out, dry)
			if res.Rows != 3 || res.Unchanged != 3 || res.Created+res.Updated != 0 || len(res.Errors) != 0 {
				t.Fatalf("re-import (dry run %v): %+v %+v", dry, res, res.Errors)
			}
		}
		if !mapsEqual(before, e.versions(t)) {
			t.Fatal("re-importing an export bumped versions")
		}
	})
	t.Run("same columns as the template", func(t *testing.T) {
		f, err := excelize.OpenReader(bytes.NewReader(export(t, household.Filter{})))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows(DataSheet)
		tf, _ := excelize.OpenReader(bytes.NewReader(templateBytes(t)))
		defer tf.Close()
		trows, _ := tf.GetRows(DataSheet)
		if !slices.Equal(rows[0], trows[0]) || !slices.Equal(rows[1], trows[1]) || len(rows) != 5 {
			t.Fatalf("export header differs from the template or %d rows", len(rows))
		}
		if rows[2][0] != "0123" {
			t.Errorf("code lost its leading zero: %q", rows[2][0])
		}
	})
	t.Run("filtered by area", func(t *testing.T) {
		res := e.imp(t, export(t, household.Filter{AreaID: e.t2.ID}), true)
		if res.Rows != 1 || res.Unchanged != 1 {
			t.Fatalf("%+v", res)
		}
	})
	t.Run("bad filter is the service's error", func(t *testing.T) {
		var buf bytes.Buffer
		err := Export(e.ctx, &buf, e.svc, household.Filter{Class: "rich"}, e.areaCode)
		invalidID(t, err, "error.invalid")
	})
}
