// Package config loads Chung Tay's configuration: built-in defaults, then an
// optional YAML file, then CHUNGTAY_* environment variables. Every key is
// listed once, in Keys, with its environment name and its meaning; the README's
// configuration table is written from the same list.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the time zone must resolve on machines without /usr/share/zoneinfo

	"github.com/go-viper/mapstructure/v2"
	"github.com/knadh/koanf/parsers/yaml"
	"github.com/knadh/koanf/providers/confmap"
	"github.com/knadh/koanf/providers/env/v2"
	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/v2"

	"chungtay/internal/calendar"
	"chungtay/internal/civil"
	"chungtay/internal/schedule"
)

// Config is the whole configuration of one Chung Tay process.
type Config struct {
	HTTP     HTTP     `koanf:"http"`
	BaseURL  string   `koanf:"base_url"`
	Database Database `koanf:"database"`
	Timezone string   `koanf:"timezone"`
	Log      Log      `koanf:"log"`
	SMTP     SMTP     `koanf:"smtp"`
	Poverty  Poverty  `koanf:"poverty"`
	Jobs     Jobs     `koanf:"jobs"`
	Calendar Calendar `koanf:"calendar"`

	// Location is Timezone, loaded. Periods and deadlines are computed in it.
	Location *time.Location `koanf:"-"`
}

// HTTP is the listener's configuration.
type HTTP struct {
	Addr          string `koanf:"addr"`
	BodyLimitMB   int    `koanf:"body_limit_mb"`
	ShutdownGrace string `koanf:"shutdown_grace"`
}

// Database says where the data lives. An empty URL means the embedded SQLite
// file data/chungtay.db.
type Database struct {
	URL string `koanf:"url"`
}

// Log configures structured logging.
type Log struct {
	Level  string `koanf:"level"`
	Format string `koanf:"format"`
}

// SMTP configures outgoing mail (invitations, reminders).
type SMTP struct {
	Host     string `koanf:"host"`
	Port     int    `koanf:"port"`
	Username string `koanf:"username"`
	Password string `koanf:"password"`
	From     string `koanf:"from"`
	TLS      string `koanf:"tls"`
}

// Poverty holds the city standard's income lines (chuẩn nghèo của thành phố),
// in VND per person per year.
type Poverty struct {
	CityPoorYearly     int64 `koanf:"city_poor_yearly"`
	CityNearPoorYearly int64 `koanf:"city_near_poor_yearly"`
}

// Calendar holds what the government decides about working days each year,
// beyond the holidays the law fixes (calendar.Calendar computes those): extra
// days off and make-up working days, as comma-separated dd/mm/yyyy or
// yyyy-mm-dd dates.
type Calendar struct {
	DaysOff  string `koanf:"days_off"`
	WorkDays string `koanf:"work_days"`
}

// Days reads a comma-separated list of dates.
func Days(list string) ([]civil.Date, error) {
	var out []civil.Date
	for _, part := range strings.Split(list, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		d, err := civil.Parse(part)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// WorkingCalendar returns the working calendar with the configured days.
func (c *Config) WorkingCalendar() *calendar.Calendar {
	off, _ := Days(c.Calendar.DaysOff) // validated by Load
	work, _ := Days(c.Calendar.WorkDays)
	return calendar.New(off, work)
}

// Jobs holds the cron specs of the scheduled jobs, in Timezone; "off"
// turns a job off.
type Jobs struct {
	ExpandPlans   string `koanf:"expand_plans"`
	EnsureReports string `koanf:"ensure_reports"`
}

// Key describes one configuration key.
type Key struct {
	Path    string // dotted path in the YAML file
	Env     string // environment variable
	Default any
	Help    string
}

// Keys lists every configuration key with its default.
var Keys = []Key{
	{"http.addr", "CHUNGTAY_HTTP_ADDR", "127.0.0.1:8080", "address the HTTP server listens on"},
	{"http.body_limit_mb", "CHUNGTAY_HTTP_BODY_LIMIT_MB", 64, "largest request body in MiB (Excel uploads)"},
	{"http.shutdown_grace", "CHUNGTAY_HTTP_SHUTDOWN_GRACE", "15s", "how long in-flight requests may finish after SIGTERM"},
	{"base_url", "CHUNGTAY_BASE_URL", "http://127.0.0.1:8080", "public address, used in links in emails"},
	{"database.url", "CHUNGTAY_DATABASE_URL", "", "postgres://… for PostgreSQL; empty or file:… for SQLite (default data/chungtay.db)"},
	{"timezone", "CHUNGTAY_TIMEZONE", "Asia/Ho_Chi_Minh", "time zone of periods, deadlines and reminders"},
	{"log.level", "CHUNGTAY_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"log.format", "CHUNGTAY_LOG_FORMAT", "text", "text or json"},
	{"smtp.host", "CHUNGTAY_SMTP_HOST", "", "SMTP server; empty logs mail instead of sending it"},
	{"smtp.port", "CHUNGTAY_SMTP_PORT", 587, "SMTP port"},
	{"smtp.username", "CHUNGTAY_SMTP_USERNAME", "", "SMTP user name"},
	{"smtp.password", "CHUNGTAY_SMTP_PASSWORD", "", "SMTP password"},
	{"smtp.from", "CHUNGTAY_SMTP_FROM", "Chung Tay <no-reply@chungtay.local>", "sender address"},
	{"smtp.tls", "CHUNGTAY_SMTP_TLS", "starttls", "none, starttls or tls"},
	{"poverty.city_poor_yearly", "CHUNGTAY_POVERTY_CITY_POOR_YEARLY", int64(21_000_000), "city standard: poor line, VND per person per year"},
	{"poverty.city_near_poor_yearly", "CHUNGTAY_POVERTY_CITY_NEAR_POOR_YEARLY", int64(28_000_000), "city standard: near-poor line, VND per person per year"},
	{"jobs.expand_plans", "CHUNGTAY_JOBS_EXPAND_PLANS", "30 1 * * *", "when the year's plans are expanded again so that tasks follow the register (cron, in timezone; a start after a missed run catches up; off to turn off)"},
	{"jobs.ensure_reports", "CHUNGTAY_JOBS_ENSURE_REPORTS", "45 1 * * *", "when the periodic reports of the year are created ahead and follow units that came or went (cron, in timezone; off to turn off)"},
	{"calendar.days_off", "CHUNGTAY_CALENDAR_DAYS_OFF", "", "extra days off the government decided (a longer Tết, a bridge day), comma-separated dd/mm/yyyy; public holidays and days in lieu are computed"},
	{"calendar.work_days", "CHUNGTAY_CALENDAR_WORK_DAYS", "", "make-up working days (Saturdays worked in exchange), comma-separated dd/mm/yyyy"},
}

// Error is an invalid configuration; it names the key.
type Error struct {
	Key    string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("config: %s: %s", e.Key, e.Reason) }

// Load reads defaults, then the YAML file at path (if path is not empty), then
// the environment given as "NAME=value" strings (os.Environ() in production).
func Load(path string, environ []string) (*Config, error) {
	k := koanf.New(".")
	defaults := map[string]any{}
	byEnv := map[string]string{}
	for _, key := range Keys {
		defaults[key.Path] = key.Default
		byEnv[key.Env] = key.Path
	}
	if err := k.Load(confmap.Provider(defaults, "."), nil); err != nil {
		return nil, fmt.Errorf("config: defaults: %w", err)
	}
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return nil, &Error{Key: "--config", Reason: err.Error()}
		}
		if err := k.Load(file.Provider(path), yaml.Parser()); err != nil {
			return nil, &Error{Key: path, Reason: err.Error()}
		}
	}
	envProvider := env.Provider(".", env.Opt{
		Prefix:      "CHUNGTAY_",
		EnvironFunc: func() []string { return environ },
		TransformFunc: func(name, value string) (string, any) {
			// Only known names are taken; CHUNGTAY_TEST_* and the like are left alone.
			return byEnv[name], value
		},
	})
	if err := k.Load(envProvider, nil); err != nil {
		return nil, fmt.Errorf("config: environment: %w", err)
	}

	var c Config
	err := k.UnmarshalWithConf("", &c, koanf.UnmarshalConf{DecoderConfig: &mapstructure.DecoderConfig{
		Result:           &c,
		TagName:          "koanf",
		WeaklyTypedInput: true,
		ErrorUnused:      true, // a misspelt key in the file is an error, not silence
	}})
	if err != nil {
		return nil, &Error{Key: unusedKey(err), Reason: err.Error()}
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func unusedKey(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "invalid keys: "); i >= 0 {
		return strings.TrimSpace(msg[i+len("invalid keys: "):])
	}
	return "config"
}

func (c *Config) validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, &Error{Key: key, Reason: fmt.Sprintf(format, args...)})
	}
	if c.HTTP.Addr == "" || !strings.Contains(c.HTTP.Addr, ":") {
		bad("http.addr", "want host:port, got %q", c.HTTP.Addr)
	}
	if c.HTTP.BodyLimitMB < 1 || c.HTTP.BodyLimitMB > 1024 {
		bad("http.body_limit_mb", "want 1 to 1024, got %d", c.HTTP.BodyLimitMB)
	}
	if d, err := time.ParseDuration(c.HTTP.ShutdownGrace); err != nil || d < 0 {
		bad("http.shutdown_grace", "want a duration such as 15s, got %q", c.HTTP.ShutdownGrace)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("base_url", "want an absolute http(s) URL, got %q", c.BaseURL)
	}
	if u := c.Database.URL; u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") &&
		!strings.HasPrefix(u, "file:") && !strings.HasPrefix(u, "sqlite:") {
		bad("database.url", "want postgres://…, postgresql://…, file:… or sqlite:…, got %q", u)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		bad("timezone", "unknown time zone %q", c.Timezone)
	}
	c.Location = loc
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "want debug, info, warn or error, got %q", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format", "want text or json, got %q", c.Log.Format)
	}
	if c.SMTP.Port < 1 || c.SMTP.Port > 65535 {
		bad("smtp.port", "want 1 to 65535, got %d", c.SMTP.Port)
	}
	switch c.SMTP.TLS {
	case "none", "starttls", "tls":
	default:
		bad("smtp.tls", "want none, starttls or tls, got %q", c.SMTP.TLS)
	}
	if c.Poverty.CityPoorYearly <= 0 || c.Poverty.CityNearPoorYearly < c.Poverty.CityPoorYearly {
		bad("poverty.city_near_poor_yearly", "want 0 < poor line ≤ near-poor line, got %d and %d",
			c.Poverty.CityPoorYearly, c.Poverty.CityNearPoorYearly)
	}
	for key, j := range map[string]string{"jobs.expand_plans": c.Jobs.ExpandPlans, "jobs.ensure_reports": c.Jobs.EnsureReports} {
		if j == "off" {
			continue
		}
		if _, err := schedule.Parse(j); err != nil {
			bad(key, "want a cron spec such as \"30 1 * * *\" or off, got %q: %v", j, err)
		}
	}
	for key, list := range map[string]string{"calendar.days_off": c.Calendar.DaysOff, "calendar.work_days": c.Calendar.WorkDays} {
		if _, err := Days(list); err != nil {
			bad(key, "want comma-separated dates dd/mm/yyyy, got %q: %v", list, err)
		}
	}
	return errors.Join(errs...)
}

// ShutdownGrace returns http.shutdown_grace as a duration.
func (c *Config) ShutdownGrace() time.Duration {
	d, _ := time.ParseDuration(c.HTTP.ShutdownGrace)
	return d
}

// Markdown renders the keys as the README's configuration table.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| key (YAML) | environment | default | meaning |\n|---|---|---|---|\n")
	for _, k := range Keys {
		def := fmt.Sprint(k.Default)
		if v, ok := k.Default.(int64); ok {
			def = strconv.FormatInt(v, 10)
		}
		if def == "" {
			def = "(empty)"
		}
		fmt.Fprintf(&b, "| `%s` | `%s` | `%s` | %s |\n", k.Path, k.Env, def, k.Help)
	}
	return b.String()
}
