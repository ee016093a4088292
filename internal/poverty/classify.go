package poverty

// Lines are the income lines of a standard, VND per person per MONTH.
type Lines struct {
	PoorRural, PoorUrban         int64 // at or under: poor-line income
	NearPoorRural, NearPoorUrban int64 // at or under (above the poor line): near-poor income band — used by 2016-2020 and city standards
	AverageRural, AverageUrban   int64 // at or under: average living standard (mức sống trung bình); 0 = not defined
	MinDeprivations              int   // deprivations that make a household poor (see Classify)
}

// CityLines builds Lines for a city standard from YEARLY per-person lines,
// e.g. CityLines(21_000_000, 28_000_000) for Ho Chi Minh City 2016–2020. The
// monthly figure is the yearly one divided by 12, rounded down, and is the
// same for rural and urban areas. No average band is defined and
// deprivations do not matter (MinDeprivations 0).
func CityLines(poorYearly, nearPoorYearly int64) Lines {
	poor, near := poorYearly/12, nearPoorYearly/12
	return Lines{
		PoorRural: poor, PoorUrban: poor,
		NearPoorRural: near, NearPoorUrban: near,
	}
}

// DefaultLines returns the national lines of s: QĐ 59/2015/QĐ-TTg for
// Standard2016, Nghị định 07/2021/NĐ-CP for Standard2022 (where the near-poor
// ceiling equals the poor line), and CityLines(21_000_000, 28_000_000) — Ho
// Chi Minh City 2016–2020 — for StandardCity. An unknown standard gives zero
// Lines.
func DefaultLines(s Standard) Lines {
	switch s {
	case Standard2016:
		return Lines{
			PoorRural: 700_000, PoorUrban: 900_000,
			NearPoorRural: 1_000_000, NearPoorUrban: 1_300_000,
			AverageRural: 1_500_000, AverageUrban: 1_950_000,
			MinDeprivations: 3,
		}
	case Standard2022:
		return Lines{
			PoorRural: 1_500_000, PoorUrban: 2_000_000,
			NearPoorRural: 1_500_000, NearPoorUrban: 2_000_000,
			AverageRural: 2_250_000, AverageUrban: 3_000_000,
			MinDeprivations: 3,
		}
	case StandardCity:
		return CityLines(21_000_000, 28_000_000)
	}
	return Lines{}
}

// Input is what classification needs to know about a household.
type Input struct {
	Standard      Standard
	Urban         bool         // thành thị (urban) rather than nông thôn (rural)
	IncomeMonthly int64        // per-person income, VND per month
	Deprivations  Deprivations // only those belonging to Standard are counted
}

// Classify applies the standard. For StandardCity it uses city (pass the
// configured lines); for national standards, city is ignored and DefaultLines
// is used. It never returns ClassEscaped, which is an event outcome set by an
// officer. Deprivations are counted with Deprivations.Count(in.Standard).
//
// Standard2022 — Nghị định 07/2021/NĐ-CP, Điều 3 (rural / urban, per month):
// poor = income ≤ 1,500,000 / 2,000,000 and deprived in ≥ 3 of the 12
// indicators; near-poor = income ≤ that line and < 3 deprivations; average
// living standard = income above the poor line and ≤ 2,250,000 / 3,000,000;
// otherwise none.
//
// Standard2016 — Quyết định 59/2015/QĐ-TTg, Điều 2: poor = income ≤ 700,000 /
// 900,000, or income in (700,000, 1,000,000] / (900,000, 1,300,000] and
// deprived in ≥ 3 of its 10 indicators; near-poor = income in that band with
// < 3 deprivations; average = income in (1,000,000, 1,500,000] /
// (1,300,000, 1,950,000]; otherwise none.
//
// StandardCity — a city's own standard (seed 000: Ho Chi Minh City
// 2016–2020, 21M / 28M VND per person per year): poor = income ≤ the poor
// line; near-poor = income ≤ the near-poor line, except that with
// MinDeprivations > 0 a near-poor-band household with at least that many
// deprivations is poor; average = income ≤ the average line when one is set;
// otherwise none.
//
// Errors (matching ErrInvalid): unknown standard, negative income, and for
// StandardCity lines that are not positive or a near-poor line below the
// poor line.
func Classify(in Input, city Lines) (Class, error) {
	if in.IncomeMonthly < 0 {
		return "", invalidf("negative income %d VND", in.IncomeMonthly)
	}
	n := in.Deprivations.Count(in.Standard)
	switch in.Standard {
	case Standard2022:
		l := DefaultLines(Standard2022)
		poor, _, avg := l.pick(in.Urban)
		return classifyMultidimensional(in.IncomeMonthly, n, poor, avg, l.MinDeprivations), nil
	case Standard2016:
		l := DefaultLines(Standard2016)
		poor, near, avg := l.pick(in.Urban)
		return classifyBanded(in.IncomeMonthly, n, poor, near, avg, l.MinDeprivations), nil
	case StandardCity:
		poor, near, avg := city.pick(in.Urban)
		if poor <= 0 || near < poor {
			return "", invalidf("city poverty lines not usable: poor %d, near-poor %d VND per month", poor, near)
		}
		return classifyBanded(in.IncomeMonthly, n, poor, near, avg, city.MinDeprivations), nil
	}
	return "", invalidf("unknown poverty standard %q", in.Standard)
}

// pick returns the poor, near-poor and average lines of the area.
func (l Lines) pick(urban bool) (poor, near, avg int64) {
	if urban {
		return l.PoorUrban, l.NearPoorUrban, l.AverageUrban
	}
	return l.PoorRural, l.NearPoorRural, l.AverageRural
}

// classifyMultidimensional is the 2022–2026 rule: under the line, the number
// of deprivations decides between poor and near-poor.
func classifyMultidimensional(income int64, deprivations int, poor, avg int64, minDep int) Class {
	switch {
	case income <= poor && deprivations >= minDep:
		return ClassPoor
	case income <= poor:
		return ClassNearPoor
	case avg > 0 && income <= avg:
		return ClassAverage
	}
	return ClassNone
}

// classifyBanded is the 2016–2020 and city rule: under the poor line a
// household is poor whatever its deprivations; in the near-poor band,
// deprivations (when minDep > 0) may still make it poor.
func classifyBanded(income int64, deprivations int, poor, near, avg int64, minDep int) Class {
	switch {
	case income <= poor:
		return ClassPoor
	case income <= near && minDep > 0 && deprivations >= minDep:
		return ClassPoor
	case income <= near:
		return ClassNearPoor
	case avg > 0 && income <= avg:
		return ClassAverage
	}
	return ClassNone
}
