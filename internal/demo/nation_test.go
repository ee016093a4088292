package demo

import (
	"strings"
	"testing"
)

// The nation is too big to load in a unit test (see the package report for
// its timing); its plan is checked here without a database.
func TestPlanNation(t *testing.T) {
	cs := planNation()
	wards, communes, special, poor, near := 0, 0, 0, 0, 0
	codes := map[string]bool{}
	names := map[string]bool{}
	for _, c := range cs {
		switch {
		case c.kind == "ward":
			wards++
		case strings.HasPrefix(c.name, "Đặc khu "):
			special++
		default:
			communes++
		}
		poor, near = poor+c.poor, near+c.near
		if codes[c.code] {
			t.Errorf("code %s twice", c.code)
		}
		codes[c.code] = true
		key := nationProvinces[c.province].code + " " + c.name
		if names[key] {
			t.Errorf("%s twice in province %s", c.name, nationProvinces[c.province].name)
		}
		names[key] = true
		if c.poor+c.near > c.total/2 {
			t.Errorf("%s: %d poor and %d near-poor of %d households", c.name, c.poor, c.near, c.total)
		}
	}
	if len(nationProvinces) != 34 || len(cs) != 3_321 || wards != 687 || communes != 2_621 || special != 13 {
		t.Errorf("%d provinces, %d communes: %d wards, %d communes, %d special zones; want 34, 3321: 687, 2621, 13",
			len(nationProvinces), len(cs), wards, communes, special)
	}
	if poor != 1_000_000 || near != 1_000_000 {
		t.Errorf("%d poor, %d near-poor; want 1,000,000 each", poor, near)
	}
	if a, b := planNation(), cs; len(a) != len(b) || a[1234] != b[1234] {
		t.Error("the plan is not deterministic")
	}
}
