package account_test

import (
	"context"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/audit"
	"chungtay/internal/testenv"
)

// Every write of the package leaves exactly the audit entries it should, with
// the actor, the request, the area and a before and after free of secrets.
func TestEveryWriteIsAudited(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		adminA := w.user("admin-a@example.test", grant(&w.wardA.ID, access.RoleAdmin))
		a := w.as(adminA.ID)
		var lan *account.Created
		var grantID, memberID, tokenID int64
		var tokenSecret string
		var session *account.SignedIn
		secrets := []string{password}

		type entry struct{ entity, action string }
		steps := []struct {
			name   string
			do     func() error
			want   []entry
			before []string // keys the last entry's before must have
			after  []string // … and its after
			path   string   // its area path
		}{
			{"create user", func() error {
				var err error
				lan, err = w.s.Create(a, now, account.NewUser{Email: "lan@example.test", Name: "Lan", Grants: grant(&w.groupA.ID, access.RoleOfficer),
					Memberships: []account.MembershipInput{{UnitID: w.unitA.ID, Role: access.UnitMember}}})
				return err
			}, []entry{{"user", "create"}, {"grant", "grant"}, {"membership", "create"}}, nil, []string{"user_id", "unit_id", "role"}, w.groupA.Path},
			{"resend invitation", func() error { _, err := w.s.ResendInvitation(a, now, lan.ID); return err },
				[]entry{{"user_link", "create"}}, nil, []string{"purpose", "expires_at"}, w.groupA.Path},
			{"accept invitation", func() error {
				token := linkToken(t, w.smtp.Last(t, 2))
				var err error
				session, err = w.s.AcceptInvitation(from("203.0.113.1"), now, token, password, "")
				return err
			}, []entry{{"user", "update"}, {"user", "login"}}, nil, []string{"session_id"}, w.groupA.Path},
			{"add grant", func() error {
				g, err := w.s.AddGrant(a, now, lan.ID, account.GrantInput{AreaID: &w.wardA.ID, Role: access.RoleChair})
				if g != nil {
					grantID = g.ID
				}
				return err
			}, []entry{{"grant", "grant"}}, nil, []string{"area_id", "role"}, w.wardA.Path},
			{"revoke grant", func() error { _, err := w.s.RevokeGrant(a, now, lan.ID, grantID); return err },
				[]entry{{"grant", "revoke"}}, []string{"revoked_at"}, []string{"revoked_at"}, w.wardA.Path},
			{"end membership", func() error {
				d, err := w.s.Get(a, lan.ID)
				if err != nil {
					return err
				}
				memberID = d.Memberships[0].ID
				_, err = w.s.EndMembership(a, now, lan.ID, memberID)
				return err
			}, []entry{{"membership", "update"}}, []string{"ended_at"}, []string{"ended_at"}, w.groupA.Path},
			{"add membership", func() error {
				_, err := w.s.AddMembership(a, now, lan.ID, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader})
				return err
			}, []entry{{"membership", "create"}}, nil, []string{"unit_id", "role"}, w.groupA.Path},
			{"update user", func() error {
				_, err := w.s.Update(a, now, lan.ID, account.UserUpdate{Version: 1, Name: "Nguyễn Thị Lan", Lang: "vi", Active: true})
				return err
			}, []entry{{"user", "update"}}, []string{"name", "version"}, []string{"name", "version"}, w.groupA.Path},
			{"update me", func() error {
				_, err := w.s.UpdateMe(w.as(lan.ID), now, account.Profile{Version: 2, Name: "Lan", Phone: "0903", Lang: "en"})
				return err
			}, []entry{{"user", "update"}}, []string{"phone"}, []string{"phone", "lang"}, w.groupA.Path},
			{"create token", func() error {
				tok, err := w.s.CreateToken(w.as(lan.ID), now, account.NewToken{Name: "script"})
				if tok != nil {
					tokenID, tokenSecret = tok.ID, tok.Secret
					secrets = append(secrets, tok.Secret)
				}
				return err
			}, []entry{{"api_token", "create"}}, nil, []string{"name", "prefix"}, w.groupA.Path},
			{"revoke token", func() error { _, err := w.s.RevokeToken(w.as(lan.ID), now, tokenID); return err },
				[]entry{{"api_token", "revoke"}}, []string{"revoked_at"}, []string{"revoked_at"}, w.groupA.Path},
			{"change password", func() error {
				p, _, err := w.s.AuthenticateSession(ctx, now, session.Secret)
				if err != nil {
					return err
				}
				secrets = append(secrets, "mật khẩu thứ hai 2018")
				return w.s.ChangePassword(access.With(from("203.0.113.1"), p), now, password, "mật khẩu thứ hai 2018")
			}, []entry{{"user", "update"}}, nil, []string{"password", "sessions_ended"}, w.groupA.Path},
			{"failed login", func() error {
				_, err := w.s.Login(from("203.0.113.1"), now, "lan@example.test", "sai rồi sai rồi", "")
				if err == nil {
					t.Error("signed in with a wrong password")
				}
				return nil
			}, []entry{{"user", "login_failed"}}, nil, []string{"email"}, w.groupA.Path},
			{"login", func() error {
				var err error
				session, err = w.s.Login(from("203.0.113.1"), now, "lan@example.test", "mật khẩu thứ hai 2018", "")
				return err
			}, []entry{{"user", "login"}}, nil, []string{"session_id"}, w.groupA.Path},
			{"logout", func() error {
				p, _, err := w.s.AuthenticateSession(ctx, now, session.Secret)
				if err != nil {
					return err
				}
				return w.s.Logout(access.With(ctx, p), now)
			}, []entry{{"session", "logout"}}, []string{"user_id"}, nil, w.groupA.Path},
			{"logout everywhere", func() error { _, err := w.s.LogoutAll(w.as(lan.ID), now); return err },
				[]entry{{"user", "logout"}}, nil, []string{"sessions_ended"}, w.groupA.Path},
			{"reset request", func() error { err := w.s.RequestReset(ctx, now, "lan@example.test"); w.s.Wait(); return err },
				[]entry{{"user_link", "create"}}, nil, []string{"purpose"}, w.groupA.Path},
			{"reset", func() error {
				secrets = append(secrets, "mật khẩu thứ ba 2018")
				return w.s.ResetPassword(ctx, now, linkToken(t, w.smtp.Last(t, 3)), "mật khẩu thứ ba 2018")
			}, []entry{{"user", "update"}}, nil, []string{"password", "via"}, w.groupA.Path},
			{"deactivate", func() error {
				_, err := w.s.Update(a, now, lan.ID, account.UserUpdate{Version: 3, Name: "Lan", Lang: "vi", Active: false})
				return err
			}, []entry{{"user", "update"}}, []string{"active"}, []string{"active"}, w.groupA.Path},
		}
		var seen int64
		if err := db.NewSelect().Model((*audit.Entry)(nil)).ColumnExpr("COALESCE(MAX(id), 0)").Scan(ctx, &seen); err != nil {
			t.Fatal(err)
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			var rows []audit.Entry
			if err := db.NewSelect().Model(&rows).Where("id > ?", seen).OrderExpr("id").Scan(ctx); err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(st.want) {
				var got []string
				for _, r := range rows {
					got = append(got, r.Action+" "+r.Entity)
				}
				t.Fatalf("%s: audit entries %v, want %v", st.name, got, st.want)
			}
			for i, r := range rows {
				if r.Entity != st.want[i].entity || r.Action != st.want[i].action {
					t.Errorf("%s: entry %d is %s %s, want %s %s", st.name, i, r.Action, r.Entity, st.want[i].action, st.want[i].entity)
				}
				for _, s := range append(secrets, "argon2", tokenSecret) {
					if s != "" && (strings.Contains(r.BeforeJSON, s) || strings.Contains(r.AfterJSON, s)) {
						t.Errorf("%s: a secret in the trail: %s %s", st.name, r.BeforeJSON, r.AfterJSON)
					}
				}
				seen = r.ID
			}
			last := rows[len(rows)-1]
			for _, k := range st.before {
				if !strings.Contains(last.BeforeJSON, `"`+k+`"`) {
					t.Errorf("%s: before lacks %s: %s", st.name, k, last.BeforeJSON)
				}
			}
			for _, k := range st.after {
				if !strings.Contains(last.AfterJSON, `"`+k+`"`) {
					t.Errorf("%s: after lacks %s: %s", st.name, k, last.AfterJSON)
				}
			}
			if last.AreaPath != st.path {
				t.Errorf("%s: filed under area %q, want %q", st.name, last.AreaPath, st.path)
			}
			if last.ActorID != nil && *last.ActorID == adminA.ID && (last.RequestID != "req-test" || last.ActorName != adminA.Name) {
				t.Errorf("%s: the admin's request not recorded: %+v", st.name, last)
			}
		}
	})
}
