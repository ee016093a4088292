package excel

import (
	"io"

	"github.com/xuri/excelize/v2"

	"chungtay/internal/plan"
)

// TaskSheet is the sheet of a task export (công việc; "Nhiệm vụ" is the
// plan's duty each task comes from, a column of the sheet).
const TaskSheet = "Công việc"

var taskHeaders = []string{"Kế hoạch", "Nhiệm vụ", "Đơn vị phụ trách", "Người phụ trách", "Mã hộ", "Chủ hộ",
	"Kỳ", "Hạn", "Trạng thái", "Quá hạn", "Ghi chú"}

var taskStatusVI = map[plan.Status]string{
	plan.StatusTodo: "Chưa làm", plan.StatusInProgress: "Đang làm", plan.StatusDone: "Đã xong", plan.StatusCancelled: "Đã hủy",
}

// ExportTasks writes tasks page by page with the stream writer: next returns
// the following page, or an empty one at the end.
func ExportTasks(w io.Writer, next func() ([]plan.TaskView, error)) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TaskSheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(TaskSheet)
	if err != nil {
		return err
	}
	header := make([]any, len(taskHeaders))
	for i, h := range taskHeaders {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	row := 2
	for {
		page, err := next()
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, t := range page {
			overdue := ""
			if t.Overdue {
				overdue = "x"
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			err := sw.SetRow(cell, []any{t.PlanTitle, t.DutyTitle, t.UnitName, t.UserName, t.HouseholdCode, t.HouseholdHeadName,
				plan.PeriodLabel(t.Period, "vi"), t.DueOn.VN(), taskStatusVI[t.Status], overdue, t.Note})
			if err != nil {
				return err
			}
			row++
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
