// Package audit is the append-only trail of every change: who (the actor),
// when, what (entity and id), where (the area's path, so the trail is scoped
// like the data), before and after, from which request and address. Entries
// are written in the same transaction as the change they record, so a change
// without its entry cannot exist. The table refuses UPDATE and DELETE.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/reqinfo"
)

// The actions recorded.
const (
	Create      = "create"
	Update      = "update"
	Archive     = "archive"
	Event       = "event"
	Reparent    = "reparent"
	Merge       = "merge"
	Assign      = "assign"
	Import      = "import"
	Export      = "export"
	Login       = "login"
	LoginFailed = "login_failed"
	Logout      = "logout"
	Grant       = "grant"
	Revoke      = "revoke"
)

// Entry is one row of the trail.
type Entry struct {
	bun.BaseModel `bun:"table:audit_log"`

	ID         int64     `bun:"id,pk,autoincrement" json:"id"`
	At         time.Time `bun:"at,notnull" json:"at"`
	ActorID    *int64    `bun:"actor_id" json:"actor_id"`
	ActorName  string    `bun:"actor_name,notnull" json:"actor_name"`
	Action     string    `bun:"action,notnull" json:"action"`
	Entity     string    `bun:"entity,notnull" json:"entity"`
	EntityID   *int64    `bun:"entity_id" json:"entity_id"`
	AreaPath   string    `bun:"area_path,notnull" json:"-"`
	BeforeJSON string    `bun:"before_json,notnull" json:"-"`
	AfterJSON  string    `bun:"after_json,notnull" json:"-"`
	Before     any       `bun:"-" json:"before"`
	After      any       `bun:"-" json:"after"`
	RequestID  string    `bun:"request_id,notnull" json:"request_id"`
	ClientIP   string    `bun:"client_ip,notnull" json:"client_ip"`
}

// Change describes what to record.
type Change struct {
	Action   string
	Entity   string // "household", "area", "unit", "user", "grant", …
	EntityID int64
	AreaPath string // path of the area the entity belongs to ("" for national entities)
	Before   any    // the entity before (nil for a creation); marshalled to JSON
	After    any    // the entity after (nil for an archive without a new state)
}

// Record appends an entry for a change, with the actor and request taken
// from ctx. Call it inside the transaction of the change.
func Record(ctx context.Context, db bun.IDB, now time.Time, c Change) error {
	e := &Entry{At: now.UTC(), Action: c.Action, Entity: c.Entity, AreaPath: c.AreaPath}
	if c.EntityID != 0 {
		id := c.EntityID
		e.EntityID = &id
	}
	if p := access.From(ctx); p != nil {
		e.ActorName = p.Name
		if p.UserID != 0 {
			id := p.UserID
			e.ActorID = &id
		}
		if e.AreaPath == "" {
			e.AreaPath = actorArea(p)
		}
	}
	info := reqinfo.From(ctx)
	e.RequestID, e.ClientIP = info.ID, info.ClientIP
	var err error
	if e.BeforeJSON, err = marshal(c.Before); err != nil {
		return err
	}
	if e.AfterJSON, err = marshal(c.After); err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(e).Exec(ctx); err != nil {
		return fmt.Errorf("audit %s %s: %w", c.Action, c.Entity, err)
	}
	return nil
}

// actorArea places an entry about no area (an export, a bulk action, an
// import, an account) where its actor works: the deepest area containing
// every area the actor sees, so that the auditors of that area see what
// their people did. Whole-country actors and the system leave it national.
func actorArea(p *access.Principal) string {
	roots, all := p.AreaRoots()
	if all || len(roots) == 0 {
		return ""
	}
	common := roots[0]
	for _, r := range roots[1:] {
		for !strings.HasPrefix(r, common) {
			// Drop the last segment: "/1/2/3/" → "/1/2/".
			common = common[:strings.LastIndex(common[:len(common)-1], "/")+1]
		}
	}
	if common == "/" {
		return ""
	}
	return common
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: marshal: %w", err)
	}
	return string(b), nil
}
