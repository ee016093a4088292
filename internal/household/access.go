package household

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
)

// visible returns the household if the caller may read it. A household out
// of scope is not found — by id, by filter or by search — so that its
// existence does not leak.
func visible(ctx context.Context, db bun.IDB, id int64) (*Household, error) {
	h := new(Household)
	q := db.NewSelect().Model(h).Join("JOIN areas AS a ON a.id = h.area_id").Where("h.id = ?", id)
	err := access.ScopeHouseholds(ctx, q, "h.id", "a.path").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get household %d", id))
	}
	return h, nil
}

// writableArea returns the path of an area where the caller may change the
// register: a field error when the area is out of sight, forbidden when it
// is only readable.
func writableArea(ctx context.Context, db bun.IDB, areaID int64) (string, error) {
	a, err := area.Visible(ctx, db, areaID)
	if err != nil {
		return "", apperr.InvalidFields(apperr.Field("area_id", "field.not_found", nil))
	}
	if !access.From(ctx).Can(access.WriteRegister, a.Path) {
		return "", apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	return a.Path, nil
}

// writable returns a household the caller may change, with its area's path.
func writable(ctx context.Context, db bun.IDB, id int64) (*Household, string, error) {
	h, err := visible(ctx, db, id)
	if err != nil {
		return nil, "", err
	}
	path, err := writableArea(ctx, db, h.AreaID)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			return nil, "", apperr.New(apperr.Forbidden, "error.forbidden", nil)
		}
		return nil, "", err
	}
	return h, path, nil
}
