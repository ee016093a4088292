package httpapi

import (
	"context"

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
