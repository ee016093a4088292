package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/database"
)

// Invitation says how an invitation reached the new user. Without an SMTP
// server (or when it refused the mail) nothing was sent: the inviter gets
// the single-use link, once, to hand over by Zalo or phone.
type Invitation struct {
	InvitationSent bool   `json:"invitation_sent" doc:"true only when the mail server accepted the invitation; false without SMTP or when it refused"`
	InvitationLink string `json:"invitation_link,omitempty" doc:"when not sent: the single-use invitation link, shown only in this answer, for the inviter to hand over"`
}

// deliver mails the invitation link when a mail server is configured, and
// otherwise (or when it fails) gives the link back to the inviter.
func (s *Service) deliver(ctx context.Context, u *User, invitedBy, secret string) Invitation {
	err := s.sendInvitation(ctx, u, invitedBy, secret)
	if err == nil && s.delivers {
		return Invitation{InvitationSent: true}
	}
	return Invitation{InvitationLink: s.linkURL("accept-invite", secret)}
}

// MemberInvite is what a unit leader gives to bring a member into the unit.
type MemberInvite struct {
	Email string          `json:"email" minLength:"3" maxLength:"254"`
	Name  string          `json:"name" minLength:"1" maxLength:"200" doc:"the new member's name (an existing account keeps its own)"`
	Phone string          `json:"phone,omitempty" maxLength:"30"`
	Lang  string          `json:"lang,omitempty" enum:"vi,en" doc:"language of the invitation and the app; vi by default"`
	Role  access.UnitRole `json:"role,omitempty" enum:"leader,member" doc:"member, the default and the only role a unit's leader gives"`
}

// The outcomes of a member invitation.
const (
	Invited       = "invited"        // a new account, with an invitation
	Added         = "added"          // an account with this email existed, and joined the unit
	AlreadyMember = "already_member" // nothing changed
)

// MemberInvited is the answer to a member invitation. It tells nothing of an
// existing account beyond its id: not its name, phone or other roles.
type MemberInvited struct {
	Outcome    string     `json:"outcome" enum:"invited,added,already_member" doc:"invited: a new account was created and invited; added: an account with this email existed and joined the unit; already_member: it was already in the unit"`
	UserID     int64      `json:"user_id"`
	Membership Membership `json:"membership"`
	Invitation
}

// unitOf is a unit (not archived) with the path of its area.
type unitOf struct {
	ID   int64  `bun:"id"`
	Name string `bun:"name"`
	Path string `bun:"path"`
}

// mayInvite finds the unit and checks that p leads it today, or manages the
// accounts of its area. A unit p does not see is not found.
func mayInvite(ctx context.Context, db bun.IDB, p *access.Principal, unitID int64) (*unitOf, error) {
	un := new(unitOf)
	err := db.NewSelect().TableExpr("units AS un").ColumnExpr("un.id, un.name, a.path").Join("JOIN areas AS a ON a.id = un.area_id").
		Where("un.id = ? AND un.archived_at IS NULL", unitID).Scan(ctx, un)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError("entity.unit")
	}
	if err != nil {
		return nil, apperr.Wrap(err, fmt.Sprintf("unit %d", unitID))
	}
	if canManageArea(p, un.Path) {
		return un, nil
	}
	member := false
	for _, m := range p.MembershipsOf(unitID) {
		if m.Role == access.UnitLeader {
			return un, nil
		}
		member = true
	}
	if !member && !p.Can(access.ReadAreas, un.Path) {
		return nil, apperr.NotFoundError("entity.unit")
	}
	return nil, refuse("unit_id", "account.not_unit_leader")
}

// InviteMember brings a person into a unit as a member: the unit's leader
// (or an admin of its area) gives an email and a name. A new email becomes an
// account with this one membership and an invitation; an existing account
// joins the unit as it is — it gets no new link, so that nobody takes over
// an account by inviting it.
func (s *Service) InviteMember(ctx context.Context, now time.Time, unitID int64, in MemberInvite) (*MemberInvited, error) {
	p, err := callerUser(ctx)
	if err != nil {
		return nil, err
	}
	var out *MemberInvited
	var invitee *User
	var secret string
	err = database.Tx(ctx, s.db, func(ctx context.Context, tx bun.Tx) error {
		un, err := mayInvite(ctx, tx, p, unitID)
		if err != nil {
			return err
		}
		var c apperr.Collector
		in.Email = normalizeEmail(in.Email)
		if !validEmail(in.Email) {
			c.Add("email", "account.email_invalid", nil)
		}
		checkProfile(&c, &in.Name, &in.Phone, &in.Lang)
		switch in.Role {
		case "", access.UnitMember:
			in.Role = access.UnitMember
		case access.UnitLeader:
			return refuse("role", "account.member_role_only")
		default:
			c.Add("role", "field.invalid_choice", nil)
		}
		if err := c.Err(); err != nil {
			return err
		}

		u := new(User)
		err = tx.NewSelect().Model(u).Where("email = ?", in.Email).Scan(ctx)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			u = &User{Email: in.Email, Name: in.Name, Phone: in.Phone, Lang: in.Lang, Active: true, Version: 1,
				CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
			if _, err := tx.NewInsert().Model(u).Exec(ctx); err != nil {
				return apperr.Wrap(err, "insert user")
			}
			if err := audit.Record(ctx, tx, now, audit.Change{Action: audit.Create, Entity: "user", EntityID: u.ID, AreaPath: un.Path,
				After: u.auditView()}); err != nil {
				return err
			}
			if secret, _, err = newLink(ctx, tx, now, u.ID, purposeInvitation); err != nil {
				return err
			}
			invitee = u
			out = &MemberInvited{Outcome: Invited, UserID: u.ID}
		case err != nil:
			return apperr.Wrap(err, "find user by email")
		default:
			out = &MemberInvited{Outcome: Added, UserID: u.ID}
			m := new(Membership)
			err := tx.NewSelect().Model(m).ColumnExpr("m.*").Where("m.user_id = ? AND m.unit_id = ? AND m.ended_at IS NULL", u.ID, unitID).
				OrderExpr("m.id").Limit(1).Scan(ctx)
			if err == nil {
				m.UnitName, m.AreaPath = un.Name, un.Path
				out.Outcome, out.Membership = AlreadyMember, *m
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return apperr.Wrap(err, "find membership")
			}
		}
		m, err := insertMembership(ctx, tx, now, out.UserID, MembershipInput{UnitID: unitID, Role: in.Role}, un.Path, un.Name)
		if err != nil {
			return err
		}
		out.Membership = *m
		return nil
	})
	if err != nil {
		return nil, err
	}
	if invitee != nil {
		out.Invitation = s.deliver(ctx, invitee, p.Name, secret)
	}
	return out, nil
}
