package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// Household sizes in Hà Nội 2014: the poor are smaller households (3.23
// members on average, many elderly people alone), the near-poor larger (3.67).
var (
	cityPoorMembers = []int{18, 22, 18, 18, 12, 7, 5}
	cityNearMembers = []int{8, 15, 22, 27, 16, 8, 4}
)

// cityMarks are the flags and figures of seed 003 that hold exactly, as sets
// of household indices (the i-th poor or near-poor household of the city, in
// the order they are drawn).
type cityMarks struct {
	poorMembers, nearMembers []int
	deep                     map[int]bool // poor at or under the central line
	poorSocial, nearSocial   map[int]bool
	poorMerit, nearMerit     map[int]bool
}

func markCity(cs []cityCommune) cityMarks {
	r := newRand(cityYear, 2)
	members := func(n, people int, weights []int) []int {
		xs := make([]int, n)
		for i := range xs {
			xs[i] = 1 + pickIndex(r, weights)
		}
		fitSum(r, xs, people, 1, 7)
		return xs
	}
	m := cityMarks{
		poorMembers: members(cityPoor, cityPoorPeople, cityPoorMembers),
		nearMembers: members(cityNear, cityNearPeople, cityNearMembers),
		deep:        sample(r, cityPoor, cityCentralPoor),
		poorSocial:  sample(r, cityPoor, cityPoorSocial),
		nearSocial:  sample(r, cityNear, cityNearSocial),
		nearMerit:   sample(r, cityNear, cityNearMeritorious),
		poorMerit:   map[int]bool{},
	}
	for _, d := range cityDistricts {
		k := cityMeritoriousPoor[d.code]
		if k == 0 {
			continue
		}
		var idx []int
		for _, c := range cs {
			if cityDistricts[c.district].code == d.code {
				for j := range c.poor {
					idx = append(idx, c.firstPoor+j)
				}
			}
		}
		for i := range sample(r, len(idx), k) {
			m.poorMerit[idx[i]] = true
		}
	}
	return m
}

// loadCity writes Hà Nội: areas and units in one transaction, then the
// 89,450 households in batches.
func loadCity(ctx context.Context, db *bun.DB, now time.Time, progress func(done, total int)) (Stats, error) {
	cs := planCity()
	areas, units := cityAreas(cs), cityUnits(cs)
	ids, skipped, err := writeTree(ctx, db, now, civil.NewDate(cityYear, time.January, 1), cityYear, []string{cityRootCode}, areas, units, nil)
	if err != nil || skipped {
		return Stats{Skipped: skipped}, err
	}
	marks := markCity(cs)
	s := newStream(db, now, cityDecisionNo, cityPoor+cityNear, progress)
	defer s.abort()
	for i, c := range cs {
		r := newRand(cityYear, 1_000+uint64(i))
		st := style{standard: poverty.Standard2016, urban: c.urban}
		if c.mountain {
			st.minority = 600 // Mường and Dao villages
		}
		for j := range c.poor + c.near {
			class, k := poverty.ClassPoor, c.firstPoor+j
			if j >= c.poor {
				class, k = poverty.ClassNearPoor, c.firstNear+j-c.poor
			}
			d := depthShallow
			if class == poverty.ClassPoor && marks.deep[k] {
				d = depthDeep
			}
			h := draw(r, st, class, d)
			h.flags &^= poverty.FlagMeritorious | poverty.FlagSocialAssistance
			if class == poverty.ClassPoor {
				h.members = marks.poorMembers[k]
				h.flags |= flagIf(marks.poorMerit[k], poverty.FlagMeritorious) | flagIf(marks.poorSocial[k], poverty.FlagSocialAssistance)
			} else {
				h.members = marks.nearMembers[k]
				h.flags |= flagIf(marks.nearMerit[k], poverty.FlagMeritorious) | flagIf(marks.nearSocial[k], poverty.FlagSocialAssistance)
			}
			name := personName(r, north, h.female, h.flags.Has(poverty.FlagEthnicMinority))
			var addr string
			if c.urban {
				addr = fmt.Sprintf("Số %d, ngõ %d, Tổ dân phố %d, %s", 1+r.IntN(120), 1+r.IntN(300), 1+r.IntN(40), c.name)
			} else {
				addr = hamlets[r.IntN(len(hamlets))] + ", " + c.name
			}
			err := s.add(ctx, household.Household{
				Code: fmt.Sprintf("HN-%s-%04d", c.code, j+1), HeadName: name, SearchName: household.Fold(name),
				Address: addr, AreaID: ids[c.code], Members: h.members, Urban: c.urban, IncomeMonthly: h.income,
				Deprivations: h.deps, Causes: h.causes, Flags: h.flags,
				Standard: poverty.Standard2016, Classification: class, ClassificationYear: cityYear,
				Note: note(r, h), Version: 1, CreatedAt: now, UpdatedAt: now,
			})
			if err != nil {
				return Stats{}, err
			}
		}
	}
	if err := s.close(ctx); err != nil {
		return Stats{}, err
	}
	return Stats{Areas: len(areas), Units: len(units), Households: cityPoor + cityNear, Poor: cityPoor, NearPoor: cityNear}, nil
}

// flagIf returns f when cond holds, else no flag.
func flagIf(cond bool, f poverty.Flags) poverty.Flags {
	if cond {
		return f
	}
	return 0
}
