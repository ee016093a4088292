package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/civil"
	"chungtay/internal/config"
	"chungtay/internal/plan"
	"chungtay/internal/report"
	"chungtay/internal/schedule"
)

// newScheduler registers the scheduled jobs that the configuration turns on.
//
//   - plans.expand (jobs.expand_plans, nightly): every plan of the current
//     year expanded again as of now, so that tasks follow the register —
//     households that became poor, escaped, moved or were reassigned, units
//     put in or out of charge of an area — without anyone pressing a button.
//   - reports.ensure (jobs.ensure_reports, nightly): the periodic reports of
//     every obligation in force created ahead up to the end of the year, and
//     those of units archived before a period ended withdrawn.
func newScheduler(cfg *config.Config, db *bun.DB, log *slog.Logger) (*schedule.Scheduler, error) {
	host, _ := os.Hostname()
	s := schedule.New(db, cfg.Location, log, fmt.Sprintf("%s/%d", host, os.Getpid()), time.Now)
	if cfg.Jobs.ExpandPlans != "off" {
		plans := plan.NewService(db, cfg.Location)
		err := s.Add(schedule.Job{Name: "plans.expand", Spec: cfg.Jobs.ExpandPlans, Run: func(ctx context.Context, now time.Time) error {
			today := civil.DateOf(now, cfg.Location)
			sums, err := plans.ExpandYear(access.With(ctx, access.SystemOn(today)), now, today.Year())
			created, closed := 0, 0
			for _, s := range sums {
				created, closed = created+s.Created, closed+s.Closed
			}
			log.Info("plans expanded", "plans", len(sums), "created", created, "closed", closed)
			return err
		}})
		if err != nil {
			return nil, err
		}
	}
	if cfg.Jobs.EnsureReports != "off" {
		reports := report.NewService(db, cfg.Location, cfg.WorkingCalendar())
		err := s.Add(schedule.Job{Name: "reports.ensure", Spec: cfg.Jobs.EnsureReports, Run: func(ctx context.Context, now time.Time) error {
			done, err := reports.EnsureAll(access.With(ctx, access.SystemOn(civil.DateOf(now, cfg.Location))), now)
			log.Info("reports ensured", "created", done.Created, "updated", done.Updated, "withdrawn", done.Withdrawn, "restored", done.Restored)
			return err
		}})
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}
