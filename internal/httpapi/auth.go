package httpapi

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/civil"
)

// CSRFHeader is the header in which cookie-authenticated unsafe requests
// echo their session's CSRF token (from sign-in or GET /api/v1/me).
const CSRFHeader = "X-CSRF-Token"

// The OpenAPI security schemes.
const (
	schemeSession = "session"
	schemeBearer  = "bearer"
)

type sessionKey struct{}

// sessionFrom returns the session of a cookie-authenticated request, or nil.
func sessionFrom(ctx context.Context) *account.Session {
	x, _ := ctx.Value(sessionKey{}).(*account.Session)
	return x
}

// authenticator returns the middleware that says who is calling /api/v1:
// a personal API token (Authorization: Bearer ct_…), else the session cookie.
// A cookie request with an unsafe method must echo the session's CSRF token
// in X-CSRF-Token (403 otherwise); a token needs none, since a browser never
// sends one by itself. The caller's access.Principal goes into the request's
// context. Without valid credentials every /api/v1 call is refused with 401,
// except the public operations of the gate's table (sign-in, password reset,
// invitations, meta), which are served without looking at credentials.
func (s *Server) authenticator() fiber.Handler {
	var once sync.Once
	var publicRoutes map[string]bool
	var publicPatterns []*regexp.Regexp
	return func(c *fiber.Ctx) error {
		path := strings.ToLower(strings.TrimSuffix(c.Path(), "/"))
		if !strings.HasPrefix(path, "/api/v1/") {
			return c.Next()
		}
		once.Do(func() { publicRoutes, publicPatterns = s.publicRoutes() })
		if publicRoutes[c.Method()+" "+path] {
			return c.Next()
		}
		for _, re := range publicPatterns {
			if re.MatchString(c.Method() + " " + path) {
				return c.Next()
			}
		}
		ctx := c.UserContext()
		p, x, err := s.credentials(c)
		if err != nil {
			if x == nil && c.Get(fiber.HeaderAuthorization) == "" && c.Cookies(account.CookieName) != "" {
				c.Append(fiber.HeaderSetCookie, s.clearCookie()) // a stale cookie: drop it
			}
			return s.writeError(c, err)
		}
		p.Today = s.today()
		ctx = access.With(ctx, p)
		if x != nil {
			ctx = context.WithValue(ctx, sessionKey{}, x)
		}
		c.SetUserContext(ctx)
		return c.Next()
	}
}

// today is the day, in the configured zone, as of which a principal loaded
// for a request reads its dated rows (access.Principal.Today): every place
// that loads one sets it.
func (s *Server) today() civil.Date { return civil.DateOf(s.d.Now(), s.d.Config.Location) }

// credentials authenticates the request; x is the session when a cookie was used.
func (s *Server) credentials(c *fiber.Ctx) (p *access.Principal, x *account.Session, err error) {
	ctx, now := c.UserContext(), s.d.Now()
	if s.d.Accounts == nil {
		return nil, nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, nil, apperr.New(apperr.Unauthorized, "account.token_invalid", nil)
		}
		p, err = s.d.Accounts.AuthenticateToken(ctx, now, strings.TrimSpace(token))
		return p, nil, err
	}
	secret := c.Cookies(account.CookieName)
	if secret == "" {
		return nil, nil, apperr.New(apperr.Unauthorized, "error.unauthorized", nil)
	}
	p, x, err = s.d.Accounts.AuthenticateSession(ctx, now, secret)
	if err != nil {
		return nil, nil, err
	}
	switch c.Method() {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if !x.CheckCSRF(c.Get(CSRFHeader)) {
			return nil, x, apperr.New(apperr.Forbidden, "account.csrf", nil)
		}
	}
	return p, x, nil
}

// publicRoutes lists "METHOD /path" of the operations the gate marks public,
// and patterns for those with a parameter in their path (a calendar's secret).
func (s *Server) publicRoutes() (map[string]bool, []*regexp.Regexp) {
	out := map[string]bool{}
	var patterns []*regexp.Regexp
	param := regexp.MustCompile(`\\\{[^}]*\}`)
	for path, item := range s.API.OpenAPI().Paths {
		for method, o := range operationsOf(item) {
			if rules[o.OperationID] != public {
				continue
			}
			key := method + " " + strings.ToLower(path)
			if !strings.Contains(path, "{") {
				out[key] = true
				continue
			}
			patterns = append(patterns, regexp.MustCompile("^"+param.ReplaceAllString(regexp.QuoteMeta(key), "[^/]+")+"$"))
		}
	}
	return out, patterns
}

func operationsOf(item *huma.PathItem) map[string]*huma.Operation {
	out := map[string]*huma.Operation{}
	for method, o := range map[string]*huma.Operation{http.MethodGet: item.Get, http.MethodPost: item.Post,
		http.MethodPut: item.Put, http.MethodPatch: item.Patch, http.MethodDelete: item.Delete} {
		if o != nil {
			out[method] = o
		}
	}
	return out
}

// writeError answers an error in the JSON shape of every other error.
func (s *Server) writeError(c *fiber.Ctx, err error) error {
	e, ok := apperr.As(err)
	if !ok {
		e = apperr.Wrap(err, "authenticate")
	}
	if e.Code == apperr.Internal {
		s.d.Log.Error("internal error", "request_id", requestIDFrom(c.UserContext()), "err", e.Err)
	}
	return c.Status(statusOf(e.Code)).JSON(localize(langFrom(c.UserContext()), requestIDFrom(c.UserContext()), e))
}

// sessionCookie is the Set-Cookie of a new session: HttpOnly, SameSite=Lax,
// Secure behind https, and as long-lived as the session can be.
func (s *Server) sessionCookie(in *account.SignedIn) string {
	c := &http.Cookie{Name: account.CookieName, Value: in.Secret, Path: "/", MaxAge: int(account.SessionLifetime.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies()}
	return c.String()
}

// clearCookie is the Set-Cookie that removes the session cookie.
func (s *Server) clearCookie() string {
	c := &http.Cookie{Name: account.CookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secureCookies()}
	return c.String()
}

func (s *Server) secureCookies() bool {
	return strings.HasPrefix(strings.ToLower(s.d.Config.BaseURL), "https://")
}

// declareSecurity documents the two ways to authenticate in the OpenAPI
// document and marks every operation that is not public with them, including
// operations registered later.
func (s *Server) declareSecurity() {
	doc := s.API.OpenAPI()
	if doc.Components.SecuritySchemes == nil {
		doc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{}
	}
	doc.Components.SecuritySchemes[schemeSession] = &huma.SecurityScheme{Type: "apiKey", In: "cookie", Name: account.CookieName,
		Description: "The web app's session, set by POST /api/v1/auth/login. Unsafe requests (POST, PUT, PATCH, DELETE) " +
			"must echo the session's csrf_token in the " + CSRFHeader + " header."}
	doc.Components.SecuritySchemes[schemeBearer] = &huma.SecurityScheme{Type: "http", Scheme: "bearer", BearerFormat: "ct_…",
		Description: "A personal API token (POST /api/v1/me/tokens); it acts as its user with the user's current roles. No CSRF header needed."}
	mark := func(o *huma.Operation) {
		if rules[o.OperationID] != public {
			o.Security = []map[string][]string{{schemeSession: {}}, {schemeBearer: {}}}
		}
	}
	for _, item := range doc.Paths {
		for _, o := range operationsOf(item) {
			mark(o)
		}
	}
	doc.OnAddOperation = append(doc.OnAddOperation, func(_ *huma.OpenAPI, o *huma.Operation) { mark(o) })
}
