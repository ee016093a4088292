package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/poverty"
	"chungtay/internal/unit"
)

// planSpec is a demo plan; areas and units are named by code.
type planSpec struct {
	area, issuer, issuerUnit, number, title string
	kind                                    plan.Kind
	issuedOn                                civil.Date
	year                                    int
	targets                                 []targetSpec
	duties                                  []dutySpec
}

// targetSpec is a target of a demo plan; area "" is the plan's area.
type targetSpec struct {
	kind                    plan.TargetKind
	area, indicator, note   string
	households, basisPoints *int
}

// dutySpec is a duty of a demo plan: unit (a code), or every unit of kind.
type dutySpec struct {
	title, description, unit string
	kind                     unit.Kind
	target                   plan.DutyTarget
	sel                      plan.Selector
	freq                     plan.Frequency
	daysBefore               int
	dueOn                    civil.Date
	visit                    bool       // a visit completes the task (closes_on_visit)
	validFrom                civil.Date // zero: 1 January of the plan's year
}

func ptrInt(n int) *int { return &n }

// poorAndNearPoor selects the poor and near-poor households (hộ nghèo, hộ cận nghèo).
var poorAndNearPoor = []poverty.Class{poverty.ClassPoor, poverty.ClassNearPoor}

// ward000Plan is section III ("Tổ chức thực hiện") of seed 000, the 2018
// resolution of the Party Committee of Phường 14. The number and the day of
// issue are illustrative (the seed leaves them out), and so is the health
// station's duty, which carries out section II.3 (access to health care).
func ward000Plan() planSpec {
	return wardPlanOf(wardYear, "05-NQ/ĐU", civil.NewDate(wardYear, time.January, 15),
		targetSpec{kind: plan.TargetPoorReduction, households: ptrInt(35), basisPoints: ptrInt(31),
			note: "Năm 2018 phấn đấu giảm 0,31%/tổng số hộ dân (giảm 35 hộ nghèo); đến năm 2019 cơ bản không còn hộ nghèo theo tiêu chí của Thành phố."})
}

// wardPlanOf is the ward's resolution for year: the duties of seed 000's
// section III, as the Party Committee re-enters them every year.
func wardPlanOf(year int, number string, issuedOn civil.Date, target targetSpec) planSpec {
	c := func(s string) string { return wardCode + "-" + s }
	reports := "Định kỳ hàng quý, sáu tháng và năm báo cáo kết quả thực hiện cho Đảng ủy, Ủy ban nhân dân phường."
	p := planSpec{area: wardCode, kind: plan.KindResolution, issuer: "Đảng ủy Phường 14", issuerUnit: c("DU"),
		number: number, issuedOn: issuedOn, year: year,
		title:   fmt.Sprintf("Nghị quyết về lãnh đạo thực hiện Chương trình giảm nghèo bền vững trên địa bàn Phường 14 năm %d", year),
		targets: []targetSpec{target},
		duties: []dutySpec{
			{title: fmt.Sprintf("Chỉ đạo xây dựng kế hoạch giảm nghèo bền vững năm %d", year), unit: c("UBND"), target: plan.PerUnit, freq: plan.Once,
				dueOn:       civil.NewDate(year, time.February, 28),
				description: fmt.Sprintf("Chỉ đạo Ban Giảm nghèo bền vững phường xây dựng kế hoạch tổ chức triển khai thực hiện chương trình năm %d; phân công từng thành viên Ban Giảm nghèo phụ trách từng khu phố.", year)},
			{title: "Tham mưu danh sách hộ nghèo phân giao các chi bộ, đoàn thể hỗ trợ", unit: c("UBND"), target: plan.PerUnit, freq: plan.Once,
				dueOn:       civil.NewDate(year, time.January, 31),
				description: "Tham mưu danh sách hộ nghèo phân giao các chi bộ trực thuộc, đoàn thể chính trị – xã hội phường hỗ trợ, giúp đỡ theo tinh thần Thông tri 12-TT/QU."},
			{title: "Khảo sát, thống kê hộ nghèo, hộ cận nghèo; xác định hộ dự kiến thoát nghèo", unit: c("BGN"), target: plan.PerHousehold,
				sel: plan.Selector{Classes: poorAndNearPoor}, freq: plan.Yearly, daysBefore: 61,
				description: "Xác định cụ thể các hộ nghèo, hộ cận nghèo dự kiến nâng chuẩn đưa ra khỏi chương trình; liên hệ Tổ tự quản giảm nghèo khu phố."},
			{title: "Báo cáo quý kết quả giảm nghèo cho Đảng ủy, UBND phường", unit: c("BGN"), target: plan.PerUnit, freq: plan.Quarterly, description: reports},
			{title: "Báo cáo sáu tháng kết quả giảm nghèo cho Đảng ủy, UBND phường", unit: c("BGN"), target: plan.PerUnit, freq: plan.SixMonthly, description: reports},
			{title: "Báo cáo năm kết quả giảm nghèo cho Đảng ủy, UBND phường", unit: c("BGN"), target: plan.PerUnit, freq: plan.Yearly, daysBefore: 16, description: reports},
			{title: "Giám sát thực hiện chương trình giảm nghèo bền vững", unit: c("MTTQ"), target: plan.PerUnit, freq: plan.SixMonthly,
				description: "Giám sát chương trình do Ủy ban nhân dân phường, Ban Giảm nghèo phường thực hiện."},
			{title: "Vận động nguồn lực xã hội, Quỹ Vì người nghèo; nhà tình thương, sửa chữa chống dột", unit: c("MTTQ"), target: plan.PerUnit, freq: plan.Yearly,
				description: "Vận động các tổ chức, cá nhân, doanh nghiệp cùng chung tay hỗ trợ; sử dụng có hiệu quả Quỹ Vì người nghèo."},
			{title: visitDutyTitle, kind: unit.KindPartyCell, target: plan.PerHousehold,
				sel: plan.Selector{Classes: poorAndNearPoor, AssignedToUnit: true}, freq: plan.Quarterly, visit: true,
				description: "Chi bộ khu phố: quan tâm hỗ trợ, giúp đỡ hộ nghèo theo phân công của Đảng ủy phường; phân công đảng viên trực tiếp phụ trách (Quy định 1043-QĐ/TU)."},
			{title: "Hỗ trợ hộ thiếu hụt bảo hiểm y tế được cấp thẻ BHYT", unit: c("TYT"), target: plan.PerHousehold,
				sel: plan.Selector{Classes: poorAndNearPoor, Deprivation: "health_insurance"}, freq: plan.Yearly, daysBefore: 184,
				description: "Giúp hộ nghèo, hộ cận nghèo tăng khả năng tiếp cận dịch vụ y tế (mục II.3 của Nghị quyết)."},
		},
	}
	for _, u := range []string{"HLHPN", "HCCB", "DTN", "HCTD", "CD"} {
		p.duties = append(p.duties, dutySpec{title: fmt.Sprintf("Rà soát hội viên, đoàn viên thuộc diện giảm nghèo; hỗ trợ để cuối năm %d không còn hội viên thuộc hộ nghèo", year),
			unit: c(u), target: plan.PerUnit, freq: plan.Yearly,
			description: "Thống kê lại số hội viên – đoàn viên, gia đình hội viên – đoàn viên thuộc diện giảm nghèo để có kế hoạch hỗ trợ hiệu quả nhất."})
	}
	for _, u := range []string{"CB-THCS", "CB-TH", "CB-CQ", "CB-CA", "CB-QS"} {
		p.duties = append(p.duties, dutySpec{title: "Nhận hỗ trợ, giúp đỡ hộ nghèo theo phân công của UBND phường, Ban Giảm nghèo",
			unit: c(u), target: plan.PerUnit, freq: plan.Yearly, description: "Chi bộ trường học, cơ quan: báo cáo kết quả nhận hỗ trợ, giúp đỡ hộ nghèo."})
	}
	return p
}

// visitDutyTitle is the party cells' quarterly visit of each household in their charge.
const visitDutyTitle = "Thăm hỏi, hỗ trợ, giúp đỡ hộ nghèo, cận nghèo được phân công"

// demoLoc is the programme's time zone (Vietnam has kept UTC+7 since 1975),
// used when the caller passes none.
func demoLoc() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*60*60)
}

// loadPlan enters a demo plan inside tx through the plan service, as the
// system on the plan's day of issue (at 8 o'clock, or now when issued today
// before then): the plan, its targets and its duties, each duty expanded
// into tasks as of that day. It returns the plan's id.
func loadPlan(ctx context.Context, tx bun.IDB, loc *time.Location, now time.Time, spec planSpec) (int64, error) {
	at := time.Date(spec.issuedOn.Year(), spec.issuedOn.Time().Month(), spec.issuedOn.Time().Day(), 8, 0, 0, 0, loc)
	if today := civil.DateOf(now, loc); at.After(now) && !today.Before(spec.issuedOn) && !today.After(spec.issuedOn) {
		at = now
	}
	ctx = access.With(ctx, access.System())
	areas, units := map[string]int64{}, map[string]int64{}
	areaCodes, unitCodes := []string{spec.area}, []string{spec.issuerUnit}
	for _, t := range spec.targets {
		if t.area != "" {
			areaCodes = append(areaCodes, t.area)
		}
	}
	for _, d := range spec.duties {
		if d.unit != "" {
			unitCodes = append(unitCodes, d.unit)
		}
	}
	if err := lookupIDs(ctx, tx, "areas", areaCodes, areas); err != nil {
		return 0, err
	}
	if err := lookupIDs(ctx, tx, "units", unitCodes, units); err != nil {
		return 0, err
	}
	for _, code := range unitCodes {
		if units[code] == 0 {
			return 0, fmt.Errorf("demo plan %s: no unit %s", spec.number, code)
		}
	}
	svc := plan.NewService(tx, loc)
	issuer := units[spec.issuerUnit]
	p, err := svc.Create(ctx, at, plan.Input{AreaID: areas[spec.area], Kind: spec.kind, Issuer: spec.issuer, IssuerUnitID: &issuer,
		Number: spec.number, IssuedOn: spec.issuedOn, Year: spec.year, Title: spec.title})
	if err != nil {
		return 0, fmt.Errorf("demo plan %s: %w", spec.number, err)
	}
	targets := make([]plan.TargetInput, len(spec.targets))
	for i, t := range spec.targets {
		targets[i] = plan.TargetInput{Kind: t.kind, AreaID: areas[t.area], Indicator: t.indicator, Households: t.households,
			BasisPoints: t.basisPoints, Note: t.note}
	}
	if _, err := svc.SetTargets(ctx, at, p.ID, p.Version, targets); err != nil {
		return 0, fmt.Errorf("demo plan %s: targets: %w", spec.number, err)
	}
	for _, d := range spec.duties {
		in := plan.DutyInput{Title: d.title, Description: d.description, UnitKind: d.kind, Target: d.target, Selector: d.sel,
			Frequency: d.freq, DueDaysBeforeEnd: d.daysBefore, DueOn: d.dueOn, ValidFrom: d.validFrom, ClosesOnVisit: d.visit}
		if in.ValidFrom.IsZero() {
			in.ValidFrom = civil.NewDate(spec.year, time.January, 1)
		}
		if d.unit != "" {
			id := units[d.unit]
			in.UnitID = &id
		}
		if _, err := svc.AddDuty(ctx, at, p.ID, in); err != nil {
			return 0, fmt.Errorf("demo plan %s: duty %q: %w", spec.number, d.title, err)
		}
	}
	return p.ID, nil
}
