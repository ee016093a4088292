package httpapi

import (
	"bytes"
	"context"
	"fmt"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/household/excel"

	"chungtay/internal/plan"
	"chungtay/internal/poverty"
)

type listTasksIn struct {
	Mine        bool   `query:"mine" doc:"tasks I own"`
	UnitID      int64  `query:"unit_id"`
	Status      string `query:"status" enum:"open,todo,in_progress,done,cancelled" doc:"open = to do or in progress"`
	Overdue     bool   `query:"overdue" doc:"open and due before today"`
	DueThisWeek bool   `query:"due_this_week" doc:"open and due this week (Monday to Sunday)"`
	HouseholdID int64  `query:"household_id"`
	Period      string `query:"period" maxLength:"20" doc:"e.g. 2018-Q1"`
	PlanID      int64  `query:"plan_id"`
	DutyID      int64  `query:"duty_id"`
	Page        int    `query:"page" default:"1" minimum:"1"`
	PerPage     int    `query:"per_page" default:"50" minimum:"1" maximum:"200"`
}

func (s *Server) listTasks(ctx context.Context, in *listTasksIn) (*bodyOut[*plan.TaskPage], error) {
	p, err := s.plans.ListTasks(ctx, s.d.Now(), plan.TaskFilter{Mine: in.Mine, UnitID: in.UnitID, Status: in.Status,
		Overdue: in.Overdue, DueThisWeek: in.DueThisWeek, HouseholdID: in.HouseholdID, Period: in.Period,
		PlanID: in.PlanID, DutyID: in.DutyID, Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) getTask(ctx context.Context, in *IDPath) (*bodyOut[*plan.TaskView], error) {
	v, err := s.plans.GetTask(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

type updateTaskIn struct {
	IDPath
	Body plan.TaskUpdate
}

func (s *Server) updateTask(ctx context.Context, in *updateTaskIn) (*bodyOut[*plan.TaskView], error) {
	v, err := s.plans.UpdateTask(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

type listUnvisitedIn struct {
	AreaID  int64         `query:"area_id" doc:"the area's whole subtree"`
	UnitID  int64         `query:"unit_id" doc:"households currently assigned to this unit"`
	Class   poverty.Class `query:"class" enum:"poor,near_poor,escaped,average,none"`
	Page    int           `query:"page" default:"1" minimum:"1"`
	PerPage int           `query:"per_page" default:"50" minimum:"1" maximum:"200"`
}

func (s *Server) listUnvisited(ctx context.Context, in *listUnvisitedIn) (*bodyOut[*plan.UnvisitedPage], error) {
	p, err := s.plans.Unvisited(ctx, s.d.Now(), plan.UnvisitedFilter{AreaID: in.AreaID, UnitID: in.UnitID, Class: in.Class,
		Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

type exportTasksIn struct {
	Mine        bool   `query:"mine"`
	UnitID      int64  `query:"unit_id"`
	Status      string `query:"status" enum:"open,todo,in_progress,done,cancelled"`
	Overdue     bool   `query:"overdue"`
	DueThisWeek bool   `query:"due_this_week"`
	HouseholdID int64  `query:"household_id"`
	Period      string `query:"period" maxLength:"20"`
	PlanID      int64  `query:"plan_id"`
}

// exportTasks writes the tasks the caller sees, with the list's filters, as .xlsx.
func (s *Server) exportTasks(ctx context.Context, in *exportTasksIn) (*fileOut, error) {
	f := plan.TaskFilter{Mine: in.Mine, UnitID: in.UnitID, Status: in.Status, Overdue: in.Overdue, DueThisWeek: in.DueThisWeek,
		HouseholdID: in.HouseholdID, Period: in.Period, PlanID: in.PlanID, PerPage: 200}
	first, err := s.plans.ListTasks(ctx, s.d.Now(), f) // checks the filter before anything is written
	if err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, s.d.DB, s.d.Now(), audit.Change{Action: audit.Export, Entity: "task",
		After: map[string]any{"filter": in, "rows": first.Total}}); err != nil {
		return nil, apperr.Wrap(err, "audit export")
	}
	page := 0
	next := func() ([]plan.TaskView, error) {
		page++
		if page == 1 {
			return first.Items, nil
		}
		f.Page = page
		p, err := s.plans.ListTasks(ctx, s.d.Now(), f)
		if err != nil {
			return nil, err
		}
		return p.Items, nil
	}
	var buf bytes.Buffer
	if err := excel.ExportTasks(&buf, next); err != nil {
		if _, ok := apperr.As(err); ok {
			return nil, err
		}
		return nil, apperr.Wrap(err, "export tasks")
	}
	return xlsxFile(fmt.Sprintf("cong-viec-%s.xlsx", civil.DateOf(s.d.Now(), s.d.Config.Location)), buf.Bytes()), nil
}
