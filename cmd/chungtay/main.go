// Command chungtay is the Chung Tay server: one binary with subcommands.
//
//	chungtay [serve] [--config FILE] [--demo]   start the server (the default)
//	chungtay migrate [--config FILE] [--status] apply (or list) database migrations
//	chungtay demo [--config FILE] [--scale ward|city|nation]   load demo data
//	chungtay user create --admin --email E --name N [--password P] [--lang vi|en]
//	                                            create a whole-country administrator
//	chungtay version                            print the version
//
// Configuration: defaults, then the YAML file, then CHUNGTAY_* variables
// (see config/chungtay.example.yaml and the README).
package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/uptrace/bun"

	"chungtay/frontend"
	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/config"
	"chungtay/internal/database"
	"chungtay/internal/demo"
	"chungtay/internal/household"
	"chungtay/internal/httpapi"
	"chungtay/internal/i18n"
	"chungtay/internal/mail"
	"chungtay/internal/poverty"
	"chungtay/internal/reqinfo"
	"chungtay/internal/unit"
)

// version is set at build time: -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "chungtay:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own arguments,
// environment and outputs.
func run(ctx context.Context, args, environ []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	fset := flag.NewFlagSet("chungtay "+cmd, flag.ContinueOnError)
	fset.SetOutput(stderr)
	configPath := fset.String("config", "", "YAML configuration file")
	loadDemo := fset.Bool("demo", false, "serve: load the demo ward first if the database is empty")
	scale := fset.String("scale", "ward", "demo: ward, city or nation")
	status := fset.Bool("status", false, "migrate: list pending migrations instead of applying them")
	var nu newUserFlags
	nu.register(fset)
	switch cmd {
	case "serve", "migrate", "demo":
	case "user":
		if len(args) == 0 || args[0] != "create" {
			return errors.New("usage: chungtay user create --admin --email E --name N [--password P] [--lang vi|en]")
		}
		args = args[1:]
	case "version":
		fmt.Fprintln(stdout, "chungtay", version)
		return nil
	case "openapi":
	default:
		return fmt.Errorf("unknown command %q (serve, migrate, demo, user, openapi, version)", cmd)
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(*configPath, environ)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	if cmd == "openapi" { // the document /api/openapi.json serves, without a database (make lint-openapi)
		return printOpenAPI(cfg, log, stdout)
	}

	db, err := database.Open(ctx, cfg.Database.URL)
	if err != nil {
		return err
	}
	defer db.Close()

	if cmd == "migrate" && *status {
		pending, err := database.Pending(ctx, db)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d pending migration(s)\n", len(pending))
		for _, name := range pending {
			fmt.Fprintln(stdout, " ", name)
		}
		return nil
	}
	applied, err := database.Migrate(ctx, db)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		log.Info("migrations applied", "names", applied)
	}

	switch cmd {
	case "migrate":
		fmt.Fprintf(stdout, "%d migration(s) applied\n", len(applied))
		return nil
	case "demo":
		return runDemo(ctx, db, demo.Scale(*scale), cfg.Location, stdout)
	case "user":
		return createAdmin(ctx, cfg, db, log, nu, stdout)
	}
	if *loadDemo {
		empty, err := demo.Empty(ctx, db)
		if err != nil {
			return err
		}
		if empty {
			if err := runDemo(ctx, db, demo.ScaleWard, cfg.Location, stdout); err != nil {
				return err
			}
		}
	}
	return serve(ctx, cfg, db, log, stdout, *loadDemo)
}

// printOpenAPI writes the API's OpenAPI document as JSON.
func printOpenAPI(cfg *config.Config, log *slog.Logger, stdout io.Writer) error {
	srv := httpapi.New(httpapi.Deps{Config: cfg, Log: log, Version: version})
	raw, err := json.MarshalIndent(srv.API.OpenAPI(), "", "  ")
	if err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "%s\n", raw)
	return err
}

func runDemo(ctx context.Context, db *bun.DB, scale demo.Scale, loc *time.Location, stdout io.Writer) error {
	start := time.Now()
	st, err := demo.LoadWith(ctx, db, start, demo.Options{Scale: scale, Loc: loc})
	if err != nil {
		return fmt.Errorf("demo %s: %w", scale, err)
	}
	if st.Skipped {
		fmt.Fprintf(stdout, "Dữ liệu mẫu (%s) đã có sẵn — demo data already loaded.\n", scale)
		return nil
	}
	fmt.Fprintf(stdout, "Đã nạp dữ liệu mẫu (%s) / demo data loaded in %s: %d areas, %d units, %d households (%d poor, %d near-poor)\n",
		scale, time.Since(start).Round(time.Millisecond), st.Areas, st.Units, st.Households, st.Poor, st.NearPoor)
	if scale == demo.ScaleWard {
		// Seed 001 beside it: Phường Nguyễn Trãi (Kon Tum) and its 2023 plan, under its own root.
		kt, err := demo.LoadKonTum(ctx, db, start, loc)
		if err != nil {
			return fmt.Errorf("demo Kon Tum: %w", err)
		}
		if !kt.Skipped {
			fmt.Fprintf(stdout, "  + Phường Nguyễn Trãi, Kon Tum (seed 001): %d households (%d poor, %d near-poor) and its 2023 plan\n",
				kt.Households, kt.Poor, kt.NearPoor)
		}
	}
	return nil
}

func serve(ctx context.Context, cfg *config.Config, db *bun.DB, log *slog.Logger, stdout io.Writer, withDemo bool) error {
	areas := area.NewService(db, cfg.Location)
	city := poverty.CityLines(cfg.Poverty.CityPoorYearly, cfg.Poverty.CityNearPoorYearly)
	var web fs.FS
	if sub, err := fs.Sub(frontend.Dist, "dist"); err == nil {
		if _, err := fs.Stat(sub, "index.html"); err == nil {
			web = sub
		} else {
			log.Warn("the web app is not built (frontend/dist/index.html missing): run `make build`; serving the API only")
		}
	}
	accounts, err := newAccounts(cfg, db, log)
	if err != nil {
		return err
	}
	jobs, err := newScheduler(cfg, db, log)
	if err != nil {
		return err
	}
	srv := httpapi.New(httpapi.Deps{
		Config: cfg, DB: db, Log: log, Version: version, Web: web, Jobs: jobs,
		Areas: areas, Units: unit.NewService(db), Accounts: accounts,
		Households: household.NewService(db, areas, cfg.Location, city),
	})
	fmt.Fprintf(stdout, "Chung Tay %s đang chạy tại / is running at %s (listening on %s)\n", version, cfg.BaseURL, cfg.HTTP.Addr)
	fmt.Fprintf(stdout, "Tài liệu API / API docs: %s/api/docs\n", cfg.BaseURL)
	if err := printLogins(ctx, db, stdout, withDemo); err != nil {
		return err
	}
	jobs.Start(ctx)
	err = srv.Listen(ctx)
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownGrace())
	jobs.Stop(stopCtx) // a job under way finishes (or the grace ends)
	cancel()
	accounts.Wait() // mail still being handed over
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("stopped")
	return nil
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// newAccounts is the account service, sending mail over SMTP, or to the log
// when smtp.host is empty.
func newAccounts(cfg *config.Config, db *bun.DB, log *slog.Logger) (*account.Service, error) {
	sender, err := mail.New(cfg.SMTP, log)
	if err != nil {
		return nil, err
	}
	return account.NewService(db, account.Options{BaseURL: cfg.BaseURL, Mail: sender, Log: log}), nil
}

// printLogins tells how to sign in: the demo logins when the demo is served,
// or how to create the first administrator when there is no account yet.
func printLogins(ctx context.Context, db *bun.DB, stdout io.Writer, withDemo bool) error {
	if withDemo {
		fmt.Fprintf(stdout, "Đăng nhập thử / demo logins (mật khẩu / password %s):\n", demo.DemoPassword)
		for _, l := range demo.Logins {
			fmt.Fprintf(stdout, "  %-30s %s / %s\n", l.Email, l.RoleVI, l.RoleEN)
		}
		fmt.Fprintf(stdout, "  %-30s %s / %s\n", "bithu.kpN@chungtay.local", "Bí thư Chi bộ Khu phố N (N = 1…12)", "party-cell leader, Khu phố N")
		fmt.Fprintf(stdout, "  %-30s %s / %s\n", "dangvien[2|3].kpN@chungtay.local", "Đảng viên Chi bộ Khu phố N", "party members, Khu phố N")
		return nil
	}
	n, err := db.NewSelect().Table("users").Count(ctx)
	if err != nil {
		return fmt.Errorf("count users: %w", err)
	}
	if n == 0 {
		fmt.Fprintln(stdout, "Chưa có tài khoản nào / no accounts yet — tạo quản trị viên đầu tiên / create the first administrator:")
		fmt.Fprintln(stdout, "  chungtay user create --admin --email you@example.org --name \"Họ và tên\"")
	}
	return nil
}

// newUserFlags are the flags of `chungtay user create`.
type newUserFlags struct {
	admin                       *bool
	email, name, password, lang *string
}

func (f *newUserFlags) register(fset *flag.FlagSet) {
	f.admin = fset.Bool("admin", false, "user create: an administrator of the whole country (required)")
	f.email = fset.String("email", "", "user create: the email address, used to sign in")
	f.name = fset.String("name", "", "user create: the full name")
	f.password = fset.String("password", "", "user create: the password (10 to 128 characters); empty: generate one and print it once")
	f.lang = fset.String("lang", "vi", "user create: language of the app and of emails, vi or en")
}

// createAdmin creates a whole-country administrator with a password, as the
// system (the audit trail names the command line as the actor).
func createAdmin(ctx context.Context, cfg *config.Config, db *bun.DB, log *slog.Logger, f newUserFlags, stdout io.Writer) error {
	if !*f.admin {
		return errors.New("user create: only --admin accounts are created here; an administrator creates the others in the web app")
	}
	if *f.email == "" || *f.name == "" {
		return errors.New("user create: --email and --name are required")
	}
	password, generated := *f.password, false
	if password == "" {
		var b [18]byte
		if _, err := rand.Read(b[:]); err != nil {
			return fmt.Errorf("user create: generate a password: %w", err)
		}
		password, generated = base64.RawURLEncoding.EncodeToString(b[:]), true
	}
	accounts, err := newAccounts(cfg, db, log)
	if err != nil {
		return err
	}
	ctx = access.With(reqinfo.With(ctx, reqinfo.Info{ID: "cli", Lang: i18n.VI}), access.SystemOn(civil.DateOf(time.Now(), cfg.Location)))
	u, err := accounts.Create(ctx, time.Now(), account.NewUser{Email: *f.email, Name: *f.name, Lang: *f.lang, Password: password,
		Grants: []account.GrantInput{{Role: access.RoleAdmin}}})
	if err != nil {
		return fmt.Errorf("user create: %s", describe(err))
	}
	fmt.Fprintf(stdout, "Đã tạo quản trị viên toàn quốc / whole-country administrator created: %s (id %d)\n", u.Email, u.ID)
	if generated {
		fmt.Fprintf(stdout, "Mật khẩu / password (chỉ hiện một lần / shown only once): %s\n", password)
	}
	return nil
}

// describe renders an application error for the command line, in Vietnamese,
// with every bad field.
func describe(err error) string {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal {
		return err.Error()
	}
	parts := []string{i18n.T(i18n.VI, e.MessageID, e.Args)}
	for _, fe := range e.Fields {
		args := map[string]any{"Field": "--" + fe.Field}
		for k, v := range fe.Args {
			args[k] = v
		}
		parts = append(parts, i18n.T(i18n.VI, fe.MessageID, args))
	}
	return strings.Join(parts, " ")
}
