// Command chungtay is the Chung Tay server: one binary with subcommands.
//
//	chungtay [serve] [--config FILE] [--demo]   start the server (the default)
//	chungtay migrate [--config FILE] [--status] apply (or list) database migrations
//	chungtay demo [--config FILE] [--scale ward|city|nation]   load demo data
//	chungtay version                            print the version
//
// Configuration: defaults, then the YAML file, then CHUNGTAY_* variables
// (see config/chungtay.example.yaml and the README).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/uptrace/bun"

	"chungtay/frontend"
	"chungtay/internal/area"
	"chungtay/internal/config"
	"chungtay/internal/database"
	"chungtay/internal/demo"
	"chungtay/internal/household"
	"chungtay/internal/httpapi"
	"chungtay/internal/poverty"
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
	switch cmd {
	case "serve", "migrate", "demo":
	case "version":
		fmt.Fprintln(stdout, "chungtay", version)
		return nil
	default:
		return fmt.Errorf("unknown command %q (serve, migrate, demo, version)", cmd)
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(*configPath, environ)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)

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
		return runDemo(ctx, db, demo.Scale(*scale), stdout)
	}
	if *loadDemo {
		empty, err := demo.Empty(ctx, db)
		if err != nil {
			return err
		}
		if empty {
			if err := runDemo(ctx, db, demo.ScaleWard, stdout); err != nil {
				return err
			}
		}
	}
	return serve(ctx, cfg, db, log, stdout)
}

func runDemo(ctx context.Context, db *bun.DB, scale demo.Scale, stdout io.Writer) error {
	start := time.Now()
	st, err := demo.Load(ctx, db, time.Now(), scale)
	if err != nil {
		return fmt.Errorf("demo %s: %w", scale, err)
	}
	if st.Skipped {
		fmt.Fprintf(stdout, "Dữ liệu mẫu (%s) đã có sẵn — demo data already loaded.\n", scale)
		return nil
	}
	fmt.Fprintf(stdout, "Đã nạp dữ liệu mẫu (%s) / demo data loaded in %s: %d areas, %d units, %d households (%d poor, %d near-poor)\n",
		scale, time.Since(start).Round(time.Millisecond), st.Areas, st.Units, st.Households, st.Poor, st.NearPoor)
	return nil
}

func serve(ctx context.Context, cfg *config.Config, db *bun.DB, log *slog.Logger, stdout io.Writer) error {
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
	srv := httpapi.New(httpapi.Deps{
		Config: cfg, DB: db, Log: log, Version: version, Web: web,
		Areas: areas, Units: unit.NewService(db),
		Households: household.NewService(db, areas, cfg.Location, city),
	})
	fmt.Fprintf(stdout, "Chung Tay %s đang chạy tại / is running at %s (listening on %s)\n", version, cfg.BaseURL, cfg.HTTP.Addr)
	fmt.Fprintf(stdout, "Tài liệu API / API docs: %s/api/docs\n", cfg.BaseURL)
	fmt.Fprintln(stdout, "Đăng nhập / login: chưa cần — accounts and sign-in are not built yet (every visitor has full access; do not expose this server).")
	err := srv.Listen(ctx)
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
