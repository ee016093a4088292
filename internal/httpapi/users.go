package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/account"
)

// userRoutes registers user management for admins. A user outside the
// admin's subtrees is a 404, as if it did not exist.
func (s *Server) userRoutes() {
	api := s.API
	huma.Register(api, op("list-users", http.MethodGet, "/api/v1/users", "Users", "Users within my subtrees (q: name or email contains)"), s.listUsers)
	huma.Register(api, created(op("create-user", http.MethodPost, "/api/v1/users", "Users", "Create a user with roles and units, and email them an invitation")), s.createUser)
	huma.Register(api, op("get-user", http.MethodGet, "/api/v1/users/{id}", "Users", "A user with their roles and units in force"), s.getUser)
	huma.Register(api, op("update-user", http.MethodPut, "/api/v1/users/{id}", "Users", "Change a user; active=false deactivates (ends sessions, revokes tokens)"), s.updateUser)
	huma.Register(api, op("resend-invite", http.MethodPost, "/api/v1/users/{id}/invite", "Users",
		"Email a new invitation link (earlier links stop working); without a mail server, the answer carries the link"), s.resendInvite)
	huma.Register(api, created(op("add-grant", http.MethodPost, "/api/v1/users/{id}/grants", "Users", "Give a user a role on an area's subtree (no area: the whole country)")), s.addGrant)
	huma.Register(api, op("revoke-grant", http.MethodPost, "/api/v1/users/{id}/grants/{grantId}/revoke", "Users", "Revoke a role"), s.revokeGrant)
	huma.Register(api, created(op("add-membership", http.MethodPost, "/api/v1/users/{id}/memberships", "Users", "Make a user a leader or member of a unit")), s.addMembership)
	huma.Register(api, op("end-membership", http.MethodPost, "/api/v1/users/{id}/memberships/{membershipId}/end", "Users", "End a unit membership"), s.endMembership)
	huma.Register(api, op("invite-member", http.MethodPost, "/api/v1/units/{id}/invitations", "Users",
		"A unit's leader brings a member into the unit: a new email is invited, an existing account joins (200 in both cases; see outcome)"), s.inviteMember)
}

type listUsersIn struct {
	Q string `query:"q" maxLength:"100" doc:"name or email contains"`
}

func (s *Server) listUsers(ctx context.Context, in *listUsersIn) (*itemsOut[account.User], error) {
	items, err := s.d.Accounts.List(ctx, in.Q)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[account.User]{}
	o.Body.Items = items
	return o, nil
}

func (s *Server) createUser(ctx context.Context, in *struct{ Body account.NewUser }) (*bodyOut[*account.Created], error) {
	u, err := s.d.Accounts.Create(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(u), nil
}

func (s *Server) getUser(ctx context.Context, in *IDPath) (*bodyOut[*account.UserDetail], error) {
	u, err := s.d.Accounts.Get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return out(u), nil
}

type updateUserIn struct {
	IDPath
	Body account.UserUpdate
}

func (s *Server) updateUser(ctx context.Context, in *updateUserIn) (*bodyOut[*account.UserDetail], error) {
	u, err := s.d.Accounts.Update(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(u), nil
}

func (s *Server) resendInvite(ctx context.Context, in *IDPath) (*bodyOut[*account.Invitation], error) {
	inv, err := s.d.Accounts.ResendInvitation(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	return out(inv), nil
}

type inviteMemberIn struct {
	IDPath
	Body account.MemberInvite
}

func (s *Server) inviteMember(ctx context.Context, in *inviteMemberIn) (*bodyOut[*account.MemberInvited], error) {
	m, err := s.d.Accounts.InviteMember(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(m), nil
}

type addGrantIn struct {
	IDPath
	Body account.GrantInput
}

func (s *Server) addGrant(ctx context.Context, in *addGrantIn) (*bodyOut[*account.Grant], error) {
	g, err := s.d.Accounts.AddGrant(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(g), nil
}

type grantPath struct {
	IDPath
	GrantID int64 `path:"grantId" minimum:"1"`
}

func (s *Server) revokeGrant(ctx context.Context, in *grantPath) (*bodyOut[*account.Grant], error) {
	g, err := s.d.Accounts.RevokeGrant(ctx, s.d.Now(), in.ID, in.GrantID)
	if err != nil {
		return nil, err
	}
	return out(g), nil
}

type addMembershipIn struct {
	IDPath
	Body account.MembershipInput
}

func (s *Server) addMembership(ctx context.Context, in *addMembershipIn) (*bodyOut[*account.Membership], error) {
	m, err := s.d.Accounts.AddMembership(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(m), nil
}

type membershipPath struct {
	IDPath
	MembershipID int64 `path:"membershipId" minimum:"1"`
}

func (s *Server) endMembership(ctx context.Context, in *membershipPath) (*bodyOut[*account.Membership], error) {
	m, err := s.d.Accounts.EndMembership(ctx, s.d.Now(), in.ID, in.MembershipID)
	if err != nil {
		return nil, err
	}
	return out(m), nil
}
