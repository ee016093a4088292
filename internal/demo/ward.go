package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// Figures of seed 000: Phường 14, Gò Vấp, Ho Chi Minh City, start of 2018.
const (
	wardYear          = 2018
	wardNeighbourhood = 12     // khu phố
	wardGroups        = 93     // tổ dân phố
	wardHouseholds    = 11_176 // hộ dân
	wardPoor          = 50     // hộ nghèo (0.45%)
	wardNearPoor      = 76     // hộ cận nghèo (0.68%)

	wardRootCode = "79" // Thành phố Hồ Chí Minh
	goVapCode    = "764"
	// wardCode is illustrative: a plausible 5-digit commune code for Phường 14
	// in the range of Gò Vấp's wards, not checked against the official list.
	wardCode = "26890"
	// wardDecisionNo is the (synthetic) decision of the ward's People's
	// Committee approving the 2018 list of poor and near-poor households.
	wardDecisionNo = "01/QĐ-UBND"
)

// Streets of the area around Phường 14, Gò Vấp; each khu phố lies along two.
var wardStreets = []string{"Lê Văn Thọ", "Phạm Văn Chiêu", "Thống Nhất", "Lê Đức Thọ", "Quang Trung",
	"Đường số 8", "Đường số 9", "Đường số 20", "Đường số 28", "Đường số 30"}

// wardPlan is the drawn layout of the ward.
type wardPlan struct {
	areas  []areaSpec
	groups []wardGroup
}

// wardGroup is one tổ dân phố with its household total.
type wardGroup struct {
	code    string
	number  int // Tổ dân phố 1..93, numbered across the ward
	kp      int // khu phố 1..12
	total   int
	streets [2]string
}

// planWard draws the ward's tree and the household totals of its groups.
func planWard() wardPlan {
	r := newRand(2018, 14)
	p := wardPlan{areas: []areaSpec{
		{code: wardRootCode, name: "Thành phố Hồ Chí Minh", kind: area.KindProvince, urban: true},
		{code: goVapCode, name: "Quận Gò Vấp", kind: area.KindDistrict, parent: wardRootCode, urban: true},
		{code: wardCode, name: "Phường 14", kind: area.KindWard, parent: goVapCode, urban: true, total: wardHouseholds},
	}}
	// 93 groups over 12 khu phố: nine have 8 groups, three have 7.
	perKP := make([]int, wardNeighbourhood)
	for i := range perKP {
		perKP[i] = 8
	}
	for _, i := range r.Perm(wardNeighbourhood)[:wardNeighbourhood*8-wardGroups] {
		perKP[i] = 7
	}
	totals := apportion(wardHouseholds, jitter(r, wardGroups, 0.7, 1.3))
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		two := r.Perm(len(wardStreets))
		streets := [2]string{wardStreets[two[0]], wardStreets[two[1]]}
		for range perKP[kp-1] {
			n := len(p.groups) + 1
			p.groups = append(p.groups, wardGroup{code: fmt.Sprintf("%s-KP%02d-T%02d", wardCode, kp, n), number: n,
				kp: kp, total: totals[n-1], streets: streets})
		}
	}
	// Areas in tree order: the khu phố, each with the sum of its groups, then the groups.
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		sum := 0
		for _, g := range p.groups {
			if g.kp == kp {
				sum += g.total
			}
		}
		p.areas = append(p.areas, areaSpec{code: fmt.Sprintf("%s-KP%02d", wardCode, kp), name: fmt.Sprintf("Khu phố %d", kp),
			kind: area.KindNeighbourhood, parent: wardCode, urban: true, total: sum})
	}
	for _, g := range p.groups {
		p.areas = append(p.areas, areaSpec{code: g.code, name: fmt.Sprintf("Tổ dân phố %d", g.number),
			kind: area.KindResidentialGroup, parent: fmt.Sprintf("%s-KP%02d", wardCode, g.kp), urban: true, total: g.total})
	}
	return p
}

// wardUnits are the units of section III of seed 000 (and the bodies it
// names): the Party Committee and its cells, the People's Committee and its
// poverty board, the Fatherland Front and the unions, schools, the health
// station and the Social Policy Bank's transaction point. School names are
// illustrative.
func wardUnits() []unitSpec {
	c := func(s string) string { return wardCode + "-" + s }
	us := []unitSpec{
		{c("DU"), "Đảng ủy Phường 14", unit.KindPartyCommittee, "", wardCode, ""},
		{c("UBND"), "Ủy ban nhân dân Phường 14", unit.KindPeoplesCommittee, "", wardCode, ""},
		{c("MTTQ"), "Ủy ban MTTQ Việt Nam Phường 14", unit.KindFatherlandFront, "", wardCode, ""},
		{c("BGN"), "Ban Giảm nghèo bền vững Phường 14", unit.KindPovertyBoard, "", wardCode, c("UBND")},
		{c("VHXH"), "Công chức Văn hóa – Xã hội Phường 14", unit.KindOfficial, "Văn hóa – Xã hội (phụ trách giảm nghèo)", wardCode, c("UBND")},
		{c("HLHPN"), "Hội Liên hiệp Phụ nữ Phường 14", unit.KindWomensUnion, "", wardCode, c("MTTQ")},
		{c("HCCB"), "Hội Cựu chiến binh Phường 14", unit.KindVeteransUnion, "", wardCode, c("MTTQ")},
		{c("DTN"), "Đoàn Thanh niên Cộng sản Hồ Chí Minh Phường 14", unit.KindYouthUnion, "", wardCode, c("MTTQ")},
		{c("HCTD"), "Hội Chữ thập đỏ Phường 14", unit.KindRedCross, "", wardCode, c("MTTQ")},
		{c("CD"), "Công đoàn cơ sở Phường 14", unit.KindLabourFederation, "", wardCode, c("MTTQ")},
	}
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		kpCode := fmt.Sprintf("%s-KP%02d", wardCode, kp)
		us = append(us, unitSpec{c(fmt.Sprintf("CB-KP%02d", kp)), fmt.Sprintf("Chi bộ Khu phố %d", kp),
			unit.KindPartyCell, "", kpCode, c("DU")})
	}
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		kpCode := fmt.Sprintf("%s-KP%02d", wardCode, kp)
		us = append(us, unitSpec{c(fmt.Sprintf("TTQ-KP%02d", kp)), fmt.Sprintf("Tổ tự quản giảm nghèo Khu phố %d", kp),
			unit.KindOther, "", kpCode, c("BGN")})
	}
	return append(us,
		unitSpec{c("THCS"), "Trường THCS Phạm Văn Chiêu", unit.KindSchool, "", wardCode, ""},
		unitSpec{c("TH"), "Trường Tiểu học Lê Thị Hồng Gấm", unit.KindSchool, "", wardCode, ""},
		unitSpec{c("MN"), "Trường Mầm non Hoa Mai", unit.KindSchool, "", wardCode, ""},
		unitSpec{c("CB-THCS"), "Chi bộ Trường THCS Phạm Văn Chiêu", unit.KindPartyCell, "", wardCode, c("DU")},
		unitSpec{c("CB-TH"), "Chi bộ Trường Tiểu học Lê Thị Hồng Gấm", unit.KindPartyCell, "", wardCode, c("DU")},
		unitSpec{c("CB-CQ"), "Chi bộ Cơ quan UBND", unit.KindPartyCell, "", wardCode, c("DU")},
		unitSpec{c("CB-CA"), "Chi bộ Công an phường", unit.KindPartyCell, "", wardCode, c("DU")},
		unitSpec{c("CB-QS"), "Chi bộ Quân sự phường", unit.KindPartyCell, "", wardCode, c("DU")},
		unitSpec{c("TYT"), "Trạm Y tế Phường 14", unit.KindHealthStation, "", wardCode, ""},
		unitSpec{c("NHCSXH"), "Điểm giao dịch Ngân hàng Chính sách xã hội Phường 14", unit.KindSocialPolicyBank, "", wardCode, ""},
	)
}

// wardHouseholdRows draws the 126 tracked households of Phường 14.
func wardHouseholdRows(p wardPlan, areaIDs map[string]int64, now time.Time) []household.Household {
	r := newRand(2018, 126)
	weights := make([]int, len(p.groups))
	for i, g := range p.groups {
		weights[i] = g.total
	}
	type placed struct {
		d     draft
		group int
	}
	var hs []placed
	st := style{standard: poverty.StandardCity, urban: true, minority: 10}
	for i := range wardPoor + wardNearPoor {
		class := poverty.ClassPoor
		if i >= wardPoor {
			class = poverty.ClassNearPoor
		}
		hs = append(hs, placed{draw(r, st, class, depthAny), pickIndex(r, weights)})
	}
	// Number the register by khu phố and group, as the officer's list would be.
	sort.SliceStable(hs, func(a, b int) bool { return hs[a].group < hs[b].group })
	rows := make([]household.Household, len(hs))
	for i, h := range hs {
		g := p.groups[h.group]
		name := personName(r, south, h.d.female, h.d.flags.Has(poverty.FlagEthnicMinority))
		street := g.streets[r.IntN(2)]
		var number string
		switch k := r.IntN(20); {
		case k < 8:
			number = fmt.Sprintf("%d", 1+r.IntN(400))
		case k < 17:
			number = fmt.Sprintf("%d/%d", 1+r.IntN(400), 1+r.IntN(60))
		default:
			number = fmt.Sprintf("%d/%d/%d", 1+r.IntN(400), 1+r.IntN(60), 1+r.IntN(20))
		}
		rows[i] = household.Household{
			Code:     fmt.Sprintf("P14-KP%02d-%04d", g.kp, i+1),
			HeadName: name, SearchName: household.Fold(name),
			Address: fmt.Sprintf("%s %s, Tổ dân phố %d, Khu phố %d", number, street, g.number, g.kp),
			AreaID:  areaIDs[g.code], Members: h.d.members, Urban: true, IncomeMonthly: h.d.income,
			Deprivations: h.d.deps, Causes: h.d.causes, Flags: h.d.flags,
			Standard: poverty.StandardCity, Classification: h.d.class, ClassificationYear: wardYear,
			Note: note(r, h.d), Version: 1, CreatedAt: now, UpdatedAt: now,
		}
	}
	return rows
}

// loadWard writes Phường 14 in one transaction.
func loadWard(ctx context.Context, db *bun.DB, now time.Time, loc *time.Location) (Stats, error) {
	p := planWard()
	units := wardUnits()
	_, skipped, err := writeTree(ctx, db, now, civil.NewDate(wardYear, time.January, 1), wardYear, []string{wardRootCode},
		p.areas, units, func(ctx context.Context, tx bun.Tx, ids map[string]int64) error {
			rows := wardHouseholdRows(p, ids, now)
			for i := range rows {
				if err := checkClass(&rows[i]); err != nil {
					return err
				}
			}
			if err := insertHouseholds(ctx, tx, now, wardDecisionNo, rows); err != nil {
				return err
			}
			if err := loadWardAccounts(ctx, tx, now); err != nil {
				return err
			}
			return loadWardPlans(ctx, tx, loc, now)
		})
	if err != nil || skipped {
		return Stats{Skipped: skipped}, err
	}
	if err := loadWardReports(ctx, db, now); err != nil {
		return Stats{}, err
	}
	return Stats{Areas: len(p.areas), Units: len(units), Households: wardPoor + wardNearPoor, Poor: wardPoor, NearPoor: wardNearPoor}, nil
}
