package excel

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"chungtay/internal/access"
	"chungtay/internal/area"
	"chungtay/internal/assignment"
	"chungtay/internal/demo"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// wardEnv is the demo ward (Phường 14) with the assignment service.
type wardEnv struct {
	ctx context.Context
	db  *bun.DB
	svc *assignment.Service
	now time.Time
}

func newWardEnv(t *testing.T, db *bun.DB) *wardEnv {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	w := &wardEnv{ctx: access.With(context.Background(), access.System()), db: db, now: time.Date(2025, 7, 1, 9, 0, 0, 0, loc)}
	if _, err := demo.Load(w.ctx, db, w.now, demo.ScaleWard); err != nil {
		t.Fatalf("demo: %v", err)
	}
	areas := area.NewService(db, loc)
	households := household.NewService(db, areas, loc, poverty.CityLines(21_000_000, 28_000_000))
	w.svc = assignment.NewService(db, households, unit.NewService(db), loc)
	return w
}

func (w *wardEnv) imp(t *testing.T, b []byte, dryRun bool) *Result {
	t.Helper()
	res, err := ImportAssignments(w.ctx, w.svc, w.now, bytes.NewReader(b), dryRun)
	if err != nil {
		t.Fatalf("import (dry run %v): %v", dryRun, err)
	}
	return res
}

func (w *wardEnv) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := w.db.NewRaw(query, args...).Scan(w.ctx, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAssignmentFiles imports assignments filled in with openpyxl and with
// LibreOffice Calc: a date cell in Excel's built-in short date (numFmt 14), a
// date-time, a date typed as text, LibreOffice's vi-VN DD/MM/YY, an email in
// capitals and a reason in NFD. Every date reads as the day the cell shows,
// and a second upload of the same file changes nothing.
func TestAssignmentFiles(t *testing.T) {
	for _, file := range []string{"assign_openpyxl.xlsx", "assign_libreoffice.xlsx"} {
		t.Run(file, func(t *testing.T) {
			testenv.Each(t, func(t *testing.T, db *bun.DB) {
				w := newWardEnv(t, db)
				b := readFixture(t, file)
				before := w.count(t, "SELECT COUNT(*) FROM household_assignments")
				dry := w.imp(t, b, true)
				if len(dry.Errors) > 0 || dry.Rows != 4 || dry.Created != 4 || dry.Sheet != AssignmentSheet {
					t.Fatalf("dry run: %+v", dry)
				}
				if n := w.count(t, "SELECT COUNT(*) FROM household_assignments"); n != before {
					t.Fatalf("the dry run wrote %d rows", n-before)
				}
				res := w.imp(t, b, false)
				if len(res.Errors) > 0 || res.Created != 4 || res.Unchanged != 0 {
					t.Fatalf("import: %+v", res)
				}
				// The unit was already in charge: only the person rows are new.
				if n := w.count(t, "SELECT COUNT(*) FROM household_assignments"); n != before+4 {
					t.Errorf("%d rows added, want 4", n-before)
				}
				for _, code := range []string{"P14-KP03-0033", "P14-KP03-0034", "P14-KP03-0035", "P14-KP03-0036"} {
					var from string
					err := db.NewRaw(`SELECT ha.valid_from FROM household_assignments ha JOIN households h ON h.id = ha.household_id
						JOIN users u ON u.id = ha.user_id WHERE h.code = ? AND u.email = 'dangvien.kp3@chungtay.local'`, code).Scan(w.ctx, &from)
					if err != nil || from[:10] != "2025-06-03" {
						t.Errorf("%s: from %q (%v), want 2025-06-03", code, from, err)
					}
				}
				var reason string
				if err := db.NewRaw(`SELECT ha.reason FROM household_assignments ha JOIN households h ON h.id = ha.household_id
					JOIN users u ON u.id = ha.user_id WHERE h.code = 'P14-KP03-0036' AND u.email = 'dangvien.kp3@chungtay.local'`).Scan(w.ctx, &reason); err != nil ||
					reason != "Chi bộ họp ngày 02/6" || !norm.NFC.IsNormalString(reason) {
					t.Errorf("reason %q (%v)", reason, err)
				}
				after := w.count(t, "SELECT COUNT(*) FROM household_assignments")
				again := w.imp(t, b, false)
				if len(again.Errors) > 0 || again.Created != 0 || again.Unchanged != 4 {
					t.Errorf("second import: %+v", again)
				}
				if n := w.count(t, "SELECT COUNT(*) FROM household_assignments"); n != after {
					t.Errorf("the second import added %d rows", n-after)
				}
				if n := w.count(t, "SELECT COUNT(*) FROM household_assignments WHERE valid_to IS NOT NULL AND valid_to <= valid_from"); n != 0 {
					t.Errorf("%d zero-day or negative rows", n)
				}
			})
		})
	}
}

// TestAssignmentErrorsInOnePass: every bad row is reported at once — an
// unreadable date does not hide the others — with the sheet's heading and
// the value; nothing is written.
func TestAssignmentErrorsInOnePass(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWardEnv(t, db)
		before := w.count(t, "SELECT COUNT(*) FROM household_assignments")
		res := w.imp(t, readFixture(t, "assign_bad.xlsx"), false)
		type want struct {
			row                           int
			column, field, heading, value string
			id                            string
		}
		wants := []want{
			{3, "A", "household_code", "Mã hộ", "P14-KP99-9999", "field.not_found"},
			{4, "D", "valid_from", "Từ ngày", "31/02/2025", "field.date"},
			{5, "B", "unit_code", "Mã đơn vị phụ trách", "26890-CB-KP99", "field.not_found"},
			{6, "C", "email", "Email người phụ trách", "khong.co@chungtay.local", "field.not_found"},
			{8, "A", "household_code", "Mã hộ", "", "field.required"},
			{8, "D", "valid_from", "Từ ngày", "mai", "field.date"},
		}
		if len(res.Errors) != len(wants) {
			t.Fatalf("errors %+v", res.Errors)
		}
		for i, e := range res.Errors {
			got := want{e.Row, e.Column, e.Field, e.Heading, e.Value, e.MessageID}
			if got != wants[i] {
				t.Errorf("error %d = %+v, want %+v", i, got, wants[i])
			}
		}
		if res.Created != 0 || res.Rows != 6 {
			t.Errorf("result %+v", res)
		}
		if n := w.count(t, "SELECT COUNT(*) FROM household_assignments"); n != before {
			t.Errorf("a refused import wrote %d rows", n-before)
		}
	})
}

// TestTemplateExamplesInDemoWard: the examples of both templates are rows of
// the demo ward — copied into the data sheets, they pass the dry run there.
func TestTemplateExamplesInDemoWard(t *testing.T) {
	db := testenv.Open(t, "sqlite")
	w := newWardEnv(t, db)

	// Households: the examples' area codes are residential groups of Phường 14.
	f := openFile(t, templateBytes(t))
	for i, ex := range examples {
		cells := exampleRow(ex)
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := f.SetSheetRow(DataSheet, cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	lookup := func(ctx context.Context, code string) (int64, bool, error) {
		var id int64
		err := db.NewSelect().Table("areas").Column("id").Where("code = ?", code).Scan(ctx, &id)
		return id, err == nil, nil
	}
	res, err := Import(w.ctx, db, w.now, bytes.NewReader(writeFile(t, f)), true, poverty.CityLines(21_000_000, 28_000_000), lookup)
	if err != nil || len(res.Errors) > 0 || res.Created != len(examples) {
		t.Fatalf("household examples: %v %+v", err, res)
	}

	// Assignments: the examples' household, unit and member exist.
	var buf bytes.Buffer
	if err := AssignmentTemplate(&buf); err != nil {
		t.Fatal(err)
	}
	f = openFile(t, buf.Bytes())
	for i, ex := range assignmentExamples {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := f.SetSheetRow(AssignmentSheet, cell, &ex); err != nil {
			t.Fatal(err)
		}
	}
	ares := w.imp(t, writeFile(t, f), true)
	if len(ares.Errors) > 0 || ares.Rows != len(assignmentExamples) {
		t.Fatalf("assignment examples: %+v", ares)
	}
	// The empty template itself reads no rows (the guide sheet is not data).
	if empty := w.imp(t, buf.Bytes(), true); empty.Rows != 0 || empty.Sheet != AssignmentSheet {
		t.Errorf("empty template: %+v", empty)
	}
}
