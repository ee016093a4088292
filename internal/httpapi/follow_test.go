package httpapi_test

import (
	"fmt"
	"testing"

	"github.com/uptrace/bun"

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
