// Package httpapi is Chung Tay's HTTP face: the JSON API under /api/v1 (with
// its OpenAPI 3.1 document and a docs page), /healthz and /readyz, and the
// embedded web app. Handlers parse and answer; the rules live in the domain
// packages' services. The routes are listed in one table, routes.go.
package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"reflect"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/uptrace/bun"

	"chungtay/internal/account"
	"chungtay/internal/area"
	"chungtay/internal/assignment"
	"chungtay/internal/config"
	"chungtay/internal/feed"
	"chungtay/internal/household"
	"chungtay/internal/i18n"
	"chungtay/internal/plan"
	"chungtay/internal/report"
	"chungtay/internal/reqinfo"
	"chungtay/internal/schedule"
	"chungtay/internal/support"
	"chungtay/internal/unit"
)

// Deps is what the HTTP layer needs.
type Deps struct {
	Config     *config.Config
	DB         *bun.DB
	Log        *slog.Logger
	Areas      *area.Service
	Units      *unit.Service
	Households *household.Service
	Accounts   *account.Service // users, sessions, API tokens; nil refuses every protected call
	Now        func() time.Time // the clock; tests pass a fixed one
	Version    string
	Web        fs.FS               // the built web app (frontend/dist); nil serves no UI
	Jobs       *schedule.Scheduler // the scheduled jobs, for the operator's view; nil lists none
}

// Server is the HTTP application.
type Server struct {
	App         *fiber.App
	API         huma.API
	d           Deps
	assignments *assignment.Service
	support     *support.Service
	plans       *plan.Service
	reports     *report.Service
	feeds       *feed.Service
}

// New builds the application: middleware, the API routes, the web app.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	app := fiber.New(fiber.Config{
		AppName:               "chungtay",
		Immutable:             true, // strings from the request outlive the handler (huma keeps them)
		BodyLimit:             d.Config.HTTP.BodyLimitMB << 20,
		ReadBufferSize:        16 << 10,
		ReadTimeout:           2 * time.Minute,
		WriteTimeout:          5 * time.Minute,
		IdleTimeout:           2 * time.Minute,
		DisableStartupMessage: true,
		ErrorHandler:          fiberErrorHandler(d.Log),
	})
	app.Use(recover.New(recover.Config{EnableStackTrace: true}))
	app.Use(requestid.New(requestid.Config{ContextKey: "requestid"}))
	app.Use(contextMiddleware)
	// A cheap phone on a slow connection: the app's script is 115 KB raw, 39 KB gzipped.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	app.Use(accessLog(d.Log))

	cfg := huma.DefaultConfig("Chung Tay API", d.Version)
	cfg.Info.Description = "Chung Tay: kế hoạch, nhiệm vụ và theo dõi giảm nghèo bền vững — " +
		"workflow and task tracking for Vietnam's sustainable poverty-reduction programme. " +
		"Errors are JSON {\"error\": {code, message, fields, request_id}}; messages follow Accept-Language (vi by default, en)."
	cfg.Servers = []*huma.Server{{URL: strings.TrimRight(d.Config.BaseURL, "/")}}
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = ""
	cfg.SchemasPath = ""
	cfg.CreateHooks = nil // no "$schema" links in bodies
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	installHumaErrors(d.Log)
	setBodyTypes(cfg.Components.Schemas)
	api := humafiber.New(app, cfg)

	s := &Server{App: app, API: api, d: d,
		assignments: assignment.NewService(d.DB, d.Households, d.Units, d.Config.Location),
		support:     support.NewService(d.DB, d.Config.Location),
		plans:       plan.NewService(d.DB, d.Config.Location),
		reports:     report.NewService(d.DB, d.Config.Location, d.Config.WorkingCalendar())}
	s.feeds = feed.NewService(d.DB, d.Config.Location, s.reports, s.plans, d.Config.BaseURL)
	// Tasks follow each change of a household, its assignments, its area or
	// its unit, in the change's transaction.
	if d.Households != nil {
		d.Households.Follow(s.plans.FollowHouseholds)
	}
	if d.Areas != nil {
		d.Areas.Follow(s.plans.FollowHouseholds)
	}
	if d.Units != nil {
		// An archived unit's tasks go to other units or close, and its reports
		// of periods still to end are withdrawn.
		d.Units.Follow(func(ctx context.Context, db bun.IDB, now time.Time, unitID int64) error {
			if err := s.plans.FollowUnit(ctx, db, now, unitID); err != nil {
				return err
			}
			return s.reports.FollowUnit(ctx, db, now, unitID)
		})
	}
	app.Use(s.authenticator()) // who is calling (auth.go): before every route below
	// Its text checked and made NFC (input.go), whoever calls; then who may call it (gate.go).
	api.UseMiddleware(s.cleanInput, s.gate)
	s.describeOperations() // statuses, security, media types (openapi.go), for every route
	s.healthRoutes()
	s.routes()
	app.Get("/api/docs", s.docsPage)
	// Anything else under /api is a JSON 404, never the web app.
	app.Use("/api", func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	if d.Web != nil {
		app.Use("/assets", func(c *fiber.Ctx) error {
			c.Set("Cache-Control", "public, max-age=31536000, immutable")
			return c.Next()
		})
		app.Use("/", filesystem.New(filesystem.Config{
			Root:         http.FS(d.Web),
			Index:        "index.html",
			NotFoundFile: "index.html",
			MaxAge:       0,
		}))
	}
	return s
}

// schemaName prefixes huma's schema names with the domain package, so that
// area.Input and unit.Input are AreaInput and UnitInput in the document.
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	pkg := path.Base(t.PkgPath())
	if t.Name() == "" || pkg == "." || pkg == "httpapi" || strings.HasPrefix(strings.ToLower(name), pkg) {
		return name
	}
	return strings.ToUpper(pkg[:1]) + pkg[1:] + name
}

// contextMiddleware puts the request id and the language into the request's
// context, where handlers, services and the error mapper find them.
func contextMiddleware(c *fiber.Ctx) error {
	rid, _ := c.Locals("requestid").(string)
	lang := i18n.Lang(c.Get(fiber.HeaderAcceptLanguage))
	if q := c.Query("lang"); q == i18n.VI || q == i18n.EN {
		lang = q
	}
	c.SetUserContext(reqinfo.With(c.UserContext(), reqinfo.Info{ID: rid, ClientIP: c.IP(), Lang: lang}))
	c.Set(fiber.HeaderContentLanguage, lang)
	return c.Next()
}

func accessLog(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				return herr
			}
		}
		status := c.Response().StatusCode()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		} else if c.Path() == "/healthz" || c.Path() == "/readyz" || strings.HasPrefix(c.Path(), "/assets/") {
			level = slog.LevelDebug
		}
		log.Log(c.UserContext(), level, "request", "method", c.Method(), "path", c.Path(), "status", status,
			"duration_ms", time.Since(start).Milliseconds(), "request_id", requestIDFrom(c.UserContext()))
		return nil
	}
}

// Listen serves on the configured address until ctx is done, then shuts down
// gracefully, letting in-flight requests finish within the grace period.
func (s *Server) Listen(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.App.Listen(s.d.Config.HTTP.Addr) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return s.App.ShutdownWithTimeout(s.d.Config.ShutdownGrace())
	}
}
