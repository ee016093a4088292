package account_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/testenv"
)

func TestInvitation(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		admin := w.user("admin@example.test", grant(&w.wardA.ID, access.RoleAdmin))
		c, err := w.s.Create(w.as(admin.ID), now, account.NewUser{Email: "Lan@Example.test", Name: "Nguyễn Thị Lan", Lang: "en",
			Grants: grant(&w.groupA.ID, access.RoleOfficer)})
		if err != nil {
			t.Fatal(err)
		}
		if !c.InvitationSent || c.HasPassword || c.Email != "lan@example.test" {
			t.Errorf("created: %+v", c)
		}
		m := w.smtp.Last(t, 1)
		if m.To[0] != "lan@example.test" || m.Subject != "Invitation to Chung Tay" || !strings.Contains(m.Text, admin.Name) ||
			!strings.Contains(m.Text, "https://chungtay.example/#/accept-invite?token=") || !strings.Contains(m.HTML, "accept-invite") {
			t.Errorf("invitation mail: %+v", m)
		}
		token := linkToken(t, m)

		// A bad password leaves the link usable.
		_, err = w.s.AcceptInvitation(context.Background(), now.Add(time.Hour), token, "ngắn", "")
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "password" {
			t.Errorf("short password: %v", err)
		}
		in, err := w.s.AcceptInvitation(from("203.0.113.1"), now.Add(time.Hour), token, password, "phone")
		if err != nil {
			t.Fatal(err)
		}
		if in.User.ID != c.ID || in.Secret == "" {
			t.Errorf("accepted: %+v", in)
		}
		if _, _, err := w.s.AuthenticateSession(context.Background(), now.Add(time.Hour), in.Secret); err != nil {
			t.Errorf("accepting signs in: %v", err)
		}
		if _, err := w.s.Login(from("203.0.113.1"), now.Add(2*time.Hour), "lan@example.test", password, ""); err != nil {
			t.Errorf("sign in with the new password: %v", err)
		}
		set := w.lastAudit("user", "update")
		if *set.EntityID != c.ID || *set.ActorID != c.ID || set.AfterMap["via"] != "invitation" || strings.Contains(set.AfterJSON, "argon2") {
			t.Errorf("password set audited as %+v", set)
		}

		// Used once: a second use is refused, as is a resend for an account with a password.
		_, err = w.s.AcceptInvitation(context.Background(), now.Add(time.Hour), token, password+"!", "")
		wantErr(t, err, apperr.Invalid, "account.link_invalid")
		_, err = w.s.ResendInvitation(w.as(admin.ID), now, c.ID)
		wantErr(t, err, apperr.Conflict, "account.invitation_accepted")

		// Expired after 7 days; a resend replaces the old link.
		c2, err := w.s.Create(w.as(admin.ID), now, account.NewUser{Email: "binh@example.test", Name: "Trần Văn Bình",
			Grants: grant(&w.groupA.ID, access.RoleViewer)})
		if err != nil {
			t.Fatal(err)
		}
		m2 := w.smtp.Last(t, 2)
		if m2.Subject != "Mời tham gia Chung Tay" {
			t.Errorf("Vietnamese by default: %q", m2.Subject)
		}
		old := linkToken(t, m2)
		_, err = w.s.AcceptInvitation(context.Background(), now.Add(7*24*time.Hour), old, password, "")
		wantErr(t, err, apperr.Invalid, "account.link_invalid")
		if inv, err := w.s.ResendInvitation(w.as(admin.ID), now.Add(8*24*time.Hour), c2.ID); err != nil || !inv.InvitationSent || inv.InvitationLink != "" {
			t.Fatalf("resent by mail: %+v %v", inv, err)
		}
		fresh := linkToken(t, w.smtp.Last(t, 3))
		if inv, err := w.s.ResendInvitation(w.as(admin.ID), now.Add(8*24*time.Hour), c2.ID); err != nil || !inv.InvitationSent || inv.InvitationLink != "" {
			t.Fatalf("resent by mail: %+v %v", inv, err)
		}
		newest := linkToken(t, w.smtp.Last(t, 4))
		_, err = w.s.AcceptInvitation(context.Background(), now.Add(8*24*time.Hour), fresh, password, "")
		wantErr(t, err, apperr.Invalid, "account.link_invalid")
		if _, err := w.s.AcceptInvitation(context.Background(), now.Add(8*24*time.Hour), newest, password, ""); err != nil {
			t.Errorf("the newest link: %v", err)
		}
		if links := w.audits("user_link", "create"); len(links) != 2 || links[0].AfterMap["purpose"] != "invitation" || *links[0].ActorID != admin.ID {
			t.Errorf("resends audited as %+v", links)
		}
		// A reset link is not an invitation.
		if err := w.s.RequestReset(context.Background(), now.Add(8*24*time.Hour), "lan@example.test"); err != nil {
			t.Fatal(err)
		}
		reset := linkToken(t, w.smtp.Last(t, 5))
		_, err = w.s.AcceptInvitation(context.Background(), now.Add(8*24*time.Hour), reset, password, "")
		wantErr(t, err, apperr.Invalid, "account.link_invalid")
	})
}

func TestPasswordReset(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		lan := w.user("lan@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		ctx := context.Background()
		var sessions []string
		for i := 0; i < 2; i++ {
			in, _ := w.s.Login(from("203.0.113.1"), now, "lan@example.test", password, "")
			sessions = append(sessions, in.Secret)
		}
		// The same answer for an unknown email, and no mail.
		for _, email := range []string{"khong-co@example.test", "LAN@example.test"} {
			if err := w.s.RequestReset(ctx, now, email); err != nil {
				t.Fatalf("%s: %v", email, err)
			}
		}
		w.s.Wait()
		if got := w.smtp.Messages(); len(got) != 1 || got[0].To[0] != "lan@example.test" || got[0].Subject != "Đặt lại mật khẩu Chung Tay" ||
			!strings.Contains(got[0].Text, "https://chungtay.example/#/reset-password?token=") {
			t.Fatalf("mails: %+v", got)
		}
		token := linkToken(t, w.smtp.Last(t, 1))
		if err := w.s.ResetPassword(ctx, now.Add(10*time.Minute), token, "lan@example.test"); err == nil {
			t.Error("the email as password")
		}
		if err := w.s.ResetPassword(ctx, now.Add(10*time.Minute), token, "mật khẩu mới 2018"); err != nil {
			t.Fatal(err)
		}
		for _, s := range sessions {
			if _, _, err := w.s.AuthenticateSession(ctx, now.Add(10*time.Minute), s); err == nil {
				t.Error("a session survived the reset")
			}
		}
		if _, err := w.s.Login(from("203.0.113.1"), now.Add(11*time.Minute), "lan@example.test", "mật khẩu mới 2018", ""); err != nil {
			t.Errorf("new password: %v", err)
		}
		reset := w.lastAudit("user", "update")
		if *reset.EntityID != lan.ID || reset.AfterMap["via"] != "password_reset" || reset.AfterMap["sessions_ended"] != float64(2) {
			t.Errorf("reset audited as %+v", reset)
		}
		wantErr(t, w.s.ResetPassword(ctx, now.Add(12*time.Minute), token, "mật khẩu khác 2018"), apperr.Invalid, "account.link_invalid")

		// A link expires after an hour; only the newest works; three per hour at most.
		for i := 0; i < 4; i++ {
			if err := w.s.RequestReset(ctx, now.Add(2*time.Hour), "lan@example.test"); err != nil {
				t.Fatal(err)
			}
			w.s.Wait() // the mails in the order of the requests
		}
		if n := len(w.smtp.Messages()); n != 4 {
			t.Errorf("%d mails after 1 + 4 requests, want 1 + 3", n)
		}
		second, newest := linkToken(t, w.smtp.Last(t, 2)), linkToken(t, w.smtp.Last(t, 4))
		wantErr(t, w.s.ResetPassword(ctx, now.Add(2*time.Hour), second, "mật khẩu khác 2018"), apperr.Invalid, "account.link_invalid")
		wantErr(t, w.s.ResetPassword(ctx, now.Add(3*time.Hour), newest, "mật khẩu khác 2018"), apperr.Invalid, "account.link_invalid")
		if n := len(w.audits("user_link", "create")); n != 4 {
			t.Errorf("%d reset links audited, want 4", n)
		}
	})
}

func TestChangePassword(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		w.user("lan@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		ctx := context.Background()
		a, _ := w.s.Login(from("203.0.113.1"), now, "lan@example.test", password, "")
		b, _ := w.s.Login(from("203.0.113.1"), now, "lan@example.test", password, "")
		p, _, err := w.s.AuthenticateSession(ctx, now, a.Secret)
		if err != nil {
			t.Fatal(err)
		}
		me := access.With(from("203.0.113.1"), p)
		err = w.s.ChangePassword(me, now, "không phải mật khẩu", "mật khẩu mới 2018")
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || e.Fields[0].Field != "current_password" {
			t.Errorf("wrong current password: %v", err)
		}
		err = w.s.ChangePassword(me, now, password, "ngắn")
		if e, ok := apperr.As(err); !ok || e.Fields[0].Field != "new_password" {
			t.Errorf("short new password: %v", err)
		}
		if err := w.s.ChangePassword(me, now, password, "mật khẩu mới 2018"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.s.AuthenticateSession(ctx, now, a.Secret); err != nil {
			t.Errorf("the current session ended: %v", err)
		}
		if _, _, err := w.s.AuthenticateSession(ctx, now, b.Secret); err == nil {
			t.Error("another session survived the change")
		}
		// Guessing the current password from a session is slowed like signing in.
		for i := 0; i < 4; i++ {
			_ = w.s.ChangePassword(me, now, "đoán mò số "+string(rune('0'+i)), "mật khẩu khác 2018")
		}
		wantErr(t, w.s.ChangePassword(me, now, "đoán mò lần 5", "mật khẩu khác 2018"), apperr.RateLimited, "account.login_locked")
		wantErr(t, w.s.ChangePassword(me, now, "mật khẩu mới 2018", "mật khẩu khác 2018"), apperr.RateLimited, "account.login_locked")
	})
}
