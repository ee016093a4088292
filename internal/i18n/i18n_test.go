package i18n

import (
	"strings"
	"testing"
)

func TestCataloguesComplete(t *testing.T) {
	vi, err := IDs(VI)
	if err != nil {
		t.Fatal(err)
	}
	en, err := IDs(EN)
	if err != nil {
		t.Fatal(err)
	}
	if len(vi) < 20 {
		t.Fatalf("only %d Vietnamese messages", len(vi))
	}
	for id := range vi {
		if !en[id] {
			t.Errorf("%s: Vietnamese only", id)
		}
	}
	for id := range en {
		if !vi[id] {
			t.Errorf("%s: English only", id)
		}
	}
}

func TestLangAndTranslate(t *testing.T) {
	for header, want := range map[string]string{"": VI, "en-US,en;q=0.9": EN, "vi-VN": VI, "fr-FR": VI, "fr,en;q=0.5": EN, "???": VI} {
		if got := Lang(header); got != want {
			t.Errorf("Lang(%q) = %s, want %s", header, got, want)
		}
	}
	if got := T(VI, "error.not_found", map[string]any{"Entity": "entity.household"}); got != "Không tìm thấy hộ gia đình." {
		t.Errorf("vi: %q", got)
	}
	if got := T(EN, "error.not_found", map[string]any{"Entity": "entity.household"}); got != "The household was not found." {
		t.Errorf("en: %q", got)
	}
}

func TestNumber(t *testing.T) {
	cases := []struct {
		n      int64
		vi, en string
	}{
		{0, "0", "0"},
		{999, "999", "999"},
		{1000, "1.000", "1,000"},
		{11176, "11.176", "11,176"},
		{1500000, "1.500.000", "1,500,000"},
		{-10000000, "-10.000.000", "-10,000,000"},
	}
	for _, c := range cases {
		if got := Number(VI, c.n); got != c.vi {
			t.Errorf("Number(vi, %d) = %q, want %q", c.n, got, c.vi)
		}
		if got := Number(EN, c.n); got != c.en {
			t.Errorf("Number(en, %d) = %q, want %q", c.n, got, c.en)
		}
	}
}

// Large numbers in a message are grouped per language; years are not.
func TestTranslateGroupsLargeNumbers(t *testing.T) {
	args := map[string]any{"Field": "x", "Min": 0, "Max": 10_000_000}
	if got := T(VI, "field.between", args); !strings.Contains(got, "10.000.000") {
		t.Errorf("vi: %q", got)
	}
	if got := T(EN, "field.between", args); !strings.Contains(got, "10,000,000") {
		t.Errorf("en: %q", got)
	}
	years := map[string]any{"Field": "year", "Min": 2000, "Max": 2100}
	if got := T(VI, "field.between", years); !strings.Contains(got, "2000") || !strings.Contains(got, "2100") {
		t.Errorf("years: %q", got)
	}
}
