package schedule_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/schedule"
	"chungtay/internal/testenv"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// local is a moment of April 2018 in Hồ Chí Minh City.
func local(day, hour, minute int) time.Time {
	return time.Date(2018, time.April, day, hour, minute, 0, 0, testenv.Loc)
}

// counter is a job that counts its runs and remembers the moments it ran as of.
type counter struct {
	n    atomic.Int32
	mu   sync.Mutex
	nows []time.Time
}

func (c *counter) run(_ context.Context, now time.Time) error {
	c.n.Add(1)
	c.mu.Lock()
	c.nows = append(c.nows, now)
	c.mu.Unlock()
	return nil
}

func newScheduler(t *testing.T, db *bun.DB, instance string, jobs ...schedule.Job) *schedule.Scheduler {
	t.Helper()
	s := schedule.New(db, testenv.Loc, quiet, instance, time.Now)
	for _, j := range jobs {
		if err := s.Add(j); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func runsOf(t *testing.T, db *bun.DB) []schedule.Run {
	t.Helper()
	runs, err := schedule.Recent(context.Background(), db, 100)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// A nightly job runs once per night, at its time in the configured zone, and
// a start after a missed night catches up once.
func TestRunDue(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx := context.Background()
		var c counter
		s := newScheduler(t, db, "a", schedule.Job{Name: "plans.expand", Spec: "30 1 * * *", Run: c.run})

		if runs := s.RunDue(ctx, local(2, 1, 30)); len(runs) != 1 || !runs[0].Slot.Equal(local(2, 1, 30)) || runs[0].Outcome != schedule.OutcomeOK {
			t.Fatalf("at 01:30: %+v", runs)
		}
		for _, now := range []time.Time{local(2, 1, 31), local(2, 23, 59), local(2, 1, 30)} {
			if runs := s.RunDue(ctx, now); len(runs) != 0 {
				t.Errorf("at %s the night's slot ran again: %+v", now, runs)
			}
		}
		// Down from the 2nd at noon until the 5th at 09:00: one catch-up, for the 5th's 01:30.
		runs := s.RunDue(ctx, local(5, 9, 0))
		if len(runs) != 1 || !runs[0].Slot.Equal(local(5, 1, 30)) {
			t.Fatalf("catch-up: %+v", runs)
		}
		if c.n.Load() != 2 || !c.nows[1].Equal(local(5, 9, 0)) {
			t.Errorf("ran %d times as of %v; want 2, the catch-up as of its start", c.n.Load(), c.nows)
		}
		stored := runsOf(t, db)
		if len(stored) != 2 || stored[0].Instance != "a" || stored[0].FinishedAt.IsZero() || stored[0].Job != "plans.expand" {
			t.Errorf("job_runs: %+v", stored)
		}
		// 01:30 is 18:30 UTC of the day before: the zone is the configured one, not UTC.
		if got := stored[1].Slot.UTC(); got.Hour() != 18 || got.Minute() != 30 || got.Day() != 1 {
			t.Errorf("slot in UTC = %s, want 2018-04-01 18:30", got)
		}
	})
}

// Several instances woken at the same moment: the job runs once.
func TestOneRunAcrossInstances(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		var c counter
		job := schedule.Job{Name: "plans.expand", Spec: "30 1 * * *", Run: c.run}
		var wg sync.WaitGroup
		for _, name := range []string{"a", "b", "c", "d"} {
			s := newScheduler(t, db, name, job)
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.RunDue(context.Background(), local(2, 1, 30))
			}()
		}
		wg.Wait()
		if n := c.n.Load(); n != 1 {
			t.Errorf("the job ran %d times, want once", n)
		}
		if runs := runsOf(t, db); len(runs) != 1 {
			t.Errorf("job_runs: %+v", runs)
		}
	})
}

// A failing or panicking job is recorded with its error; the others run.
func TestFailuresAreRecorded(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		var c counter
		s := newScheduler(t, db, "a",
			schedule.Job{Name: "fails", Spec: "0 2 * * *", Run: func(context.Context, time.Time) error { return errors.New("database gone") }},
			schedule.Job{Name: "panics", Spec: "0 2 * * *", Run: func(context.Context, time.Time) error { panic("nil map") }},
			schedule.Job{Name: "works", Spec: "0 2 * * *", Run: c.run})
		runs := s.RunDue(context.Background(), local(2, 2, 0))
		if len(runs) != 3 || c.n.Load() != 1 {
			t.Fatalf("runs %+v, good job ran %d times", runs, c.n.Load())
		}
		byJob := map[string]schedule.Run{}
		for _, r := range runsOf(t, db) {
			byJob[r.Job] = r
		}
		if r := byJob["fails"]; r.Outcome != schedule.OutcomeError || r.Detail != "database gone" {
			t.Errorf("fails: %+v", r)
		}
		if r := byJob["panics"]; r.Outcome != schedule.OutcomeError || !strings.HasPrefix(r.Detail, "panic: nil map") {
			t.Errorf("panics: %+v", r)
		}
		if r := byJob["works"]; r.Outcome != schedule.OutcomeOK {
			t.Errorf("works: %+v", r)
		}
	})
}

func TestSpecs(t *testing.T) {
	for spec, ok := range map[string]bool{"30 1 * * *": true, "@daily": true, "0 */6 * * 1-5": true,
		"@every 1h": false, "30 25 * * *": false, "": false, "mỗi đêm": false} {
		if _, err := schedule.Parse(spec); (err == nil) != ok {
			t.Errorf("Parse(%q): %v", spec, err)
		}
	}
	s := schedule.New(nil, testenv.Loc, quiet, "a", time.Now)
	if err := s.Add(schedule.Job{Name: "x", Spec: "@every 5m"}); err == nil || !strings.Contains(err.Error(), "x") {
		t.Errorf("Add with @every: %v", err)
	}
}

// Start catches up at once; Stop returns.
func TestStartCatchesUp(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		var c counter
		s := newScheduler(t, db, "a", schedule.Job{Name: "hourly", Spec: "0 * * * *", Run: c.run})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s.Start(ctx)
		stop, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		s.Stop(stop)
		if c.n.Load() != 1 {
			t.Errorf("a start ran the last hour's slot %d times, want once", c.n.Load())
		}
	})
}
