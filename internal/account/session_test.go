package account_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/testenv"
)

func TestSessions(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		lan := w.user("lan@example.test", grant(&w.wardA.ID, access.RoleOfficer), account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader})
		ctx := context.Background()
		in, err := w.s.Login(from("203.0.113.1"), now, "lan@example.test", password, "")
		if err != nil {
			t.Fatal(err)
		}
		p, x, err := w.s.AuthenticateSession(ctx, now.Add(30*time.Second), in.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if p.UserID != lan.ID || p.SessionID != in.Session.ID || len(p.Grants) != 1 || p.Grants[0].AreaPath != w.wardA.Path ||
			len(p.Memberships) != 1 || p.Memberships[0].AreaPath != w.groupA.Path || p.Memberships[0].Role != access.UnitLeader {
			t.Errorf("principal: %+v", p)
		}
		if !x.CheckCSRF(in.Session.CSRFToken) || x.CheckCSRF("") || x.CheckCSRF(in.Session.CSRFToken+"x") || x.CheckCSRF(in.Secret) {
			t.Error("CSRF check")
		}
		lastSeen := func() time.Time {
			var at time.Time
			if err := db.NewSelect().Table("sessions").Column("last_seen_at").Where("id = ?", in.Session.ID).Scan(ctx, &at); err != nil {
				t.Fatal(err)
			}
			return at
		}
		if !lastSeen().Equal(now) {
			t.Errorf("last seen written within the minute: %v", lastSeen())
		}
		if _, _, err := w.s.AuthenticateSession(ctx, now.Add(2*time.Minute), in.Secret); err != nil || !lastSeen().Equal(now.Add(2*time.Minute)) {
			t.Errorf("last seen after 2 minutes: %v %v", lastSeen(), err)
		}
		for _, bad := range []string{"", "x", in.Session.TokenHash, in.Session.CSRFToken} {
			_, _, err := w.s.AuthenticateSession(ctx, now, bad)
			wantErr(t, err, apperr.Unauthorized, "account.session_ended")
		}

		// Idle for 24 hours: ended, and removed.
		_, _, err = w.s.AuthenticateSession(ctx, now.Add(2*time.Minute+24*time.Hour), in.Secret)
		wantErr(t, err, apperr.Unauthorized, "account.session_ended")
		if n, _ := db.NewSelect().Table("sessions").Where("id = ?", in.Session.ID).Count(ctx); n != 0 {
			t.Error("an ended session was kept")
		}

		// Used every day: still ends 14 days after sign-in.
		in, _ = w.s.Login(from("203.0.113.1"), now, "lan@example.test", password, "")
		at := now
		for day := 1; day < 14; day++ {
			at = now.Add(time.Duration(day) * 23 * time.Hour)
			if _, _, err := w.s.AuthenticateSession(ctx, at, in.Secret); err != nil {
				t.Fatalf("day %d: %v", day, err)
			}
		}
		_, _, err = w.s.AuthenticateSession(ctx, now.Add(14*24*time.Hour), in.Secret)
		wantErr(t, err, apperr.Unauthorized, "account.session_ended")

		// A deactivated user's session stops working at once.
		in, _ = w.s.Login(from("203.0.113.1"), now, "lan@example.test", password, "")
		if _, err := w.s.Update(system(), now, lan.ID, account.UserUpdate{Version: 1, Name: lan.Name, Lang: "vi", Active: false}); err != nil {
			t.Fatal(err)
		}
		_, _, err = w.s.AuthenticateSession(ctx, now, in.Secret)
		wantErr(t, err, apperr.Unauthorized, "")
	})
}

func TestLogoutAndLogoutEverywhere(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		lan := w.user("lan@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		w.user("binh@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		ctx := context.Background()
		var secrets []string
		for i := 0; i < 3; i++ {
			in, err := w.s.Login(from("203.0.113.1"), now, "lan@example.test", password, "")
			if err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, in.Secret)
		}
		other, _ := w.s.Login(from("203.0.113.1"), now, "binh@example.test", password, "")

		p, _, err := w.s.AuthenticateSession(ctx, now, secrets[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := w.s.Logout(access.With(ctx, p), now); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.s.AuthenticateSession(ctx, now, secrets[0]); err == nil {
			t.Error("the session works after logout")
		}
		if _, _, err := w.s.AuthenticateSession(ctx, now, secrets[1]); err != nil {
			t.Errorf("logout ended another session: %v", err)
		}
		out := w.lastAudit("session", "logout")
		if *out.EntityID != p.SessionID || *out.ActorID != lan.ID || out.BeforeMap["user_id"] != float64(lan.ID) {
			t.Errorf("logout audited as %+v", out)
		}

		p, _, _ = w.s.AuthenticateSession(ctx, now, secrets[1])
		n, err := w.s.LogoutAll(access.With(ctx, p), now)
		if err != nil || n != 2 {
			t.Fatalf("logout everywhere: %d, %v", n, err)
		}
		for _, s := range secrets {
			if _, _, err := w.s.AuthenticateSession(ctx, now, s); err == nil {
				t.Error("a session survived logout everywhere")
			}
		}
		if _, _, err := w.s.AuthenticateSession(ctx, now, other.Secret); err != nil {
			t.Errorf("another user's session ended: %v", err)
		}
		all := w.lastAudit("user", "logout")
		if *all.EntityID != lan.ID || all.AfterMap["sessions_ended"] != float64(2) {
			t.Errorf("logout everywhere audited as %+v", all)
		}
		wantErr(t, w.s.Logout(ctx, now), apperr.Unauthorized, "")
	})
}

func TestAPITokens(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		lan := w.user("lan@example.test", grant(&w.wardA.ID, access.RoleViewer))
		ctx := context.Background()
		me := w.as(lan.ID)

		tok, err := w.s.CreateToken(me, now, account.NewToken{Name: " Báo cáo hằng tháng ", ExpiresInDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok.Secret, "ct_") || len(tok.Secret) != 46 || tok.Prefix != tok.Secret[:9] || tok.Name != "Báo cáo hằng tháng" ||
			!tok.ExpiresAt.Equal(now.Add(30*24*time.Hour)) {
			t.Errorf("token: %+v", tok)
		}
		var hash string
		if err := db.NewSelect().Table("api_tokens").Column("token_hash").Where("id = ?", tok.ID).Scan(ctx, &hash); err != nil ||
			strings.Contains(hash, tok.Secret[3:]) || len(hash) != 64 {
			t.Errorf("stored as %q", hash)
		}
		list, err := w.s.ListTokens(me)
		if err != nil || len(list) != 1 {
			t.Fatalf("list: %v %v", list, err)
		}
		raw, _ := json.Marshal(list)
		if strings.Contains(string(raw), tok.Secret) || strings.Contains(string(raw), hash) {
			t.Errorf("the list shows a secret: %s", raw)
		}
		created := w.lastAudit("api_token", "create")
		if strings.Contains(created.AfterJSON, tok.Secret) || strings.Contains(created.AfterJSON, hash) || created.AfterMap["name"] != tok.Name {
			t.Errorf("audited as %s", created.AfterJSON)
		}

		// The token acts with the user's grants of the moment.
		p, err := w.s.AuthenticateToken(ctx, now, tok.Secret)
		if err != nil || p.UserID != lan.ID || p.TokenID != tok.ID || p.SessionID != 0 || p.Can(access.WriteRegister, w.wardA.Path) {
			t.Fatalf("token principal: %+v %v", p, err)
		}
		if _, err := w.s.AddGrant(system(), now, lan.ID, account.GrantInput{AreaID: &w.wardA.ID, Role: access.RoleOfficer}); err != nil {
			t.Fatal(err)
		}
		if p, _ = w.s.AuthenticateToken(ctx, now.Add(time.Hour), tok.Secret); !p.Can(access.WriteRegister, w.wardA.Path) {
			t.Error("a new grant does not reach the token")
		}
		list, _ = w.s.ListTokens(me)
		if list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(now.Add(time.Hour)) {
			t.Errorf("last used: %v", list[0].LastUsedAt)
		}
		for _, bad := range []string{"", tok.Secret[3:], "ct_" + strings.Repeat("A", 43), hash, tok.Prefix} {
			_, err := w.s.AuthenticateToken(ctx, now, bad)
			wantErr(t, err, apperr.Unauthorized, "account.token_invalid")
		}
		_, err = w.s.AuthenticateToken(ctx, now.Add(30*24*time.Hour), tok.Secret)
		wantErr(t, err, apperr.Unauthorized, "account.token_invalid")

		// Revoked: refused; revoking twice is a conflict; another user cannot see it.
		other := w.user("binh@example.test", grant(&w.wardA.ID, access.RoleViewer))
		_, err = w.s.RevokeToken(w.as(other.ID), now, tok.ID)
		wantErr(t, err, apperr.NotFound, "")
		if _, err := w.s.RevokeToken(me, now, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = w.s.AuthenticateToken(ctx, now, tok.Secret)
		wantErr(t, err, apperr.Unauthorized, "account.token_invalid")
		_, err = w.s.RevokeToken(me, now, tok.ID)
		wantErr(t, err, apperr.Conflict, "account.token_revoked")
		if rev := w.lastAudit("api_token", "revoke"); rev.BeforeMap["revoked_at"] != nil || rev.AfterMap["revoked_at"] == nil {
			t.Errorf("revoke audited as %+v", rev)
		}

		// Bad input, and deactivation revokes every token.
		_, err = w.s.CreateToken(me, now, account.NewToken{Name: "  "})
		wantErr(t, err, apperr.Invalid, "")
		forever, _ := w.s.CreateToken(me, now, account.NewToken{Name: "mãi mãi"})
		if forever.ExpiresAt != nil {
			t.Error("a token without a lifetime expires")
		}
		if _, err := w.s.Update(system(), now, lan.ID, account.UserUpdate{Version: 1, Name: lan.Name, Lang: "vi", Active: false}); err != nil {
			t.Fatal(err)
		}
		_, err = w.s.AuthenticateToken(ctx, now, forever.Secret)
		wantErr(t, err, apperr.Unauthorized, "")
	})
}

// A token creates only tokens that end no later than itself, recording it as
// their parent; revoking it revokes what it created, and theirs in turn.
func TestTokensCreatedByATokenEndWithIt(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		lan := w.user("lan@example.test", grant(&w.wardA.ID, access.RoleViewer))
		ctx := context.Background()
		asToken := func(secret string) context.Context {
			p, err := w.s.AuthenticateToken(ctx, now, secret)
			if err != nil {
				t.Fatalf("authenticate: %v", err)
			}
			return access.With(ctx, p)
		}
		thirty, err := w.s.CreateToken(w.as(lan.ID), now, account.NewToken{Name: "30 ngày", ExpiresInDays: 30})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			days int
			id   string
		}{
			{"never expires", 0, "account.token_outlives_parent"},
			{"outlives by a day", 31, "account.token_outlives_parent"},
			{"ten years", 3650, "account.token_outlives_parent"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := w.s.CreateToken(asToken(thirty.Secret), now, account.NewToken{Name: "con", ExpiresInDays: tc.days})
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "expires_in_days" ||
					e.Fields[0].MessageID != tc.id || e.Fields[0].Args["Max"] != 30 {
					t.Errorf("%d days: %+v", tc.days, err)
				}
			})
		}
		child, err := w.s.CreateToken(asToken(thirty.Secret), now, account.NewToken{Name: "con", ExpiresInDays: 30})
		if err != nil || child.ParentID == nil || *child.ParentID != thirty.ID || child.ExpiresAt.After(*thirty.ExpiresAt) {
			t.Fatalf("child: %+v %v", child, err)
		}
		grandchild, err := w.s.CreateToken(asToken(child.Secret), now, account.NewToken{Name: "cháu", ExpiresInDays: 7})
		if err != nil || *grandchild.ParentID != child.ID {
			t.Fatalf("grandchild: %+v %v", grandchild, err)
		}
		// A token with less than a day left creates none.
		_, err = w.s.CreateToken(access.With(ctx, mustAuth(t, w.s, now.Add(29*24*time.Hour+time.Hour), thirty.Secret)), now.Add(29*24*time.Hour+time.Hour),
			account.NewToken{Name: "muộn", ExpiresInDays: 1})
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].MessageID != "account.token_parent_ends_today" {
			t.Errorf("a token ending today created one: %v", err)
		}
		// Signed in (a session), the user's tokens are free of any parent.
		own, err := w.s.CreateToken(w.as(lan.ID), now, account.NewToken{Name: "riêng"})
		if err != nil || own.ParentID != nil || own.ExpiresAt != nil {
			t.Fatalf("own token: %+v %v", own, err)
		}
		// Revoking the 30-day token revokes its child and grandchild, each audited; not the user's own.
		if _, err := w.s.RevokeToken(w.as(lan.ID), now, thirty.ID); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []*account.CreatedToken{thirty, child, grandchild} {
			_, err := w.s.AuthenticateToken(ctx, now, tok.Secret)
			wantErr(t, err, apperr.Unauthorized, "account.token_invalid")
		}
		if _, err := w.s.AuthenticateToken(ctx, now, own.Secret); err != nil {
			t.Errorf("the user's own token was revoked: %v", err)
		}
		n, err := db.NewSelect().Table("audit_log").Where("entity = 'api_token' AND action = 'revoke'").Count(ctx)
		if err != nil || n != 3 {
			t.Errorf("%d revocations audited (%v), want 3", n, err)
		}
	})
}

func mustAuth(t *testing.T, s *account.Service, at time.Time, secret string) *access.Principal {
	t.Helper()
	p, err := s.AuthenticateToken(context.Background(), at, secret)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
