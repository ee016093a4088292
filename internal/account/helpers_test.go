package account_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/audit"
	"chungtay/internal/mail"
	"chungtay/internal/mail/mailtest"
	"chungtay/internal/reqinfo"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

const password = "mật-khẩu-đủ-dài-2018"

var now = testenv.Now

// world is a country with two wards, a unit in each, and the account service
// sending real mail to an in-process SMTP server.
type world struct {
	t            *testing.T
	db           *bun.DB
	s            *account.Service
	smtp         *mailtest.Server
	wardA, wardB *area.Area
	groupA       *area.Area // a residential group inside ward A
	unitA, unitB *unit.Unit
}

func newWorld(t *testing.T, db *bun.DB) *world {
	t.Helper()
	smtp := mailtest.Start(t, mailtest.Options{})
	sender, err := mail.NewSMTP(smtp.Config())
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: db, smtp: smtp, s: account.NewService(db, account.Options{BaseURL: "https://chungtay.example",
		Mail: sender, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Params: account.FastParams})}
	t.Cleanup(w.s.Wait)
	ctx := access.With(context.Background(), access.System())
	areas := area.NewService(db, testenv.Loc)
	mk := func(code, name string, kind area.Kind, parent *int64) *area.Area {
		a, err := areas.Create(ctx, now, area.Input{Code: code, Name: name, Kind: kind, ParentID: parent, Urban: true})
		if err != nil {
			t.Fatalf("area %s: %v", code, err)
		}
		return a
	}
	w.wardA = mk("26890", "Phường 14", area.KindWard, nil)
	w.wardB = mk("26891", "Phường 15", area.KindWard, nil)
	w.groupA = mk("T01", "Tổ dân phố 1", area.KindResidentialGroup, &w.wardA.ID)
	units := unit.NewService(db)
	if w.unitA, err = units.Create(ctx, now, unit.Input{Code: "CB-KP1", Name: "Chi bộ Khu phố 1", Kind: unit.KindPartyCell, AreaID: w.groupA.ID}); err != nil {
		t.Fatal(err)
	}
	if w.unitB, err = units.Create(ctx, now, unit.Input{Code: "CB-P15", Name: "Chi bộ Phường 15", Kind: unit.KindPartyCell, AreaID: w.wardB.ID}); err != nil {
		t.Fatal(err)
	}
	return w
}

// system is a context acting as the command line.
func system() context.Context { return access.With(context.Background(), access.System()) }

// from is a context of a request from a client address.
func from(ip string) context.Context {
	return reqinfo.With(context.Background(), reqinfo.Info{ID: "req-test", ClientIP: ip})
}

// user creates an active user with a password and the given roles, as the system.
func (w *world) user(email string, grants []account.GrantInput, members ...account.MembershipInput) *account.Created {
	w.t.Helper()
	u, err := w.s.Create(system(), now, account.NewUser{Email: email, Name: "Người dùng " + email, Grants: grants,
		Memberships: members, Password: password})
	if err != nil {
		w.t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// as returns a context acting as the user (their principal loaded from the database).
func (w *world) as(userID int64) context.Context {
	w.t.Helper()
	p, err := w.s.Principal(context.Background(), userID)
	if err != nil {
		w.t.Fatalf("principal %d: %v", userID, err)
	}
	return access.With(reqinfo.With(context.Background(), reqinfo.Info{ID: "req-test", ClientIP: "198.51.100.7"}), p)
}

func grant(areaID *int64, role access.Role) []account.GrantInput {
	return []account.GrantInput{{AreaID: areaID, Role: role}}
}

// code returns the error's code and message id ("" for nil).
func code(err error) (apperr.Code, string) {
	if err == nil {
		return "", ""
	}
	e, ok := apperr.As(err)
	if !ok {
		return "not-apperr", err.Error()
	}
	return e.Code, e.MessageID
}

func wantErr(t *testing.T, err error, c apperr.Code, messageID string) {
	t.Helper()
	if gotCode, gotID := code(err); gotCode != c || (messageID != "" && gotID != messageID) {
		t.Errorf("want %s %s, got %v", c, messageID, err)
	}
}

// linkToken takes the token out of the link in a mail.
func linkToken(t *testing.T, m mailtest.Message) string {
	t.Helper()
	sub := regexp.MustCompile(`token=([A-Za-z0-9_%\-]+)`).FindStringSubmatch(m.Text)
	if sub == nil {
		t.Fatalf("no link in %q", m.Text)
	}
	tok, err := url.QueryUnescape(sub[1])
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// auditRow is an audit entry with its JSON decoded.
type auditRow struct {
	audit.Entry
	BeforeMap, AfterMap map[string]any
}

// audits returns the audit entries of an entity and action, oldest first.
func (w *world) audits(entity, action string) []auditRow {
	w.t.Helper()
	var rows []audit.Entry
	if err := w.db.NewSelect().Model(&rows).Where("entity = ? AND action = ?", entity, action).OrderExpr("id").Scan(context.Background()); err != nil {
		w.t.Fatal(err)
	}
	out := make([]auditRow, len(rows))
	for i, r := range rows {
		out[i].Entry = r
		if r.BeforeJSON != "" {
			_ = json.Unmarshal([]byte(r.BeforeJSON), &out[i].BeforeMap)
		}
		if r.AfterJSON != "" {
			_ = json.Unmarshal([]byte(r.AfterJSON), &out[i].AfterMap)
		}
	}
	return out
}

// lastAudit returns the newest entry of an entity and action; the test fails if there is none.
func (w *world) lastAudit(entity, action string) auditRow {
	w.t.Helper()
	rows := w.audits(entity, action)
	if len(rows) == 0 {
		w.t.Fatalf("no audit entry %s %s", action, entity)
	}
	return rows[len(rows)-1]
}

func later(d time.Duration) time.Time { return now.Add(d) }
