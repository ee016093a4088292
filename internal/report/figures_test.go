package report

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/civil"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
)

// TestBalanceOverAWindow: four households of one cell through Q2 2026, with
// the year's list and its events (di biến động).
func TestBalanceOverAWindow(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx := context.Background()
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		now := testenv.Now
		exec("INSERT INTO areas (id, code, name, kind, path, depth, urban, version, created_at, updated_at) VALUES (1, 'W', 'Phường', 'ward', '/1/', 1, ?, 1, ?, ?)", true, now, now)
		exec("INSERT INTO units (id, code, name, kind, area_id, version, created_at, updated_at) VALUES (1, 'CB', 'Chi bộ', 'party_cell', 1, 1, ?, ?), (2, 'CB2', 'Chi bộ 2', 'party_cell', 1, 1, ?, ?)", now, now, now, now)
		for id, class := range map[int64]string{1: "poor", 2: "poor", 3: "near_poor", 4: "escaped", 5: "poor"} {
			exec(`INSERT INTO households (id, code, head_name, search_name, area_id, members, urban, standard, classification, classification_year, version, created_at, updated_at)
				VALUES (?, ?, 'Hộ', 'ho', 1, 3, ?, 'national_2022', ?, 2026, 1, ?, ?)`, id, "H"+string(rune('0'+id)), true, class, now, now)
			exec("INSERT INTO household_classifications (household_id, year, classification, standard, created_at) VALUES (?, 2026, ?, 'national_2022', ?)", id, class, now)
		}
		// H4 was poor in 2024: its fall back in May is re-fallen (tái nghèo).
		exec("INSERT INTO household_classifications (household_id, year, classification, standard, created_at) VALUES (4, 2024, 'poor', 'national_2022', ?)", now)
		unit := func(h, u int64, from, to string) {
			if to == "" {
				exec("INSERT INTO household_assignments (household_id, unit_id, is_primary, valid_from, reason, created_at) VALUES (?, ?, ?, ?, '', ?)", h, u, true, from, now)
			} else {
				exec("INSERT INTO household_assignments (household_id, unit_id, is_primary, valid_from, valid_to, reason, created_at) VALUES (?, ?, ?, ?, ?, '', ?)", h, u, true, from, to, now)
			}
		}
		unit(1, 1, "2026-01-01", "")
		unit(2, 1, "2026-01-01", "")
		unit(3, 1, "2026-01-01", "")
		unit(4, 1, "2026-01-01", "")
		unit(5, 1, "2026-01-01", "2026-03-01") // left the cell before Q2: not counted
		unit(5, 2, "2026-03-01", "")
		event := func(h int64, on, from, to string) {
			exec("INSERT INTO classification_events (household_id, event_date, year, from_class, to_class, created_at) VALUES (?, ?, 2026, ?, ?, ?)", h, on, from, to, now)
		}
		event(1, "2026-02-10", "poor", "near_poor") // before the window: H1 starts Q2 near-poor
		event(2, "2026-05-05", "poor", "near_poor") // escapes poverty in Q2
		event(3, "2026-04-20", "near_poor", "poor") // newly poor in Q2
		event(4, "2026-05-30", "escaped", "poor")   // re-fallen in Q2
		event(3, "2026-07-02", "poor", "near_poor") // after the window: not counted
		f, err := figures(ctx, db, 1, civil.NewDate(2026, 4, 1), civil.NewDate(2026, 6, 30), civil.NewDate(2026, 7, 5))
		if err != nil {
			t.Fatal(err)
		}
		if f.Households != 4 {
			t.Errorf("households %d, want 4", f.Households)
		}
		if want := (Balance{Start: 1, New: 1, Refallen: 1, Escaped: 1, End: 2}); f.Poor != want {
			t.Errorf("poor %+v, want %+v", f.Poor, want) // start: H2; new H3; re-fallen H4; escaped H2; end H3, H4
		}
		if want := (Balance{Start: 2, New: 1, Refallen: 0, Escaped: 1, End: 2}); f.NearPoor != want {
			t.Errorf("near-poor %+v, want %+v", f.NearPoor, want) // start H1, H3; H2 enters for the first time; H3 leaves; end H1, H2
		}
		if f.ClassesStart[poverty.ClassEscaped] != 1 || f.ClassesEnd[poverty.ClassEscaped] != 0 {
			t.Errorf("escaped at start/end: %v / %v", f.ClassesStart, f.ClassesEnd)
		}
	})
}

func TestFiguresAdd(t *testing.T) {
	total := emptyFigures()
	a := &Figures{Households: 10, ClassesEnd: map[poverty.Class]int{poverty.ClassPoor: 3}, Poor: Balance{Start: 4, Escaped: 1, End: 3},
		SupportVND: 700_000, Support: []SupportLine{{Type: "tet_gift", Source: "fund_for_the_poor", Count: 1, VND: 700_000}}}
	b := &Figures{Households: 5, ClassesEnd: map[poverty.Class]int{poverty.ClassPoor: 1, poverty.ClassNearPoor: 2}, Poor: Balance{Start: 1, End: 1},
		SupportVND: 1_500_000, Support: []SupportLine{{Type: "cash", Source: "state_budget", Count: 1, VND: 500_000},
			{Type: "tet_gift", Source: "fund_for_the_poor", Count: 2, VND: 1_000_000}}}
	total.add(a)
	total.add(b)
	if total.Households != 15 || total.ClassesEnd[poverty.ClassPoor] != 4 || total.ClassesEnd[poverty.ClassNearPoor] != 2 ||
		total.Poor != (Balance{Start: 5, Escaped: 1, End: 4}) || total.SupportVND != 2_200_000 {
		t.Errorf("sum: %+v", total)
	}
	if len(total.Support) != 2 || total.Support[0] != (SupportLine{Type: "cash", Source: "state_budget", Count: 1, VND: 500_000}) ||
		total.Support[1] != (SupportLine{Type: "tet_gift", Source: "fund_for_the_poor", Count: 3, VND: 1_700_000}) {
		t.Errorf("support lines: %+v", total.Support)
	}
}
