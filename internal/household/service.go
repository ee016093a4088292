package household

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
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/poverty"
)

const entity = "entity.household"

// Service keeps the household register.
type Service struct {
	db     *bun.DB
	areas  *area.Service
	loc    *time.Location
	city   poverty.Lines
	follow Follower
}

// Follower brings what depends on households into line after they changed,
// inside the transaction of the change: their tasks (plan.Service.FollowHouseholds).
type Follower = area.Follower

// Follow sets the follower called after each change of households (create,
// update, classification event, archive; and through Followed, assignments
// and the Excel import); nil calls none.
func (s *Service) Follow(f Follower) { s.follow = f }

// Followed calls the follower, if any, for households changed inside db.
// It is itself a Follower, to hand to what writes households elsewhere
// (assignments, the Excel import).
func (s *Service) Followed(ctx context.Context, db bun.IDB, now time.Time, households []int64) error {
	if s.follow == nil || len(households) == 0 {
		return nil
	}
	return s.follow(ctx, db, now, households)
}

// NewService returns the household service. city is the city standard's lines.
func NewService(db *bun.DB, areas *area.Service, loc *time.Location, city poverty.Lines) *Service {
	return &Service{db: db, areas: areas, loc: loc, city: city}
}

// City returns the city standard's lines in force.
func (s *Service) City() poverty.Lines { return s.city }

func get(ctx context.Context, db bun.IDB, id int64) (*Household, error) {
	h := new(Household)
	err := db.NewSelect().Model(h).Where("id = ?", id).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError(entity)
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("get household %d", id))
	}
	return h, nil
}

// Get returns one household.
func (s *Service) Get(ctx context.Context, id int64) (*Household, error) {
	return visible(ctx, s.db, id)
}

// Detail is a household with its area, the area's ancestors and its history.
type Detail struct {
	Household       View                 `json:"household"`
	Area            area.Area            `json:"area"`
	Ancestors       []area.Area          `json:"ancestors"`
	Classifications []ClassificationView `json:"classifications"`
	Events          []Event              `json:"events"`
}

// Detail returns everything the detail page shows.
func (s *Service) Detail(ctx context.Context, id int64) (*Detail, error) {
	h, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	// The household is visible, so its own area is too, even where the
	// caller's area scope (a member's) does not reach it.
	a := new(area.Area)
	if err := s.db.NewSelect().Model(a).Where("id = ?", h.AreaID).Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "household area")
	}
	anc, err := s.areas.Ancestors(ctx, a)
	if err != nil {
		return nil, err
	}
	d := &Detail{Household: ViewOf(h), Area: *a, Ancestors: anc, Classifications: []ClassificationView{}, Events: []Event{}}
	var cls []Classification
	if err := s.db.NewSelect().Model(&cls).Where("household_id = ?", id).Order("year DESC").Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "household classifications")
	}
	for _, c := range cls {
		d.Classifications = append(d.Classifications, ClassificationView{Classification: c, DeprivationCodes: c.Deprivations.Codes()})
	}
	if err := s.db.NewSelect().Model(&d.Events).Where("household_id = ?", id).Order("event_date DESC", "id DESC").Scan(ctx); err != nil {
		return nil, apperr.Wrap(err, "household events")
	}
	return d, nil
}

// checkRefs validates what needs the database: the area exists and is not
// dissolved, and the code is not used by another household.
func checkRefs(ctx context.Context, db bun.IDB, in Checked, selfID int64) []apperr.FieldError {
	var c []apperr.FieldError
	if in.AreaID > 0 {
		n, err := db.NewSelect().Table("areas").Where("id = ? AND dissolved_on IS NULL", in.AreaID).Count(ctx)
		if err != nil || n == 0 {
			c = append(c, apperr.Field("area_id", "field.not_found", nil))
		}
	}
	if in.Code != "" {
		n, err := db.NewSelect().Model((*Household)(nil)).Where("code = ? AND id <> ?", in.Code, selfID).Count(ctx)
		if err != nil || n > 0 {
			c = append(c, apperr.Field("code", "field.taken", apperr.Args{"Value": in.Code}))
		}
	}
	return c
}

func (s *Service) check(ctx context.Context, db bun.IDB, in Input, selfID int64) (Checked, error) {
	checked, fields := Check(in, s.city)
	fields = append(fields, checkRefs(ctx, db, checked, selfID)...)
	if len(fields) > 0 {
		return checked, apperr.InvalidFields(fields...)
	}
	return checked, nil
}

// Create adds a household with its classification for in.Year.
func (s *Service) Create(ctx context.Context, now time.Time, in Input) (*Household, error) {
	var h *Household
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		c, err := s.check(ctx, tx, in, 0)
		if err != nil {
			return err
		}
		path, err := writableArea(ctx, tx, c.AreaID)
		if err != nil {
			return err
		}
		h = &Household{Version: 1, CreatedAt: now.UTC()}
		apply(h, c, now)
		if _, err := tx.NewInsert().Model(h).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert household")
		}
		if err := upsertClassification(ctx, tx, h, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "household", EntityID: h.ID, AreaPath: path, After: ViewOf(h)}); err != nil {
			return err
		}
		return s.Followed(ctx, tx, now, []int64{h.ID})
	})
	return h, err
}

// apply copies checked input onto a household row.
func apply(h *Household, c Checked, now time.Time) {
	h.Code, h.HeadName, h.SearchName, h.Address = c.Code, c.HeadName, Fold(c.HeadName), c.Address
	h.AreaID, h.Members, h.Urban, h.IncomeMonthly = c.AreaID, c.Members, c.Urban, c.IncomeMonthly
	h.Deprivations, h.Causes, h.Flags = c.Deprivations, c.Causes, c.Flags
	h.Standard, h.Classification, h.ClassificationYear, h.Note = c.Standard, c.Classification, c.Year, c.Note
	h.UpdatedAt = now.UTC()
}

func upsertClassification(ctx context.Context, tx bun.IDB, h *Household, now time.Time) error {
	row := &Classification{HouseholdID: h.ID, Year: h.ClassificationYear, Classification: h.Classification,
		Standard: h.Standard, IncomeMonthly: h.IncomeMonthly, Deprivations: h.Deprivations, CreatedAt: now.UTC()}
	_, err := tx.NewInsert().Model(row).On("CONFLICT (household_id, year) DO UPDATE").
		Set("classification = EXCLUDED.classification").Set("standard = EXCLUDED.standard").
		Set("income_monthly = EXCLUDED.income_monthly").Set("deprivations = EXCLUDED.deprivations").Exec(ctx)
	if err != nil {
		return apperr.Wrap(err, "upsert household classification")
	}
	return nil
}

// Update changes a household if version is the one the caller read. A stale
// version is a conflict (409) and nothing is written.
func (s *Service) Update(ctx context.Context, now time.Time, id int64, version int, in Input) (*Household, error) {
	var h *Household
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, path, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return apperr.StaleVersion(entity, cur.Version)
		}
		c, err := s.check(ctx, tx, in, id)
		if err != nil {
			return err
		}
		if _, err := writableArea(ctx, tx, c.AreaID); err != nil {
			return err
		}
		before := ViewOf(cur)
		h = cur
		apply(h, c, now)
		h.Version = version + 1
		res, err := tx.NewUpdate().Model(h).ExcludeColumn("id", "created_at", "archived_at", "archive_reason").
			WherePK().Where("version = ?", version).Exec(ctx)
		if err != nil {
			return apperr.Wrap(err, "update household")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.StaleVersion(entity, cur.Version)
		}
		if err := upsertClassification(ctx, tx, h, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "household", EntityID: id, AreaPath: path, Before: before, After: ViewOf(h)}); err != nil {
			return err
		}
		return s.Followed(ctx, tx, now, []int64{id})
	})
	return h, err
}

// Archive takes a household out of the working lists; it is never deleted.
func (s *Service) Archive(ctx context.Context, now time.Time, id int64, version int, reason string) (*Household, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apperr.InvalidFields(apperr.Field("reason", "field.required", nil))
	}
	var h *Household
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, path, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.ArchivedAt != nil {
			return apperr.New(apperr.Conflict, "household.already_archived", nil)
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Household)(nil)).Set("archived_at = ?", now.UTC()).
			Set("archive_reason = ?", reason), id, version, now)
		if err != nil {
			return apperr.Wrap(err, "archive household")
		}
		if !ok {
			return apperr.StaleVersion(entity, cur.Version)
		}
		if h, err = get(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Archive, Entity: "household", EntityID: id, AreaPath: path, Before: ViewOf(cur), After: ViewOf(h)}); err != nil {
			return err
		}
		return s.Followed(ctx, tx, now, []int64{id})
	})
	return h, err
}

// EventInput records a change of classification.
type EventInput struct {
	EventDate  civil.Date    `json:"event_date" doc:"the decision's date"`
	ToClass    poverty.Class `json:"to_class"`
	DecisionNo string        `json:"decision_no,omitempty" required:"false" maxLength:"100"`
	Reason     string        `json:"reason,omitempty" required:"false" maxLength:"1000"`
	Version    int           `json:"version" doc:"the household version the caller read"`
}

// RecordEvent changes a household's classification with a dated event.
func (s *Service) RecordEvent(ctx context.Context, now time.Time, id int64, in EventInput) (*Event, error) {
	var c apperr.Collector
	today := civil.DateOf(now, s.loc)
	switch {
	case in.EventDate.IsZero():
		c.Add("event_date", "field.required", nil)
	case in.EventDate.After(today):
		c.Add("event_date", "field.not_future", nil)
	case in.EventDate.Year() < MinYear:
		c.Add("event_date", "field.between", apperr.Args{"Min": MinYear, "Max": MaxYear})
	}
	if !in.ToClass.Valid() {
		c.Add("to_class", "field.one_of", apperr.Args{"Values": "poor, near_poor, escaped, average, none"})
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	var ev *Event
	err := database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, path, err := writable(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Version != in.Version {
			return apperr.StaleVersion(entity, cur.Version)
		}
		if cur.Classification == in.ToClass {
			return apperr.InvalidFields(apperr.Field("to_class", "household.same_class", nil))
		}
		ev = &Event{HouseholdID: id, EventDate: in.EventDate, Year: in.EventDate.Year(), FromClass: cur.Classification,
			ToClass: in.ToClass, DecisionNo: strings.TrimSpace(in.DecisionNo), Reason: strings.TrimSpace(in.Reason), CreatedAt: now.UTC()}
		if _, err := tx.NewInsert().Model(ev).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert classification event")
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*Household)(nil)).Set("classification = ?", in.ToClass), id, in.Version, now)
		if err != nil {
			return apperr.Wrap(err, "set household classification")
		}
		if !ok {
			return apperr.StaleVersion(entity, cur.Version)
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Event, Entity: "household", EntityID: id, AreaPath: path,
			Before: ViewOf(cur), After: ev}); err != nil {
			return err
		}
		return s.Followed(ctx, tx, now, []int64{id})
	})
	return ev, err
}

// Outcome says what an upsert did.
type Outcome int

// The outcomes of UpsertByCode.
const (
	Created Outcome = iota
	Updated
	Unchanged
)

// UpsertByCode writes an already checked household inside tx: created when the
// code is new, updated when it differs, untouched when it is the same; it
// returns what it did and the household's id. It is the Excel import's
// write, so importing one file twice changes nothing.
func UpsertByCode(ctx context.Context, tx bun.IDB, now time.Time, c Checked) (Outcome, int64, error) {
	path, err := writableArea(ctx, tx, c.AreaID)
	if err != nil {
		return 0, 0, err
	}
	cur := new(Household)
	err = tx.NewSelect().Model(cur).Where("code = ?", c.Code).Scan(ctx)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		h := &Household{Version: 1, CreatedAt: now.UTC()}
		apply(h, c, now)
		if _, err := tx.NewInsert().Model(h).Exec(ctx); err != nil {
			return 0, 0, apperr.Wrap(err, "import: insert household")
		}
		if err := upsertClassification(ctx, tx, h, now); err != nil {
			return 0, 0, err
		}
		return Created, h.ID, audit.Record(ctx, tx, now, audit.Change{Action: audit.Import, Entity: "household", EntityID: h.ID, AreaPath: path, After: ViewOf(h)})
	case err != nil:
		return 0, 0, apperr.Wrap(err, "import: find household")
	}
	// An existing household the caller may not change is refused like a taken code.
	if _, _, err := writable(ctx, tx, cur.ID); err != nil {
		return 0, 0, apperr.InvalidFields(apperr.Field("code", "field.taken", apperr.Args{"Value": c.Code}))
	}
	next := *cur
	apply(&next, c, now)
	next.UpdatedAt = cur.UpdatedAt
	if next == *cur {
		return Unchanged, cur.ID, nil
	}
	next.Version, next.UpdatedAt = cur.Version+1, now.UTC()
	if _, err := tx.NewUpdate().Model(&next).ExcludeColumn("id", "created_at", "archived_at", "archive_reason").WherePK().Exec(ctx); err != nil {
		return 0, 0, apperr.Wrap(err, "import: update household")
	}
	if err := upsertClassification(ctx, tx, &next, now); err != nil {
		return 0, 0, err
	}
	return Updated, cur.ID, audit.Record(ctx, tx, now, audit.Change{Action: audit.Import, Entity: "household", EntityID: cur.ID, AreaPath: path,
		Before: ViewOf(cur), After: ViewOf(&next)})
}

// ByCode returns the household with the given code, if the caller may read it.
func (s *Service) ByCode(ctx context.Context, code string) (*Household, error) {
	var id int64
	q := s.db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").
		ColumnExpr("h.id").Where("h.code = ?", code)
	if err := access.ScopeHouseholds(ctx, q, "h.id", "a.path").Scan(ctx, &id); err != nil {
		return nil, apperr.NotFoundError(entity)
	}
	return s.Get(ctx, id)
}
