package poverty

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestClassAndStandard(t *testing.T) {
	t.Run("classes", func(t *testing.T) {
		want := []Class{"poor", "near_poor", "escaped", "average", "none"}
		if !slices.Equal(Classes, want) {
			t.Errorf("Classes = %v", Classes)
		}
		for i, c := range Classes {
			if !c.Valid() || ClassInfos[i].Code != string(c) || ClassInfos[i].Bit != 0 {
				t.Errorf("class %q: Valid %v, info %+v", c, c.Valid(), ClassInfos[i])
			}
		}
		if Class("rich").Valid() || Class("").Valid() {
			t.Error("unknown class valid")
		}
	})
	t.Run("standards", func(t *testing.T) {
		for i, s := range Standards {
			if !s.Valid() || StandardInfos[i].Code != string(s) {
				t.Errorf("standard %q: info %+v", s, StandardInfos[i])
			}
		}
		if Standard("2027-2030").Valid() {
			t.Error("unknown standard valid")
		}
	})
	labels := []struct {
		name, got, want string
	}{
		{"poor vi", ClassPoor.Label("vi"), "Hộ nghèo"},
		{"poor default", ClassPoor.Label(""), "Hộ nghèo"},
		{"poor unknown lang", ClassPoor.Label("fr"), "Hộ nghèo"},
		{"near-poor en", ClassNearPoor.Label("en"), "Near-poor household"},
		{"unknown class", Class("x").Label("en"), "x"},
		{"standard 2022 en", Standard2022.Label("en"), "Poverty standard 2022–2026 (Decree 07/2021/ND-CP)"},
		{"unknown standard", Standard("y").Label("vi"), "y"},
	}
	for _, tt := range labels {
		t.Run("label "+tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestCodeInfoTables(t *testing.T) {
	for name, infos := range map[string][]CodeInfo{"causes": CauseInfos, "flags": FlagInfos} {
		t.Run(name, func(t *testing.T) {
			var all uint32
			for i, ci := range infos {
				if ci.Bit != 1<<i {
					t.Errorf("%s bit = %#x, want %#x (stored, never renumber)", ci.Code, ci.Bit, 1<<i)
				}
				if ci.Code == "" || ci.LabelVI == "" || ci.LabelEN == "" || all&ci.Bit != 0 {
					t.Errorf("bad info %+v", ci)
				}
				all |= ci.Bit
			}
		})
	}
	if len(CauseInfos) != 7 || len(FlagInfos) != 4 {
		t.Errorf("got %d causes, %d flags; want 7, 4", len(CauseInfos), len(FlagInfos))
	}
}

func TestCauses(t *testing.T) {
	c := CauseIllness.With(CauseLand, CauseOther)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"has illness", c.Has(CauseIllness), true},
		{"has land+other", c.Has(CauseLand | CauseOther), true},
		{"no capital", c.Has(CauseCapital), false},
		{"land+capital", c.Has(CauseLand | CauseCapital), false},
		{"zero", c.Has(0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	t.Run("codes", func(t *testing.T) {
		want := []string{"land", "illness", "other"}
		if got := c.Codes(); !slices.Equal(got, want) {
			t.Errorf("Codes() = %v, want %v", got, want)
		}
		back, err := ParseCauses(c.Codes())
		if err != nil || back != c {
			t.Errorf("ParseCauses round trip = %v, %v", back, err)
		}
	})
	t.Run("unknown", func(t *testing.T) {
		_, err := ParseCauses([]string{"land", "laziness"})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"laziness"`) {
			t.Errorf("error = %v", err)
		}
	})
}

func TestFlags(t *testing.T) {
	f := FlagNoLabour.With(FlagMeritorious)
	if !f.Has(FlagNoLabour) || !f.Has(FlagMeritorious) || f.Has(FlagEthnicMinority) {
		t.Errorf("Has wrong for %b", f)
	}
	if got := f.Codes(); !slices.Equal(got, []string{"meritorious", "no_labour"}) {
		t.Errorf("Codes() = %v", got)
	}
	all, err := ParseFlags([]string{"meritorious", "social_assistance", "ethnic_minority", "no_labour"})
	if err != nil || all != 0b1111 {
		t.Errorf("ParseFlags(all) = %b, %v", all, err)
	}
	if _, err := ParseFlags([]string{"rich"}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"rich"`) {
		t.Errorf("ParseFlags(rich) error = %v", err)
	}
}
