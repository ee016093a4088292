package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/i18n"
	"chungtay/internal/reqinfo"
)

// accountRoutes registers sign-in, the caller's own account, and user
// management (users.go), then declares the security of every operation.
func (s *Server) accountRoutes() {
	api := s.API
	noContent := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusNoContent; return o }
	accepted := func(o huma.Operation) huma.Operation { o.DefaultStatus = http.StatusAccepted; return o }

	huma.Register(api, op("login", http.MethodPost, "/api/v1/auth/login", "Sign-in", "Sign in with email and password: sets the session cookie, returns the CSRF token"), s.login)
	huma.Register(api, noContent(op("logout", http.MethodPost, "/api/v1/auth/logout", "Sign-in", "Sign out of this session")), s.logout)
	huma.Register(api, op("logout-all", http.MethodPost, "/api/v1/auth/logout-all", "Sign-in", "Sign out of every session, on every device"), s.logoutAll)
	huma.Register(api, accepted(op("reset-request", http.MethodPost, "/api/v1/auth/reset-request", "Sign-in", "Ask for a password-reset link by email (the same answer whether or not the account exists)")), s.resetRequest)
	huma.Register(api, noContent(op("reset", http.MethodPost, "/api/v1/auth/reset", "Sign-in", "Set a new password from a reset link; ends every session")), s.reset)
	huma.Register(api, op("accept-invite", http.MethodPost, "/api/v1/auth/accept-invite", "Sign-in", "Accept an invitation: set the password and sign in"), s.acceptInvite)

	huma.Register(api, op("get-me", http.MethodGet, "/api/v1/me", "My account", "Who I am: my account, roles, permissions and CSRF token"), s.getMe)
	huma.Register(api, op("update-me", http.MethodPut, "/api/v1/me", "My account", "Change my name, phone and language (optimistic concurrency by version)"), s.updateMe)
	huma.Register(api, noContent(op("change-password", http.MethodPost, "/api/v1/me/password", "My account", "Change my password; ends my other sessions")), s.changePassword)
	huma.Register(api, op("list-tokens", http.MethodGet, "/api/v1/me/tokens", "My account", "My personal API tokens (never their secrets)"), s.listTokens)
	huma.Register(api, created(op("create-token", http.MethodPost, "/api/v1/me/tokens", "My account", "Create a personal API token: its secret is shown once, in this answer")), s.createToken)
	huma.Register(api, op("revoke-token", http.MethodPost, "/api/v1/me/tokens/{id}/revoke", "My account", "Revoke one of my API tokens"), s.revokeToken)

	s.userRoutes()
	s.declareSecurity()
}

type credentialsIn struct {
	UserAgent string `header:"User-Agent"`
	Body      struct {
		Email    string `json:"email" minLength:"1" maxLength:"254"`
		Password string `json:"password" maxLength:"1024"`
	}
}

// signedInOut is a new session: the cookie, the user, the CSRF token.
type signedInOut struct {
	SetCookie string `header:"Set-Cookie"`
	Body      struct {
		User      account.User `json:"user"`
		CSRFToken string       `json:"csrf_token" doc:"send it back in X-CSRF-Token with every POST, PUT, PATCH and DELETE"`
	}
}

func (s *Server) signedIn(in *account.SignedIn) *signedInOut {
	o := &signedInOut{SetCookie: s.sessionCookie(in)}
	o.Body.User, o.Body.CSRFToken = *in.User, in.Session.CSRFToken
	return o
}

// accounts is the account service, for the public operations, which run
// without the middleware's proof that it is there.
func (s *Server) accounts() (*account.Service, error) {
	if s.d.Accounts == nil {
		return nil, apperr.Wrap(errors.New("httpapi: Deps.Accounts is nil"), "sign in")
	}
	return s.d.Accounts, nil
}

func (s *Server) login(ctx context.Context, in *credentialsIn) (*signedInOut, error) {
	a, err := s.accounts()
	if err != nil {
		return nil, err
	}
	signed, err := a.Login(ctx, s.d.Now(), in.Body.Email, in.Body.Password, in.UserAgent)
	if err != nil {
		return nil, err
	}
	return s.signedIn(signed), nil
}

type clearCookieOut struct {
	SetCookie string `header:"Set-Cookie"`
}

func (s *Server) logout(ctx context.Context, _ *struct{}) (*clearCookieOut, error) {
	if err := s.d.Accounts.Logout(ctx, s.d.Now()); err != nil {
		return nil, err
	}
	return &clearCookieOut{SetCookie: s.clearCookie()}, nil
}

type logoutAllOut struct {
	SetCookie string `header:"Set-Cookie"`
	Body      struct {
		SessionsEnded int `json:"sessions_ended"`
	}
}

func (s *Server) logoutAll(ctx context.Context, _ *struct{}) (*logoutAllOut, error) {
	n, err := s.d.Accounts.LogoutAll(ctx, s.d.Now())
	if err != nil {
		return nil, err
	}
	o := &logoutAllOut{SetCookie: s.clearCookie()}
	o.Body.SessionsEnded = n
	return o, nil
}

type resetRequestIn struct {
	Body struct {
		Email string `json:"email" minLength:"1" maxLength:"254"`
	}
}

type messageOut struct {
	Body struct {
		Message string `json:"message"`
	}
}

func (s *Server) resetRequest(ctx context.Context, in *resetRequestIn) (*messageOut, error) {
	a, err := s.accounts()
	if err != nil {
		return nil, err
	}
	if err := a.RequestReset(ctx, s.d.Now(), in.Body.Email); err != nil {
		return nil, err
	}
	o := &messageOut{}
	o.Body.Message = i18n.T(reqinfo.From(ctx).Lang, "account.reset_sent", nil)
	return o, nil
}

type linkPasswordIn struct {
	UserAgent string `header:"User-Agent"`
	Body      struct {
		Token    string `json:"token" minLength:"1" maxLength:"200" doc:"the token of the emailed link"`
		Password string `json:"password" maxLength:"1024" doc:"the new password: 10 to 128 characters"`
	}
}

func (s *Server) reset(ctx context.Context, in *linkPasswordIn) (*struct{}, error) {
	a, err := s.accounts()
	if err != nil {
		return nil, err
	}
	return nil, a.ResetPassword(ctx, s.d.Now(), in.Body.Token, in.Body.Password)
}

func (s *Server) acceptInvite(ctx context.Context, in *linkPasswordIn) (*signedInOut, error) {
	a, err := s.accounts()
	if err != nil {
		return nil, err
	}
	signed, err := a.AcceptInvitation(ctx, s.d.Now(), in.Body.Token, in.Body.Password, in.UserAgent)
	if err != nil {
		return nil, err
	}
	return s.signedIn(signed), nil
}

// permissions say what the caller may do somewhere, for the web app to
// decide what to show; every request is still checked on its own.
type permissions struct {
	ReadHouseholds bool `json:"read_households" doc:"household lists and details (a role that reads them, or a unit membership)"`
	WriteRegister  bool `json:"write_register" doc:"create and change households, areas, units; import"`
	Assign         bool `json:"assign" doc:"assign households (the assign right, or leading a unit)"`
	ReadAudit      bool `json:"read_audit" doc:"the audit trail of a subtree"`
	ManageAccounts bool `json:"manage_accounts" doc:"users, roles and unit memberships"`
}

type meBody struct {
	User        account.User         `json:"user"`
	HasPassword bool                 `json:"has_password"`
	Grants      []account.Grant      `json:"grants"`
	Memberships []account.Membership `json:"memberships"`
	CSRFToken   string               `json:"csrf_token" doc:"empty when signed in with an API token"`
	Permissions permissions          `json:"permissions"`
}

func (s *Server) me(ctx context.Context) (*bodyOut[meBody], error) {
	d, err := s.d.Accounts.Me(ctx)
	if err != nil {
		return nil, err
	}
	p := access.From(ctx)
	b := meBody{User: d.User, HasPassword: d.HasPassword, Grants: d.Grants, Memberships: d.Memberships,
		Permissions: permissions{ReadHouseholds: readHousehold.allows(p), WriteRegister: writeRegister.allows(p),
			Assign: assignRule.allows(p), ReadAudit: p.CanSomewhere(access.ReadAudit), ManageAccounts: manageUsers.allows(p)}}
	if x := sessionFrom(ctx); x != nil {
		b.CSRFToken = x.CSRFToken
	}
	return out(b), nil
}

func (s *Server) getMe(ctx context.Context, _ *struct{}) (*bodyOut[meBody], error) { return s.me(ctx) }

func (s *Server) updateMe(ctx context.Context, in *struct{ Body account.Profile }) (*bodyOut[meBody], error) {
	if _, err := s.d.Accounts.UpdateMe(ctx, s.d.Now(), in.Body); err != nil {
		return nil, err
	}
	return s.me(ctx)
}

type changePasswordIn struct {
	Body struct {
		CurrentPassword string `json:"current_password" maxLength:"1024"`
		NewPassword     string `json:"new_password" maxLength:"1024" doc:"10 to 128 characters, not your email"`
	}
}

func (s *Server) changePassword(ctx context.Context, in *changePasswordIn) (*struct{}, error) {
	return nil, s.d.Accounts.ChangePassword(ctx, s.d.Now(), in.Body.CurrentPassword, in.Body.NewPassword)
}

func (s *Server) listTokens(ctx context.Context, _ *struct{}) (*itemsOut[account.Token], error) {
	items, err := s.d.Accounts.ListTokens(ctx)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[account.Token]{}
	o.Body.Items = items
	return o, nil
}

func (s *Server) createToken(ctx context.Context, in *struct{ Body account.NewToken }) (*bodyOut[*account.CreatedToken], error) {
	t, err := s.d.Accounts.CreateToken(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(t), nil
}

func (s *Server) revokeToken(ctx context.Context, in *IDPath) (*bodyOut[*account.Token], error) {
	t, err := s.d.Accounts.RevokeToken(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	return out(t), nil
}
