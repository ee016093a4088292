package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/unit"
)

// The demo lives in the current year: the ward re-enters its resolution
// every year, so beside seed 000's plan of 2018 (all of it history by now)
// stands the plan of the year of `now`, with the year so far behind it —
// visits, support and ticked-off tasks up to today, none later — and the
// rest of the year still to do.

// currentYearNumber is the (illustrative) number of the re-entered resolution.
const currentYearNumber = "02-NQ/ĐU"

// issueDay is the day the current year's resolution is issued: 10 January,
// or today in the first days of January.
func issueDay(year int, today civil.Date) civil.Date {
	d := civil.NewDate(year, time.January, 10)
	if today.Before(d) {
		return today
	}
	return d
}

// currentYearPlan is the ward's resolution for the year of today: seed 000's
// duties, a smaller target (most of 2018's poor households have left the
// list by now), the party cells' monthly meeting (sinh hoạt chi bộ định kỳ)
// and this week's quick report before the Party Committee's briefing.
func currentYearPlan(today civil.Date) planSpec {
	year := today.Year()
	p := wardPlanOf(year, currentYearNumber, issueDay(year, today),
		targetSpec{kind: plan.TargetPoorReduction, households: ptrInt(10), basisPoints: ptrInt(9),
			note: fmt.Sprintf("Năm %d phấn đấu giảm 10 hộ nghèo (0,09%%/tổng số hộ dân); không để hộ đã thoát nghèo tái nghèo.", year)})
	monday, sunday := plan.WeekOf(today)
	if monday.Year() < year {
		monday = civil.NewDate(year, time.January, 1)
	}
	if sunday.Year() > year {
		sunday = civil.NewDate(year, time.December, 31)
	}
	dm := func(d civil.Date) string { return fmt.Sprintf("%02d/%02d", d.Time().Day(), int(d.Time().Month())) }
	p.duties = append(p.duties,
		dutySpec{title: "Sinh hoạt chi bộ định kỳ: đánh giá việc giúp đỡ hộ nghèo, cận nghèo được phân công", kind: unit.KindPartyCell,
			target: plan.PerUnit, freq: plan.Monthly,
			description: "Chi bộ sinh hoạt hằng tháng; mỗi đảng viên báo cáo tình hình các hộ mình phụ trách, chi bộ đề xuất hỗ trợ."},
		dutySpec{title: fmt.Sprintf("Báo cáo nhanh tình hình hộ nghèo, cận nghèo tuần %s – %s (giao ban Đảng ủy)", dm(monday), dm(sunday)),
			kind: unit.KindPartyCell, target: plan.PerUnit, freq: plan.Once, dueOn: sunday, validFrom: monday,
			description: "Đảng ủy giao ban đầu tuần sau: chi bộ tổng hợp nhanh khó khăn phát sinh của các hộ được phân công."},
	)
	return p
}

// loadWardPlans enters the ward's plans inside the ward's transaction: seed
// 000's plan of 2018 and, when today is in a later year, the plan of this
// year; each is lived up to today.
func loadWardPlans(ctx context.Context, tx bun.IDB, loc *time.Location, now time.Time) error {
	today := civil.DateOf(now, loc)
	id, err := loadPlan(ctx, tx, loc, now, ward000Plan())
	if err != nil {
		return err
	}
	if err := liveYear(ctx, tx, loc, now, id, wardYear); err != nil {
		return err
	}
	if today.Year() <= wardYear {
		return nil
	}
	if id, err = loadPlan(ctx, tx, loc, now, currentYearPlan(today)); err != nil {
		return err
	}
	return liveYear(ctx, tx, loc, now, id, today.Year())
}
