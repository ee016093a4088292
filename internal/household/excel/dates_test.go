package excel

import "testing"

func TestDateFormats(t *testing.T) {
	s := func(v string) *string { return &v }
	for _, tc := range []struct {
		id     int
		custom *string
		want   bool
	}{
		{14, nil, true},  // Excel's short date
		{22, nil, true},  // m/d/yy h:mm
		{0, nil, false},  // General
		{3, nil, false},  // #,##0
		{49, nil, false}, // @
		{165, s("DD/MM/YY"), true},
		{166, s(`dd/mm/yyyy\ hh:mm`), true},
		{164, s("yyyy-mm-dd h:mm:ss"), true},
		{167, s("[$-42A]d/m/yyyy"), true},
		{168, s("h:mm"), false},
		{169, s(`#,##0 "đ"`), false},
		{170, s("General"), false},
		{171, s("0.00E+00"), false},
	} {
		if got := isDateFormat(tc.id, tc.custom); got != tc.want {
			c := ""
			if tc.custom != nil {
				c = *tc.custom
			}
			t.Errorf("isDateFormat(%d, %q) = %v", tc.id, c, got)
		}
	}
}

func TestDateText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"03/06/2025", "2025-06-03"},
		{"3/6/2025", "2025-06-03"},
		{"03/06/25", "2025-06-03"},
		{"03-06-2025", "2025-06-03"},
		{"03.06.2025", "2025-06-03"},
		{"03062025", "2025-06-03"},
		{"2025-06-03", "2025-06-03"},
		{"2025-06-03T14:30:00", "2025-06-03"},
		{"03/06/2025 14:30", "2025-06-03"},
		{"31/02/2025", ""},
		{"mai", ""},
		{"45811", ""}, // a bare number in a cell that does not show a date
	} {
		d, ok := parseDateText(tc.in)
		if got := d.String(); got != tc.want || ok != (tc.want != "") {
			t.Errorf("parseDateText(%q) = %q %v, want %q", tc.in, got, ok, tc.want)
		}
	}
	for _, tc := range []struct {
		serial float64
		want   string
	}{
		{45811, "2025-06-03"}, {45811.604166, "2025-06-03"}, {45811.99999, "2025-06-03"}, {0, ""}, {-3, ""},
	} {
		d, _ := fromSerial(tc.serial, false)
		if d.String() != tc.want {
			t.Errorf("fromSerial(%v) = %q, want %q", tc.serial, d, tc.want)
		}
	}
}
