package poverty

import (
	"errors"
	"testing"
)

// Deprivation sets used by the classification tests.
var (
	dep2of2022 = Deprivations(0).With(Job, Nutrition)
	dep3of2022 = Deprivations(0).With(Job, Nutrition, HealthInsurance)
	dep2of2016 = Deprivations(0).With(HealthServices, Latrine)
	dep3of2016 = Deprivations(0).With(HealthServices, Latrine, Telecom)
	// Three deprivations, but only two belong to 2016–2020 (Job does not).
	dep3with2016Job = Deprivations(0).With(Job, Latrine, Telecom)
	// Three deprivations, but only two belong to 2022–2026 (HealthServices does not).
	dep3with2022HS = Deprivations(0).With(HealthServices, Latrine, Telecom)
)

func TestClassify(t *testing.T) {
	hcmc := CityLines(21_000_000, 28_000_000)
	hcmcDep := hcmc
	hcmcDep.MinDeprivations = 3
	withAvg := hcmc
	withAvg.AverageRural, withAvg.AverageUrban = 3_000_000, 3_500_000

	tests := []struct {
		name   string
		in     Input
		city   Lines
		want   Class
		errIsI bool
	}{
		// 2022–2026, rural: poor line 1,500,000, average line 2,250,000.
		{name: "2022 rural zero income 3 dep", in: Input{Standard2022, false, 0, dep3of2022}, want: ClassPoor},
		{name: "2022 rural on line 3 dep", in: Input{Standard2022, false, 1_500_000, dep3of2022}, want: ClassPoor},
		{name: "2022 rural on line 2 dep", in: Input{Standard2022, false, 1_500_000, dep2of2022}, want: ClassNearPoor},
		{name: "2022 rural on line no dep", in: Input{Standard2022, false, 1_500_000, 0}, want: ClassNearPoor},
		{name: "2022 rural 1 VND above line 3 dep", in: Input{Standard2022, false, 1_500_001, dep3of2022}, want: ClassAverage},
		{name: "2022 rural on average line", in: Input{Standard2022, false, 2_250_000, dep3of2022}, want: ClassAverage},
		{name: "2022 rural 1 VND above average", in: Input{Standard2022, false, 2_250_001, 0}, want: ClassNone},
		{name: "2022 rural all 12 dep", in: Input{Standard2022, false, 1_000_000, Deprivations(1<<12 - 1)}, want: ClassPoor},
		// 2022–2026, urban: poor line 2,000,000, average line 3,000,000.
		{name: "2022 urban on line 3 dep", in: Input{Standard2022, true, 2_000_000, dep3of2022}, want: ClassPoor},
		{name: "2022 urban on line 2 dep", in: Input{Standard2022, true, 2_000_000, dep2of2022}, want: ClassNearPoor},
		{name: "2022 urban 1 VND above line", in: Input{Standard2022, true, 2_000_001, dep3of2022}, want: ClassAverage},
		{name: "2022 urban rural-line income is under urban line", in: Input{Standard2022, true, 1_600_000, dep3of2022}, want: ClassPoor},
		{name: "2022 rural same income is average", in: Input{Standard2022, false, 1_600_000, dep3of2022}, want: ClassAverage},
		{name: "2022 urban on average line", in: Input{Standard2022, true, 3_000_000, 0}, want: ClassAverage},
		{name: "2022 urban 1 VND above average", in: Input{Standard2022, true, 3_000_001, 0}, want: ClassNone},
		{name: "2022 HealthServices not counted", in: Input{Standard2022, false, 1_000_000, dep3with2022HS}, want: ClassNearPoor},
		{name: "2022 Job counted", in: Input{Standard2022, false, 1_000_000, dep3with2016Job}, want: ClassPoor},
		{name: "2022 city lines ignored", in: Input{Standard2022, false, 1_500_000, 0}, city: CityLines(1, 2), want: ClassNearPoor},

		// 2016–2020, rural: 700,000 / 1,000,000 / 1,500,000.
		{name: "2016 rural on poor line no dep", in: Input{Standard2016, false, 700_000, 0}, want: ClassPoor},
		{name: "2016 rural 1 VND above poor line 2 dep", in: Input{Standard2016, false, 700_001, dep2of2016}, want: ClassNearPoor},
		{name: "2016 rural 1 VND above poor line 3 dep", in: Input{Standard2016, false, 700_001, dep3of2016}, want: ClassPoor},
		{name: "2016 rural on near-poor line 3 dep", in: Input{Standard2016, false, 1_000_000, dep3of2016}, want: ClassPoor},
		{name: "2016 rural on near-poor line 2 dep", in: Input{Standard2016, false, 1_000_000, dep2of2016}, want: ClassNearPoor},
		{name: "2016 rural 1 VND above near-poor line 3 dep", in: Input{Standard2016, false, 1_000_001, dep3of2016}, want: ClassAverage},
		{name: "2016 rural on average line", in: Input{Standard2016, false, 1_500_000, 0}, want: ClassAverage},
		{name: "2016 rural 1 VND above average", in: Input{Standard2016, false, 1_500_001, 0}, want: ClassNone},
		{name: "2016 Job not counted", in: Input{Standard2016, false, 900_000, dep3with2016Job}, want: ClassNearPoor},
		{name: "2016 HealthServices counted", in: Input{Standard2016, false, 900_000, dep3with2022HS}, want: ClassPoor},
		// 2016–2020, urban: 900,000 / 1,300,000 / 1,950,000.
		{name: "2016 urban on poor line", in: Input{Standard2016, true, 900_000, 0}, want: ClassPoor},
		{name: "2016 urban 1 VND above poor line 2 dep", in: Input{Standard2016, true, 900_001, dep2of2016}, want: ClassNearPoor},
		{name: "2016 urban 1 VND above poor line 3 dep", in: Input{Standard2016, true, 900_001, dep3of2016}, want: ClassPoor},
		{name: "2016 urban on near-poor line 2 dep", in: Input{Standard2016, true, 1_300_000, dep2of2016}, want: ClassNearPoor},
		{name: "2016 urban 1 VND above near-poor line", in: Input{Standard2016, true, 1_300_001, dep3of2016}, want: ClassAverage},
		{name: "2016 urban on average line", in: Input{Standard2016, true, 1_950_000, 0}, want: ClassAverage},
		{name: "2016 urban 1 VND above average", in: Input{Standard2016, true, 1_950_001, 0}, want: ClassNone},
		{name: "2016 rural-poor income in urban", in: Input{Standard2016, true, 800_000, 0}, want: ClassPoor},
		{name: "2016 same income in rural band", in: Input{Standard2016, false, 800_000, 0}, want: ClassNearPoor},

		// City, HCMC 2016–2020: 1,750,000 / 2,333,333 per month.
		{name: "city on poor line", in: Input{StandardCity, false, 1_750_000, 0}, city: hcmc, want: ClassPoor},
		{name: "city 1 VND above poor line", in: Input{StandardCity, false, 1_750_001, 0}, city: hcmc, want: ClassNearPoor},
		{name: "city on near-poor line", in: Input{StandardCity, true, 2_333_333, 0}, city: hcmc, want: ClassNearPoor},
		{name: "city 1 VND above near-poor line", in: Input{StandardCity, true, 2_333_334, 0}, city: hcmc, want: ClassNone},
		{name: "city deprivations ignored when min 0", in: Input{StandardCity, false, 2_000_000, dep3of2022}, city: hcmc, want: ClassNearPoor},
		{name: "city min 3 with 3 dep is poor", in: Input{StandardCity, false, 2_000_000, dep3of2022}, city: hcmcDep, want: ClassPoor},
		{name: "city min 3 with 2 dep is near-poor", in: Input{StandardCity, false, 2_000_000, dep2of2022}, city: hcmcDep, want: ClassNearPoor},
		{name: "city min 3 counts HealthServices", in: Input{StandardCity, false, 2_000_000, dep3with2022HS}, city: hcmcDep, want: ClassPoor},
		{name: "city min 3 above band stays none", in: Input{StandardCity, false, 2_333_334, dep3of2022}, city: hcmcDep, want: ClassNone},
		{name: "city average band when set", in: Input{StandardCity, true, 3_500_000, 0}, city: withAvg, want: ClassAverage},
		{name: "city above average band", in: Input{StandardCity, true, 3_500_001, 0}, city: withAvg, want: ClassNone},
		{name: "city default lines", in: Input{StandardCity, false, 1_750_000, 0}, city: DefaultLines(StandardCity), want: ClassPoor},

		// Errors.
		{name: "unknown standard", in: Input{Standard: "2027-2030"}, errIsI: true},
		{name: "empty standard", in: Input{}, errIsI: true},
		{name: "negative income", in: Input{Standard2022, false, -1, 0}, errIsI: true},
		{name: "city lines not configured", in: Input{StandardCity, false, 0, 0}, city: Lines{}, errIsI: true},
		{name: "city near-poor below poor", in: Input{StandardCity, false, 0, 0}, city: CityLines(28_000_000, 21_000_000), errIsI: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Classify(tt.in, tt.city)
			if tt.errIsI {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("Classify(%+v) error = %v, want ErrInvalid", tt.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Classify(%+v): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Classify(%+v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClassifyNeverEscaped(t *testing.T) {
	for _, s := range Standards {
		for income := int64(0); income <= 4_000_000; income += 50_000 {
			for _, d := range []Deprivations{0, dep2of2022, dep3of2022, dep3of2016, 1<<13 - 1} {
				for _, urban := range []bool{false, true} {
					c, err := Classify(Input{s, urban, income, d}, DefaultLines(StandardCity))
					if err != nil {
						t.Fatalf("%s %d: %v", s, income, err)
					}
					if c == ClassEscaped || !c.Valid() {
						t.Fatalf("Classify(%s, %d, %v) = %q", s, income, d, c)
					}
				}
			}
		}
	}
}

func TestCityLines(t *testing.T) {
	tests := []struct {
		name             string
		poorY, nearY     int64
		wantPoor, wantNP int64
	}{
		{"HCMC 2016-2020", 21_000_000, 28_000_000, 1_750_000, 2_333_333},
		{"rounded down", 13, 25, 1, 2},
		{"zero", 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := CityLines(tt.poorY, tt.nearY)
			want := Lines{
				PoorRural: tt.wantPoor, PoorUrban: tt.wantPoor,
				NearPoorRural: tt.wantNP, NearPoorUrban: tt.wantNP,
			}
			if l != want {
				t.Errorf("CityLines(%d, %d) = %+v, want %+v", tt.poorY, tt.nearY, l, want)
			}
		})
	}
}

func TestDefaultLines(t *testing.T) {
	tests := []struct {
		s    Standard
		want Lines
	}{
		{Standard2016, Lines{700_000, 900_000, 1_000_000, 1_300_000, 1_500_000, 1_950_000, 3}},
		{Standard2022, Lines{1_500_000, 2_000_000, 1_500_000, 2_000_000, 2_250_000, 3_000_000, 3}},
		{StandardCity, Lines{1_750_000, 1_750_000, 2_333_333, 2_333_333, 0, 0, 0}},
		{"unknown", Lines{}},
	}
	for _, tt := range tests {
		t.Run(string(tt.s), func(t *testing.T) {
			if got := DefaultLines(tt.s); got != tt.want {
				t.Errorf("DefaultLines(%q) = %+v, want %+v", tt.s, got, tt.want)
			}
		})
	}
}
