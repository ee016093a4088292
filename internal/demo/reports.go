package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/calendar"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/report"
	"chungtay/internal/unit"
)

// demoZone is the zone of the demo's due days (the configured default).
const demoZone = "Asia/Ho_Chi_Minh"

// loadWardReports enters the reporting obligations of seed 000 ("Định kỳ
// hàng quý, sáu tháng và năm báo cáo kết quả thực hiện cho Đảng ủy, Ủy ban
// nhân dân phường"): every party cell and the poverty board report to the
// Party Committee and the People's Committee each quarter, half-year and
// year of the current year, by the 20th of the period's last month on the
// state cut-off window (Nghị định 09/2019). The reports of this year are then
// taken through the workflow so that every state shows: approved, returned
// with a reason, submitted on time and late, one overdue, drafts.
func loadWardReports(ctx context.Context, db *bun.DB, now time.Time) error {
	loc, err := time.LoadLocation(demoZone)
	if err != nil {
		return fmt.Errorf("demo reports: %w", err)
	}
	year := civil.DateOf(now, loc).Year()
	start := civil.NewDate(year, time.January, 1)
	// The ward's units existed long before this year (seed 000 is of 2018):
	// they are expected to report for every period of it. Entered then and
	// unchanged since (created_at = updated_at).
	since := time.Date(wardYear, time.January, 1, 0, 0, 0, 0, loc).UTC()
	if _, err := db.NewUpdate().Table("units").Set("created_at = ?, updated_at = ?", since, since).
		Where("code LIKE ? AND created_at > ?", wardCode+"-%", since).Exec(ctx); err != nil {
		return fmt.Errorf("demo reports: date the ward's units: %w", err)
	}
	ids := map[string]int64{}
	var rows []struct {
		ID   int64  `bun:"id"`
		Code string `bun:"code"`
	}
	if err := db.NewSelect().Table("units").Column("id", "code").Where("code LIKE ?", wardCode+"-%").Scan(ctx, &rows); err != nil {
		return fmt.Errorf("demo reports: units: %w", err)
	}
	for _, r := range rows {
		ids[r.Code] = r.ID
	}
	var wardID int64
	if err := db.NewSelect().Table("areas").Column("id").Where("code = ?", wardCode).Scan(ctx, &wardID); err != nil {
		return fmt.Errorf("demo reports: ward: %w", err)
	}
	svc := report.NewService(db, loc, calendar.New(nil, nil))
	sys := access.With(ctx, access.System())
	board := ids[wardCode+"-BGN"]
	recipients := []int64{ids[wardCode+"-DU"], ids[wardCode+"-UBND"]}
	freqs := []struct {
		f    plan.Frequency
		name string
	}{{plan.Quarterly, "quý"}, {plan.SixMonthly, "6 tháng"}, {plan.Yearly, "năm"}}
	var obligations []int64
	for _, fr := range freqs {
		for _, who := range []struct {
			name string
			unit *int64
			kind unit.Kind
		}{{"các chi bộ", nil, unit.KindPartyCell}, {"Ban Giảm nghèo bền vững", &board, ""}} {
			v, err := svc.CreateObligation(sys, now, report.ObligationInput{AreaID: wardID,
				Name:           fmt.Sprintf("Báo cáo %s kết quả thực hiện giảm nghèo bền vững (%s)", fr.name, who.name),
				ReporterUnitID: who.unit, ReporterKind: who.kind, RecipientIDs: recipients, Frequency: fr.f,
				Due: calendar.DueRule{Kind: calendar.FixedDay, Day: 20}, Window: calendar.StateCutOff, ValidFrom: start})
			if err != nil {
				return fmt.Errorf("demo reports: obligation %s, %s: %w", fr.name, who.name, err)
			}
			obligations = append(obligations, v.ID)
		}
	}
	return walkWardReports(ctx, db, svc, loc, now, obligations)
}

// Texts of the demo's reports (the four sections, a return's reason).
const (
	demoResults      = "Chi bộ đã phân công đảng viên theo dõi, giúp đỡ từng hộ nghèo, hộ cận nghèo; tổ chức thăm hỏi, vận động các hộ tham gia vay vốn Ngân hàng Chính sách xã hội và học nghề."
	demoDifficulties = "Một số hộ cận nghèo thuộc diện già yếu, neo đơn, không còn khả năng lao động; nguồn vận động xã hội hóa còn hạn chế."
	demoCauses       = "Thu nhập của hộ phụ thuộc lao động phổ thông, không ổn định; một số hộ chưa chủ động vươn lên."
	demoProposals    = "Đề nghị Ủy ban nhân dân phường tiếp tục bố trí vốn vay giải quyết việc làm và hỗ trợ thẻ bảo hiểm y tế cho hộ cận nghèo."
	demoReturnReason = "Đề nghị bổ sung số hộ được hỗ trợ vay vốn trong kỳ và nêu rõ nguyên nhân chưa thăm hết các hộ cận nghèo."
)

// walkWardReports takes this year's reports through the workflow: those
// already due are mostly approved, some late, one returned in each round, one
// left overdue; those still to come are drafts, not started or sent early.
// Party cell of Khu phố 3 (the demo leader's) keeps its coming reports open.
func walkWardReports(ctx context.Context, db *bun.DB, svc *report.Service, loc *time.Location, now time.Time, obligations []int64) error {
	var chair, leader int64
	_ = db.NewSelect().Table("users").Column("id").Where("email = ?", "bithu.p14@chungtay.local").Scan(ctx, &chair)
	_ = db.NewSelect().Table("users").Column("id").Where("email = ?", "bithu.kp3@chungtay.local").Scan(ctx, &leader)
	var reports []struct {
		ID     int64      `bun:"id"`
		DueOn  civil.Date `bun:"due_on"`
		Period string     `bun:"period"`
		Code   string     `bun:"code"`
	}
	year := civil.DateOf(now, loc).Year()
	if err := db.NewSelect().TableExpr("reports AS r").ColumnExpr("r.id, r.due_on, r.period, u.code").
		Join("JOIN units AS u ON u.id = r.unit_id").Where("r.obligation_id IN (?)", bun.In(obligations)).
		Where("r.period LIKE ?", fmt.Sprintf("%d%%", year)).OrderExpr("r.due_on, r.period, u.code").Scan(ctx, &reports); err != nil {
		return fmt.Errorf("demo reports: this year's reports: %w", err)
	}
	today := civil.DateOf(now, loc)
	kp3 := wardCode + "-CB-KP03"
	// The one report left overdue: the last one already due (a military
	// party cell's, as it happens).
	overdue := int64(0)
	for _, r := range reports {
		if r.DueOn.Before(today) && r.Code != kp3 {
			overdue = r.ID
		}
	}
	// at is a moment days after (or before) the due day, at 10:00, never later than an hour ago.
	at := func(due civil.Date, days int) time.Time {
		d := due.Time()
		t := time.Date(d.Year(), d.Month(), d.Day()+days, 10, 0, 0, 0, loc)
		if limit := now.Add(-time.Hour); t.After(limit) {
			return limit
		}
		return t
	}
	as := func(uid int64) context.Context {
		return access.With(ctx, &access.Principal{System: true, UserID: uid, Name: "demo"})
	}
	draft := report.DraftInput{Results: demoResults, Difficulties: demoDifficulties, Causes: demoCauses, Proposals: demoProposals}
	past, coming := 0, 0
	for _, r := range reports {
		writer := int64(0)
		if r.Code == kp3 {
			writer = leader
		}
		var steps []func(v int) (*report.Detail, error)
		save := func(t time.Time) func(int) (*report.Detail, error) {
			return func(v int) (*report.Detail, error) {
				in := draft
				in.Version = v
				return svc.SaveDraft(as(writer), t, r.ID, in)
			}
		}
		submit := func(t time.Time) func(int) (*report.Detail, error) {
			return func(v int) (*report.Detail, error) { return svc.Submit(as(writer), t, r.ID, v) }
		}
		approve := func(t time.Time) func(int) (*report.Detail, error) {
			return func(v int) (*report.Detail, error) { return svc.Approve(as(chair), t, r.ID, v) }
		}
		ret := func(t time.Time) func(int) (*report.Detail, error) {
			return func(v int) (*report.Detail, error) { return svc.Return(as(chair), t, r.ID, v, demoReturnReason) }
		}
		switch {
		case r.ID == overdue:
			// left as it is: not started, past its due day
		case r.DueOn.Before(today):
			switch past % 8 {
			case 0, 1, 2, 4: // approved, on time
				steps = append(steps, save(at(r.DueOn, -6)), submit(at(r.DueOn, -3)), approve(at(r.DueOn, 2)))
			case 3: // approved, sent late
				steps = append(steps, save(at(r.DueOn, 1)), submit(at(r.DueOn, 4)), approve(at(r.DueOn, 6)))
			case 5: // returned with a reason, waiting for the cell
				steps = append(steps, save(at(r.DueOn, -5)), submit(at(r.DueOn, -2)), ret(at(r.DueOn, 1)))
			case 6: // submitted late, not yet reviewed
				steps = append(steps, save(at(r.DueOn, 2)), submit(at(r.DueOn, 3)))
			case 7: // submitted on time, not yet reviewed
				steps = append(steps, save(at(r.DueOn, -2)), submit(at(r.DueOn, -1)))
			}
			past++
		case r.Code == kp3:
			// the demo leader's own reports still to write
		default:
			switch coming % 4 {
			case 1, 3: // drafts
				steps = append(steps, save(now.Add(-2*time.Hour)))
			case 2: // sent early
				steps = append(steps, save(now.Add(-3*time.Hour)), submit(now.Add(-2*time.Hour)))
			}
			coming++
		}
		version := 1
		for _, step := range steps {
			d, err := step(version)
			if err != nil {
				return fmt.Errorf("demo reports: report %d (%s, %s): %w", r.ID, r.Code, r.Period, err)
			}
			version = d.Version
		}
	}
	return nil
}
