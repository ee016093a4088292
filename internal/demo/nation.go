package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// nationCommune is one of the 3,321 communes with its drawn figures; the
// households themselves are drawn only when written.
type nationCommune struct {
	code, name string
	province   int // index in nationProvinces
	kind       area.Kind
	urban      bool
	total      int
	poor, near int
}

// planNation lays out the communes of every province and shares the poor
// and near-poor households among them. Synthetic names (the special zones
// keep their real ones), sequential 5-digit codes.
func planNation() []nationCommune {
	r := newRand(nationYear, 1)
	var cs []nationCommune
	provinceWeights := make([]float64, len(nationProvinces))
	for pi, p := range nationProvinces {
		namer := newPlaceNamer(r, p.specialNames...)
		add := func(prefix, name string, kind area.Kind, urban bool) {
			cs = append(cs, nationCommune{code: fmt.Sprintf("%05d", len(cs)+1), name: prefix + " " + name,
				province: pi, kind: kind, urban: urban})
		}
		for range p.wards {
			add("Phường", namer.next(), area.KindWard, true)
		}
		for range p.communes {
			add("Xã", namer.next(), area.KindCommune, false)
		}
		for _, n := range p.specialNames {
			add("Đặc khu", n, area.KindCommune, false)
		}
		provinceWeights[pi] = float64((p.wards + p.communes + p.special) * p.rate)
	}
	for i := range cs {
		base := nationCommuneHouseholds
		if cs[i].urban {
			base = nationWardHouseholds
		}
		cs[i].total = int(float64(base) * (0.6 + 0.8*r.Float64()))
	}
	shareNation(r, cs, nationPoor, provinceWeights, func(c *nationCommune, v int) { c.poor = v })
	shareNation(r, cs, nationNear, provinceWeights, func(c *nationCommune, v int) { c.near = v })
	for i := range cs {
		// No commune has more than half of its households in the programme.
		cs[i].total = max(cs[i].total, 2*(cs[i].poor+cs[i].near))
	}
	return cs
}

// shareNation apportions n households over the provinces by weight, then
// over each province's communes, the countryside carrying more than the towns.
func shareNation(r *rand.Rand, cs []nationCommune, n int, provinceWeights []float64, set func(c *nationCommune, v int)) {
	perProvince := apportion(n, provinceWeights)
	start := 0
	for pi := range nationProvinces {
		end := start
		for end < len(cs) && cs[end].province == pi {
			end++
		}
		ws := make([]float64, end-start)
		for k := range ws {
			w := float64(cs[start+k].total) * (0.5 + r.Float64())
			if cs[start+k].urban {
				w *= 0.35
			}
			ws[k] = w
		}
		for k, v := range apportion(perProvince[pi], ws) {
			set(&cs[start+k], v)
		}
		start = end
	}
}

// nationAreas returns the 34 provinces and their communes.
func nationAreas(cs []nationCommune) []areaSpec {
	var out []areaSpec
	for _, p := range nationProvinces {
		out = append(out, areaSpec{code: p.code, name: p.name, kind: area.KindProvince, urban: strings.HasPrefix(p.name, "Thành phố")})
	}
	for _, c := range cs {
		out = append(out, areaSpec{code: c.code, name: c.name, kind: c.kind, parent: nationProvinces[c.province].code,
			urban: c.urban, total: c.total})
	}
	return out
}

// nationUnits returns a People's Committee per province and per commune.
func nationUnits(cs []nationCommune) []unitSpec {
	var out []unitSpec
	for _, p := range nationProvinces {
		out = append(out, unitSpec{p.code + "-UBND", "Ủy ban nhân dân " + p.name, unit.KindPeoplesCommittee, "", p.code, ""})
	}
	for _, c := range cs {
		p := nationProvinces[c.province]
		out = append(out, unitSpec{c.code + "-UBND", "Ủy ban nhân dân " + c.name, unit.KindPeoplesCommittee, "", c.code, p.code + "-UBND"})
	}
	return out
}

// loadNation writes the country: areas and units in one transaction, then
// two million households streamed in batches.
func loadNation(ctx context.Context, db *bun.DB, now time.Time, progress func(done, total int)) (Stats, error) {
	cs := planNation()
	areas, units := nationAreas(cs), nationUnits(cs)
	ids, skipped, err := writeTree(ctx, db, now, civil.NewDate(nationYear, time.July, 1), nationYear, nationRootCodes(), areas, units, nil)
	if err != nil || skipped {
		return Stats{Skipped: skipped}, err
	}
	s := newStream(db, now, nationDecisionNo, nationPoor+nationNear, progress)
	defer s.abort()
	for i, c := range cs {
		if err := nationHouseholds(ctx, s, c, ids[c.code], uint64(i), now); err != nil {
			return Stats{}, err
		}
	}
	if err := s.close(ctx); err != nil {
		return Stats{}, err
	}
	return Stats{Areas: len(areas), Units: len(units), Households: nationPoor + nationNear, Poor: nationPoor, NearPoor: nationNear}, nil
}

// nationHouseholds draws and queues the households of one commune; each
// commune has its own generator, so the data do not depend on batch sizes.
func nationHouseholds(ctx context.Context, s *stream, c nationCommune, areaID int64, seq uint64, now time.Time) error {
	p := nationProvinces[c.province]
	r := newRand(nationYear, 10_000+seq)
	st := style{standard: poverty.Standard2022, urban: c.urban, minority: p.minority}
	for j := range c.poor + c.near {
		class := poverty.ClassPoor
		if j >= c.poor {
			class = poverty.ClassNearPoor
		}
		h := draw(r, st, class, depthAny)
		name := personName(r, p.reg, h.female, h.flags.Has(poverty.FlagEthnicMinority))
		var addr string
		switch {
		case c.urban:
			addr = fmt.Sprintf("Số %d, Tổ dân phố %d, %s", 1+r.IntN(300), 1+r.IntN(40), c.name)
		case p.reg == south:
			addr = fmt.Sprintf("Ấp %d, %s", 1+r.IntN(12), c.name)
		case h.flags.Has(poverty.FlagEthnicMinority) && p.reg == north:
			addr = fmt.Sprintf("Bản %s, %s", placeSyllables[r.IntN(len(placeSyllables))], c.name)
		default:
			addr = fmt.Sprintf("Thôn %d, %s", 1+r.IntN(15), c.name)
		}
		err := s.add(ctx, household.Household{
			Code: fmt.Sprintf("%s-%05d", c.code, j+1), HeadName: name, SearchName: household.Fold(name),
			Address: addr, AreaID: areaID, Members: h.members, Urban: c.urban, IncomeMonthly: h.income,
			Deprivations: h.deps, Causes: h.causes, Flags: h.flags,
			Standard: poverty.Standard2022, Classification: class, ClassificationYear: nationYear,
			Note: note(r, h), Version: 1, CreatedAt: now, UpdatedAt: now,
		})
		if err != nil {
			return err
		}
	}
	return nil
}
