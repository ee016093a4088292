package unit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/audit"
	"chungtay/internal/database"
)

const entity = "entity.unit"

// Service keeps the responsible units.
type Service struct {
	db     *bun.DB
	follow func(ctx context.Context, db bun.IDB, now time.Time, unitID int64) error
}

// Follow sets what is called, inside the archive's transaction, when a unit
// is archived: its tasks go to other units or close (plan.Service.FollowUnit);
// nil calls nothing.
func (s *Service) Follow(f func(ctx context.Context, db bun.IDB, now time.Time, unitID int64) error) {
	s.follow = f
}

// NewService returns the unit service.
func NewService(db *bun.DB) *Service { return &Service{db: db} }

// Get returns one unit.
func (s *Service) Get(ctx context.Context, id int64) (*Unit, error) { return visible(ctx, s.db, id) }

// visible returns the unit if the caller may see it; not found otherwise.
func visible(ctx context.Context, db bun.IDB, id int64) (*Unit, error) {
	u := new(Unit)
	q := db.NewSelect().Model(u).ModelTableExpr("units AS u").ColumnExpr("u.*, a.name AS area_name").
		Join("JOIN areas AS a ON a.id = u.area_id").Where("u.id = ?", id)
	err := access.ScopeUnits(ctx, q, "u.id", "a.path").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get unit %d", id))
	}
	return u, nil
}

// mayWrite returns the path of the area and refuses unless the caller may
// change the register there (not found when the area is out of sight).
func mayWrite(ctx context.Context, db bun.IDB, areaID int64) (string, error) {
	a, err := area.Visible(ctx, db, areaID)
	if err != nil {
		return "", apperr.InvalidFields(apperr.Field("area_id", "field.not_found", nil))
	}
	if !access.From(ctx).Can(access.WriteRegister, a.Path) {
		return "", apperr.New(apperr.Forbidden, "error.forbidden", nil)
	}
	return a.Path, nil
}

func get(ctx context.Context, db bun.IDB, id int64) (*Unit, error) {
	u := new(Unit)
	err := db.NewSelect().Model(u).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get unit %d", id))
	}
	return u, nil
}

// ListFilter selects units.
type ListFilter struct {
	AreaID   int64 // the area's whole subtree; 0 = all
	Kind     Kind
	Query    string
	Archived bool
}

// List returns units, ordered by area then kind then name.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Unit, error) {
	q := s.db.NewSelect().Model((*Unit)(nil)).ModelTableExpr("units AS u").ColumnExpr("u.*, a.name AS area_name").
		Join("JOIN areas AS a ON a.id = u.area_id")
	q = access.ScopeUnits(ctx, q, "u.id", "a.path")
	if f.AreaID != 0 {
		q = q.Where("a.path LIKE (SELECT path FROM areas WHERE id = ?) || '%'", f.AreaID)
	}
	if f.Kind != "" {
		q = q.Where("u.kind = ?", f.Kind)
	}
	if f.Query != "" {
		like := database.Contains(strings.ToLower(f.Query))
		q = q.Where("(LOWER(u.name) LIKE ? "+database.LikeEscape+" OR LOWER(u.code) LIKE ? "+database.LikeEscape+")", like, like)
	}
	if f.Archived {
		q = q.Where("u.archived_at IS NOT NULL")
	} else {
		q = q.Where("u.archived_at IS NULL")
	}
	out := []Unit{}
	if err := q.OrderExpr("u.area_id, u.kind, u.name").Limit(5000).Scan(ctx, &out); err != nil {
		return nil, apperr.Wrap(err, "list units")
	}
	return out, nil
}

func validate(ctx context.Context, db bun.IDB, in *Input, selfID int64) error {
	var c apperr.Collector
	in.Code, in.Name, in.Post = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name), strings.TrimSpace(in.Post)
	if in.Code == "" {
		c.Add("code", "field.required", nil)
	} else {
		n, err := db.NewSelect().Model((*Unit)(nil)).Where("code = ? AND id <> ?", in.Code, selfID).Count(ctx)
		if err != nil {
			return apperr.Wrap(err, "check unit code")
		}
		if n > 0 {
			c.Add("code", "field.taken", apperr.Args{"Value": in.Code})
		}
	}
	if in.Name == "" {
		c.Add("name", "field.required", nil)
	}
	if !in.Kind.Valid() {
		c.Add("kind", "field.invalid_choice", nil)
	}
	n, err := db.NewSelect().Table("areas").Where("id = ? AND dissolved_on IS NULL", in.AreaID).Count(ctx)
	if err != nil {
		return apperr.Wrap(err, "check unit area")
	}
	if n == 0 {
		c.Add("area_id", "field.not_found", nil)
	}
	if in.ParentID != nil {
		if *in.ParentID == selfID {
			c.Add("parent_id", "unit.own_parent", nil)
		} else if _, err := visible(ctx, db, *in.ParentID); err != nil {
			c.Add("parent_id", "field.not_found", nil)
		}
	}
	return c.Err()
}

// Create adds a unit.
func (s *Service) Create(ctx context.Context, now time.Time, in Input) (*Unit, error) {
	var out *Unit
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		if err := validate(ctx, tx, &in, 0); err != nil {
			return err
		}
		path, err := mayWrite(ctx, tx, in.AreaID)
		if err != nil {
			return err
		}
		out = &Unit{Code: in.Code, Name: in.Name, Kind: in.Kind, Post: in.Post, AreaID: in.AreaID,
			ParentID: in.ParentID, Version: 1, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		if _, err := tx.NewInsert().Model(out).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert unit")
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "unit", EntityID: out.ID, AreaPath: path, After: out})
	})
	return out, err
}

// Update changes a unit if version is current; a stale version is a conflict.
func (s *Service) Update(ctx context.Context, now time.Time, id int64, version int, in Input) (*Unit, error) {
	var out *Unit
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, err := visible(ctx, tx, id)
		if err != nil {
			return err
		}
		oldPath, err := mayWrite(ctx, tx, cur.AreaID)
		if err != nil {
			return err
		}
		if err := validate(ctx, tx, &in, id); err != nil {
			return err
		}
		if _, err := mayWrite(ctx, tx, in.AreaID); err != nil {
			return err
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Unit)(nil)).
			Set("code = ?", in.Code).Set("name = ?", in.Name).Set("kind = ?", in.Kind).Set("post = ?", in.Post).
			Set("area_id = ?", in.AreaID).Set("parent_id = ?", in.ParentID), id, version, now)
		if err != nil {
			return apperr.Wrap(err, "update unit")
		}
		if !ok {
			return apperr.StaleVersion(entity, cur.Version)
		}
		if out, err = get(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "unit", EntityID: id, AreaPath: oldPath, Before: cur, After: out})
	})
	return out, err
}

// Archive retires a unit; it is kept for history, never deleted.
func (s *Service) Archive(ctx context.Context, now time.Time, id int64, version int, reason string) (*Unit, error) {
	var out *Unit
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, err := visible(ctx, tx, id)
		if err != nil {
			return err
		}
		path, err := mayWrite(ctx, tx, cur.AreaID)
		if err != nil {
			return err
		}
		if cur.ArchivedAt != nil {
			return apperr.New(apperr.Conflict, "unit.already_archived", nil)
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Unit)(nil)).Set("archived_at = ?", now.UTC()).
			Set("archive_reason = ?", strings.TrimSpace(reason)), id, version, now)
		if err != nil {
			return apperr.Wrap(err, "archive unit")
		}
		if !ok {
			return apperr.StaleVersion(entity, cur.Version)
		}
		if out, err = get(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Archive, Entity: "unit", EntityID: id, AreaPath: path, Before: cur, After: out}); err != nil {
			return err
		}
		if s.follow == nil {
			return nil
		}
		return s.follow(ctx, tx, now, id)
	})
	return out, err
}

// ByCode returns the unit with the given code, if the caller may see it.
func (s *Service) ByCode(ctx context.Context, code string) (*Unit, error) {
	var id int64
	if err := s.db.NewSelect().Table("units").Column("id").Where("code = ?", code).Scan(ctx, &id); err != nil {
		return nil, apperr.NotFoundError(entity)
	}
	return visible(ctx, s.db, id)
}
