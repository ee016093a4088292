package poverty

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestIndicatorsTable(t *testing.T) {
	if len(Indicators) != 13 {
		t.Fatalf("len(Indicators) = %d, want 13", len(Indicators))
	}
	seenCode := map[string]bool{}
	seenBit := map[Indicator]bool{}
	for _, in := range Indicators {
		if in.Code == "" || in.Dimension == "" || in.LabelVI == "" || in.LabelEN == "" || len(in.Standards) == 0 {
			t.Errorf("incomplete indicator %+v", in)
		}
		if seenCode[in.Code] || seenBit[in.Indicator] {
			t.Errorf("duplicate indicator %+v", in)
		}
		seenCode[in.Code], seenBit[in.Indicator] = true, true
		if in.Indicator > 12 {
			t.Errorf("indicator %s has bit %d > 12", in.Code, in.Indicator)
		}
	}
	all := Deprivations(1<<13 - 1)
	for _, tt := range []struct {
		s          Standard
		want, dims int
	}{{Standard2016, 10, 5}, {Standard2022, 12, 6}, {StandardCity, 13, 6}} {
		t.Run(string(tt.s), func(t *testing.T) {
			if n := all.Count(tt.s); n != tt.want {
				t.Errorf("Count(%s) of all = %d, want %d", tt.s, n, tt.want)
			}
			dims := map[string]int{}
			for _, in := range Indicators {
				if slices.Contains(in.Standards, tt.s) {
					dims[in.Dimension]++
				}
			}
			if len(dims) != tt.dims {
				t.Errorf("%s has %d dimensions, want %d: %v", tt.s, len(dims), tt.dims, dims)
			}
			if tt.s != StandardCity {
				for d, n := range dims {
					if n != 2 {
						t.Errorf("%s dimension %s has %d indicators, want 2", tt.s, d, n)
					}
				}
			}
		})
	}
}

// The stored bit positions must never change.
func TestIndicatorBitsStable(t *testing.T) {
	want := map[string]Indicator{
		"job": 0, "dependants": 1, "nutrition": 2, "health_insurance": 3,
		"adult_education": 4, "child_schooling": 5, "housing_quality": 6, "housing_area": 7,
		"water_source": 8, "latrine": 9, "telecom": 10, "information_access": 11, "health_services": 12,
	}
	for code, bit := range want {
		t.Run(code, func(t *testing.T) {
			got, ok := IndicatorByCode(code)
			if !ok || got != bit {
				t.Errorf("IndicatorByCode(%q) = %d, %v; want %d", code, got, ok, bit)
			}
		})
	}
	if _, ok := IndicatorByCode("Job"); ok {
		t.Error("IndicatorByCode is case-sensitive")
	}
}

func TestDeprivationsHelpers(t *testing.T) {
	d := Deprivations(0).With(Latrine, Job, Latrine, HealthServices)
	t.Run("Has", func(t *testing.T) {
		for _, in := range Indicators {
			want := in.Indicator == Latrine || in.Indicator == Job || in.Indicator == HealthServices
			if d.Has(in.Indicator) != want {
				t.Errorf("Has(%s) = %v", in.Code, !want)
			}
		}
		if d.Has(Indicator(40)) || Deprivations(0).With(Indicator(40)) != 0 {
			t.Error("out-of-range indicator must not map to a bit")
		}
	})
	t.Run("Count", func(t *testing.T) {
		if n := d.Count(Standard2022); n != 2 {
			t.Errorf("Count(2022) = %d, want 2 (job, latrine)", n)
		}
		if n := d.Count(Standard2016); n != 2 {
			t.Errorf("Count(2016) = %d, want 2 (health_services, latrine)", n)
		}
		if n := d.Count("nope"); n != 0 {
			t.Errorf("Count(unknown) = %d, want 0", n)
		}
		if n := Deprivations(1 << 20).Count(StandardCity); n != 0 {
			t.Errorf("unknown bits counted: %d", n)
		}
	})
	t.Run("Codes in display order", func(t *testing.T) {
		want := []string{"job", "health_services", "latrine"}
		if got := d.Codes(); !slices.Equal(got, want) {
			t.Errorf("Codes() = %v, want %v", got, want)
		}
		if got := Deprivations(0).Codes(); got == nil || len(got) != 0 {
			t.Errorf("empty Codes() = %#v, want empty non-nil", got)
		}
	})
	t.Run("Parse round trip", func(t *testing.T) {
		got, err := ParseDeprivations(d.Codes())
		if err != nil || got != d {
			t.Errorf("ParseDeprivations(Codes()) = %v, %v; want %v", got, err, d)
		}
		if got, err := ParseDeprivations(nil); err != nil || got != 0 {
			t.Errorf("ParseDeprivations(nil) = %v, %v", got, err)
		}
	})
	t.Run("Parse unknown", func(t *testing.T) {
		_, err := ParseDeprivations([]string{"latrine", "wifi"})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"wifi"`) {
			t.Errorf("error = %v, want ErrInvalid naming \"wifi\"", err)
		}
	})
}
