package excel

import (
	"testing"

	"chungtay/internal/i18n"
)

// TestMessagesInCatalogue checks that every message id the package can put in
// an error or a RowError is translated into Vietnamese and English.
func TestMessagesInCatalogue(t *testing.T) {
	ids := []string{
		// the package's own
		"excel.not_xlsx", "excel.too_large", "excel.corrupt", "excel.no_sheet", "excel.missing_columns",
		"excel.duplicate_column", "excel.too_many_rows", "excel.duplicate_code", "excel.rows_invalid",
		"excel.unknown_indicator", "excel.note_column_numbers", "excel.note_totals", "excel.note_signature", "excel.cell_value",
		"field.date", "assignment.unit_or_user", "assignment.not_yours",
		// shared ones the rows reuse, and those of household.Check
		"field.required", "field.not_found", "field.one_of", "field.type_integer", "field.between",
		"field.max_len", "field.unknown_code", "household.code_chars", "household.cannot_classify",
	}
	for _, id := range ids {
		for _, lang := range []string{i18n.VI, i18n.EN} {
			if !i18n.Has(lang, id) {
				t.Errorf("%s: no %s message", id, lang)
			}
		}
	}
}
