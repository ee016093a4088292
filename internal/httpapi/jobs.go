package httpapi

import (
	"context"
	"time"

	"chungtay/internal/apperr"
	"chungtay/internal/schedule"
)

// jobInfo is one scheduled job as the operator sees it.
type jobInfo struct {
	Name   string    `json:"name"`
	Spec   string    `json:"spec" doc:"cron spec, in the server's time zone"`
	NextAt time.Time `json:"next_at"`
}

type jobsOut struct {
	Body struct {
		Timezone string         `json:"timezone"`
		Jobs     []jobInfo      `json:"jobs"`
		Runs     []schedule.Run `json:"runs" doc:"the latest 50 runs of any instance, newest first; outcome is empty while a run is under way"`
	}
}

func (s *Server) listJobs(ctx context.Context, _ *struct{}) (*jobsOut, error) {
	o := &jobsOut{}
	o.Body.Timezone = s.d.Config.Timezone
	o.Body.Jobs = []jobInfo{}
	if s.d.Jobs != nil {
		next := s.d.Jobs.Next(s.d.Now())
		for _, j := range s.d.Jobs.Jobs() {
			o.Body.Jobs = append(o.Body.Jobs, jobInfo{Name: j.Name, Spec: j.Spec, NextAt: next[j.Name]})
		}
	}
	runs, err := schedule.Recent(ctx, s.d.DB, 50)
	if err != nil {
		return nil, apperr.Wrap(err, "job runs")
	}
	o.Body.Runs = runs
	return o, nil
}
