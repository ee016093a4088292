package excel

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// env is a real SQLite database with a ward, two residential groups and a
// third group merged (dissolved) into the second.
type env struct {
	ctx    context.Context
	db     *bun.DB
	areas  *area.Service
	svc    *household.Service
	city   poverty.Lines
	now    time.Time
	t1, t2 *area.Area
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := access.With(context.Background(), access.System())
	db, err := database.Open(ctx, "file:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := database.Migrate(ctx, db); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{ctx: ctx, db: db, areas: area.NewService(db, loc), city: poverty.CityLines(21_000_000, 28_000_000),
		now: time.Date(2025, 3, 1, 9, 0, 0, 0, loc)}
	e.svc = household.NewService(db, e.areas, loc, e.city)
	ward := e.mustArea(t, area.Input{Code: "26884", Name: "Phường 14", Kind: area.KindWard, Urban: true})
	e.t1 = e.mustArea(t, area.Input{Code: "P14-T01", Name: "Tổ 1", Kind: area.KindResidentialGroup, ParentID: &ward.ID, Urban: true})
	e.t2 = e.mustArea(t, area.Input{Code: "P14-T02", Name: "Tổ 2", Kind: area.KindResidentialGroup, ParentID: &ward.ID, Urban: true})
	t3 := e.mustArea(t, area.Input{Code: "P14-T03", Name: "Tổ 3", Kind: area.KindResidentialGroup, ParentID: &ward.ID, Urban: true})
	if _, err := e.areas.Merge(ctx, e.now, t3.ID, e.t2.ID, civil.NewDate(2025, 1, 1), "sáp nhập"); err != nil {
		t.Fatalf("merge: %v", err)
	}
	return e
}

func (e *env) mustArea(t testing.TB, in area.Input) *area.Area {
	t.Helper()
	a, err := e.areas.Create(e.ctx, e.now, in)
	if err != nil {
		t.Fatalf("create area %s: %v", in.Code, err)
	}
	return a
}

// lookup resolves area codes the way the HTTP layer does: dissolved areas are unknown.
func (e *env) lookup(ctx context.Context, code string) (int64, bool, error) {
	var id int64
	err := e.db.NewSelect().Table("areas").Column("id").Where("code = ? AND dissolved_on IS NULL", code).Scan(ctx, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

func (e *env) areaCode(ctx context.Context, id int64) (string, error) {
	a, err := e.areas.Get(ctx, id)
	if err != nil {
		return "", err
	}
	return a.Code, nil
}

func (e *env) imp(t testing.TB, file []byte, dryRun bool) *Result {
	t.Helper()
	res, err := Import(e.ctx, e.db, e.now, bytes.NewReader(file), dryRun, e.city, e.lookup)
	if err != nil {
		t.Fatalf("import (dry run %v): %v", dryRun, err)
	}
	return res
}

// count returns the number of rows of a table.
func (e *env) count(t testing.TB, table string) int {
	t.Helper()
	n, err := e.db.NewSelect().Table(table).Count(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func (e *env) byCode(t testing.TB, code string) *household.Household {
	t.Helper()
	h := new(household.Household)
	if err := e.db.NewSelect().Model(h).Where("code = ?", code).Scan(e.ctx); err != nil {
		t.Fatalf("household %s: %v", code, err)
	}
	return h
}

// versions maps household codes to versions.
func (e *env) versions(t testing.TB) map[string]int {
	t.Helper()
	var hs []household.Household
	if err := e.db.NewSelect().Model(&hs).Scan(e.ctx); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, h := range hs {
		out[h.Code] = h.Version
	}
	return out
}

// templateBytes is the template as downloaded.
func templateBytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Template(&buf); err != nil {
		t.Fatalf("template: %v", err)
	}
	return buf.Bytes()
}

// row is one household as header text → cell value.
type row map[string]any

// fill opens a workbook, writes rows into its data sheet from row 3 by the
// Vietnamese header of row 1, and returns the new file.
func fill(t testing.TB, file []byte, rows ...row) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := f.GetRows(DataSheet)
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range all[0] {
		col[h] = i + 1
	}
	for r, values := range rows {
		for h, v := range values {
			c, ok := col[h]
			if !ok {
				t.Fatalf("no column %q", h)
			}
			cell, _ := excelize.CoordinatesToCellName(c, r+3)
			if err := f.SetCellValue(DataSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sheetFile builds a workbook with one sheet holding the given rows from A1.
func sheetFile(t testing.TB, name string, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(name, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// good is a valid row: urban, 1.8M VND, three 2022–2026 deprivations → poor.
func good(code string) row {
	return row{"Mã hộ": code, "Họ tên chủ hộ": "Nguyễn Văn An", "Địa chỉ": "12/3 Lê Đức Thọ", "Mã địa bàn": "P14-T01",
		"Số nhân khẩu": 4, "Khu vực": "Thành thị", "Thu nhập bình quân (đồng/người/tháng)": "1.800.000",
		"Chuẩn nghèo": "2022-2026", "Năm": 2025, "Bảo hiểm y tế": "x", "Chất lượng nhà ở": "x", "Nhà tiêu hợp vệ sinh": "X"}
}

// with returns a copy of r with the given cells changed.
func (r row) with(kv ...any) row {
	out := row{}
	for k, v := range r {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

// invalidID asserts that err is an apperr Invalid with the given message id.
func invalidID(t testing.TB, err error, id string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("want *apperr.Error %s, got %T %v", id, err, err)
	}
	if e.Code != apperr.Invalid || e.MessageID != id {
		t.Fatalf("want invalid %s, got %s %s (%v)", id, e.Code, e.MessageID, e.Err)
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func asApp(err error) (*apperr.Error, bool) { return apperr.As(err) }

func openFile(t testing.TB, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func writeFile(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
