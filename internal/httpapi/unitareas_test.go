package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/testenv"
)

// A unit put in charge of an area, listed with its history; bad input is
// refused naming the field, in Vietnamese by default and in English on request.
func TestUnitAreasOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		c := newClient(t, db)
		ward, group := c.ward()
		board := c.do("POST", "/api/v1/units", map[string]any{"code": "BGN", "name": "Ban Giảm nghèo", "kind": "poverty_board", "area_id": ward})
		if board.Status != 201 {
			t.Fatalf("unit: %d %s", board.Status, board.Raw)
		}
		path := fmt.Sprintf("/api/v1/units/%d/areas", num(board.JSON["id"]))
		if r := c.do("POST", path, map[string]any{"area_id": group, "valid_from": "2018-01-01", "reason": "Phân công của Đảng ủy"}); r.Status != 200 || r.JSON["area_name"] != "Tổ dân phố 1" {
			t.Fatalf("put in charge: %d %s", r.Status, r.Raw)
		}
		if r := c.do("POST", path, map[string]any{"area_id": group}); r.Status != 409 {
			t.Errorf("twice: %d %s", r.Status, r.Raw)
		}
		r := c.do("POST", path, map[string]any{"area_id": group, "end": true, "valid_from": "2017-12-31"})
		if f, msg := r.errField(0); r.Status != 422 || f != "valid_from" || !strings.Contains(msg, "01/01/2018") || !strings.Contains(msg, "Từ ngày") {
			t.Errorf("an end before the start: %d %s", r.Status, r.Raw)
		}
		r = c.do("POST", path, map[string]any{"area_id": group, "end": true, "valid_from": "2017-12-31"}, "Accept-Language", "en")
		if _, msg := r.errField(0); !strings.Contains(msg, "before the charge began") {
			t.Errorf("in English: %s", r.Raw)
		}
		if r := c.do("POST", path, map[string]any{"area_id": group, "end": true, "valid_from": "2018-06-30", "reason": "Tổ sáp nhập"}); r.Status != 200 || r.JSON["valid_to"] != "2018-06-30" || r.JSON["end_reason"] != "Tổ sáp nhập" || r.JSON["reason"] != "Phân công của Đảng ủy" {
			t.Errorf("end: %d %s", r.Status, r.Raw)
		}
		list := c.do("GET", path, nil)
		items, _ := list.JSON["items"].([]any)
		if list.Status != 200 || len(items) != 1 || items[0].(map[string]any)["valid_to"] != "2018-06-30" || items[0].(map[string]any)["end_reason"] != "Tổ sáp nhập" {
			t.Errorf("history: %d %s", list.Status, list.Raw)
		}
	})
}
