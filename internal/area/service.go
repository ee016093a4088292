package area

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

const entity = "entity.area"

// Service keeps the area tree.
type Service struct {
	db     *bun.DB
	loc    *time.Location
	follow Follower
}

// NewService returns the area service; loc is the time zone of "today".
func NewService(db *bun.DB, loc *time.Location) *Service { return &Service{db: db, loc: loc} }

// Get returns one area.
func (s *Service) Get(ctx context.Context, id int64) (*Area, error) {
	return visible(ctx, s.db, id)
}

func get(ctx context.Context, db bun.IDB, id int64) (*Area, error) {
	a := new(Area)
	err := db.NewSelect().Model(a).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get area %d", id))
	}
	return a, nil
}

// Ancestors returns the areas from the root down to the parent of id.
func (s *Service) Ancestors(ctx context.Context, a *Area) ([]Area, error) {
	ids := pathIDs(a.Path)
	if len(ids) <= 1 {
		return []Area{}, nil
	}
	out := []Area{}
	q := s.db.NewSelect().Model(&out).ModelTableExpr("areas AS a").ColumnExpr("a.*").
		Where("a.id IN (?)", bun.In(ids[:len(ids)-1])).OrderExpr("a.depth")
	err := access.ScopeAreas(ctx, q, "a.path").Scan(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "area ancestors")
	}
	return out, nil
}

// ListFilter selects areas for List.
type ListFilter struct {
	ParentID *int64 // children of this area; nil with Roots = the top of the tree
	Roots    bool
	Kind     Kind
	Query    string // code or name contains
	Limit    int
}

// List returns areas with their child and household counts.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Summary, error) {
	q := s.db.NewSelect().TableExpr("areas AS a").ColumnExpr("a.*")
	roots, all := access.From(ctx).AreaRoots()
	switch {
	case f.ParentID != nil:
		q = q.Where("a.parent_id = ?", *f.ParentID)
	case f.Roots && all:
		q = q.Where("a.parent_id IS NULL")
	case f.Roots:
		// The top of the caller's own tree: the areas of its grants and units.
		if len(roots) == 0 {
			return []Summary{}, nil
		}
		q = q.Where("a.path IN (?)", bun.In(roots))
	}
	q = access.ScopeAreas(ctx, q, "a.path")
	if f.Kind != "" {
		q = q.Where("a.kind = ?", f.Kind)
	}
	if f.Query != "" {
		like := database.Contains(strings.ToLower(f.Query))
		q = q.Where("(LOWER(a.name) LIKE ? "+database.LikeEscape+" OR LOWER(a.code) LIKE ? "+database.LikeEscape+")", like, like)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	out := []Summary{}
	if err := q.OrderExpr("a.dissolved_on IS NOT NULL, a.code, a.id").Limit(int64(limit)).Scan(ctx, &out); err != nil {
		return nil, apperr.Wrap(err, "list areas")
	}
	if err := s.count(ctx, out, f.ParentID); err != nil {
		return nil, err
	}
	return out, nil
}

// count fills the child and household counts of the listed areas with two
// grouped queries, rolling household counts up the tree by path in Go:
// a correlated count per area was seconds on a city.
func (s *Service) count(ctx context.Context, out []Summary, parentID *int64) error {
	if len(out) == 0 {
		return nil
	}
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	var children []struct {
		ParentID int64 `bun:"parent_id"`
		N        int   `bun:"n"`
	}
	if err := s.db.NewSelect().Table("areas").ColumnExpr("parent_id, COUNT(*) AS n").
		Where("parent_id IN (?)", bun.In(ids)).Group("parent_id").Scan(ctx, &children); err != nil {
		return apperr.Wrap(err, "count child areas")
	}
	byID := make(map[int64]*Summary, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	for _, c := range children {
		byID[c.ParentID].Children = c.N
	}

	// Households per area of the listed subtrees (one scan), then summed by path.
	q := s.db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS d ON d.id = h.area_id").
		ColumnExpr("d.path, h.classification, COUNT(*) AS n").Where("h.archived_at IS NULL").
		GroupExpr("d.path, h.classification")
	if parentID != nil {
		var parentPath string
		if err := s.db.NewSelect().Table("areas").Column("path").Where("id = ?", *parentID).Scan(ctx, &parentPath); err != nil {
			return apperr.Wrap(err, "count households: parent")
		}
		q = q.Where("d.path LIKE ?", parentPath+"%")
	} else if len(out) < 50 {
		q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			for _, a := range out {
				q = q.WhereOr("d.path LIKE ?", a.Path+"%")
			}
			return q
		})
	}
	var rows []struct {
		Path           string `bun:"path"`
		Classification string `bun:"classification"`
		N              int    `bun:"n"`
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return apperr.Wrap(err, "count households")
	}
	for _, r := range rows {
		// The listed area whose path is a prefix of the household's area path.
		for _, id := range pathIDs(r.Path) {
			a, ok := byID[id]
			if !ok {
				continue
			}
			a.Tracked += r.N
			switch r.Classification {
			case "poor":
				a.Poor += r.N
			case "near_poor":
				a.NearPoor += r.N
			}
		}
	}
	return nil
}

func (s *Service) validate(ctx context.Context, db bun.IDB, in Input, selfID int64) error {
	var c apperr.Collector
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	if in.Code == "" {
		c.Add("code", "field.required", nil)
	}
	if in.Name == "" {
		c.Add("name", "field.required", nil)
	}
	if !in.Kind.Valid() {
		c.Add("kind", "field.one_of", apperr.Args{"Values": "province, district, ward, commune, neighbourhood, hamlet, residential_group"})
	}
	if in.Code != "" {
		n, err := db.NewSelect().Model((*Area)(nil)).Where("code = ?", in.Code).Where("id <> ?", selfID).Count(ctx)
		if err != nil {
			return apperr.Wrap(err, "check area code")
		}
		if n > 0 {
			c.Add("code", "field.taken", apperr.Args{"Value": in.Code})
		}
	}
	if in.ParentID != nil {
		p, err := get(ctx, db, *in.ParentID)
		switch {
		case err != nil:
			c.Add("parent_id", "field.not_found", nil)
		case !p.DissolvedOn.IsZero():
			c.Add("parent_id", "area.dissolved", apperr.Args{"Name": p.Name})
		}
	}
	return c.Err()
}

// Create adds an area under in.ParentID (or at the top), effective today.
func (s *Service) Create(ctx context.Context, now time.Time, in Input) (*Area, error) {
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	a := &Area{Code: in.Code, Name: in.Name, Kind: in.Kind, ParentID: in.ParentID, Urban: in.Urban,
		Version: 1, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		if err := s.validate(ctx, tx, in, 0); err != nil {
			return err
		}
		parentPath := ""
		if in.ParentID != nil {
			p, err := visible(ctx, tx, *in.ParentID)
			if err != nil {
				return apperr.InvalidFields(apperr.Field("parent_id", "field.not_found", nil))
			}
			parentPath = p.Path
		}
		if err := mayWrite(ctx, parentPath); err != nil {
			return err
		}
		if err := insert(ctx, tx, a, civil.DateOf(now, s.loc), ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "area", EntityID: a.ID, AreaPath: a.Path, After: a})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// insert writes a new area, its path and its first parent row.
func insert(ctx context.Context, tx bun.IDB, a *Area, from civil.Date, reason string) error {
	parentPath := "/"
	a.Depth = 0
	if a.ParentID != nil {
		p, err := get(ctx, tx, *a.ParentID)
		if err != nil {
			return err
		}
		parentPath, a.Depth = p.Path, p.Depth+1
	}
	a.Path = parentPath // completed below, once the id is known
	if _, err := tx.NewInsert().Model(a).Exec(ctx); err != nil {
		return apperr.Wrap(err, "insert area")
	}
	a.Path = PathOf(parentPath, a.ID)
	if _, err := tx.NewUpdate().Model(a).Column("path").WherePK().Exec(ctx); err != nil {
		return apperr.Wrap(err, "set area path")
	}
	row := &Parent{AreaID: a.ID, ParentID: a.ParentID, ValidFrom: from, Reason: reason}
	if _, err := tx.NewInsert().Model(row).Exec(ctx); err != nil {
		return apperr.Wrap(err, "insert area parent")
	}
	return nil
}

// Update changes an area's code, name, kind and urban flag. version must be
// the version the caller read; a stale one is a conflict and nothing is written.
// The parent is changed with Reparent, not here.
func (s *Service) Update(ctx context.Context, now time.Time, id int64, version int, in Input) (*Area, error) {
	var out *Area
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		in.ParentID = nil // not changed here
		if err := s.validate(ctx, tx, in, id); err != nil {
			return err
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Area)(nil)).
			Set("code = ?", strings.TrimSpace(in.Code)).Set("name = ?", strings.TrimSpace(in.Name)).
			Set("kind = ?", in.Kind).Set("urban = ?", in.Urban), id, version, now)
		if err != nil {
			return apperr.Wrap(err, "update area")
		}
		if !ok {
			return apperr.StaleVersion(entity, cur.Version)
		}
		if out, err = get(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "area", EntityID: id, AreaPath: cur.Path, Before: cur, After: out})
	})
	return out, err
}

// Reparent moves an area (and its whole subtree) under newParentID from the
// given day on; the old parent row is closed, so the past is kept.
func (s *Service) Reparent(ctx context.Context, now time.Time, id int64, newParentID *int64, on civil.Date, reason string) (*Area, error) {
	if on.IsZero() {
		on = civil.DateOf(now, s.loc)
	}
	var out *Area
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		before, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		newPath := ""
		if newParentID != nil {
			p, err := visible(ctx, tx, *newParentID)
			if err != nil {
				return apperr.InvalidFields(apperr.Field("parent_id", "field.not_found", nil))
			}
			newPath = p.Path
		}
		if err := mayWrite(ctx, newPath); err != nil {
			return err
		}
		if err := reparent(ctx, tx, now, id, newParentID, on, reason); err != nil {
			return err
		}
		if out, err = get(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Reparent, Entity: "area", EntityID: id, AreaPath: out.Path, Before: before, After: out}); err != nil {
			return err
		}
		return FollowSubtree(ctx, tx, now, s.follow, out.Path) // under another ward, their tasks may belong to other units
	})
	return out, err
}

func reparent(ctx context.Context, tx bun.IDB, now time.Time, id int64, newParentID *int64, on civil.Date, reason string) error {
	a, err := get(ctx, tx, id)
	if err != nil {
		return err
	}
	newPath, newDepth := "/", 0
	if newParentID != nil {
		p, err := get(ctx, tx, *newParentID)
		if err != nil {
			return apperr.InvalidFields(apperr.Field("parent_id", "field.not_found", nil))
		}
		if strings.HasPrefix(p.Path, a.Path) {
			return apperr.InvalidFields(apperr.Field("parent_id", "area.cycle", apperr.Args{"Name": p.Name}))
		}
		if !p.DissolvedOn.IsZero() {
			return apperr.InvalidFields(apperr.Field("parent_id", "area.dissolved", apperr.Args{"Name": p.Name}))
		}
		newPath, newDepth = p.Path, p.Depth+1
	}
	newPath = PathOf(newPath, a.ID)
	if err := notBeforeCurrentParent(ctx, tx, a, on); err != nil {
		return err
	}
	if _, err := tx.NewUpdate().Model((*Parent)(nil)).Set("valid_to = ?", on).
		Where("area_id = ? AND valid_to IS NULL", id).Exec(ctx); err != nil {
		return apperr.Wrap(err, "close area parent")
	}
	if _, err := tx.NewInsert().Model(&Parent{AreaID: id, ParentID: newParentID, ValidFrom: on, Reason: reason}).Exec(ctx); err != nil {
		return apperr.Wrap(err, "open area parent")
	}
	// Rewrite the subtree's paths and depths in one statement.
	_, err = tx.NewUpdate().Model((*Area)(nil)).
		Set("path = ? || SUBSTR(path, ?)", newPath, len(a.Path)+1).
		Set("depth = depth + ?", newDepth-a.Depth).
		Where("path LIKE ?", a.Path+"%").Exec(ctx)
	if err != nil {
		return apperr.Wrap(err, "rewrite subtree paths")
	}
	_, err = tx.NewUpdate().Model((*Area)(nil)).Set("parent_id = ?", newParentID).
		Set("version = version + 1").Set("updated_at = ?", now.UTC()).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return apperr.Wrap(err, "set area parent")
	}
	return nil
}

// Merge dissolves area id into area into from the given day: its children,
// units and households move to into; its history stays.
func (s *Service) Merge(ctx context.Context, now time.Time, id, into int64, on civil.Date, reason string) (*Area, error) {
	if on.IsZero() {
		on = civil.DateOf(now, s.loc)
	}
	var out *Area
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		a, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		target, err := visible(ctx, tx, into)
		if err == nil && mayWrite(ctx, target.Path) != nil {
			return mayWrite(ctx, target.Path)
		}
		if err != nil || id == into || strings.HasPrefix(target.Path, a.Path) || !target.DissolvedOn.IsZero() {
			return apperr.InvalidFields(apperr.Field("into_id", "area.bad_merge_target", nil))
		}
		if !a.DissolvedOn.IsZero() {
			return apperr.InvalidFields(apperr.Field("id", "area.dissolved", apperr.Args{"Name": a.Name}))
		}
		if err := notBeforeCurrentParent(ctx, tx, a, on); err != nil {
			return err
		}
		var children []int64
		if err := tx.NewSelect().Model((*Area)(nil)).Column("id").Where("parent_id = ?", id).Scan(ctx, &children); err != nil {
			return apperr.Wrap(err, "merge: children")
		}
		for _, c := range children {
			if err := reparent(ctx, tx, now, c, &into, on, reason); err != nil {
				return err
			}
		}
		for _, table := range []string{"households", "units"} {
			if _, err := tx.NewUpdate().Table(table).Set("area_id = ?", into).Set("version = version + 1").
				Set("updated_at = ?", now.UTC()).Where("area_id = ?", id).Exec(ctx); err != nil {
				return apperr.Wrap(err, "merge: move "+table)
			}
		}
		if _, err := tx.NewUpdate().Model((*Parent)(nil)).Set("valid_to = ?", on).
			Where("area_id = ? AND valid_to IS NULL", id).Exec(ctx); err != nil {
			return apperr.Wrap(err, "merge: close parent")
		}
		if _, err := tx.NewUpdate().Model((*Area)(nil)).Set("dissolved_on = ?", on).Set("merged_into_id = ?", into).
			Set("version = version + 1").Set("updated_at = ?", now.UTC()).Where("id = ?", id).Exec(ctx); err != nil {
			return apperr.Wrap(err, "merge: dissolve")
		}
		if out, err = get(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Merge, Entity: "area", EntityID: id, AreaPath: a.Path, Before: a, After: out}); err != nil {
			return err
		}
		return FollowSubtree(ctx, tx, now, s.follow, target.Path) // the merged households are the target's now
	})
	return out, err
}

// notBeforeCurrentParent checks the day of a move or merge against the
// area's current parent row. Before an earlier move it is refused: closing
// that row would store a period that ends before it starts. An area never
// moved yet may be moved as of a day before it was entered (the register
// is often entered after the fact): its first row then starts that day, as
// nothing is known of it before.
func notBeforeCurrentParent(ctx context.Context, tx bun.IDB, a *Area, on civil.Date) error {
	var rows []Parent
	if err := tx.NewSelect().Model(&rows).Where("area_id = ?", a.ID).Order("valid_from", "id").Scan(ctx); err != nil {
		return apperr.Wrap(err, "area parents")
	}
	i := slices.IndexFunc(rows, func(p Parent) bool { return p.ValidTo.IsZero() })
	if i < 0 {
		return nil // no open row: nothing to close
	}
	cur := rows[i]
	switch {
	case !on.Before(cur.ValidFrom):
		return nil
	case len(rows) > 1:
		return apperr.InvalidFields(apperr.Field("on", "area.before_current_parent", apperr.Args{"Name": a.Name, "From": cur.ValidFrom.VN()}))
	}
	if _, err := tx.NewUpdate().Model((*Parent)(nil)).Set("valid_from = ?", on).Where("id = ?", cur.ID).Exec(ctx); err != nil {
		return apperr.Wrap(err, "area first parent")
	}
	return nil
}

// History returns the dated parent rows of an area, oldest first.
func (s *Service) History(ctx context.Context, id int64) ([]Parent, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	var out []Parent
	if err := s.db.NewSelect().Model(&out).Where("area_id = ?", id).Order("valid_from", "id").Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "area history")
	}
	return out, nil
}

// ParentOn returns the parent an area had on a given day (nil at the top).
func (s *Service) ParentOn(ctx context.Context, id int64, on civil.Date) (*int64, error) {
	row := new(Parent)
	err := s.db.NewSelect().Model(row).Where("area_id = ? AND valid_from <= ?", id, on).
		Where("(valid_to IS NULL OR valid_to > ?)", on).Order("valid_from DESC").Limit(1).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, "area parent on day")
	}
	return row.ParentID, nil
}

func pathIDs(path string) []int64 {
	var ids []int64
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		var id int64
		if _, err := fmt.Sscan(part, &id); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// ByCode returns the area with the given code, if the caller may see it.
func (s *Service) ByCode(ctx context.Context, code string) (*Area, error) {
	a := new(Area)
	q := s.db.NewSelect().Model(a).ModelTableExpr("areas AS a").ColumnExpr("a.*").Where("a.code = ?", code)
	err := access.ScopeAreas(ctx, q, "a.path").Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, "area by code")
	}
	return a, nil
}
