// Package mail sends Chung Tay's emails: invitations and password resets now,
// reminders later. A Sender delivers messages — over SMTP with go-mail, or to
// the log when no SMTP server is configured (development) — and the templates
// of each kind of mail are embedded, in Vietnamese and English, as a plain-text
// body with an HTML alternative.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"time"

	gomail "github.com/wneessen/go-mail"

	"chungtay/internal/config"
)

// Message is one email, rendered.
type Message struct {
	To      string
	Subject string
	Text    string // the plain-text body
	HTML    string // the HTML alternative; may be empty
}

// Sender delivers messages.
type Sender interface {
	// Send delivers every message, on one connection where the transport has
	// one; it returns an error if any message could not be handed over.
	Send(ctx context.Context, msgs ...Message) error
}

// New returns the sender the configuration asks for: SMTP when smtp.host is
// set, otherwise a sender that writes each message to the log.
func New(cfg config.SMTP, log *slog.Logger) (Sender, error) {
	if cfg.Host == "" {
		return NewLogSender(log), nil
	}
	return NewSMTP(cfg)
}

// SMTPSender sends over SMTP.
type SMTPSender struct {
	cfg config.SMTP
	// TLSConfig, when set, replaces the default TLS configuration (the
	// system's roots, the host name as server name); tests set their own roots.
	TLSConfig *tls.Config
	// Timeout bounds connecting and each SMTP command; zero means 30 seconds.
	Timeout time.Duration
}

// NewSMTP returns an SMTP sender for the configuration (smtp.*). smtp.tls is
// "none" (plain), "starttls" (STARTTLS required) or "tls" (implicit TLS).
func NewSMTP(cfg config.SMTP) (*SMTPSender, error) {
	if cfg.Host == "" {
		return nil, errors.New("mail: smtp.host is empty")
	}
	switch cfg.TLS {
	case "none", "starttls", "tls":
	default:
		return nil, fmt.Errorf("mail: smtp.tls: want none, starttls or tls, got %q", cfg.TLS)
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("mail: smtp.port: want 1 to 65535, got %d", cfg.Port)
	}
	return &SMTPSender{cfg: cfg}, nil
}

func (s *SMTPSender) client() (*gomail.Client, error) {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(timeout)}
	switch s.cfg.TLS {
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	}
	if s.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.TLSConfig))
	}
	if s.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: smtp client for %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	return c, nil
}

// Send delivers msgs on one SMTP connection.
func (s *SMTPSender) Send(ctx context.Context, msgs ...Message) error {
	if len(msgs) == 0 {
		return nil
	}
	out := make([]*gomail.Msg, 0, len(msgs))
	for _, m := range msgs {
		gm, err := s.build(m)
		if err != nil {
			return err
		}
		out = append(out, gm)
	}
	c, err := s.client()
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, out...); err != nil {
		return fmt.Errorf("mail: send %d message(s) via %s:%d: %w", len(out), s.cfg.Host, s.cfg.Port, err)
	}
	return nil
}

func (s *SMTPSender) build(m Message) (*gomail.Msg, error) {
	gm := gomail.NewMsg()
	if err := gm.From(s.cfg.From); err != nil {
		return nil, fmt.Errorf("mail: from %q: %w", s.cfg.From, err)
	}
	if err := gm.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: to %q: %w", m.To, err)
	}
	gm.Subject(m.Subject)
	gm.SetDate()
	gm.SetMessageID()
	gm.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		gm.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return gm, nil
}

// LogSender writes messages to the log instead of sending them: for
// development, when no SMTP server is configured. The text body is logged
// whole, because the links in it are the only way to accept an invitation or
// reset a password without mail.
type LogSender struct{ log *slog.Logger }

// NewLogSender returns a sender that logs.
func NewLogSender(log *slog.Logger) *LogSender { return &LogSender{log: log} }

// Send logs every message.
func (s *LogSender) Send(ctx context.Context, msgs ...Message) error {
	for _, m := range msgs {
		s.log.InfoContext(ctx, "mail not sent (smtp.host is empty)", "to", m.To, "subject", m.Subject, "text", m.Text)
	}
	return nil
}
