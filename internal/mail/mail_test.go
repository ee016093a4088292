package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"chungtay/internal/config"
	"chungtay/internal/mail"
	"chungtay/internal/mail/mailtest"
)

func TestRenderEveryKindAndLanguage(t *testing.T) {
	want := map[string]map[string]string{ // kind → language → a phrase of the subject
		"mail.Invitation":    {"vi": "Mời tham gia", "en": "Invitation"},
		"mail.PasswordReset": {"vi": "Đặt lại mật khẩu", "en": "Reset your"},
	}
	for _, d := range mail.Kinds {
		kind := typeName(d)
		for _, lang := range mail.Languages {
			t.Run(kind+"/"+lang, func(t *testing.T) {
				m, err := mail.Render(lang, "lan@example.test", d)
				if err != nil {
					t.Fatal(err)
				}
				if m.To != "lan@example.test" || !strings.Contains(m.Subject, want[kind][lang]) {
					t.Errorf("to %q, subject %q", m.To, m.Subject)
				}
				for name, body := range map[string]string{"text": m.Text, "html": m.HTML} {
					if !strings.Contains(body, "https://chungtay.example/#/") || !strings.Contains(body, "Nguyễn Thị Lan") {
						t.Errorf("%s body lacks the link or the name:\n%s", name, body)
					}
					if strings.Contains(body, "<no value>") || strings.Contains(body, "{{") {
						t.Errorf("%s body has an unfilled field:\n%s", name, body)
					}
				}
				if !strings.Contains(m.HTML, `<html lang="`+lang+`">`) || !strings.Contains(m.HTML, "<title>"+m.Subject+"</title>") {
					t.Errorf("html layout: %s", m.HTML)
				}
			})
		}
	}
	// An unknown language falls back to Vietnamese; HTML escapes what it inserts.
	m, err := mail.Render("fr", "x@example.test", mail.Invitation{Name: "<b>Lan</b>", Link: "https://x.test/?a=1&b=2", ValidDays: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Subject, "Mời") || strings.Contains(m.HTML, "<b>Lan</b>") || !strings.Contains(m.HTML, "&lt;b&gt;Lan") {
		t.Errorf("fallback or escaping: %q %s", m.Subject, m.HTML)
	}
}

func typeName(d mail.Data) string {
	switch d.(type) {
	case mail.Invitation:
		return "mail.Invitation"
	case mail.PasswordReset:
		return "mail.PasswordReset"
	}
	return "?"
}

func TestSMTPSender(t *testing.T) {
	serverTLS, clientTLS := mailtest.SelfSigned(t)
	msg, err := mail.Render("vi", "lan@example.test", mail.Kinds[0])
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		server  mailtest.Options
		adjust  func(*config.SMTP)
		client  func(*mail.SMTPSender)
		wantErr string // a part of the error; empty: delivered
	}{
		{name: "plain, no authentication"},
		// go-mail never sends a password over an unencrypted connection.
		{name: "AUTH without TLS is refused", server: mailtest.Options{Username: "chungtay", Password: "s3cret"}, wantErr: "authentication mechanism"},
		{name: "STARTTLS required and offered", server: mailtest.Options{TLS: serverTLS},
			client: func(s *mail.SMTPSender) { s.TLSConfig = clientTLS }},
		{name: "STARTTLS with AUTH", server: mailtest.Options{TLS: serverTLS, Username: "u", Password: "p"},
			client: func(s *mail.SMTPSender) { s.TLSConfig = clientTLS }},
		{name: "implicit TLS", server: mailtest.Options{TLS: serverTLS, Implicit: true},
			client: func(s *mail.SMTPSender) { s.TLSConfig = clientTLS }},
		{name: "STARTTLS required, not offered", adjust: func(c *config.SMTP) { c.TLS = "starttls" }, wantErr: "STARTTLS"},
		{name: "STARTTLS with an untrusted certificate", server: mailtest.Options{TLS: serverTLS}, wantErr: "certificate"},
		{name: "wrong password", server: mailtest.Options{TLS: serverTLS, Username: "u", Password: "p"},
			adjust: func(c *config.SMTP) { c.Password = "wrong" }, client: func(s *mail.SMTPSender) { s.TLSConfig = clientTLS }, wantErr: "535"},
		{name: "recipient refused", server: mailtest.Options{Reject: func(string) error { return mailtest.ErrRejected }}, wantErr: "mailbox unavailable"},
		{name: "nobody listening", adjust: func(c *config.SMTP) { c.Port = 1 }, wantErr: "dial"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.Start(t, c.server)
			cfg := srv.Config()
			if c.adjust != nil {
				c.adjust(&cfg)
			}
			s, err := mail.NewSMTP(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if c.client != nil {
				c.client(s)
			}
			err = s.Send(context.Background(), msg)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !strings.HasPrefix(err.Error(), "mail: send") {
					t.Fatalf("want an error with %q, got %v", c.wantErr, err)
				}
				if n := len(srv.Messages()); n != 0 {
					t.Errorf("%d message(s) arrived despite the error", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := srv.Last(t, 1)
			if got.Subject != msg.Subject || got.To[0] != "lan@example.test" || got.From != "no-reply@chungtay.test" {
				t.Errorf("envelope or subject: %+v", got)
			}
			if strings.TrimSpace(got.Text) != strings.TrimSpace(msg.Text) || strings.TrimSpace(got.HTML) != strings.TrimSpace(msg.HTML) {
				t.Errorf("bodies changed in transit:\n%s\n---\n%s", got.Text, msg.Text)
			}
		})
	}
}

func TestSMTPSenderSendsManyOnOneConnection(t *testing.T) {
	srv := mailtest.Start(t, mailtest.Options{})
	s, err := mail.NewSMTP(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	var msgs []mail.Message
	for _, to := range []string{"a@example.test", "b@example.test", "c@example.test"} {
		m, err := mail.Render("en", to, mail.Kinds[1])
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	if err := s.Send(context.Background(), msgs...); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 3)
	for i, m := range got {
		if m.To[0] != msgs[i].To || !strings.Contains(m.Subject, "Reset") || !strings.Contains(m.Text, "reset-password") {
			t.Errorf("message %d: %+v", i, m)
		}
	}
	if err := s.Send(context.Background()); err != nil {
		t.Errorf("sending nothing: %v", err)
	}
}

func TestNewChoosesTheSender(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	s, err := mail.New(config.SMTP{}, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*mail.LogSender); !ok {
		t.Fatalf("empty host: %T", s)
	}
	if err := s.Send(context.Background(), mail.Message{To: "lan@example.test", Subject: "Chào", Text: "link https://x.test/t"}); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "lan@example.test") || !strings.Contains(out, "https://x.test/t") {
		t.Errorf("log: %s", out)
	}
	bad := []config.SMTP{
		{Host: "smtp.example.test", Port: 587, TLS: "sometimes"},
		{Host: "smtp.example.test", Port: 0, TLS: "none"},
	}
	for _, cfg := range bad {
		if _, err := mail.New(cfg, log); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
	s, err = mail.New(config.SMTP{Host: "smtp.example.test", Port: 465, TLS: "tls", From: "x@example.test"}, log)
	if _, ok := s.(*mail.SMTPSender); !ok || err != nil {
		t.Errorf("smtp: %T %v", s, err)
	}
}
