package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/testenv"
)

// A ward admin's refusals and a leader's invitation over HTTP: each refusal
// names its field, in Vietnamese and in English.
func TestOnboardingOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newAuthWorld(t, db)
		makeUser(t, w.accounts, "admin.p14@example.test", roleOn(&w.wardA, access.RoleAdmin))
		makeUser(t, w.accounts, "bithu@example.test", nil, account.MembershipInput{UnitID: w.unitA, Role: access.UnitLeader})
		wardAdmin, wardCSRF := signIn(t, w.srv, "admin.p14@example.test", testPassword)
		leader, leaderCSRF := signIn(t, w.srv, "bithu@example.test", testPassword)

		refusals := []struct {
			name, lang string
			body       map[string]any
			field, msg string
		}{
			{"a grant on another ward", "vi", map[string]any{"email": "a@example.test", "name": "A",
				"grants": []any{map[string]any{"area_id": w.wardB, "role": "viewer"}}},
				"grants[0].area_id", "Địa bàn hoặc đơn vị này nằm ngoài phạm vi bạn quản lý."},
			{"the whole country", "en", map[string]any{"email": "a@example.test", "name": "A",
				"grants": []any{map[string]any{"area_id": nil, "role": "viewer"}}},
				"grants[0].area_id", "Only a whole-country administrator can grant or revoke whole-country roles."},
		}
		for _, c := range refusals {
			r := w.do("POST", "/api/v1/users", c.body, "Cookie", wardAdmin, "X-CSRF-Token", wardCSRF, "Accept-Language", c.lang)
			if f, m := r.errField(0); r.Status != 403 || f != c.field || m != c.msg {
				t.Errorf("%s: %d %s", c.name, r.Status, r.Raw)
			}
		}

		// The ward admin invites a member of its cell: no SMTP would give the link; here the mail goes.
		r := w.with(wardAdmin, wardCSRF, "POST", "/api/v1/users", map[string]any{"email": "hoa@example.test", "name": "Trần Thị Hoa",
			"memberships": []any{map[string]any{"unit_id": w.unitA, "role": "member"}}})
		if r.Status != 201 || r.JSON["invitation_sent"] != true || r.JSON["invitation_link"] != nil {
			t.Fatalf("ward admin invites: %d %s", r.Status, r.Raw)
		}

		// The leader invites into the unit.
		path := fmt.Sprintf("/api/v1/units/%d/invitations", w.unitA)
		r = w.with(leader, leaderCSRF, "POST", path, map[string]any{"email": "lan@example.test", "name": "Nguyễn Thị Lan"})
		if r.Status != 200 || r.JSON["outcome"] != "invited" || r.JSON["invitation_sent"] != true {
			t.Fatalf("leader invites: %d %s", r.Status, r.Raw)
		}
		m := w.smtp.Last(t, 2)
		if m.To[0] != "lan@example.test" || !tokenInLink.MatchString(m.Text) {
			t.Errorf("the mail: %+v", m)
		}
		// An existing account joins; only its id is told.
		r = w.with(leader, leaderCSRF, "POST", path, map[string]any{"email": "admin@example.test", "name": "X"})
		if r.Status != 200 || r.JSON["outcome"] != "added" || strings.Contains(string(r.Raw), "admin@example.test") || strings.Contains(string(r.Raw), "Người thử") {
			t.Errorf("existing: %d %s", r.Status, r.Raw)
		}
		for _, c := range []struct {
			lang, role, field, msg string
		}{
			{"vi", "leader", "role", "Trưởng đơn vị chỉ mời được thành viên; việc giao vai trò trưởng đơn vị do quản trị viên thực hiện."},
			{"en", "leader", "role", "A unit's leader invites members only; an administrator makes someone a unit leader."},
		} {
			r = w.do("POST", path, map[string]any{"email": "x@example.test", "name": "X", "role": c.role},
				"Cookie", leader, "X-CSRF-Token", leaderCSRF, "Accept-Language", c.lang)
			if f, msg := r.errField(0); r.Status != 403 || f != c.field || msg != c.msg {
				t.Errorf("role %s (%s): %d %s", c.role, c.lang, r.Status, r.Raw)
			}
		}
		r = w.with(leader, leaderCSRF, "POST", fmt.Sprintf("/api/v1/units/%d/invitations", w.unitA+1000), map[string]any{"email": "x@example.test", "name": "X"})
		if r.Status != 404 {
			t.Errorf("another unit: %d %s", r.Status, r.Raw)
		}
	})
}
