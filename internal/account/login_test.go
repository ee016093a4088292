package account_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/testenv"
)

func TestLogin(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		lan := w.user("lan@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		off := w.user("off@example.test", grant(&w.wardA.ID, access.RoleViewer))
		if _, err := w.s.Update(system(), now, off.ID, account.UserUpdate{Version: 1, Name: off.Name, Lang: "vi", Active: false}); err != nil {
			t.Fatal(err)
		}
		invited, err := w.s.Create(system(), now, account.NewUser{Email: "moi@example.test", Name: "Mới", Grants: grant(&w.wardA.ID, access.RoleViewer)})
		if err != nil {
			t.Fatal(err)
		}

		// Every failure is the same answer: nobody learns which emails have accounts.
		failures := []struct{ name, email, password string }{
			{"wrong password", "lan@example.test", "mật khẩu sai 123"},
			{"unknown email", "khong-co@example.test", password},
			{"deactivated account", "off@example.test", password},
			{"invitation not accepted", "moi@example.test", ""},
			{"empty password", "lan@example.test", ""},
		}
		for i, c := range failures {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.s.Login(from(fmt.Sprintf("203.0.113.%d", i)), now, c.email, c.password, "test")
				wantErr(t, err, apperr.Unauthorized, "account.login_failed")
			})
		}
		failed := w.audits("user", "login_failed")
		if len(failed) != len(failures) {
			t.Fatalf("%d login_failed entries, want %d", len(failed), len(failures))
		}
		if failed[1].EntityID != nil || failed[1].AfterMap["email"] != "khong-co@example.test" || failed[1].ClientIP != "203.0.113.1" {
			t.Errorf("unknown email audited as %+v", failed[1])
		}
		if *failed[0].EntityID != lan.ID || *failed[3].EntityID != invited.ID || failed[0].AreaPath != w.wardA.Path {
			t.Errorf("known emails audited as %+v / %+v", failed[0].Entry, failed[3].Entry)
		}

		in, err := w.s.Login(from("203.0.113.9"), now, "  LAN@Example.TEST ", password, "Mozilla/5.0")
		if err != nil {
			t.Fatal(err)
		}
		if in.User.ID != lan.ID || len(in.Secret) != 43 || in.Session.TokenHash == in.Secret || len(in.Session.CSRFToken) != 43 {
			t.Errorf("signed in: %+v", in)
		}
		if !in.Session.ExpiresAt.Equal(now.Add(14*24*time.Hour)) || in.Session.ClientIP != "203.0.113.9" || in.Session.UserAgent != "Mozilla/5.0" {
			t.Errorf("session: %+v", in.Session)
		}
		login := w.lastAudit("user", "login")
		if *login.EntityID != lan.ID || *login.ActorID != lan.ID || login.AfterMap["session_id"] != float64(in.Session.ID) {
			t.Errorf("login audited as %+v", login)
		}
		var stored string
		if err := db.NewSelect().Table("users").Column("password_hash").Where("id = ?", lan.ID).Scan(context.Background(), &stored); err != nil || stored == password {
			t.Errorf("password stored as %q", stored)
		}
	})
}

// Five failures lock an email for 15 minutes — the same for an email without
// an account, with the same answer — and a success in between starts the
// count again.
func TestLockout(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		w.user("lan@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		for _, email := range []string{"lan@example.test", "khong-co@example.test"} {
			t.Run(email, func(t *testing.T) {
				at := now
				for i := 1; i <= 5; i++ {
					at = at.Add(time.Minute)
					_, err := w.s.Login(from("203.0.113.1"), at, email, "sai mật khẩu rồi", "")
					want := "account.login_failed"
					if i == 5 {
						want = "account.login_locked"
					}
					wantErr(t, err, apperr.Unauthorized, want)
				}
				// Locked: even the right password is refused, without saying why it would be right.
				_, err := w.s.Login(from("203.0.113.1"), at.Add(14*time.Minute), email, password, "")
				wantErr(t, err, apperr.Unauthorized, "account.login_locked")
				_, err = w.s.Login(from("203.0.113.1"), at.Add(15*time.Minute), email, password, "")
				if email == "lan@example.test" && err != nil {
					t.Errorf("15 minutes later: %v", err)
				}
				if email != "lan@example.test" {
					wantErr(t, err, apperr.Unauthorized, "account.login_failed")
				}
			})
		}
		// Failures spread over more than 15 minutes do not lock.
		at := later(time.Hour)
		for i := 0; i < 8; i++ {
			at = at.Add(4 * time.Minute)
			_, err := w.s.Login(from("203.0.113.2"), at, "lan@example.test", "sai mật khẩu rồi", "")
			wantErr(t, err, apperr.Unauthorized, "account.login_failed")
		}
		// Four failures, a success, four failures: still not locked.
		at = later(3 * time.Hour)
		for round := 0; round < 2; round++ {
			for i := 0; i < 4; i++ {
				_, err := w.s.Login(from("203.0.113.3"), at, "lan@example.test", "sai mật khẩu rồi", "")
				wantErr(t, err, apperr.Unauthorized, "account.login_failed")
			}
			if _, err := w.s.Login(from("203.0.113.3"), at, "lan@example.test", password, ""); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
	})
}

// 30 failures from one address within 15 minutes: that address gets 429,
// others are not affected, and the window passes.
func TestIPRateLimit(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		w.user("lan@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		for i := 0; i < 30; i++ {
			_, err := w.s.Login(from("198.51.100.66"), now.Add(time.Duration(i)*10*time.Second), fmt.Sprintf("thu-%d@example.test", i), "đoán mò 123456", "")
			wantErr(t, err, apperr.Unauthorized, "")
		}
		_, err := w.s.Login(from("198.51.100.66"), later(5*time.Minute+time.Second), "lan@example.test", password, "")
		wantErr(t, err, apperr.RateLimited, "account.too_many_attempts")
		if _, err := w.s.Login(from("198.51.100.67"), later(5*time.Minute), "lan@example.test", password, ""); err != nil {
			t.Errorf("another address: %v", err)
		}
		if _, err := w.s.Login(from("198.51.100.66"), later(20*time.Minute), "lan@example.test", password, ""); err != nil {
			t.Errorf("after the window: %v", err)
		}
		if n := len(w.audits("user", "login_failed")); n != 30 {
			t.Errorf("%d failures audited; the refused 31st must not be (it did no work)", n)
		}
	})
}
