package account

import (
	"context"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
)

// UserDetail is a user with their roles in force.
type UserDetail struct {
	User
	HasPassword bool         `json:"has_password" doc:"false until the invitation is accepted"`
	Grants      []Grant      `json:"grants"`
	Memberships []Membership `json:"memberships"`
}

// NewUser is what an admin gives to create an account.
type NewUser struct {
	Email       string            `json:"email" minLength:"3" maxLength:"254"`
	Name        string            `json:"name" minLength:"1" maxLength:"200"`
	Phone       string            `json:"phone,omitempty" maxLength:"30"`
	Lang        string            `json:"lang,omitempty" enum:"vi,en" doc:"language of emails and the app; vi by default"`
	Grants      []GrantInput      `json:"grants,omitempty" maxItems:"50"`
	Memberships []MembershipInput `json:"memberships,omitempty" maxItems:"50"`
	// Password, set only by the command line, makes the account usable at
	// once, without an invitation.
	Password string `json:"-"`
}

// Created is a new user, and how the invitation reaches them.
type Created struct {
	UserDetail
	Invitation
}

// UserUpdate changes an account (optimistic concurrency by version).
// Deactivating ends the user's sessions and revokes their API tokens.
type UserUpdate struct {
	Version int    `json:"version" doc:"the version you read"`
	Name    string `json:"name" minLength:"1" maxLength:"200"`
	Phone   string `json:"phone" maxLength:"30"`
	Lang    string `json:"lang" enum:"vi,en"`
	Active  bool   `json:"active"`
}

// Profile is what users change about themselves.
type Profile struct {
	Version int    `json:"version" doc:"the version you read"`
	Name    string `json:"name" minLength:"1" maxLength:"200"`
	Phone   string `json:"phone" maxLength:"30"`
	Lang    string `json:"lang" enum:"vi,en"`
}

// checkProfile trims and validates name, phone and language.
func checkProfile(c *apperr.Collector, name, phone, lang *string) {
	*name, *phone = strings.TrimSpace(*name), strings.TrimSpace(*phone)
	if *name == "" {
		c.Add("name", "field.required", nil)
	} else if utf8.RuneCountInString(*name) > 200 {
		c.Add("name", "field.max_len", apperr.Args{"Max": 200})
	}
	if utf8.RuneCountInString(*phone) > 30 {
		c.Add("phone", "field.max_len", apperr.Args{"Max": 30})
	}
	if *lang == "" {
		*lang = "vi"
	}
	if *lang != "vi" && *lang != "en" {
		c.Add("lang", "field.one_of", apperr.Args{"Values": "vi, en"})
	}
}

// validEmail reports whether s is a bare address (no display name).
func validEmail(s string) bool {
	a, err := netmail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254 && strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".")
}

// Create adds a user with their first grants and memberships, and emails an
// invitation link (unless in.Password is given). A subtree admin must give the
// user at least one role inside their subtrees — otherwise the new user would
// be out of their sight at once.
func (s *Service) Create(ctx context.Context, now time.Time, in NewUser) (*Created, error) {
	p, err := admin(ctx)
	if err != nil {
		return nil, err
	}
	var out *Created
	var invite string
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		var c apperr.Collector
		in.Email = normalizeEmail(in.Email)
		if !validEmail(in.Email) {
			c.Add("email", "account.email_invalid", nil)
		} else if n, err := tx.NewSelect().Model((*User)(nil)).Where("email = ?", in.Email).Count(ctx); err != nil {
			return apperr.Wrap(err, "check email")
		} else if n > 0 {
			c.Add("email", "field.taken", apperr.Args{"Value": in.Email})
		}
		checkProfile(&c, &in.Name, &in.Phone, &in.Lang)
		if in.Password != "" {
			checkPassword(&c, "password", in.Password, in.Email)
		}
		grantPaths, grantNames := make([]string, len(in.Grants)), make([]string, len(in.Grants))
		for i, g := range in.Grants {
			if grantPaths[i], grantNames[i], err = checkGrant(ctx, tx, &c, fmt.Sprintf("grants[%d].", i), g); err != nil {
				return err
			}
		}
		unitPaths, unitNames := make([]string, len(in.Memberships)), make([]string, len(in.Memberships))
		for i, m := range in.Memberships {
			if unitPaths[i], unitNames[i], err = checkMembership(ctx, tx, &c, fmt.Sprintf("memberships[%d].", i), m); err != nil {
				return err
			}
		}
		if !canManageArea(p, "") && len(in.Grants)+len(in.Memberships) == 0 {
			c.Add("grants", "account.role_required", nil)
		}
		if err := c.Err(); err != nil {
			return err
		}
		var denied []apperr.FieldError
		for i, path := range grantPaths {
			if !canManageArea(p, path) {
				denied = append(denied, areaDenied(fmt.Sprintf("grants[%d].area_id", i), path).Fields...)
			}
		}
		for i, path := range unitPaths {
			if !canManageArea(p, path) {
				denied = append(denied, areaDenied(fmt.Sprintf("memberships[%d].unit_id", i), path).Fields...)
			}
		}
		if len(denied) > 0 {
			return &apperr.Error{Code: apperr.Forbidden, MessageID: denied[0].MessageID, Fields: denied}
		}

		u := &User{Email: in.Email, Name: in.Name, Phone: in.Phone, Lang: in.Lang, Active: true, Version: 1,
			CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		if in.Password != "" {
			if u.PasswordHash, err = HashPassword(in.Password, s.params); err != nil {
				return apperr.Wrap(err, "hash password")
			}
		}
		if _, err := tx.NewInsert().Model(u).Exec(ctx); err != nil {
			return apperr.Wrap(err, "insert user")
		}
		out = &Created{UserDetail: UserDetail{User: *u, HasPassword: u.PasswordHash != "", Grants: []Grant{}, Memberships: []Membership{}}}
		r := reach(append(append([]string{}, grantPaths...), unitPaths...))
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "user", EntityID: u.ID, AreaPath: r.first(), After: u.auditView()}); err != nil {
			return err
		}
		for i, g := range in.Grants {
			row, err := insertGrant(ctx, tx, now, u.ID, g, grantPaths[i], grantNames[i])
			if err != nil {
				return err
			}
			out.Grants = append(out.Grants, *row)
		}
		for i, m := range in.Memberships {
			row, err := insertMembership(ctx, tx, now, u.ID, m, unitPaths[i], unitNames[i])
			if err != nil {
				return err
			}
			out.Memberships = append(out.Memberships, *row)
		}
		if in.Password == "" {
			invite, _, err = newLink(ctx, tx, now, u.ID, purposeInvitation)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if invite != "" {
		out.Invitation = s.deliver(ctx, &out.User, p.Name, invite)
	}
	return out, nil
}

// detail loads a user's roles in force.
func detail(ctx context.Context, db bun.IDB, u *User) (*UserDetail, error) {
	d := &UserDetail{User: *u, HasPassword: u.PasswordHash != ""}
	var err error
	if d.Grants, err = activeGrants(ctx, db, u.ID); err != nil {
		return nil, err
	}
	if d.Memberships, err = activeMemberships(ctx, db, u.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// Get returns a user the caller manages, with grants and memberships; a user
// outside the caller's subtrees is not found.
func (s *Service) Get(ctx context.Context, id int64) (*UserDetail, error) {
	p, err := admin(ctx)
	if err != nil {
		return nil, err
	}
	u, _, err := visibleUser(ctx, s.db, p, id)
	if err != nil {
		return nil, err
	}
	return detail(ctx, s.db, u)
}

// List returns the users the caller sees, by name; q filters by name or email.
func (s *Service) List(ctx context.Context, q string) ([]User, error) {
	p, err := admin(ctx)
	if err != nil {
		return nil, err
	}
	sel := s.db.NewSelect().Model((*User)(nil)).ModelTableExpr("users AS u").ColumnExpr("u.*")
	sel = scopeUsers(s.db, sel, p)
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		like := database.Contains(q)
		sel = sel.Where("(LOWER(u.name) LIKE ? "+database.LikeEscape+" OR LOWER(u.email) LIKE ? "+database.LikeEscape+")", like, like)
	}
	out := []User{}
	if err := sel.OrderExpr("u.name, u.id").Limit(1000).Scan(ctx, &out); err != nil {
		return nil, apperr.Wrap(err, "list users")
	}
	return out, nil
}

// Update changes a user's name, phone, language and active flag. The caller
// must cover all the user's roles; nobody deactivates themselves.
func (s *Service) Update(ctx context.Context, now time.Time, id int64, in UserUpdate) (*UserDetail, error) {
	p, err := admin(ctx)
	if err != nil {
		return nil, err
	}
	var out *UserDetail
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, r, err := visibleUser(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !r.managedBy(p) {
			return apperr.New(apperr.Forbidden, "account.user_outside_scope", nil)
		}
		if !in.Active && p.UserID == id {
			return apperr.New(apperr.Forbidden, "account.deactivate_self", nil)
		}
		var c apperr.Collector
		checkProfile(&c, &in.Name, &in.Phone, &in.Lang)
		if err := c.Err(); err != nil {
			return err
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*User)(nil)).Set("name = ?", in.Name).
			Set("phone = ?", in.Phone).Set("lang = ?", in.Lang).Set("active = ?", in.Active), id, in.Version, now)
		if err != nil {
			return apperr.Wrap(err, "update user")
		}
		if !ok {
			return apperr.StaleVersion(entityUser, cur.Version)
		}
		if cur.Active && !in.Active {
			if err := s.cutOff(ctx, tx, now, id); err != nil {
				return err
			}
		}
		u, err := getUser(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "user", EntityID: id, AreaPath: r.first(),
			Before: cur.auditView(), After: u.auditView()}); err != nil {
			return err
		}
		out, err = detail(ctx, tx, u)
		return err
	})
	return out, err
}

// cutOff ends every way a deactivated user could still get in: sessions,
// API tokens and unused links.
func (s *Service) cutOff(ctx context.Context, tx bun.Tx, now time.Time, userID int64) error {
	if _, err := tx.NewDelete().Model((*Session)(nil)).Where("user_id = ?", userID).Exec(ctx); err != nil {
		return apperr.Wrap(err, "end sessions")
	}
	if _, err := tx.NewUpdate().Model((*Token)(nil)).Set("revoked_at = ?", now.UTC()).
		Where("user_id = ? AND revoked_at IS NULL", userID).Exec(ctx); err != nil {
		return apperr.Wrap(err, "revoke tokens")
	}
	return expireLinks(ctx, tx, now, userID, "")
}

// UpdateMe changes the caller's own name, phone and language.
func (s *Service) UpdateMe(ctx context.Context, now time.Time, in Profile) (*UserDetail, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return nil, err
	}
	var out *UserDetail
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		cur, err := getUser(ctx, tx, p.UserID)
		if err != nil {
			return err
		}
		var c apperr.Collector
		checkProfile(&c, &in.Name, &in.Phone, &in.Lang)
		if err := c.Err(); err != nil {
			return err
		}
		ok, err := database.UpdateVersioned(ctx, tx.NewUpdate().Model((*User)(nil)).Set("name = ?", in.Name).
			Set("phone = ?", in.Phone).Set("lang = ?", in.Lang), p.UserID, in.Version, now)
		if err != nil {
			return apperr.Wrap(err, "update profile")
		}
		if !ok {
			return apperr.StaleVersion(entityUser, cur.Version)
		}
		u, err := getUser(ctx, tx, p.UserID)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Update, Entity: "user", EntityID: u.ID,
			AreaPath: ownPath(p), Before: cur.auditView(), After: u.auditView()}); err != nil {
			return err
		}
		out, err = detail(ctx, tx, u)
		return err
	})
	return out, err
}

// ownPath is the area path of audit entries about the caller's own account.
func ownPath(p *access.Principal) string {
	switch {
	case len(p.Grants) > 0:
		return p.Grants[0].AreaPath
	case len(p.Memberships) > 0:
		return p.Memberships[0].AreaPath
	}
	return ""
}
