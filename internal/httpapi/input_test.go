package httpapi

import (
	"strings"
	"testing"
)

// What the text boundary lets through, and how it names what it refuses.
func TestCleanBody(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string // want: the fields refused, or the body passed on
		refused          bool
	}{
		{"NUL in a name", `{"name":"a\u0000b"}`, "name", true},
		{"nested", `{"members":[{"name":"ok"},{"name":"x"},{"name":"\u0007"}]}`, "members[2].name", true},
		{"array of strings", `{"deprivations":["a","\u001f"]}`, "deprivations[1]", true},
		{"DEL and C1", `{"a":"\u007f","b":"\u0085"}`, "a b", true},
		{"line break in a title", `{"title":"a\nb"}`, "title", true},
		{"tab in a code", `{"code":"a\tb"}`, "code", true},
		{"line breaks in a note", `{"note":"a\nb\r\n\tc"}`, `{"note":"a\nb\r\n\tc"}`, false},
		{"in a report's results", `{"results":"1.\n2."}`, `{"results":"1.\n2."}`, false},
		{"in an end_reason", `{"end_reason":"a\nb"}`, `{"end_reason":"a\nb"}`, false},
		{"NUL in a note", `{"note":"a\u0000"}`, "note", true},
		{"a string body", `"\u0000"`, "body", true},
		{"NFD made NFC", "{\"name\":\"Nguye\u0302\u0303n\"}", `{"name":"Nguyễn"}`, false},
		{"numbers kept", `{"n":12345678901234567890,"x":1e400,"name":"Phu\u031bo\u031b\u0300ng"}`, `{"n":12345678901234567890,"name":"Phường","x":1e400}`, false},
		{"not JSON passes to huma", `{"a":`, `{"a":`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, bad, ok := cleanBody(strings.NewReader(tc.body), 1<<20)
			var names []string
			for _, f := range bad {
				names = append(names, f.Field)
			}
			switch {
			case !ok:
				t.Errorf("too large?")
			case tc.refused && strings.Join(names, " ") != tc.want:
				t.Errorf("refused %v, want %s", names, tc.want)
			case !tc.refused && (len(bad) > 0 || strings.TrimSpace(string(body)) != tc.want):
				t.Errorf("passed %s (refused %v), want %s", body, names, tc.want)
			}
		})
	}
	if _, _, ok := cleanBody(strings.NewReader(`{"a":"`+strings.Repeat("x", 100)+`"}`), 50); ok {
		t.Error("a body over the limit was read")
	}
}
