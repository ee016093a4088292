package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/area"
	"chungtay/internal/assignment"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// Figures of seed 001: Phường Nguyễn Trãi, Thành phố Kon Tum, 2023. The
// seed gives the targets (to 0,41% = 6 poor households, −0,14% = −2) and the
// ten responsible posts and units; the rest is illustrative: the codes, the
// ward's 1,460 households (6 of them are 0,41%, 8 are 0,55%), its 8
// residential groups, its 10 near-poor households and the appendix's split.
const (
	konTumYear       = 2023
	konTumRootCode   = "62"    // Tỉnh Kon Tum (merged into Quảng Ngãi on 1 July 2025)
	konTumCityCode   = "608"   // Thành phố Kon Tum
	nguyenTraiCode   = "23284" // illustrative 5-digit code
	nguyenTraiTotal  = 1_460
	nguyenTraiGroups = 8
	nguyenTraiPoor   = 8 // at the start of 2023: 6 remain after the target's −2
	nguyenTraiNear   = 10
	nguyenTraiList   = "03/QĐ-UBND" // synthetic decision approving the 2023 list
)

var nguyenTraiStreets = []string{"Nguyễn Trãi", "Trần Hưng Đạo", "Bà Triệu", "Phan Đình Phùng", "Lê Hồng Phong", "Hoàng Văn Thụ"}

// nguyenTraiAreas is the ward's tree under Tỉnh Kon Tum, its own root.
func nguyenTraiAreas() []areaSpec {
	r := newRand(2023, 1)
	out := []areaSpec{
		{code: konTumRootCode, name: "Tỉnh Kon Tum", kind: area.KindProvince},
		{code: konTumCityCode, name: "Thành phố Kon Tum", kind: area.KindDistrict, parent: konTumRootCode, urban: true},
		{code: nguyenTraiCode, name: "Phường Nguyễn Trãi", kind: area.KindWard, parent: konTumCityCode, urban: true, total: nguyenTraiTotal},
	}
	totals := apportion(nguyenTraiTotal, jitter(r, nguyenTraiGroups, 0.7, 1.3))
	for i, n := range totals {
		out = append(out, areaSpec{code: fmt.Sprintf("%s-T%02d", nguyenTraiCode, i+1), name: fmt.Sprintf("Tổ dân phố %d", i+1),
			kind: area.KindResidentialGroup, parent: nguyenTraiCode, urban: true, total: n})
	}
	return out
}

// nguyenTraiUnits are the People's Committee and the ten posts and units of
// section III of seed 001. School names are illustrative.
func nguyenTraiUnits() []unitSpec {
	c := func(s string) string { return nguyenTraiCode + "-" + s }
	w, ubnd := nguyenTraiCode, c("UBND")
	us := []unitSpec{
		{ubnd, "Ủy ban nhân dân Phường Nguyễn Trãi", unit.KindPeoplesCommittee, "", w, ""},
		{c("VHXH"), "Công chức Văn hóa – Xã hội (giảm nghèo)", unit.KindOfficial, "Văn hóa – Xã hội (phụ trách lĩnh vực giảm nghèo)", w, ubnd},
		{c("TCKT"), "Công chức Tài chính – Kế toán", unit.KindOfficial, "Tài chính – Kế toán", w, ubnd},
		{c("TPHT"), "Công chức Tư pháp – Hộ tịch", unit.KindOfficial, "Tư pháp – Hộ tịch", w, ubnd},
		{c("DCXD"), "Công chức Địa chính – Xây dựng", unit.KindOfficial, "Địa chính – Xây dựng (quản lý đô thị)", w, ubnd},
		{c("VHTT"), "Công chức Văn hóa – Xã hội (văn hóa – thông tin)", unit.KindOfficial, "Văn hóa – Xã hội (văn hóa – thông tin)", w, ubnd},
		{c("TYT"), "Trạm Y tế Phường Nguyễn Trãi", unit.KindHealthStation, "", w, ""},
		{c("TH"), "Trường Tiểu học Phường Nguyễn Trãi", unit.KindSchool, "", w, ""},
		{c("THCS"), "Trường THCS Phường Nguyễn Trãi", unit.KindSchool, "", w, ""},
		{c("MTTQ"), "Ủy ban MTTQ Việt Nam Phường Nguyễn Trãi", unit.KindFatherlandFront, "", w, ""},
	}
	for _, u := range []struct{ code, name string }{{"HLHPN", "Hội Liên hiệp Phụ nữ"}, {"HND", "Hội Nông dân"}, {"HCCB", "Hội Cựu chiến binh"}, {"DTN", "Đoàn Thanh niên"}} {
		us = append(us, unitSpec{c(u.code), u.name + " phường (nhận ủy thác vốn NHCSXH)", unit.KindEntrustedUnion, "", w, c("MTTQ")})
	}
	for i := 1; i <= nguyenTraiGroups; i++ {
		g := fmt.Sprintf("T%02d", i)
		us = append(us, unitSpec{c("TDP-" + g), fmt.Sprintf("Tổ dân phố %d", i), unit.KindResidentialGroup, "", c(g), ubnd})
	}
	return us
}

// nguyenTraiUnionGroups puts each of the four unions in charge of two
// residential groups, as seed 001 asks of the Party Committee ("phân công
// các đoàn thể chính trị - xã hội phụ trách từng tổ dân phố").
var nguyenTraiUnionGroups = map[string][]string{"HLHPN": {"T01", "T02"}, "HND": {"T03", "T04"}, "HCCB": {"T05", "T06"}, "DTN": {"T07", "T08"}}

// nguyenTraiCharges writes the unions' areas in charge from 1 January 2023.
func nguyenTraiCharges(ctx context.Context, tx bun.Tx, areaIDs map[string]int64, now time.Time) error {
	c := func(s string) string { return nguyenTraiCode + "-" + s }
	unions := make([]string, 0, len(nguyenTraiUnionGroups))
	for u := range nguyenTraiUnionGroups {
		unions = append(unions, c(u))
	}
	unitIDs := map[string]int64{}
	if err := lookupIDs(ctx, tx, "units", unions, unitIDs); err != nil {
		return err
	}
	var rows []assignment.AreaInCharge
	for _, u := range slices.Sorted(maps.Keys(nguyenTraiUnionGroups)) {
		for _, g := range nguyenTraiUnionGroups[u] {
			rows = append(rows, assignment.AreaInCharge{UnitID: unitIDs[c(u)], AreaID: areaIDs[c(g)], ValidFrom: civil.NewDate(konTumYear, time.January, 1),
				Reason: "Đảng ủy phân công đoàn thể phụ trách tổ dân phố về công tác giảm nghèo", CreatedAt: now})
		}
	}
	if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("demo Kon Tum: areas in charge: %w", err)
	}
	return nil
}

// nguyenTraiHouseholds draws the ward's poor and near-poor households of 2023.
func nguyenTraiHouseholds(areas []areaSpec, ids map[string]int64, now time.Time) []household.Household {
	r := newRand(2023, 18)
	groups := areas[3:]
	weights := make([]int, len(groups))
	for i, g := range groups {
		weights[i] = g.total
	}
	st := style{standard: poverty.Standard2022, urban: true, minority: 300}
	var rows []household.Household
	for i := range nguyenTraiPoor + nguyenTraiNear {
		class := poverty.ClassPoor
		if i >= nguyenTraiPoor {
			class = poverty.ClassNearPoor
		}
		d, g := draw(r, st, class, depthAny), pickIndex(r, weights)
		name := personName(r, centre, d.female, d.flags.Has(poverty.FlagEthnicMinority))
		rows = append(rows, household.Household{
			Code: fmt.Sprintf("NT-T%02d-%04d", g+1, i+1), HeadName: name, SearchName: household.Fold(name),
			Address: fmt.Sprintf("%d %s, %s, Phường Nguyễn Trãi", 1+r.IntN(300), nguyenTraiStreets[r.IntN(len(nguyenTraiStreets))], groups[g].name),
			AreaID:  ids[groups[g].code], Members: d.members, Urban: true, IncomeMonthly: d.income,
			Deprivations: d.deps, Causes: d.causes, Flags: d.flags, Standard: poverty.Standard2022,
			Classification: class, ClassificationYear: konTumYear, Note: note(r, d), Version: 1, CreatedAt: now, UpdatedAt: now,
		})
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].Code < rows[b].Code })
	return rows
}

// nguyenTrai001Plan is seed 001's plan: its targets, the appendix's split
// over residential groups (−1 for each of the two groups with the most poor
// households), its seven coverage targets and section III's duties.
func nguyenTrai001Plan(rows []household.Household, groupOf map[int64]string) planSpec {
	c := func(s string) string { return nguyenTraiCode + "-" + s }
	poorIn := map[string]int{}
	for _, h := range rows {
		if h.Classification == poverty.ClassPoor {
			poorIn[groupOf[h.AreaID]]++
		}
	}
	groups := make([]string, 0, len(poorIn))
	for g := range poorIn {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(i, j int) bool {
		if poorIn[groups[i]] != poorIn[groups[j]] {
			return poorIn[groups[i]] > poorIn[groups[j]]
		}
		return groups[i] < groups[j]
	})
	p := planSpec{area: nguyenTraiCode, kind: plan.KindPlan, issuer: "Ủy ban nhân dân Phường Nguyễn Trãi", issuerUnit: c("UBND"),
		number: "45/KH-UBND", issuedOn: civil.NewDate(konTumYear, time.March, 1), year: konTumYear,
		title: "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2023 trên địa bàn Phường Nguyễn Trãi",
		targets: []targetSpec{
			{kind: plan.TargetPoorReduction, households: ptrInt(2), basisPoints: ptrInt(14), note: "Giảm 0,14% so với đầu năm 2023 (giảm 02 hộ)"},
			{kind: plan.TargetPoorRemaining, households: ptrInt(6), basisPoints: ptrInt(41), note: "Đến cuối năm 2023 tỷ lệ hộ nghèo còn 0,41% (còn 6 hộ)"},
		}}
	for i, g := range groups {
		cut := 0
		if i < 2 {
			cut = 1
		}
		p.targets = append(p.targets,
			targetSpec{kind: plan.TargetPoorReduction, area: g, households: ptrInt(cut), note: "Phụ lục: chỉ tiêu giảm nghèo của tổ dân phố"},
			targetSpec{kind: plan.TargetPoorRemaining, area: g, households: ptrInt(poorIn[g] - cut)})
	}
	for _, cv := range []struct {
		indicator string
		bp        int
		note      string
	}{
		{"health_insurance", 10_000, "Duy trì 100% người nghèo, người cận nghèo được cấp thẻ BHYT"},
		{"child_schooling", 10_000, "100% hộ nghèo có trẻ em trong độ tuổi đi học được đến trường"},
		{"adequate_housing", 9_000, "90% hộ nghèo có nhà ở đảm bảo chất lượng"},
		{"clean_water", 10_000, "100% hộ nghèo được tiếp cận nguồn nước sinh hoạt hợp vệ sinh"},
		{"latrine", 9_500, "95% hộ nghèo có hố xí, nhà tiêu hợp vệ sinh"},
		{"telecom", 8_500, "85% hộ nghèo được sử dụng dịch vụ viễn thông"},
		{"information_assets", 8_500, "85% hộ nghèo có tài sản phục vụ tiếp cận thông tin"},
	} {
		p.targets = append(p.targets, targetSpec{kind: plan.TargetCoverage, indicator: cv.indicator, basisPoints: ptrInt(cv.bp), note: cv.note})
	}
	p.duties = []dutySpec{
		{title: "Tổng hợp báo cáo kết quả thực hiện công tác giảm nghèo", unit: c("VHXH"), target: plan.PerUnit, freq: plan.Quarterly,
			description: "Tham mưu UBND phường chủ trì, phối hợp các ban ngành, đoàn thể; theo dõi, kiểm tra, giám sát thực hiện chương trình."},
		{title: "Theo dõi, kiểm tra việc thực hiện các nguồn vốn của chương trình", unit: c("TCKT"), target: plan.PerUnit, freq: plan.SixMonthly,
			description: "Tham mưu bố trí nguồn kinh phí đảm bảo các hoạt động của Chương trình giảm nghèo."},
		{title: "Trợ giúp pháp lý cho người nghèo", unit: c("TPHT"), target: plan.PerUnit, freq: plan.Yearly},
		{title: "Tham mưu chính sách hỗ trợ nhà ở cho người nghèo, phối hợp Ủy ban MTTQ và các đoàn thể", unit: c("DCXD"), target: plan.PerUnit, freq: plan.Yearly},
		{title: "Tham mưu hỗ trợ xây dựng, cải tạo nhà ở cho hộ nghèo", unit: c("DCXD"), target: plan.PerHousehold, freq: plan.Yearly,
			sel: plan.Selector{Classes: []poverty.Class{poverty.ClassPoor}, Deprivation: "housing_quality"}},
		{title: "Đánh giá hộ nghèo, cận nghèo tiếp cận thông tin, viễn thông, phát thanh, truyền hình", unit: c("VHTT"), target: plan.PerHousehold,
			freq: plan.Yearly, sel: plan.Selector{Classes: poorAndNearPoor}},
		{title: "Tuyên truyền chính sách, mô hình giảm nghèo hiệu quả", unit: c("VHTT"), target: plan.PerUnit, freq: plan.SixMonthly},
		{title: "Đánh giá hộ nghèo, cận nghèo tiếp cận y tế, chăm sóc sức khỏe", unit: c("TYT"), target: plan.PerHousehold,
			freq: plan.Yearly, sel: plan.Selector{Classes: poorAndNearPoor}},
		{title: "Chính sách trợ giúp giáo dục; giải pháp chống bỏ học của học sinh nghèo", kind: unit.KindSchool, target: plan.PerUnit, freq: plan.SixMonthly,
			description: "Đánh giá hộ nghèo, hộ cận nghèo tiếp cận lĩnh vực giáo dục."},
		{title: "Tham mưu triển khai chính sách cho vay đối với hộ nghèo, hộ cận nghèo", kind: unit.KindEntrustedUnion, target: plan.PerUnit, freq: plan.Yearly},
		{title: "Giúp đỡ hộ nghèo, cận nghèo của tổ dân phố được phân công phụ trách", kind: unit.KindEntrustedUnion, target: plan.PerHousehold,
			freq: plan.Quarterly, sel: plan.Selector{Classes: poorAndNearPoor},
			description: "Mỗi đoàn thể phụ trách tổ dân phố: thăm hỏi, tư vấn, giúp đỡ từng hộ về mọi mặt, hướng dẫn hộ chủ động phát triển kinh tế."},
		{title: "Rà soát hộ nghèo, cận nghèo; dự kiến danh sách hộ thoát nghèo", kind: unit.KindResidentialGroup, target: plan.PerHousehold,
			freq: plan.Yearly, daysBefore: 92, sel: plan.Selector{Classes: poorAndNearPoor},
			description: "Tuyên truyền, vận động hộ nghèo vươn lên thoát nghèo bền vững."},
		{title: "Vận động xây dựng Quỹ Vì người nghèo; giúp đỡ hộ nghèo về tín dụng, y tế, giáo dục, nhà ở", unit: c("MTTQ"), target: plan.PerUnit, freq: plan.Yearly},
		{title: "Giám sát thực hiện chương trình giảm nghèo của phường", unit: c("MTTQ"), target: plan.PerUnit, freq: plan.SixMonthly},
	}
	return p
}

// LoadKonTum writes seed 001 in one transaction: Phường Nguyễn Trãi under
// its own root, Tỉnh Kon Tum, with its units, its poor and near-poor
// households of 2023 and its plan, expanded into tasks as of the plan's day
// of issue and lived to its end (2023 is history: every task done, the
// unions' visits recorded). It sits beside the demo ward (it shares none of
// its codes) and skips, writing nothing, when the root code 62 exists. loc
// is the configured zone (nil: Asia/Ho_Chi_Minh).
func LoadKonTum(ctx context.Context, db *bun.DB, now time.Time, loc *time.Location) (Stats, error) {
	now = now.UTC()
	if loc == nil {
		loc = demoLoc()
	}
	areas, units := nguyenTraiAreas(), nguyenTraiUnits()
	_, skipped, err := writeTree(ctx, db, now, civil.NewDate(konTumYear, time.January, 1), konTumYear, []string{konTumRootCode},
		areas, units, func(ctx context.Context, tx bun.Tx, ids map[string]int64) error {
			rows := nguyenTraiHouseholds(areas, ids, now)
			for i := range rows {
				if err := checkClass(&rows[i]); err != nil {
					return err
				}
			}
			if err := insertHouseholds(ctx, tx, now, nguyenTraiList, rows); err != nil {
				return err
			}
			groupOf := map[int64]string{}
			for _, a := range areas {
				groupOf[ids[a.code]] = a.code
			}
			if err := nguyenTraiCharges(ctx, tx, ids, now); err != nil {
				return err
			}
			id, err := loadPlan(ctx, tx, loc, now, nguyenTrai001Plan(rows, groupOf))
			if err != nil {
				return err
			}
			return liveYear(ctx, tx, loc, now, id, konTumYear)
		})
	if err != nil || skipped {
		return Stats{Skipped: skipped}, err
	}
	return Stats{Areas: len(areas), Units: len(units), Households: nguyenTraiPoor + nguyenTraiNear, Poor: nguyenTraiPoor, NearPoor: nguyenTraiNear}, nil
}
