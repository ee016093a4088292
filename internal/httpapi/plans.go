package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/plan"
)

// planRoutes registers the plans, their targets and duties, the expansion,
// the task lists and "households not visited this quarter".
func (s *Server) planRoutes() {
	api := s.API
	huma.Register(api, op("list-plans", http.MethodGet, "/api/v1/plans", "Plans", "List resolutions and plans in sight"), s.listPlans)
	huma.Register(api, created(op("create-plan", http.MethodPost, "/api/v1/plans", "Plans", "Enter a resolution or plan")), s.createPlan)
	huma.Register(api, op("get-plan", http.MethodGet, "/api/v1/plans/{id}", "Plans", "A plan with its targets and duties (tasks counted)"), s.getPlan)
	huma.Register(api, op("update-plan", http.MethodPut, "/api/v1/plans/{id}", "Plans", "Change a plan (optimistic concurrency by version)"), s.updatePlan)
	huma.Register(api, op("archive-plan", http.MethodPost, "/api/v1/plans/{id}/archive", "Plans", "Archive a plan; its open tasks are closed"), s.archivePlan)
	huma.Register(api, op("set-plan-targets", http.MethodPut, "/api/v1/plans/{id}/targets", "Plans", "Replace all targets of a plan (by the plan's version)"), s.setPlanTargets)
	huma.Register(api, created(op("add-duty", http.MethodPost, "/api/v1/plans/{id}/duties", "Plans", "Add a duty to a plan and expand the plan")), s.addDuty)
	huma.Register(api, op("update-duty", http.MethodPut, "/api/v1/plans/{id}/duties/{dutyId}", "Plans", "Change a duty and expand the plan again"), s.updateDuty)
	huma.Register(api, op("expand-plan", http.MethodPost, "/api/v1/plans/{id}/expand", "Plans", "Expand the plan's duties into tasks as of today (idempotent)"), s.expandPlan)

	huma.Register(api, op("list-tasks", http.MethodGet, "/api/v1/tasks", "Tasks", "Task lists: mine, a unit's, overdue, due this week…"), s.listTasks)
	huma.Register(api, op("get-task", http.MethodGet, "/api/v1/tasks/{id}", "Tasks", "A task"), s.getTask)
	huma.Register(api, op("update-task", http.MethodPut, "/api/v1/tasks/{id}", "Tasks", "Change a task's status and note (optimistic concurrency by version)"), s.updateTask)
	huma.Register(api, op("list-unvisited-households", http.MethodGet, "/api/v1/unvisited-households", "Tasks", "Households in sight not visited this quarter"), s.listUnvisited)
}

type listPlansIn struct {
	AreaID   int64 `query:"area_id" doc:"plans of this area's whole subtree"`
	Year     int   `query:"year"`
	Archived bool  `query:"archived"`
}

// plansOut is the plan list (its own type: itemsOut[plan.View] would take
// the schema name of itemsOut[assignment.View]).
type plansOut struct {
	Body struct {
		Items []plan.View `json:"items"`
	}
}

func (s *Server) listPlans(ctx context.Context, in *listPlansIn) (*plansOut, error) {
	items, err := s.plans.List(ctx, plan.ListFilter{AreaID: in.AreaID, Year: in.Year, Archived: in.Archived})
	if err != nil {
		return nil, err
	}
	o := &plansOut{}
	o.Body.Items = items
	return o, nil
}

func (s *Server) createPlan(ctx context.Context, in *struct{ Body plan.Input }) (*bodyOut[*plan.Plan], error) {
	p, err := s.plans.Create(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) getPlan(ctx context.Context, in *IDPath) (*bodyOut[*plan.Detail], error) {
	d, err := s.plans.Get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return out(d), nil
}

type updatePlanIn struct {
	IDPath
	Body struct {
		Version int `json:"version" doc:"the version you read; a stale one gets 409"`
		plan.Input
	}
}

func (s *Server) updatePlan(ctx context.Context, in *updatePlanIn) (*bodyOut[*plan.Plan], error) {
	p, err := s.plans.Update(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Input)
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) archivePlan(ctx context.Context, in *versionIn) (*bodyOut[*plan.Plan], error) {
	p, err := s.plans.Archive(ctx, s.d.Now(), in.ID, in.Body.Version)
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

type setTargetsIn struct {
	IDPath
	Body struct {
		Version int                `json:"version" doc:"the plan's version you read"`
		Targets []plan.TargetInput `json:"targets" maxItems:"500"`
	}
}

func (s *Server) setPlanTargets(ctx context.Context, in *setTargetsIn) (*bodyOut[*plan.Detail], error) {
	d, err := s.plans.SetTargets(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Targets)
	if err != nil {
		return nil, err
	}
	return out(d), nil
}

type addDutyIn struct {
	IDPath
	Body plan.DutyInput
}

func (s *Server) addDuty(ctx context.Context, in *addDutyIn) (*bodyOut[*plan.DutyResult], error) {
	r, err := s.plans.AddDuty(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(r), nil
}

type updateDutyIn struct {
	IDPath
	DutyID int64 `path:"dutyId" minimum:"1"`
	Body   struct {
		Version int `json:"version" doc:"the duty's version you read"`
		plan.DutyInput
	}
}

func (s *Server) updateDuty(ctx context.Context, in *updateDutyIn) (*bodyOut[*plan.DutyResult], error) {
	r, err := s.plans.UpdateDuty(ctx, s.d.Now(), in.ID, in.DutyID, in.Body.Version, in.Body.DutyInput)
	if err != nil {
		return nil, err
	}
	return out(r), nil
}

func (s *Server) expandPlan(ctx context.Context, in *IDPath) (*bodyOut[*plan.Summary], error) {
	sum, err := s.plans.Expand(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	return out(sum), nil
}
