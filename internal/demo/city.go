package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"chungtay/internal/area"
	"chungtay/internal/unit"
)

// cityCommune is one ward, town or commune of Hà Nội with its drawn figures.
type cityCommune struct {
	code, name string
	district   int // index in cityDistricts
	kind       area.Kind
	urban      bool
	mountain   bool
	noPoor     bool
	total      int // households in 2014
	poor, near int
	firstPoor  int // index of its first poor household among all the city's poor
	firstNear  int
}

// planCity lays out Hà Nội's 584 wards and communes and shares the seed's
// figures among them. Synthetic names, sequential 5-digit codes.
func planCity() []cityCommune {
	r := newRand(cityYear, 1)
	var cs []cityCommune
	for di, d := range cityDistricts {
		reserved := []string{}
		for _, n := range append(append([]string{}, cityNoPoor[d.code]...), cityMountain[d.code]...) {
			reserved = append(reserved, n[strings.Index(n, " ")+1:])
		}
		if i := strings.Index(d.name, " "); i >= 0 {
			reserved = append(reserved, d.name[i+1:])
		}
		namer := newPlaceNamer(r, append(reserved, d.townNames...)...)
		add := func(name string, kind area.Kind, urban bool) {
			cs = append(cs, cityCommune{code: fmt.Sprintf("%05d", len(cs)+1), name: name, district: di, kind: kind, urban: urban})
		}
		named := func(prefix string, list []string, n int) []string {
			var out []string
			for _, s := range list {
				if strings.HasPrefix(s, prefix+" ") && len(out) < n {
					out = append(out, s)
				}
			}
			for len(out) < n {
				out = append(out, prefix+" "+namer.next())
			}
			return out
		}
		for _, n := range named("Phường", cityNoPoor[d.code], d.wards) {
			add(n, area.KindWard, true)
		}
		for _, t := range d.townNames {
			add("Thị trấn "+t, area.KindCommune, true)
		}
		for _, n := range named("Xã", cityMountain[d.code], d.communes) {
			add(n, area.KindCommune, false)
		}
	}
	for i := range cs {
		c := &cs[i]
		for _, n := range cityNoPoor[cityDistricts[c.district].code] {
			c.noPoor = c.noPoor || n == c.name
		}
		for _, n := range cityMountain[cityDistricts[c.district].code] {
			c.mountain = c.mountain || n == c.name
		}
	}
	shareCityTotals(r, cs)
	shareCityPoor(r, cs)
	weights := make([]float64, len(cs))
	for i, c := range cs {
		weights[i] = float64(c.total*cityDistricts[c.district].rate) * (0.6 + 0.8*r.Float64())
		if c.mountain {
			weights[i] *= 2
		}
	}
	for i, n := range apportion(cityNear, weights) {
		cs[i].near = n
	}
	poor, near := 0, 0
	for i := range cs {
		cs[i].firstPoor, cs[i].firstNear = poor, near
		poor, near = poor+cs[i].poor, near+cs[i].near
	}
	return cs
}

// pick returns the indices of the communes for which keep is true.
func pick(cs []cityCommune, keep func(c cityCommune) bool) []int {
	var out []int
	for i, c := range cs {
		if keep(c) {
			out = append(out, i)
		}
	}
	return out
}

// spread apportions n over the communes idx with weights weight(c) × noise.
func spread(r *rand.Rand, cs []cityCommune, idx []int, n int, weight func(c cityCommune) float64, set func(c *cityCommune, v int)) {
	ws := make([]float64, len(idx))
	for k, i := range idx {
		ws[k] = weight(cs[i]) * (0.6 + 0.8*r.Float64())
	}
	for k, v := range apportion(n, ws) {
		set(&cs[idx[k]], v)
	}
}

// shareCityTotals gives every commune its number of households: the urban and
// rural totals of the city, the 14 mountain communes at 9.35% poor, Xã Ba Vì
// at 35.73%.
func shareCityTotals(r *rand.Rand, cs []cityCommune) {
	setTotal := func(c *cityCommune, v int) { c.total = v }
	one := func(cityCommune) float64 { return 1 }
	mountainTotal := (cityMountainPoor*10_000 + cityMountainRate/2) / cityMountainRate
	baVi := pick(cs, func(c cityCommune) bool { return c.name == "Xã Ba Vì" })
	cs[baVi[0]].total = cityBaViCommuneTotal
	spread(r, cs, pick(cs, func(c cityCommune) bool { return c.mountain && c.name != "Xã Ba Vì" }),
		mountainTotal-cityBaViCommuneTotal, one, setTotal)
	spread(r, cs, pick(cs, func(c cityCommune) bool { return c.urban }), cityUrbanHouseholds, one, setTotal)
	spread(r, cs, pick(cs, func(c cityCommune) bool { return !c.urban && !c.mountain }),
		cityRuralHouseholds-mountainTotal, one, setTotal)
}

// shareCityPoor shares the poor households so that the seed's figures hold:
// none in the four named wards, 2,556 in the mountain communes (393 in Xã Ba
// Vì), 0.23% in Thanh Xuân and 7.92% in Ba Vì, 39,811 rural and 5,921 urban.
func shareCityPoor(r *rand.Rand, cs []cityCommune) {
	setPoor := func(c *cityCommune, v int) { c.poor = v }
	byTotal := func(c cityCommune) float64 { return float64(c.total) }
	byRate := func(c cityCommune) float64 { return float64(c.total * cityDistricts[c.district].rate) }
	in := func(code string) func(c cityCommune) bool {
		return func(c cityCommune) bool { return cityDistricts[c.district].code == code }
	}
	sum := func(idx []int, f func(c cityCommune) int) int {
		n := 0
		for _, i := range idx {
			n += f(cs[i])
		}
		return n
	}
	totalOf := func(c cityCommune) int { return c.total }
	poorOf := func(c cityCommune) int { return c.poor }

	baVi := pick(cs, func(c cityCommune) bool { return c.name == "Xã Ba Vì" })
	cs[baVi[0]].poor = cityBaViCommunePoor
	spread(r, cs, pick(cs, func(c cityCommune) bool { return c.mountain && c.name != "Xã Ba Vì" }),
		cityMountainPoor-cityBaViCommunePoor, byTotal, setPoor)

	district := pick(cs, in(cityBaVi))
	target := (sum(district, totalOf)*792+5_000)/10_000 - sum(district, poorOf)
	spread(r, cs, pick(cs, func(c cityCommune) bool { return in(cityBaVi)(c) && !c.mountain }), target, byTotal, setPoor)

	district = pick(cs, in(cityThanhXuan))
	spread(r, cs, district, (sum(district, totalOf)*23+5_000)/10_000, byTotal, setPoor)

	fixed := func(c cityCommune) bool { return c.mountain || c.noPoor || in(cityBaVi)(c) || in(cityThanhXuan)(c) }
	urban := pick(cs, func(c cityCommune) bool { return c.urban })
	rural := pick(cs, func(c cityCommune) bool { return !c.urban })
	spread(r, cs, pick(cs, func(c cityCommune) bool { return c.urban && !fixed(c) }),
		cityUrbanPoor-sum(urban, poorOf), byRate, setPoor)
	spread(r, cs, pick(cs, func(c cityCommune) bool { return !c.urban && !fixed(c) }),
		cityRuralPoor-sum(rural, poorOf), byRate, setPoor)
}

// cityAreas returns the area tree: the city, 30 districts, 584 communes.
func cityAreas(cs []cityCommune) []areaSpec {
	out := []areaSpec{{code: cityRootCode, name: "Thành phố Hà Nội", kind: area.KindProvince, urban: true}}
	for _, d := range cityDistricts {
		out = append(out, areaSpec{code: d.code, name: d.name, kind: area.KindDistrict, parent: cityRootCode,
			urban: !strings.HasPrefix(d.name, "Huyện")})
	}
	for _, c := range cs {
		out = append(out, areaSpec{code: c.code, name: c.name, kind: c.kind, parent: cityDistricts[c.district].code,
			urban: c.urban, total: c.total})
	}
	return out
}

// cityUnits returns the city's People's Committee and steering committee,
// the bodies of seed 003, and a People's Committee per district and a
// People's Committee and poverty board per commune.
func cityUnits(cs []cityCommune) []unitSpec {
	root := cityRootCode + "-"
	out := []unitSpec{
		{root + "UBND", "Ủy ban nhân dân Thành phố Hà Nội", unit.KindPeoplesCommittee, "", cityRootCode, ""},
		{root + "BCD", "Ban Chỉ đạo Trợ giúp người nghèo Thành phố", unit.KindPovertyBoard, "", cityRootCode, root + "UBND"},
	}
	for _, b := range cityBodies {
		parent := ""
		if b.parent != "" {
			parent = root + b.parent
		}
		out = append(out, unitSpec{root + b.code, b.name, b.kind, "", cityRootCode, parent})
	}
	for _, d := range cityDistricts {
		out = append(out, unitSpec{d.code + "-UBND", "Ủy ban nhân dân " + d.name, unit.KindPeoplesCommittee, "", d.code, root + "UBND"})
	}
	for _, c := range cs {
		out = append(out,
			unitSpec{c.code + "-UBND", "Ủy ban nhân dân " + c.name, unit.KindPeoplesCommittee, "", c.code, cityDistricts[c.district].code + "-UBND"},
			unitSpec{c.code + "-BGN", "Ban Giảm nghèo " + c.name, unit.KindPovertyBoard, "", c.code, c.code + "-UBND"})
	}
	return out
}
