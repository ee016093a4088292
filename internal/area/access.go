package area

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
)

// visible returns the area if the caller may see it; an area outside the
// caller's scope is not found, so that its existence does not leak.
func visible(ctx context.Context, db bun.IDB, id int64) (*Area, error) {
	a := new(Area)
	q := db.NewSelect().Model(a).ModelTableExpr("areas AS a").ColumnExpr("a.*").Where("a.id = ?", id)
	err := access.ScopeAreas(ctx, q, "a.path").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get area %d", id))
	}
	return a, nil
}

// mayWrite refuses a change of the register at path unless the caller may make it.
func mayWrite(ctx context.Context, path string) error {
	if !access.From(ctx).Can(access.WriteRegister, path) {
		return apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	return nil
}

// writable returns the area if the caller may change the register there:
// not found when it is out of sight, forbidden when it is only readable.
func writable(ctx context.Context, db bun.IDB, id int64) (*Area, error) {
	a, err := visible(ctx, db, id)
	if err != nil {
		return nil, err
	}
	return a, mayWrite(ctx, a.Path)
}

// Visible returns the area if the caller may see it (not found otherwise).
func Visible(ctx context.Context, db bun.IDB, id int64) (*Area, error) { return visible(ctx, db, id) }
