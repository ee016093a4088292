package account_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/testenv"
)

func TestPasswordHashing(t *testing.T) {
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	for _, c := range []struct {
		name   string
		params account.Params
		want   string // m,t,p
	}{
		{"default", account.DefaultParams, "65536,1,2"},
		{"fast (tests)", account.FastParams, "64,1,1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h1, err := account.HashPassword("Chung tay vì người nghèo", c.params)
			if err != nil {
				t.Fatal(err)
			}
			h2, _ := account.HashPassword("Chung tay vì người nghèo", c.params)
			m := phc.FindStringSubmatch(h1)
			if m == nil || strings.Join(m[1:], ",") != c.want {
				t.Fatalf("not PHC argon2id with %s: %s", c.want, h1)
			}
			if h1 == h2 {
				t.Error("two hashes of one password are equal: the salt is not random")
			}
			for pw, want := range map[string]bool{"Chung tay vì người nghèo": true, "chung tay vì người nghèo": false, "": false,
				"Chung tay vi nguoi ngheo": false} {
				if ok, err := account.VerifyPassword(h1, pw); ok != want || err != nil {
					t.Errorf("verify %q = %v, %v; want %v", pw, ok, err, want)
				}
			}
		})
	}
	// A hash made with other parameters (an older cost) still verifies.
	old, _ := account.HashPassword("mật khẩu cũ 123", account.Params{Memory: 128, Time: 2, Threads: 1, SaltLen: 8, KeyLen: 16})
	if ok, err := account.VerifyPassword(old, "mật khẩu cũ 123"); !ok || err != nil {
		t.Errorf("older parameters: %v %v", ok, err)
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=18$m=64,t=1,p=1$c2FsdA$aGFzaA",
		"$argon2id$v=19$m=64,t=0,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$"} {
		if ok, err := account.VerifyPassword(bad, "x"); ok || err == nil {
			t.Errorf("%q: %v %v", bad, ok, err)
		}
	}
}

// The password rules apply wherever a password is set; here through the
// command line's Create with a password.
func TestPasswordRules(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		cases := []struct {
			name, email, password string
			messageID             string // "" = accepted
		}{
			{"9 characters", "a@example.test", "123456789", "account.password_length"},
			{"10 characters", "b@example.test", "1234567890", ""},
			{"10 Vietnamese letters", "c@example.test", "đường ướt ", ""},
			{"128 characters", "d@example.test", strings.Repeat("x", 128), ""},
			{"129 characters", "e@example.test", strings.Repeat("x", 129), "account.password_length"},
			{"the email itself", "lan.nguyen@example.test", "Lan.Nguyen@Example.test", "account.password_is_email"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.s.Create(system(), now, account.NewUser{Email: c.email, Name: "X", Password: c.password,
					Grants: grant(nil, access.RoleViewer)})
				if c.messageID == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				e, ok := apperr.As(err)
				if !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "password" || e.Fields[0].MessageID != c.messageID {
					t.Errorf("want password %s, got %v", c.messageID, err)
				}
			})
		}
	})
}
