package support

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/database"
)

// checkDay adds a field error for a day that is not one, or missing, future or too early.
func checkDay(c *apperr.Collector, field string, d Day, today civil.Date) {
	switch {
	case d.invalid:
		c.Add(field, "field.date", nil)
	case d.IsZero():
		c.Add(field, "field.required", nil)
	case d.After(today):
		c.Add(field, "field.not_future", nil)
	case d.Year() < minYear:
		c.Add(field, "field.between", apperr.Args{"Min": civil.NewDate(minYear, 1, 1).VN(), "Max": today.VN()})
	}
}

// checkNote trims a note and adds a field error when it is too long.
func checkNote(c *apperr.Collector, note *string) {
	*note = strings.TrimSpace(*note)
	if utf8.RuneCountInString(*note) > MaxNote {
		c.Add("note", "field.max_len", apperr.Args{"Max": MaxNote})
	}
}

// check validates the fields of a record, trimming the note; it needs no database.
func check(f *Fields, today civil.Date) *apperr.Collector {
	c := new(apperr.Collector)
	checkDay(c, "delivered_on", f.DeliveredOn, today)
	if !f.Type.Valid() {
		c.Add("type", "field.unknown_code", apperr.Args{"Value": string(f.Type)})
	}
	if f.ValueVND < 0 || f.ValueVND > MaxValueVND {
		c.Add("value_vnd", "field.between", apperr.Args{"Min": 0, "Max": "10.000.000.000"})
	}
	if !f.FundingSource.Valid() {
		c.Add("funding_source", "field.unknown_code", apperr.Args{"Value": string(f.FundingSource)})
	}
	checkNote(c, &f.Note)
	return c
}

// Create records support delivered to a household the caller sees. Nothing
// is written when a field is wrong; a household out of sight is not found.
func (s *Service) Create(ctx context.Context, now time.Time, in Input) (*Record, error) {
	c := check(&in.Fields, civil.DateOf(now, s.loc))
	if in.HouseholdID <= 0 {
		c.Add("household_id", "field.required", nil)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var r *Record
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		h, unitID, err := resolve(ctx, tx, in.HouseholdID, in.UnitID, in.TaskID)
		if err != nil {
			return err
		}
		r, err = insertRecord(ctx, tx, now, h, in.Fields, unitID, in.TaskID)
		return err
	})
	return r, err
}

// insertRecord writes a checked record for h, of a resolved unit, with its audit entry.
func insertRecord(ctx context.Context, tx bun.IDB, now time.Time, h *target, f Fields, unitID, taskID *int64) (*Record, error) {
	r := &Record{HouseholdID: h.ID, UnitID: unitID, UserID: userOf(access.From(ctx)), DeliveredOn: f.DeliveredOn.Date,
		Type: f.Type, ValueVND: f.ValueVND, FundingSource: f.FundingSource, Note: f.Note, TaskID: taskID,
		Version: 1, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if _, err := tx.NewInsert().Model(r).Exec(ctx); err != nil {
		return nil, apperr.Wrap(err, "insert support record")
	}
	return r, audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "support", EntityID: r.ID, AreaPath: h.Path, After: r})
}

// itemQuery selects records with their names, narrowed to the households
// the caller sees.
func itemQuery(ctx context.Context, db bun.IDB) *bun.SelectQuery {
	q := db.NewSelect().TableExpr("support_records AS sr").ColumnExpr("sr.*").
		ColumnExpr("h.code AS household_code, h.head_name, a.path AS area_path").
		ColumnExpr("COALESCE(u.name, '') AS unit_name, COALESCE(p.name, '') AS user_name").
		ColumnExpr("(SELECT COUNT(*) FROM evidence_files AS ef WHERE ef.support_id = sr.id) AS evidence_count").
		Join("JOIN households AS h ON h.id = sr.household_id").Join("JOIN areas AS a ON a.id = h.area_id").
		Join("LEFT JOIN units AS u ON u.id = sr.unit_id").Join("LEFT JOIN users AS p ON p.id = sr.user_id")
	return access.ScopeHouseholds(ctx, q, "h.id", "a.path")
}

// load returns a record the caller sees; not found otherwise.
func load(ctx context.Context, db bun.IDB, id int64) (*Item, error) {
	it := new(Item)
	err := itemQuery(ctx, db).Where("sr.id = ?", id).Scan(ctx, it)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entityRecord)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get support record %d", id))
	}
	return it, nil
}

// Get returns a support record if the caller sees its household.
func (s *Service) Get(ctx context.Context, id int64) (*Item, error) { return load(ctx, s.db, id) }

// writable returns a record the caller may correct: not found when out of
// sight, forbidden when seen but recorded by another unit.
func writable(ctx context.Context, db bun.IDB, id int64) (*Item, error) {
	cur, err := load(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if err := mayCorrect(access.From(ctx), cur.AreaPath, cur.UnitID, cur.UserID); err != nil {
		return nil, err
	}
	return cur, nil
}

// Update corrects a record (a record is never deleted) if version is the one
// the caller read; a stale version is a conflict and nothing is written.
// Only the record's unit, the person who recorded it and the officers and
// chairs of the area may correct it. A nil unit or task keeps the current one.
func (s *Service) Update(ctx context.Context, now time.Time, id int64, version int, ch Change) (*Record, error) {
	f := &ch.Fields
	if err := check(f, civil.DateOf(now, s.loc)).Err(); err != nil {
		return nil, err
	}
	var next Record
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return apperr.StaleVersion(entityRecord, cur.Version)
		}
		next = cur.Record
		h := &target{ID: cur.HouseholdID, Path: cur.AreaPath}
		if f.UnitID != nil {
			if next.UnitID, err = unitFor(ctx, tx, h, f.UnitID); err != nil {
				return err
			}
		}
		if ch.TaskID != nil {
			if err := checkTask(ctx, tx, h.ID, ch.TaskID); err != nil {
				return err
			}
			next.TaskID = ch.TaskID
		}
		next.DeliveredOn, next.Type, next.ValueVND = f.DeliveredOn.Date, f.Type, f.ValueVND
		next.FundingSource, next.Note = f.FundingSource, f.Note
		next.Version, next.UpdatedAt = version+1, now.UTC()
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Record)(nil)).
			Set("unit_id = ?", next.UnitID).Set("task_id = ?", next.TaskID).Set("delivered_on = ?", next.DeliveredOn).
			Set("type = ?", next.Type).Set("value_vnd = ?", next.ValueVND).Set("funding_source = ?", next.FundingSource).
			Set("note = ?", next.Note), id, version, now)
		if err != nil {
			return apperr.Wrap(err, "update support record")
		}
		if !ok {
			return apperr.StaleVersion(entityRecord, cur.Version)
		}
		return audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "support", EntityID: id,
			AreaPath: cur.AreaPath, Before: cur.Record, After: next})
	})
	if err != nil {
		return nil, err
	}
	return &next, nil
}
