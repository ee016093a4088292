package assignment

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// AreaInCharge is one dated row: a unit in charge of an area.
type AreaInCharge struct {
	bun.BaseModel `bun:"table:unit_areas"`

	ID        int64      `bun:"id,pk,autoincrement" json:"id"`
	UnitID    int64      `bun:"unit_id,notnull" json:"unit_id"`
	AreaID    int64      `bun:"area_id,notnull" json:"area_id"`
	AreaName  string     `bun:"area_name,scanonly" json:"area_name"`
	ValidFrom civil.Date `bun:"valid_from,notnull" json:"valid_from"`
	ValidTo   civil.Date `bun:"valid_to,nullzero" json:"valid_to"`
	Reason    string     `bun:"reason,notnull" json:"reason"`
	EndReason string     `bun:"end_reason,notnull" json:"end_reason"`
	CreatedAt time.Time  `bun:"created_at,notnull" json:"created_at"`
	Ended     bool       `bun:"-" json:"ended" doc:"valid_to is today or before: the unit is no longer in charge (an end set for a later day has not come yet)"`
}

// setEnded says whether the charge has ended by today (an end set for a
// later day has not come yet).
func (a *AreaInCharge) setEnded(today civil.Date) {
	a.Ended = !a.ValidTo.IsZero() && !a.ValidTo.After(today)
}

// AreaInput puts a unit in charge of an area from a day, or ends it (End).
type AreaInput struct {
	AreaID    int64      `json:"area_id" minimum:"1"`
	ValidFrom civil.Date `json:"valid_from,omitempty" required:"false" doc:"default today"`
	End       bool       `json:"end,omitempty" required:"false" doc:"end the unit's charge of the area on valid_from"`
	Reason    string     `json:"reason,omitempty" required:"false" maxLength:"500" doc:"why the unit is put in charge, or (with end) why the charge ends"`
}

// AreasInCharge lists the areas a unit is or was in charge of as of now,
// those not ended first.
func (s *Service) AreasInCharge(ctx context.Context, now time.Time, unitID int64) ([]AreaInCharge, error) {
	if _, err := s.units.Get(ctx, unitID); err != nil {
		return nil, err
	}
	out := []AreaInCharge{}
	err := s.db.NewSelect().TableExpr("unit_areas AS ua").ColumnExpr("ua.*, a.name AS area_name").
		Join("JOIN areas AS a ON a.id = ua.area_id").Where("ua.unit_id = ?", unitID).
		OrderExpr("ua.valid_to IS NOT NULL, ua.valid_from DESC, ua.id DESC").Scan(ctx, &out)
	if err != nil {
		return nil, apperr.Wrap(err, "areas in charge")
	}
	today := civil.DateOf(now, s.loc)
	for i := range out {
		out[i].setEnded(today)
	}
	slices.SortStableFunc(out, func(a, b AreaInCharge) int {
		switch {
		case a.Ended == b.Ended:
			return 0
		case a.Ended:
			return 1
		}
		return -1
	})
	return out, nil
}

// SetAreaInCharge puts a unit in charge of an area from a day, or ends that
// charge; the caller needs the assign right on the area. Nothing is deleted.
func (s *Service) SetAreaInCharge(ctx context.Context, now time.Time, unitID int64, in AreaInput) (*AreaInCharge, error) {
	if _, err := s.units.Get(ctx, unitID); err != nil {
		return nil, err
	}
	a, err := area.Visible(ctx, s.db, in.AreaID)
	if err != nil {
		return nil, apperr.InvalidFields(apperr.Field("area_id", "field.not_found", nil))
	}
	if !access.From(ctx).Can(access.Assign, a.Path) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	if in.ValidFrom.IsZero() {
		in.ValidFrom = civil.DateOf(now, s.loc)
	}
	in.Reason = strings.TrimSpace(in.Reason)
	var out *AreaInCharge
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var cur []AreaInCharge
		if err := tx.NewSelect().Model(&cur).Where("unit_id = ? AND area_id = ? AND valid_to IS NULL", unitID, in.AreaID).Scan(ctx); err != nil {
			return apperr.Wrap(err, "area in charge")
		}
		if in.End {
			if len(cur) == 0 {
				return apperr.InvalidFields(apperr.Field("area_id", "assignment.not_in_charge", nil))
			}
			if in.ValidFrom.Before(cur[0].ValidFrom) {
				return apperr.InvalidFields(apperr.Field("valid_from", "assignment.end_before_start", apperr.Args{"From": cur[0].ValidFrom.VN()}))
			}
			if _, err := tx.NewUpdate().Model((*AreaInCharge)(nil)).Set("valid_to = ?", in.ValidFrom).Set("end_reason = ?", in.Reason).
				Where("id = ?", cur[0].ID).Exec(ctx); err != nil {
				return apperr.Wrap(err, "end area in charge")
			}
			out = &cur[0]
			out.ValidTo, out.EndReason = in.ValidFrom, in.Reason
			out.setEnded(civil.DateOf(now, s.loc))
		} else {
			if len(cur) > 0 {
				return apperr.New(apperr.Conflict, "assignment.already_in_charge", nil)
			}
			out = &AreaInCharge{UnitID: unitID, AreaID: in.AreaID, ValidFrom: in.ValidFrom, Reason: in.Reason, CreatedAt: now.UTC()}
			if _, err := tx.NewInsert().Model(out).Exec(ctx); err != nil {
				return apperr.Wrap(err, "insert area in charge")
			}
		}
		out.AreaName = a.Name
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Assign, Entity: "unit", EntityID: unitID, AreaPath: a.Path, After: out}); err != nil {
			return err
		}
		// The area's households may get (or lose) this unit as the owner of their tasks.
		return area.FollowSubtree(ctx, tx, now, s.households.Followed, a.Path)
	})
	return out, err
}
