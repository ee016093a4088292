package account_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/testenv"
)

// A ward admin manages the accounts of the ward, and nothing else.
func TestAdminScoping(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		national := w.user("quocgia@example.test", grant(nil, access.RoleAdmin))
		adminA := w.user("admin-a@example.test", grant(&w.wardA.ID, access.RoleAdmin))
		officerB := w.user("officer-b@example.test", grant(&w.wardB.ID, access.RoleOfficer))
		both := w.user("both@example.test", []account.GrantInput{{AreaID: &w.wardA.ID, Role: access.RoleViewer}, {AreaID: &w.wardB.ID, Role: access.RoleViewer}})
		member := w.user("member@example.test", nil, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitMember})
		viewer := w.user("viewer@example.test", grant(&w.wardA.ID, access.RoleViewer))
		a := w.as(adminA.ID)

		create := []struct {
			name string
			in   account.NewUser
			code apperr.Code
			msg  string
		}{
			{"a grant in the ward", account.NewUser{Email: "x1@example.test", Name: "X", Grants: grant(&w.groupA.ID, access.RoleOfficer)}, "", ""},
			{"a unit in the ward", account.NewUser{Email: "x2@example.test", Name: "X", Memberships: []account.MembershipInput{{UnitID: w.unitA.ID, Role: access.UnitLeader}}}, "", ""},
			{"a grant on another ward", account.NewUser{Email: "x3@example.test", Name: "X", Grants: grant(&w.wardB.ID, access.RoleViewer)}, apperr.Forbidden, "account.outside_scope"},
			{"a unit of another ward", account.NewUser{Email: "x4@example.test", Name: "X", Memberships: []account.MembershipInput{{UnitID: w.unitB.ID, Role: access.UnitMember}}}, apperr.Forbidden, "account.outside_scope"},
			{"a whole-country grant", account.NewUser{Email: "x5@example.test", Name: "X", Grants: grant(nil, access.RoleViewer)}, apperr.Forbidden, "account.country_grant"},
			{"no role at all", account.NewUser{Email: "x6@example.test", Name: "X"}, apperr.Invalid, "error.invalid"},
			{"email taken", account.NewUser{Email: "Member@example.test", Name: "X", Grants: grant(&w.wardA.ID, access.RoleViewer)}, apperr.Invalid, "error.invalid"},
			{"bad email, role, area", account.NewUser{Email: "not an email", Name: " ", Lang: "fr", Grants: []account.GrantInput{{AreaID: ptr(9999), Role: "king"}}}, apperr.Invalid, "error.invalid"},
		}
		for _, c := range create {
			t.Run("create with "+c.name, func(t *testing.T) {
				_, err := w.s.Create(a, now, c.in)
				if c.code == "" && err != nil {
					t.Fatal(err)
				}
				if c.code != "" {
					wantErr(t, err, c.code, c.msg)
				}
			})
		}
		_, err := w.s.Create(a, now, create[7].in)
		if e, _ := apperr.As(err); e == nil || len(e.Fields) != 5 {
			t.Errorf("every bad field named: %v", err)
		}
		_, err = w.s.Create(w.as(viewer.ID), now, account.NewUser{Email: "x7@example.test", Name: "X", Grants: grant(&w.wardA.ID, access.RoleViewer)})
		wantErr(t, err, apperr.Forbidden, "error.forbidden")

		// Lists: the ward admin sees the ward's people; the national admin everyone.
		seen := func(ctx context.Context, q string) map[string]bool {
			users, err := w.s.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, u := range users {
				out[u.Email] = true
			}
			return out
		}
		got := seen(a, "")
		for email, want := range map[string]bool{"admin-a@example.test": true, "both@example.test": true, "member@example.test": true,
			"x1@example.test": true, "x2@example.test": true, "officer-b@example.test": false, "quocgia@example.test": false} {
			if got[email] != want {
				t.Errorf("ward admin sees %s: %v", email, got[email])
			}
		}
		if n := len(seen(w.as(national.ID), "")); n != 8 {
			t.Errorf("the national admin sees %d users, want 8", n)
		}
		if got := seen(a, "MEMBER@"); len(got) != 1 || !got["member@example.test"] {
			t.Errorf("search: %v", got)
		}
		_, err = w.s.List(w.as(viewer.ID), "")
		wantErr(t, err, apperr.Forbidden, "")

		// Outside the ward: not found, whatever the action.
		_, err = w.s.Get(a, officerB.ID)
		wantErr(t, err, apperr.NotFound, "")
		_, err = w.s.Get(a, national.ID)
		wantErr(t, err, apperr.NotFound, "")
		_, err = w.s.AddGrant(a, now, officerB.ID, account.GrantInput{AreaID: &w.wardA.ID, Role: access.RoleViewer})
		wantErr(t, err, apperr.NotFound, "")
		_, err = w.s.Update(a, now, officerB.ID, account.UserUpdate{Version: 1, Name: "X", Lang: "vi", Active: false})
		wantErr(t, err, apperr.NotFound, "")
		d, err := w.s.Get(a, both.ID)
		if err != nil || len(d.Grants) != 2 || d.Grants[0].AreaName != "Phường 14" || !d.HasPassword {
			t.Fatalf("get: %+v %v", d, err)
		}

		// Seen but not wholly managed: a user with a role in another ward.
		_, err = w.s.Update(a, now, both.ID, account.UserUpdate{Version: 1, Name: "X", Lang: "vi", Active: false})
		wantErr(t, err, apperr.Forbidden, "account.user_outside_scope")
		_, err = w.s.RevokeGrant(a, now, both.ID, d.Grants[1].ID)
		wantErr(t, err, apperr.Forbidden, "account.outside_scope")
		if _, err := w.s.RevokeGrant(a, now, both.ID, d.Grants[0].ID); err != nil {
			t.Errorf("revoke the ward's grant: %v", err)
		}
		_, err = w.s.RevokeGrant(w.as(national.ID), now, both.ID, d.Grants[0].ID)
		wantErr(t, err, apperr.Conflict, "account.grant_revoked")
		_, err = w.s.Get(a, both.ID)
		wantErr(t, err, apperr.NotFound, "") // no role left in the ward

		// Grants and memberships of a ward user.
		_, err = w.s.AddGrant(a, now, member.ID, account.GrantInput{AreaID: &w.wardB.ID, Role: access.RoleViewer})
		wantErr(t, err, apperr.Forbidden, "account.outside_scope")
		_, err = w.s.AddGrant(a, now, member.ID, account.GrantInput{Role: access.RoleViewer})
		wantErr(t, err, apperr.Forbidden, "account.country_grant")
		g, err := w.s.AddGrant(a, now, member.ID, account.GrantInput{AreaID: &w.groupA.ID, Role: access.RoleChair})
		if err != nil || g.AreaName != "Tổ dân phố 1" {
			t.Fatalf("add grant: %+v %v", g, err)
		}
		_, err = w.s.AddGrant(a, now, member.ID, account.GrantInput{AreaID: &w.groupA.ID, Role: access.RoleChair})
		wantErr(t, err, apperr.Conflict, "account.grant_exists")
		_, err = w.s.AddMembership(a, now, member.ID, account.MembershipInput{UnitID: w.unitB.ID, Role: access.UnitLeader})
		wantErr(t, err, apperr.Forbidden, "account.outside_scope")
		_, err = w.s.AddMembership(a, now, member.ID, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader})
		wantErr(t, err, apperr.Conflict, "account.membership_exists")
		md, _ := w.s.Get(a, member.ID)
		ended, err := w.s.EndMembership(a, now, member.ID, md.Memberships[0].ID)
		if err != nil || ended.EndedAt == nil {
			t.Fatalf("end membership: %+v %v", ended, err)
		}
		_, err = w.s.EndMembership(a, now, member.ID, md.Memberships[0].ID)
		wantErr(t, err, apperr.Conflict, "account.membership_ended")
		if _, err := w.s.AddMembership(a, now, member.ID, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader}); err != nil {
			t.Errorf("join again: %v", err)
		}

		// Nobody changes their own roles, or deactivates themselves.
		_, err = w.s.AddGrant(a, now, adminA.ID, account.GrantInput{AreaID: &w.groupA.ID, Role: access.RoleOfficer})
		wantErr(t, err, apperr.Forbidden, "account.own_roles")
		_, err = w.s.RevokeGrant(a, now, adminA.ID, w.firstGrant(adminA.ID))
		wantErr(t, err, apperr.Forbidden, "account.own_roles")
		_, err = w.s.AddMembership(a, now, adminA.ID, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader})
		wantErr(t, err, apperr.Forbidden, "account.own_roles")
		_, err = w.s.Update(a, now, adminA.ID, account.UserUpdate{Version: 1, Name: "A", Lang: "vi", Active: false})
		wantErr(t, err, apperr.Forbidden, "account.deactivate_self")

		// The national admin does what the ward admin cannot.
		if _, err := w.s.AddGrant(w.as(national.ID), now, officerB.ID, account.GrantInput{Role: access.RoleViewer}); err != nil {
			t.Errorf("national grant: %v", err)
		}
		upd, err := w.s.Update(a, now, member.ID, account.UserUpdate{Version: 1, Name: "Đảng viên A", Phone: "0903 123 456", Lang: "en", Active: true})
		if err != nil || upd.Version != 2 || upd.Lang != "en" {
			t.Fatalf("update: %+v %v", upd, err)
		}
		_, err = w.s.Update(a, now, member.ID, account.UserUpdate{Version: 1, Name: "X", Lang: "vi", Active: true})
		wantErr(t, err, apperr.Conflict, "error.stale_version")
	})
}

func ptr(v int64) *int64 { return &v }

// firstGrant returns the id of a user's first grant in force.
func (w *world) firstGrant(userID int64) int64 {
	w.t.Helper()
	d, err := w.s.Get(system(), userID)
	if err != nil || len(d.Grants) == 0 {
		w.t.Fatalf("grants of %d: %v", userID, err)
	}
	return d.Grants[0].ID
}
