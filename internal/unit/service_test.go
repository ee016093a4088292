package unit_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

func TestUnits(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		ctx := access.With(context.Background(), access.System())
		areas := area.NewService(db, testenv.Loc)
		ward, err := areas.Create(ctx, testenv.Now, area.Input{Code: "26890", Name: "Phường 14", Kind: area.KindWard})
		if err != nil {
			t.Fatal(err)
		}
		kp, _ := areas.Create(ctx, testenv.Now, area.Input{Code: "KP1", Name: "Khu phố 1", Kind: area.KindNeighbourhood, ParentID: &ward.ID})
		other, _ := areas.Create(ctx, testenv.Now, area.Input{Code: "26891", Name: "Phường 15", Kind: area.KindWard})
		s := unit.NewService(db)

		du, err := s.Create(ctx, testenv.Now, unit.Input{Code: "DU-P14", Name: "Đảng ủy Phường 14", Kind: unit.KindPartyCommittee, AreaID: ward.ID})
		if err != nil {
			t.Fatal(err)
		}
		cb, err := s.Create(ctx, testenv.Now, unit.Input{Code: "CB-KP1", Name: "Chi bộ Khu phố 1", Kind: unit.KindPartyCell, AreaID: kp.ID, ParentID: &du.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, testenv.Now, unit.Input{Code: "UB-P15", Name: "UBND Phường 15", Kind: unit.KindPeoplesCommittee, AreaID: other.ID}); err != nil {
			t.Fatal(err)
		}

		bad := []struct {
			name  string
			in    unit.Input
			field string
		}{
			{"duplicate code", unit.Input{Code: "DU-P14", Name: "x", Kind: unit.KindOther, AreaID: ward.ID}, "code"},
			{"unknown kind", unit.Input{Code: "X1", Name: "x", Kind: "guild", AreaID: ward.ID}, "kind"},
			{"unknown area", unit.Input{Code: "X2", Name: "x", Kind: unit.KindOther, AreaID: 999}, "area_id"},
			{"unknown parent", unit.Input{Code: "X3", Name: "x", Kind: unit.KindOther, AreaID: ward.ID, ParentID: ptr(999)}, "parent_id"},
			{"no name", unit.Input{Code: "X4", Name: " ", Kind: unit.KindOther, AreaID: ward.ID}, "name"},
		}
		for _, c := range bad {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Create(ctx, testenv.Now, c.in)
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
					t.Errorf("want invalid %s, got %v", c.field, err)
				}
			})
		}

		inWard, err := s.List(ctx, unit.ListFilter{AreaID: ward.ID})
		if err != nil || len(inWard) != 2 {
			t.Errorf("units in the ward's subtree = %d, %v; want 2", len(inWard), err)
		}
		cells, _ := s.List(ctx, unit.ListFilter{Kind: unit.KindPartyCell})
		if len(cells) != 1 || cells[0].ID != cb.ID || cells[0].AreaName != kp.Name {
			t.Errorf("party cells = %+v, want one in %s with its area's name", cells, kp.Name)
		}
		if got, err := s.Get(ctx, cb.ID); err != nil || got.AreaName != kp.Name {
			t.Errorf("get: %+v %v, want the area's name", got, err)
		}
		in := unit.Input{Code: "CB-KP1", Name: "Chi bộ Khu phố 1 (mới)", Kind: unit.KindPartyCell, AreaID: kp.ID, ParentID: &cb.ID}
		if _, err := s.Update(ctx, testenv.Now, cb.ID, cb.Version, in); err == nil {
			t.Error("a unit became its own parent")
		}
		in.ParentID = &du.ID
		if _, err := s.Update(ctx, testenv.Now, cb.ID, cb.Version, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Update(ctx, testenv.Now, cb.ID, cb.Version, in); !isConflict(err) {
			t.Errorf("stale update: %v", err)
		}
		if _, err := s.Archive(ctx, testenv.Now, cb.ID, cb.Version+1, "  Sáp nhập vào Chi bộ Khu phố 2 "); err != nil {
			t.Fatal(err)
		}
		active, _ := s.List(ctx, unit.ListFilter{AreaID: ward.ID})
		archived, _ := s.List(ctx, unit.ListFilter{AreaID: ward.ID, Archived: true})
		if len(active) != 1 || len(archived) != 1 || archived[0].ArchiveReason != "Sáp nhập vào Chi bộ Khu phố 2" {
			t.Errorf("after archive: %d active, %+v archived", len(active), archived)
		}
		if _, err := s.Archive(ctx, testenv.Now, cb.ID, cb.Version+2, ""); !isConflict(err) {
			t.Errorf("archiving twice: %v, want a conflict", err)
		}
	})
}

func ptr(v int64) *int64 { return &v }

func isConflict(err error) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.Conflict
}
