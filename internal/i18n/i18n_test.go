package i18n

import "testing"

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
