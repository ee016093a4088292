package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultsFileEnvironment(t *testing.T) {
	c, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "127.0.0.1:8080" || c.Timezone != "Asia/Ho_Chi_Minh" || c.Location.String() != "Asia/Ho_Chi_Minh" || c.Database.URL != "" {
		t.Errorf("defaults = %+v", c)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(file, []byte("http:\n  addr: 0.0.0.0:9000\nlog:\n  level: debug\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = Load(file, []string{"CHUNGTAY_LOG_LEVEL=warn", "CHUNGTAY_DATABASE_URL=postgres://x@db/chungtay", "CHUNGTAY_TEST_OTHER=1", "HOME=/root"})
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "0.0.0.0:9000" || c.Log.Level != "warn" || c.Database.URL != "postgres://x@db/chungtay" {
		t.Errorf("file then environment: %+v", c)
	}
}

func TestInvalidNamesTheKey(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.yaml")
	_ = os.WriteFile(typo, []byte("htp:\n  addr: x\n"), 0o600)
	cases := []struct {
		name, file string
		env        []string
		key        string
	}{
		{"time zone", "", []string{"CHUNGTAY_TIMEZONE=Mars/Olympus"}, "timezone"},
		{"base url", "", []string{"CHUNGTAY_BASE_URL=localhost"}, "base_url"},
		{"database url", "", []string{"CHUNGTAY_DATABASE_URL=mysql://x"}, "database.url"},
		{"log level", "", []string{"CHUNGTAY_LOG_LEVEL=loud"}, "log.level"},
		{"smtp port", "", []string{"CHUNGTAY_SMTP_PORT=70000"}, "smtp.port"},
		{"job spec", "", []string{"CHUNGTAY_JOBS_EXPAND_PLANS=every night"}, "jobs.expand_plans"},
		{"job every", "", []string{"CHUNGTAY_JOBS_EXPAND_PLANS=@every 1h"}, "jobs.expand_plans"},
		{"misspelt key in file", typo, nil, "htp"},
		{"missing file", filepath.Join(dir, "none.yaml"), nil, "--config"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.file, c.env)
			var ce *Error
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.key) {
				t.Errorf("want an error naming %q, got %v", c.key, err)
			}
		})
	}
}

func TestMarkdownListsEveryKey(t *testing.T) {
	md := Markdown()
	for _, k := range Keys {
		if !strings.Contains(md, k.Env) {
			t.Errorf("README table misses %s", k.Env)
		}
	}
}
