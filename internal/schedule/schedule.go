// Package schedule runs Chung Tay's scheduled jobs (robfig/cron) in the
// configured time zone, safely across several instances and restarts.
//
// Cron only wakes the scheduler up; what runs is decided by RunDue from the
// database. Each job has a cron spec, and the moment it was due (its slot) is
// claimed with a row in job_runs, unique on (job, slot), before the job runs:
// of several instances woken at once, only the one whose insert succeeds runs
// it. At start, RunDue looks back for the job's latest slot: if no instance
// claimed it (the server was down at 01:30), it runs now — catch-up. A job
// must therefore be safe to run late, and its effects safe to decide twice
// (plan expansion is: its tasks have unique keys).
//
// A failed or panicking run is recorded (outcome "error", with the detail)
// and logged; the next slot tries again. A run whose instance died has no
// finished_at and is not retried.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/uptrace/bun"
)

// lookBack is how far RunDue looks for a job's latest slot (catch-up after a
// week-long outage runs the job once, not once per missed day).
const lookBack = 7 * 24 * time.Hour

// Job is one scheduled piece of work.
type Job struct {
	Name string // stable: it keys job_runs
	Spec string // standard cron spec (minute hour day month weekday), in the scheduler's location
	// Run does the work as of now (the moment it started, not the slot).
	Run func(ctx context.Context, now time.Time) error
}

// Run is one row of job_runs.
type Run struct {
	bun.BaseModel `bun:"table:job_runs"`

	ID         int64     `bun:"id,pk,autoincrement" json:"id"`
	Job        string    `bun:"job,notnull" json:"job"`
	Slot       time.Time `bun:"slot,notnull" json:"slot"`
	Instance   string    `bun:"instance,notnull" json:"instance"`
	StartedAt  time.Time `bun:"started_at,notnull" json:"started_at"`
	FinishedAt time.Time `bun:"finished_at,nullzero" json:"finished_at"`
	Outcome    string    `bun:"outcome,notnull" json:"outcome" enum:",ok,error"`
	Detail     string    `bun:"detail,notnull" json:"detail"`
}

// The outcomes of a run; empty while it runs.
const (
	OutcomeOK    = "ok"
	OutcomeError = "error"
)

type entry struct {
	Job
	sched cron.Schedule
}

// Scheduler holds the jobs and runs them when due.
type Scheduler struct {
	db       bun.IDB
	loc      *time.Location
	log      *slog.Logger
	now      func() time.Time
	instance string

	mu   sync.Mutex // serialises RunDue within this instance
	jobs []entry
	cron *cron.Cron
	wg   sync.WaitGroup // the catch-up at start
}

// New returns a scheduler for jobs in loc; instance names this process in
// job_runs (host and pid, say) and now is the clock.
func New(db bun.IDB, loc *time.Location, log *slog.Logger, instance string, now func() time.Time) *Scheduler {
	return &Scheduler{db: db, loc: loc, log: log, now: now, instance: instance}
}

// Parse checks a cron spec: five fields, or a descriptor such as @daily.
// "@every" is refused: its times depend on when each instance started, so
// instances would not agree on the slots.
func Parse(spec string) (cron.Schedule, error) {
	if strings.HasPrefix(strings.TrimSpace(spec), "@every") {
		return nil, errors.New("@every is not allowed: give times of day, e.g. \"30 1 * * *\"")
	}
	return cron.ParseStandard(spec)
}

// Add registers a job; its spec must parse.
func (s *Scheduler) Add(j Job) error {
	sched, err := Parse(j.Spec)
	if err != nil {
		return fmt.Errorf("schedule: job %s: spec %q: %w", j.Name, j.Spec, err)
	}
	s.jobs = append(s.jobs, entry{j, sched})
	return nil
}

// Jobs lists the registered jobs' names and specs.
func (s *Scheduler) Jobs() []Job {
	out := make([]Job, len(s.jobs))
	for i, e := range s.jobs {
		out[i] = Job{Name: e.Name, Spec: e.Spec}
	}
	return out
}

// Start runs what is due now (catch-up, in the background so that the
// server starts at once), then wakes at each job's times until Stop.
func (s *Scheduler) Start(ctx context.Context) {
	s.cron = cron.New(cron.WithLocation(s.loc), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger), cron.Recover(cron.DiscardLogger)))
	for _, e := range s.jobs {
		s.cron.Schedule(e.sched, cron.FuncJob(func() { s.RunDue(ctx, s.now()) }))
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.RunDue(ctx, s.now())
	}()
	s.cron.Start()
}

// Stop stops waking up and waits for a running job to finish (or ctx to end).
func (s *Scheduler) Stop(ctx context.Context) {
	if s.cron == nil {
		return
	}
	stopped := make(chan struct{})
	go func() {
		<-s.cron.Stop().Done()
		s.wg.Wait()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-ctx.Done():
	}
}

// Next returns when each job is next due after now.
func (s *Scheduler) Next(now time.Time) map[string]time.Time {
	out := make(map[string]time.Time, len(s.jobs))
	for _, e := range s.jobs {
		out[e.Name] = e.sched.Next(now.In(s.loc))
	}
	return out
}

// RunDue runs, one after the other, every job whose latest slot at or before
// now has not been claimed yet, and returns the runs it made.
func (s *Scheduler) RunDue(ctx context.Context, now time.Time) []Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Run
	for _, e := range s.jobs {
		slot, ok := latestSlot(e.sched, now.In(s.loc))
		if !ok {
			continue
		}
		r, claimed, err := s.claim(ctx, e.Name, slot, now)
		if err != nil {
			s.log.Error("schedule: claim", "job", e.Name, "slot", slot, "err", err)
			continue
		}
		if !claimed {
			continue
		}
		s.run(ctx, e, r, now)
		out = append(out, *r)
	}
	return out
}

// latestSlot is the latest time at or before now that sched fires, within lookBack.
func latestSlot(sched cron.Schedule, now time.Time) (time.Time, bool) {
	var last time.Time
	for t := sched.Next(now.Add(-lookBack)); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		last = t
	}
	return last, !last.IsZero()
}

// claim inserts the run of job for slot; claimed is false when another
// instance (or an earlier start) has it already.
func (s *Scheduler) claim(ctx context.Context, job string, slot, now time.Time) (*Run, bool, error) {
	r := &Run{Job: job, Slot: slot.UTC(), Instance: s.instance, StartedAt: now.UTC()}
	res, err := s.db.NewInsert().Model(r).On("CONFLICT (job, slot) DO NOTHING").Exec(ctx)
	if err != nil {
		return nil, false, err
	}
	n, err := res.RowsAffected() // with RETURNING id on both engines: 0 when another has the slot
	if err != nil || n == 0 {
		return nil, false, err
	}
	return r, true, nil
}

// run runs e, catching a panic, and records how it ended.
func (s *Scheduler) run(ctx context.Context, e entry, r *Run, now time.Time) {
	start := time.Now()
	err := func() (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			}
		}()
		return e.Run(ctx, now)
	}()
	r.Outcome, r.FinishedAt = OutcomeOK, s.now().UTC()
	if err != nil {
		r.Outcome, r.Detail = OutcomeError, err.Error()
		s.log.Error("schedule: job failed", "job", e.Name, "slot", r.Slot, "err", err)
	} else {
		s.log.Info("schedule: job done", "job", e.Name, "slot", r.Slot, "took", time.Since(start).Round(time.Millisecond))
	}
	// Recorded even if ctx ended meanwhile (a shutdown during the run).
	if _, uerr := s.db.NewUpdate().Model(r).Column("finished_at", "outcome", "detail").WherePK().Exec(context.WithoutCancel(ctx)); uerr != nil {
		s.log.Error("schedule: record run", "job", e.Name, "err", uerr)
	}
}

// Recent returns the latest runs, newest first (the operator's view).
func Recent(ctx context.Context, db bun.IDB, limit int64) ([]Run, error) {
	out := []Run{}
	err := db.NewSelect().Model(&out).Order("started_at DESC", "id DESC").Limit(limit).Scan(ctx)
	return out, err
}
