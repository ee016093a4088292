// Package mailtest runs a real SMTP server in the test process (go-smtp on
// 127.0.0.1, a free port) that records every message it receives, parsed, so
// that tests send mail the way production does and read what arrived.
package mailtest

import (
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"chungtay/internal/config"
)

// Message is one received message.
type Message struct {
	From    string   // the envelope sender
	To      []string // the envelope recipients
	Subject string   // decoded
	Text    string   // the text/plain part, decoded
	HTML    string   // the text/html part, decoded
	Raw     []byte   // the message as received
}

// Options configure a server.
type Options struct {
	// Username and Password, when set, require AUTH PLAIN with them.
	Username, Password string
	// TLS, when set, offers STARTTLS with this configuration (see SelfSigned).
	TLS *tls.Config
	// Implicit, with TLS, speaks TLS from the first byte (port 465 style) instead of STARTTLS.
	Implicit bool
	// Reject, when set, is asked about each recipient; an error refuses it.
	Reject func(to string) error
}

// Server is a running SMTP server.
type Server struct {
	Host string
	Port int

	opts Options
	srv  *smtp.Server

	mu       sync.Mutex
	messages []Message
	arrived  chan struct{} // closed and replaced whenever a message arrives
}

// Start runs a server until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{opts: opts, arrived: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s, authed: opts.Username == ""}, nil
	}))
	s.srv.Domain = "mailtest.local"
	s.srv.AllowInsecureAuth = true
	if !opts.Implicit {
		s.srv.TLSConfig = opts.TLS
	}
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.ErrorLog = log.New(io.Discard, "", 0) // a client hanging up is normal here
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	addr := l.Addr().(*net.TCPAddr)
	if opts.Implicit && opts.TLS != nil {
		l = tls.NewListener(l, opts.TLS)
	}
	s.Host, s.Port = "127.0.0.1", addr.Port
	go func() { _ = s.srv.Serve(l) }()
	t.Cleanup(func() { _ = s.srv.Close() })
	return s
}

// Addr is host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Config is the configuration of a sender that talks to this server: its TLS
// mode (none, starttls or tls) and its credentials.
func (s *Server) Config() config.SMTP {
	mode := "none"
	switch {
	case s.opts.TLS != nil && s.opts.Implicit:
		mode = "tls"
	case s.opts.TLS != nil:
		mode = "starttls"
	}
	return config.SMTP{Host: s.Host, Port: s.Port, Username: s.opts.Username, Password: s.opts.Password,
		From: "Chung Tay <no-reply@chungtay.test>", TLS: mode}
}

// Messages returns what has arrived so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait returns the first n messages once they have arrived; the test fails
// if they do not arrive within 10 seconds.
func (s *Server) Wait(t testing.TB, n int) []Message {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		got, arrived := len(s.messages), s.arrived
		if got >= n {
			out := append([]Message(nil), s.messages[:n]...)
			s.mu.Unlock()
			return out
		}
		s.mu.Unlock()
		select {
		case <-arrived:
		case <-deadline:
			t.Fatalf("mailtest: %d message(s) arrived within 10 s, want %d", got, n)
			return nil
		}
	}
}

// Last waits for the n-th message (counting from 1) and returns it.
func (s *Server) Last(t testing.TB, n int) Message {
	t.Helper()
	return s.Wait(t, n)[n-1]
}

func (s *Server) record(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

type session struct {
	s      *Server
	authed bool
	from   string
	to     []string
}

func (x *session) AuthMechanisms() []string {
	if x.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (x *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != x.s.opts.Username || password != x.s.opts.Password {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		x.authed = true
		return nil
	}), nil
}

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	if !x.authed {
		return smtp.ErrAuthRequired
	}
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if x.s.opts.Reject != nil {
		if err := x.s.opts.Reject(to); err != nil {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: err.Error()}
		}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: err.Error()}
	}
	m.From, m.To = x.from, append([]string(nil), x.to...)
	x.s.record(m)
	return nil
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

// ErrRejected is a convenient error for Options.Reject.
var ErrRejected = errors.New("mailbox unavailable")
