package httpapi_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"

	"chungtay/internal/testenv"
)

// Over HTTP, a household's tasks follow each change at once: assigned to a
// party cell, it gets the cell's visits; escaping poverty, they close.
func TestTasksFollowTheRegisterOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		cell := c.do("POST", "/api/v1/units", map[string]any{"code": "CB-T01", "name": "Chi bộ Tổ 1", "kind": "party_cell", "area_id": group})
		h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group))
		p := c.do("POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "resolution", "issuer": "Đảng ủy Phường 14", "year": 2018,
			"title": "Nghị quyết giảm nghèo năm 2018"})
		if cell.Status != 201 || h.Status != 201 || p.Status != 201 || h.JSON["classification"] != "poor" {
			t.Fatalf("fixture: %d %d %d %s", cell.Status, h.Status, p.Status, h.Raw)
		}
		hh, planID := num(h.JSON["id"]), num(p.JSON["id"])
		visits := map[string]any{"title": "Thăm hộ nghèo được phân công", "unit_kind": "party_cell", "target": "household", "frequency": "quarterly",
			"selector": map[string]any{"classes": []string{"poor"}, "assigned_to_unit": true}}
		if r := c.do("POST", fmt.Sprintf("/api/v1/plans/%d/duties", planID), visits); r.Status != 201 {
			t.Fatalf("duty: %d %s", r.Status, r.Raw)
		}
		open := func() int64 {
			r := c.do("GET", fmt.Sprintf("/api/v1/tasks?plan_id=%d&household_id=%d&status=open", planID, hh), nil)
			if r.Status != 200 {
				t.Fatalf("tasks: %d %s", r.Status, r.Raw)
			}
			return num(r.JSON["total"])
		}
		if n := open(); n != 0 {
			t.Fatalf("an unassigned household has %d visits", n)
		}
		if r := c.do("POST", fmt.Sprintf("/api/v1/households/%d/assignments", hh), map[string]any{"unit_id": num(cell.JSON["id"]), "is_primary": true}); r.Status != 201 {
			t.Fatalf("assign: %d %s", r.Status, r.Raw)
		}
		if n := open(); n != 4 {
			t.Errorf("after assigning the household to the cell: %d open visits, want the 4 quarters", n)
		}
		if r := c.do("POST", fmt.Sprintf("/api/v1/households/%d/events", hh), map[string]any{"event_date": "15/03/2018", "to_class": "escaped", "version": 1}); r.Status != 201 && r.Status != 200 {
			t.Fatalf("event: %d %s", r.Status, r.Raw)
		}
		if n := open(); n != 0 {
			t.Errorf("after escaping poverty: %d open visits, want none", n)
		}
	})
}

// Households written by an Excel import get their tasks in the import's transaction.
func TestImportedHouseholdsGetTheirTasks(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		tyt := c.do("POST", "/api/v1/units", map[string]any{"code": "TYT", "name": "Trạm Y tế", "kind": "health_station", "area_id": ward})
		p := c.do("POST", "/api/v1/plans", map[string]any{"area_id": ward, "kind": "plan", "issuer": "UBND", "year": 2018, "title": "Kế hoạch 2018"})
		if tyt.Status != 201 || p.Status != 201 {
			t.Fatalf("fixture: %d %d", tyt.Status, p.Status)
		}
		planID := num(p.JSON["id"])
		check := map[string]any{"title": "Kiểm tra thẻ BHYT", "unit_id": num(tyt.JSON["id"]), "target": "household", "frequency": "yearly",
			"selector": map[string]any{"classes": []string{"poor"}}}
		if r := c.do("POST", fmt.Sprintf("/api/v1/plans/%d/duties", planID), check); r.Status != 201 {
			t.Fatalf("duty: %d %s", r.Status, r.Raw)
		}
		if h := c.do("POST", "/api/v1/households", householdBody("P14-0001", group)); h.Status != 201 {
			t.Fatalf("household: %d %s", h.Status, h.Raw)
		}
		// The export with its one row under a new code: an import creates P14-0002.
		exp := c.do("GET", "/api/v1/households/export.xlsx", nil)
		f, err := excelize.OpenReader(bytes.NewReader(exp.Raw))
		if err != nil {
			t.Fatal(err)
		}
		sheet := f.GetSheetName(0)
		if v, _ := f.GetCellValue(sheet, "A3"); v != "P14-0001" {
			t.Fatalf("A3 = %q, want the household's code", v)
		}
		_ = f.SetCellValue(sheet, "A3", "P14-0002")
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		r := c.do("POST", "/api/v1/households/import", buf.Bytes(), "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if r.Status != 200 || num(r.JSON["created"]) != 1 {
			t.Fatalf("import: %d %s", r.Status, r.Raw)
		}
		tasks := c.do("GET", fmt.Sprintf("/api/v1/tasks?plan_id=%d", planID), nil)
		if num(tasks.JSON["total"]) != 2 {
			t.Errorf("after the import the plan has %d tasks, want one per poor household (2): %s", num(tasks.JSON["total"]), tasks.Raw)
		}
	})
}
