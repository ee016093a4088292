package demo

import (
	"fmt"
	"math/rand/v2"

	"chungtay/internal/poverty"
)

// hcmcLines are Ho Chi Minh City's 2016–2020 lines used by seed 000: 21M and
// 28M VND per person per year, i.e. 1,750,000 and 2,333,333 per month.
var hcmcLines = poverty.CityLines(21_000_000, 28_000_000)

// draft is a drawn household, before it is given a name, a place and a code.
type draft struct {
	class   poverty.Class
	female  bool // the head of household is a woman
	members int
	income  int64 // VND per person per month
	deps    poverty.Deprivations
	causes  poverty.Causes
	flags   poverty.Flags
}

// style says how the households of one place are drawn.
type style struct {
	standard poverty.Standard
	urban    bool
	minority int // per mille of households belonging to an ethnic minority
}

// mix holds what differs between poor and near-poor households.
type mix struct {
	memberWeights                          []int // relative weights of 1..7 members
	female                                 int   // per mille with a woman at the head
	meritorious, socialAssistance, noLabor int   // per mille with the flag
}

// Poor households skew larger and older: more members, more without labour
// capacity, more on social assistance than near-poor ones.
var (
	poorMix = mix{memberWeights: []int{12, 16, 17, 20, 16, 11, 8}, female: 500,
		meritorious: 15, socialAssistance: 320, noLabor: 220}
	nearPoorMix = mix{memberWeights: []int{7, 16, 24, 27, 15, 8, 3}, female: 420,
		meritorious: 25, socialAssistance: 130, noLabor: 60}
)

// centralPoorLine is the national poor line of 2011–2015 that seed 003 counts
// as "chuẩn Trung ương": 500,000 VND urban, 400,000 rural per person per month.
func centralPoorLine(urban bool) int64 {
	if urban {
		return 500_000
	}
	return 400_000
}

// depth chooses where a poor household's income falls under the 2016–2020
// standard: anywhere, at or under the central line, or above it.
type depth int

const (
	depthAny depth = iota
	depthDeep
	depthShallow
)

// draw draws one household of the given class. The income and deprivations
// are chosen so that poverty.Classify gives back the class.
func draw(r *rand.Rand, st style, class poverty.Class, d depth) draft {
	m := poorMix
	if class == poverty.ClassNearPoor {
		m = nearPoorMix
	}
	h := draft{class: class, female: r.IntN(1000) < m.female, members: 1 + pickIndex(r, m.memberWeights)}
	var minDeps, maxDeps int
	h.income, minDeps, maxDeps = drawIncome(r, st, class, d)
	h.deps = drawDeprivations(r, st, minDeps+r.IntN(maxDeps-minDeps+1))
	if r.IntN(1000) < m.meritorious {
		h.flags |= poverty.FlagMeritorious
	}
	if r.IntN(1000) < m.socialAssistance {
		h.flags |= poverty.FlagSocialAssistance
	}
	if r.IntN(1000) < m.noLabor {
		h.flags |= poverty.FlagNoLabour
		h.causes |= poverty.CauseLabour
	}
	if r.IntN(1000) < st.minority {
		h.flags |= poverty.FlagEthnicMinority
	}
	h.causes |= drawCauses(r, st.urban, class, 1+r.IntN(3))
	return h
}

// drawIncome returns a monthly income per person consistent with class under
// the style's standard, and the range of deprivation counts that keeps it so.
func drawIncome(r *rand.Rand, st style, class poverty.Class, d depth) (income int64, minDeps, maxDeps int) {
	switch st.standard {
	case poverty.StandardCity:
		// Deprivations do not decide the class here (MinDeprivations 0).
		poor, near, _ := pickLines(hcmcLines, st.urban)
		if class == poverty.ClassPoor {
			return between10k(r, poor*55/100, poor), 0, 4
		}
		return between10k(r, poor+1, near), 0, 2
	case poverty.Standard2016:
		poor, near, _ := pickLines(poverty.DefaultLines(poverty.Standard2016), st.urban)
		central := centralPoorLine(st.urban)
		if class == poverty.ClassNearPoor {
			return between10k(r, poor+1, near), 0, 2
		}
		switch {
		case d == depthDeep:
			return between10k(r, central/2, central), 1, 5
		case r.IntN(100) < 35:
			// In the near-poor band but deprived in 3 or more indicators: poor.
			return between10k(r, poor+1, near), 3, 5
		case d == depthShallow:
			return between10k(r, central+1, poor), 1, 5
		}
		return between10k(r, poor*45/100, poor), 1, 5
	case poverty.Standard2022:
		line, _, _ := pickLines(poverty.DefaultLines(poverty.Standard2022), st.urban)
		if class == poverty.ClassPoor {
			return between10k(r, line*40/100, line), 3, 6
		}
		return between10k(r, line*60/100, line), 0, 2
	}
	panic(fmt.Sprintf("demo: no income rule for standard %q", st.standard))
}

// pickLines returns the poor, near-poor and average lines of an urban or rural area.
func pickLines(l poverty.Lines, urban bool) (poor, near, avg int64) {
	if urban {
		return l.PoorUrban, l.NearPoorUrban, l.AverageUrban
	}
	return l.PoorRural, l.NearPoorRural, l.AverageRural
}

// between10k returns a round income (a multiple of 10,000 VND) in [lo, hi].
func between10k(r *rand.Rand, lo, hi int64) int64 {
	lo = (lo + 9_999) / 10_000 * 10_000
	hi = hi / 10_000 * 10_000
	return lo + 10_000*r.Int64N((hi-lo)/10_000+1)
}

// indicatorWeight is how often an indicator is met among poor households.
type indicatorWeight struct {
	ind poverty.Indicator
	w   int
}

// Deprivation frequencies: in town, floor area and health insurance dominate;
// in the countryside, housing quality, water and latrines.
var (
	urbanDeprivations = []indicatorWeight{
		{poverty.HealthInsurance, 30}, {poverty.HousingArea, 28}, {poverty.AdultEducation, 12},
		{poverty.HousingQuality, 12}, {poverty.InformationAccess, 10}, {poverty.Telecom, 8},
		{poverty.HealthServices, 6}, {poverty.ChildSchooling, 4}, {poverty.Latrine, 4}, {poverty.WaterSource, 3},
		{poverty.Job, 14}, {poverty.Dependants, 16}, {poverty.Nutrition, 8},
	}
	ruralDeprivations = []indicatorWeight{
		{poverty.HealthInsurance, 22}, {poverty.HousingQuality, 20}, {poverty.Latrine, 18},
		{poverty.WaterSource, 15}, {poverty.AdultEducation, 14}, {poverty.HousingArea, 10},
		{poverty.InformationAccess, 10}, {poverty.Telecom, 8}, {poverty.HealthServices, 8}, {poverty.ChildSchooling, 5},
		{poverty.Job, 16}, {poverty.Dependants, 18}, {poverty.Nutrition, 12},
	}
)

// drawDeprivations picks n distinct indicators that count under the style's
// standard (the city standard of seed 000 records the 2016–2020 indicators).
func drawDeprivations(r *rand.Rand, st style, n int) poverty.Deprivations {
	counted := st.standard
	if counted == poverty.StandardCity {
		counted = poverty.Standard2016
	}
	pool := urbanDeprivations
	if !st.urban {
		pool = ruralDeprivations
	}
	var cands []indicatorWeight
	for _, iw := range pool {
		if poverty.Deprivations(0).With(iw.ind).Count(counted) == 1 {
			cands = append(cands, iw)
		}
	}
	var d poverty.Deprivations
	for ; n > 0 && len(cands) > 0; n-- {
		ws := make([]int, len(cands))
		for i, c := range cands {
			ws[i] = c.w
		}
		i := pickIndex(r, ws)
		d = d.With(cands[i].ind)
		cands = append(cands[:i:i], cands[i+1:]...)
	}
	return d
}

// causeWeight is how often a cause of poverty is recorded.
type causeWeight struct {
	c poverty.Causes
	w int
}

// drawCauses picks n distinct causes of poverty.
func drawCauses(r *rand.Rand, urban bool, class poverty.Class, n int) poverty.Causes {
	pool := []causeWeight{{poverty.CauseIllness, 40}, {poverty.CauseCapital, 35}, {poverty.CauseKnowhow, 25},
		{poverty.CauseLabour, 25}, {poverty.CauseTools, 5}, {poverty.CauseOther, 8}}
	if class == poverty.ClassNearPoor {
		pool[0].w, pool[1].w, pool[3].w = 25, 45, 12
	}
	if !urban {
		pool = append(pool, causeWeight{poverty.CauseLand, 25})
		pool[4].w = 15
	}
	var c poverty.Causes
	for ; n > 0 && len(pool) > 0; n-- {
		ws := make([]int, len(pool))
		for i, p := range pool {
			ws[i] = p.w
		}
		i := pickIndex(r, ws)
		c |= pool[i].c
		pool = append(pool[:i:i], pool[i+1:]...)
	}
	return c
}

// pickIndex draws an index with probability proportional to its weight.
func pickIndex(r *rand.Rand, ws []int) int {
	sum := 0
	for _, w := range ws {
		sum += w
	}
	n := r.IntN(sum)
	for i, w := range ws {
		if n < w {
			return i
		}
		n -= w
	}
	return len(ws) - 1
}

// classOf classifies a drawn household the way the register does.
func classOf(std poverty.Standard, urban bool, income int64, deps poverty.Deprivations) (poverty.Class, error) {
	return poverty.Classify(poverty.Input{Standard: std, Urban: urban, IncomeMonthly: income, Deprivations: deps}, hcmcLines)
}

// note returns a short remark an officer might write, or "".
func note(r *rand.Rand, h draft) string {
	switch {
	case h.flags.Has(poverty.FlagNoLabour) && h.members == 1 && r.IntN(2) == 0:
		return "Người cao tuổi sống một mình, không còn khả năng lao động"
	case h.flags.Has(poverty.FlagNoLabour) && r.IntN(3) == 0:
		return "Chủ hộ cao tuổi, đau yếu thường xuyên"
	case h.causes.Has(poverty.CauseIllness) && r.IntN(4) == 0:
		return "Có người bệnh nặng, chi phí điều trị cao"
	case h.flags.Has(poverty.FlagSocialAssistance) && r.IntN(4) == 0:
		return "Có thành viên khuyết tật hưởng trợ cấp xã hội hằng tháng"
	case h.causes.Has(poverty.CauseCapital) && r.IntN(6) == 0:
		return "Có nhu cầu vay vốn Ngân hàng Chính sách xã hội"
	}
	return ""
}
