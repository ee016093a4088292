package plan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/poverty"
)

// The oracle: an independent, brute-force computation of the tasks a plan
// should have, from the raw tables, with plain loops over the days of the
// year, the duties, the households and the units. It shares no code with
// the expansion.

type slotKey struct {
	duty, unit, household int64 // unit is 0 for a household task
	period                string
}

type expected struct {
	unit, user      int64
	start, end, due civil.Date
}

type oracleDuty struct {
	ID          int64      `bun:"id"`
	UnitID      *int64     `bun:"unit_id"`
	UnitKind    string     `bun:"unit_kind"`
	ScopeAreaID *int64     `bun:"scope_area_id"`
	Target      string     `bun:"target"`
	Selector    string     `bun:"selector"`
	Frequency   string     `bun:"frequency"`
	DueDays     int        `bun:"due_days_before_end"`
	DueOn       civil.Date `bun:"due_on"`
	ValidFrom   civil.Date `bun:"valid_from"`
	ValidTo     civil.Date `bun:"valid_to"`
}

type oracleSel struct {
	Classes        []string `json:"classes"`
	Deprivation    string   `json:"deprivation"`
	Flag           string   `json:"flag"`
	AreaID         int64    `json:"area_id"`
	AssignedToUnit bool     `json:"assigned_to_unit"`
}

type oraclePeriod struct {
	key        string
	start, end civil.Date
}

// periodKey names the period a day falls in, for a frequency.
func periodKey(freq string, day time.Time) string {
	switch freq {
	case "monthly":
		return fmt.Sprintf("%d-%02d", day.Year(), day.Month())
	case "quarterly":
		return fmt.Sprintf("%d-Q%d", day.Year(), (int(day.Month())+2)/3)
	case "six_monthly":
		if day.Month() <= 6 {
			return fmt.Sprintf("%d-S1", day.Year())
		}
		return fmt.Sprintf("%d-S2", day.Year())
	}
	return fmt.Sprintf("%d", day.Year())
}

// oraclePeriods walks every day of the year and groups the days by period.
func oraclePeriods(d oracleDuty, year int) []oraclePeriod {
	if d.Frequency == "once" {
		start := civil.NewDate(year, 1, 1)
		if d.ValidFrom.After(start) {
			start = d.ValidFrom
		}
		return []oraclePeriod{{fmt.Sprintf("%d-once", year), start, d.DueOn}}
	}
	var out []oraclePeriod
	for day := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == year; day = day.AddDate(0, 0, 1) {
		k, cd := periodKey(d.Frequency, day), civil.NewDate(day.Year(), day.Month(), day.Day())
		if len(out) == 0 || out[len(out)-1].key != k {
			out = append(out, oraclePeriod{k, cd, cd})
		}
		out[len(out)-1].end = cd
	}
	return out
}

// oracle returns the tasks plan planID should have in periods not over at today.
func oracle(t *testing.T, db *bun.DB, planID int64, today civil.Date) map[slotKey]expected {
	t.Helper()
	ctx := context.Background()
	var year int
	var planPath string
	if err := db.NewRaw("SELECT p.year, a.path FROM plans p JOIN areas a ON a.id = p.area_id WHERE p.id = ?", planID).Scan(ctx, &year, &planPath); err != nil {
		t.Fatal(err)
	}
	var duties []oracleDuty
	if err := db.NewRaw("SELECT id, unit_id, unit_kind, scope_area_id, target, selector, frequency, due_days_before_end, due_on, valid_from, valid_to FROM duties WHERE plan_id = ?", planID).Scan(ctx, &duties); err != nil {
		t.Fatal(err)
	}
	paths := map[int64]string{}
	var areas []struct {
		ID   int64  `bun:"id"`
		Path string `bun:"path"`
	}
	if err := db.NewRaw("SELECT id, path FROM areas").Scan(ctx, &areas); err != nil {
		t.Fatal(err)
	}
	for _, a := range areas {
		paths[a.ID] = a.Path
	}
	var units []oracleUnit
	if err := db.NewRaw("SELECT id, kind, area_id, archived_at FROM units").Scan(ctx, &units); err != nil {
		t.Fatal(err)
	}
	var hs []struct {
		ID       int64      `bun:"id"`
		AreaID   int64      `bun:"area_id"`
		Class    string     `bun:"classification"`
		Deps     int64      `bun:"deprivations"`
		Flags    int64      `bun:"flags"`
		Archived *time.Time `bun:"archived_at"`
	}
	if err := db.NewRaw("SELECT id, area_id, classification, deprivations, flags, archived_at FROM households").Scan(ctx, &hs); err != nil {
		t.Fatal(err)
	}
	// Every assignment row; those in force today are picked below, by date.
	var assigned []struct {
		HouseholdID int64      `bun:"household_id"`
		UnitID      *int64     `bun:"unit_id"`
		UserID      *int64     `bun:"user_id"`
		ValidFrom   civil.Date `bun:"valid_from"`
		ValidTo     civil.Date `bun:"valid_to"`
	}
	if err := db.NewRaw("SELECT household_id, unit_id, user_id, valid_from, valid_to FROM household_assignments ORDER BY household_id, is_primary DESC, valid_from DESC, id DESC").Scan(ctx, &assigned); err != nil {
		t.Fatal(err)
	}
	var members []struct {
		UnitID int64 `bun:"unit_id"`
		UserID int64 `bun:"user_id"`
	}
	if err := db.NewRaw("SELECT unit_id, user_id FROM memberships WHERE ended_at IS NULL").Scan(ctx, &members); err != nil {
		t.Fatal(err)
	}
	// Areas in charge, filtered here by date rather than in SQL.
	var charges []struct {
		UnitID    int64      `bun:"unit_id"`
		AreaID    int64      `bun:"area_id"`
		ValidFrom civil.Date `bun:"valid_from"`
		ValidTo   civil.Date `bun:"valid_to"`
	}
	if err := db.NewRaw("SELECT unit_id, area_id, valid_from, valid_to FROM unit_areas").Scan(ctx, &charges); err != nil {
		t.Fatal(err)
	}
	// reach is how deep a unit reaches over area path hp: its own area or an
	// area it is in charge of today, the deepest; -1 when neither contains hp.
	reach := func(u int64, hp string) int {
		best := -1
		if up := paths[unitArea(units, u)]; strings.HasPrefix(hp, up) {
			best = len(up)
		}
		for _, c := range charges {
			if c.UnitID != u || c.ValidFrom.After(today) || (!c.ValidTo.IsZero() && !c.ValidTo.After(today)) {
				continue
			}
			if cp := paths[c.AreaID]; strings.HasPrefix(hp, cp) && len(cp) > best {
				best = len(cp)
			}
		}
		return best
	}
	isMember := func(unit, user int64) bool {
		for _, m := range members {
			if m.UnitID == unit && m.UserID == user {
				return true
			}
		}
		return false
	}
	out := map[slotKey]expected{}
	for _, d := range duties {
		var sel oracleSel
		_ = json.Unmarshal([]byte(d.Selector), &sel)
		from := d.ValidFrom
		if today.After(from) {
			from = today
		}
		var live []oraclePeriod
		for _, p := range oraclePeriods(d, year) {
			if !p.end.Before(from) && (d.ValidTo.IsZero() || !p.start.After(d.ValidTo)) {
				live = append(live, p)
			}
		}
		due := func(p oraclePeriod) civil.Date {
			if d.Frequency == "once" {
				return d.DueOn
			}
			t := p.end.Time().AddDate(0, 0, -d.DueDays)
			if t.Before(p.start.Time()) {
				return p.start
			}
			return civil.NewDate(t.Year(), t.Month(), t.Day())
		}
		scope := planPath
		if d.ScopeAreaID != nil {
			scope = paths[*d.ScopeAreaID]
		}
		// The responsible units, by brute force over every unit.
		var resp []int64
		for _, u := range units {
			if u.Archived != nil {
				continue
			}
			if (d.UnitID != nil && u.ID == *d.UnitID) || (d.UnitID == nil && u.Kind == d.UnitKind && strings.HasPrefix(paths[u.AreaID], scope)) {
				resp = append(resp, u.ID)
			}
		}
		if d.Target == "unit" {
			for _, u := range resp {
				for _, p := range live {
					out[slotKey{d.ID, u, 0, p.key}] = expected{unit: u, start: p.start, end: p.end, due: due(p)}
				}
			}
			continue
		}
		where := planPath
		switch {
		case sel.AreaID != 0:
			where = paths[sel.AreaID]
		case d.UnitID == nil:
			where = scope
		}
		for _, h := range hs {
			hp := paths[h.AreaID]
			if h.Archived != nil || !strings.HasPrefix(hp, planPath) || !strings.HasPrefix(hp, where) {
				continue
			}
			if len(sel.Classes) > 0 && !slices.Contains(sel.Classes, h.Class) {
				continue
			}
			if sel.Deprivation != "" {
				ind, _ := poverty.IndicatorByCode(sel.Deprivation)
				if h.Deps&(1<<ind) == 0 {
					continue
				}
			}
			if sel.Flag != "" {
				fl, _ := poverty.ParseFlags([]string{sel.Flag})
				if h.Flags&int64(fl) == 0 {
					continue
				}
			}
			var owner, person int64
			for _, a := range assigned {
				if a.HouseholdID != h.ID || a.ValidFrom.After(today) || (!a.ValidTo.IsZero() && !a.ValidTo.After(today)) {
					continue
				}
				if a.UnitID != nil && owner == 0 && slices.Contains(resp, *a.UnitID) {
					owner = *a.UnitID
				}
				if a.UserID != nil && person == 0 {
					person = *a.UserID
				}
			}
			if d.UnitID != nil {
				if len(resp) == 0 || (sel.AssignedToUnit && owner == 0) {
					continue
				}
				owner = *d.UnitID
			}
			if owner == 0 && !sel.AssignedToUnit {
				best, ties := -1, 0
				for _, u := range resp {
					r := reach(u, hp)
					switch {
					case r < 0:
					case r > best:
						best, ties, owner = r, 1, u
					case r == best:
						ties++
					}
				}
				if ties != 1 {
					owner = 0
				}
			}
			if owner == 0 {
				continue
			}
			if !isMember(owner, person) {
				person = 0
			}
			for _, p := range live {
				out[slotKey{d.ID, 0, h.ID, p.key}] = expected{unit: owner, user: person, start: p.start, end: p.end, due: due(p)}
			}
		}
	}
	return out
}

type oracleUnit struct {
	ID       int64      `bun:"id"`
	Kind     string     `bun:"kind"`
	AreaID   int64      `bun:"area_id"`
	Archived *time.Time `bun:"archived_at"`
}

func unitArea(units []oracleUnit, id int64) int64 {
	for _, u := range units {
		if u.ID == id {
			return u.AreaID
		}
	}
	return 0
}
