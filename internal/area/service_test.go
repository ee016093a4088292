package area_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/testenv"
)

func mk(t *testing.T, s *area.Service, code string, kind area.Kind, parent *area.Area) *area.Area {
	t.Helper()
	in := area.Input{Code: code, Name: "Địa bàn " + code, Kind: kind, Urban: true}
	if parent != nil {
		in.ParentID = &parent.ID
	}
	a, err := s.Create(access.With(context.Background(), access.System()), testenv.Now, in)
	if err != nil {
		t.Fatalf("create %s: %v", code, err)
	}
	return a
}

func code(err error) apperr.Code {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return ""
}

func TestTreeReparentMerge(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx, s := access.With(context.Background(), access.System()), area.NewService(db, testenv.Loc)
		city := mk(t, s, "79", area.KindProvince, nil)
		ward := mk(t, s, "26890", area.KindWard, city)
		kp1 := mk(t, s, "KP1", area.KindNeighbourhood, ward)
		kp2 := mk(t, s, "KP2", area.KindNeighbourhood, ward)
		t1 := mk(t, s, "T1", area.KindResidentialGroup, kp1)
		t2 := mk(t, s, "T2", area.KindResidentialGroup, kp1)

		if t1.Depth != 3 {
			t.Errorf("depth of T1 = %d, want 3", t1.Depth)
		}
		anc, err := s.Ancestors(ctx, t1)
		if err != nil || len(anc) != 3 || anc[0].ID != city.ID || anc[2].ID != kp1.ID {
			t.Fatalf("ancestors = %+v, %v", anc, err)
		}
		if _, err := s.Create(ctx, testenv.Now, area.Input{Code: "T1", Name: "x", Kind: area.KindHamlet}); code(err) != apperr.Invalid {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := s.Reparent(ctx, testenv.Now, kp1.ID, &t1.ID, civil.Date{}, ""); code(err) != apperr.Invalid {
			t.Errorf("moving an area under its own child must fail, got %v", err)
		}

		// T2 (created 15 March 2018) moves to KP2 on 1 July 2018; on 1 April it was still under KP1.
		moved, err := s.Reparent(ctx, testenv.Now, t2.ID, &kp2.ID, civil.NewDate(2018, 7, 1), "điều chỉnh địa giới")
		if err != nil {
			t.Fatal(err)
		}
		if *moved.ParentID != kp2.ID || moved.Depth != 3 {
			t.Errorf("after reparent: %+v", moved)
		}
		before, _ := s.ParentOn(ctx, t2.ID, civil.NewDate(2018, 4, 1))
		after, _ := s.ParentOn(ctx, t2.ID, civil.NewDate(2018, 8, 1))
		if before == nil || *before != kp1.ID || after == nil || *after != kp2.ID {
			t.Errorf("dated parents: before %v after %v", before, after)
		}
		// A move or merge dated before that move would end a period before it starts.
		_, err = s.Reparent(ctx, testenv.Now, t2.ID, &kp1.ID, civil.NewDate(2018, 6, 1), "")
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "on" {
			t.Errorf("a move before the current parent: %v, want invalid naming on", err)
		}
		if _, err := s.Merge(ctx, testenv.Now, t2.ID, t1.ID, civil.NewDate(2018, 6, 1), ""); code(err) != apperr.Invalid {
			t.Errorf("a merge before the current parent: %v", err)
		}
		// An area never moved, entered on 15 March, may be moved as of 1 January: its first row starts then.
		late, err := s.Create(ctx, testenv.Now, area.Input{Code: "T9", Name: "Tổ 9", Kind: area.KindResidentialGroup, ParentID: &kp2.ID, Urban: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reparent(ctx, testenv.Now, late.ID, &kp1.ID, civil.NewDate(2018, 1, 1), "nhập sau"); err != nil {
			t.Fatalf("a backdated move of an area never moved: %v", err)
		}
		if on, _ := s.ParentOn(ctx, late.ID, civil.NewDate(2018, 2, 1)); on == nil || *on != kp1.ID {
			t.Errorf("Tổ 9 on 1 February: %v, want Khu phố 1", on)
		}
		lateHist, _ := s.History(ctx, late.ID)
		for _, h := range lateHist {
			if !h.ValidTo.IsZero() && h.ValidTo.Before(h.ValidFrom) {
				t.Errorf("a period that ends before it starts: %+v", h)
			}
		}
		kids, err := s.List(ctx, area.ListFilter{ParentID: &kp2.ID})
		if err != nil || len(kids) != 1 || kids[0].ID != t2.ID {
			t.Errorf("children of KP2 = %+v, %v", kids, err)
		}

		// KP1 merges into KP2: its groups move, it is dissolved, its history stays.
		merged, err := s.Merge(ctx, testenv.Now, kp1.ID, kp2.ID, civil.NewDate(2018, 9, 1), "sáp nhập khu phố")
		if err != nil {
			t.Fatal(err)
		}
		if merged.DissolvedOn != civil.NewDate(2018, 9, 1) || merged.MergedIntoID == nil || *merged.MergedIntoID != kp2.ID {
			t.Errorf("merged = %+v", merged)
		}
		t1now, _ := s.Get(ctx, t1.ID)
		if *t1now.ParentID != kp2.ID {
			t.Errorf("T1 parent after merge = %d", *t1now.ParentID)
		}
		hist, _ := s.History(ctx, t1.ID)
		if len(hist) != 2 || *hist[0].ParentID != kp1.ID || hist[0].ValidTo != civil.NewDate(2018, 9, 1) {
			t.Errorf("T1 history = %+v", hist)
		}
		if _, err := s.Create(ctx, testenv.Now, area.Input{Code: "T9", Name: "x", Kind: area.KindResidentialGroup, ParentID: &kp1.ID}); code(err) != apperr.Invalid {
			t.Errorf("creating under a dissolved area must fail, got %v", err)
		}
		if _, err := s.Merge(ctx, testenv.Now, kp2.ID, kp2.ID, civil.Date{}, ""); code(err) != apperr.Invalid {
			t.Errorf("merge into itself: %v", err)
		}
	})
}

func TestTotalsAndStaleUpdate(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx, s := access.With(context.Background(), access.System()), area.NewService(db, testenv.Loc)
		ward := mk(t, s, "W", area.KindWard, nil)
		kp := mk(t, s, "KP", area.KindNeighbourhood, ward)
		g1 := mk(t, s, "G1", area.KindResidentialGroup, kp)
		g2 := mk(t, s, "G2", area.KindResidentialGroup, kp)
		for id, n := range map[int64]int{g1.ID: 120, g2.ID: 80} {
			if _, err := s.SetTotal(ctx, testenv.Now, id, 2018, n); err != nil {
				t.Fatal(err)
			}
		}
		if n, ok, err := s.TotalFor(ctx, ward.ID, 2018); err != nil || !ok || n != 200 {
			t.Errorf("ward total from groups = %d %v %v, want 200", n, ok, err)
		}
		if _, err := s.SetTotal(ctx, testenv.Now, ward.ID, 2018, 210); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := s.TotalFor(ctx, ward.ID, 2018); n != 210 {
			t.Errorf("ward's own total = %d, want 210", n)
		}
		if _, ok, _ := s.TotalFor(ctx, ward.ID, 2019); ok {
			t.Error("2019 has no figures")
		}
		if y, _ := s.LatestTotalYear(ctx, ward); y != 2018 {
			t.Errorf("latest year = %d", y)
		}
		// A later figure for one group does not turn the ward's headline into a partial sum.
		if _, err := s.SetTotal(ctx, testenv.Now, g1.ID, 2019, 125); err != nil {
			t.Fatal(err)
		}
		if y, _ := s.LatestTotalYear(ctx, ward); y != 2018 {
			t.Errorf("after a 2019 figure for one group, the ward's headline year = %d, want its own 2018", y)
		}
		if y, _ := s.LatestTotalYear(ctx, g1); y != 2019 {
			t.Errorf("the group's own latest year = %d, want 2019", y)
		}
		if _, err := s.SetTotal(ctx, testenv.Now, ward.ID, 1800, -1); code(err) != apperr.Invalid {
			t.Errorf("bad total: %v", err)
		}

		in := area.Input{Code: "W", Name: "Phường mới", Kind: area.KindWard}
		if _, err := s.Update(ctx, testenv.Now, ward.ID, ward.Version, in); err != nil {
			t.Fatal(err)
		}
		in.Name = "Tên cũ"
		if _, err := s.Update(ctx, testenv.Now, ward.ID, ward.Version, in); code(err) != apperr.Conflict {
			t.Errorf("stale area update: want conflict, got %v", err)
		}
		if cur, _ := s.Get(ctx, ward.ID); cur.Name != "Phường mới" {
			t.Errorf("stale update overwrote the name: %q", cur.Name)
		}
	})
}
