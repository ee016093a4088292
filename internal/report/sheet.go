package report

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/apperr"
	"chungtay/internal/plan"
	"chungtay/internal/support"
)

// XLSX writes a report's figures as a spreadsheet: who reports, the period
// and window, the headline figures and the support by type and source — the
// same numbers as the document, for a recipient who adds them up.
func (s *Service) XLSX(ctx context.Context, now time.Time, id int64) ([]byte, string, error) {
	d, err := s.Get(ctx, now, id)
	if err != nil {
		return nil, "", err
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Báo cáo"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, "", apperr.Wrap(err, "report sheet")
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	num, _ := f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	fig := d.Figures
	rows := [][]any{
		{"Báo cáo", d.ObligationName},
		{"Đơn vị báo cáo", d.UnitName},
		{"Kỳ báo cáo", plan.PeriodLabel(d.Period, "vi")},
		{"Số liệu từ ngày", d.WindowFrom.VN()},
		{"Đến ngày", d.WindowTo.VN()},
		{"Hạn nộp", d.DueOn.VN()},
		{"Trạng thái", statusLabel(d.Status)},
		{},
		{"Chỉ tiêu", "Số liệu"},
		{"Số hộ thuộc diện phụ trách", fig.Households},
		{"Hộ nghèo đầu kỳ", fig.Poor.Start},
		{"Hộ nghèo phát sinh mới", fig.Poor.New},
		{"Hộ tái nghèo", fig.Poor.Refallen},
		{"Hộ thoát nghèo", fig.Poor.Escaped},
		{"Hộ nghèo cuối kỳ", fig.Poor.End},
		{"Hộ cận nghèo đầu kỳ", fig.NearPoor.Start},
		{"Hộ cận nghèo phát sinh mới", fig.NearPoor.New},
		{"Hộ tái cận nghèo", fig.NearPoor.Refallen},
		{"Hộ thoát cận nghèo", fig.NearPoor.Escaped},
		{"Hộ cận nghèo cuối kỳ", fig.NearPoor.End},
		{"Số hộ được hỗ trợ", fig.HouseholdsHelped},
		{"Tổng giá trị hỗ trợ (đồng)", fig.SupportVND},
		{"Số lượt thăm hỏi", fig.Visits},
		{"Số hộ được thăm", fig.HouseholdsVisited},
		{"Công việc đến hạn", fig.TasksDue},
		{"Công việc đã hoàn thành", fig.TasksDone},
		{"Công việc quá hạn", fig.TasksOverdue},
		{},
		{"Hình thức hỗ trợ", "Nguồn kinh phí", "Số lượt", "Giá trị (đồng)"},
	}
	for _, l := range fig.Support {
		rows = append(rows, []any{label(support.Types, l.Type), label(support.FundingSources, l.Source), l.Count, l.VND})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return nil, "", apperr.Wrap(err, "report sheet row")
		}
	}
	_ = f.SetCellStyle(sheet, "A9", "B9", bold)
	_ = f.SetCellStyle(sheet, "A29", "D29", bold)
	_ = f.SetCellStyle(sheet, "B10", "B27", num)
	_ = f.SetCellStyle(sheet, "C30", fmt.Sprintf("D%d", 30+len(fig.Support)), num)
	_ = f.SetColWidth(sheet, "A", "A", 42)
	_ = f.SetColWidth(sheet, "B", "D", 22)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, "", apperr.Wrap(err, "report xlsx")
	}
	return buf.Bytes(), fmt.Sprintf("so-lieu-bao-cao-%s-%d.xlsx", d.Period, d.ID), nil
}

// statusLabel names a report's state (GLOSSARY).
func statusLabel(st Status) string {
	switch st {
	case NotStarted:
		return "Chưa làm"
	case Draft:
		return "Bản nháp"
	case Submitted:
		return "Đã nộp"
	case Returned:
		return "Trả lại"
	case Approved:
		return "Đã duyệt"
	}
	return "Không còn phải nộp"
}
