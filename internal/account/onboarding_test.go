package account_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/account"
	"chungtay/internal/apperr"
	"chungtay/internal/mail"
	"chungtay/internal/mail/mailtest"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// fields returns the fields an error names, with their message ids.
func fields(err error) map[string]string {
	out := map[string]string{}
	if e, ok := apperr.As(err); ok {
		for _, f := range e.Fields {
			out[f.Field] = f.MessageID
		}
	}
	return out
}

func wantFields(t *testing.T, err error, want map[string]string) {
	t.Helper()
	got := fields(err)
	if len(got) != len(want) {
		t.Errorf("fields %v, want %v (%v)", got, want, err)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("field %s: %q, want %q (%v)", k, got[k], v, err)
		}
	}
}

// An administrator of a part of a ward (here a residential group) manages the
// accounts of that part: never a role above it, in another ward or on the
// whole country, never a unit outside it, never a user outside it; each
// refusal names the field.
func TestSubtreeAdminRefusalsNameTheField(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		sub := w.user("admin-to1@example.test", grant(&w.groupA.ID, access.RoleAdmin))
		outsider := w.user("ward-officer@example.test", grant(&w.wardA.ID, access.RoleOfficer))
		other := w.user("member-b@example.test", nil, account.MembershipInput{UnitID: w.unitB.ID, Role: access.UnitMember})
		a := w.as(sub.ID)

		cases := []struct {
			name string
			in   account.NewUser
			msg  string
			want map[string]string
		}{
			{"a grant above its subtree", account.NewUser{Email: "x1@example.test", Name: "X", Grants: grant(&w.wardA.ID, access.RoleViewer)},
				"account.outside_scope", map[string]string{"grants[0].area_id": "account.outside_scope"}},
			{"the whole country", account.NewUser{Email: "x2@example.test", Name: "X", Grants: grant(nil, access.RoleViewer)},
				"account.country_grant", map[string]string{"grants[0].area_id": "account.country_grant"}},
			{"a unit outside and a grant inside and outside", account.NewUser{Email: "x3@example.test", Name: "X",
				Grants:      []account.GrantInput{{AreaID: &w.groupA.ID, Role: access.RoleAdmin}, {AreaID: &w.wardB.ID, Role: access.RoleChair}},
				Memberships: []account.MembershipInput{{UnitID: w.unitA.ID, Role: access.UnitLeader}, {UnitID: w.unitB.ID, Role: access.UnitMember}}},
				"account.outside_scope", map[string]string{"grants[1].area_id": "account.outside_scope", "memberships[1].unit_id": "account.outside_scope"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := w.s.Create(a, now, c.in)
				wantErr(t, err, apperr.Forbidden, c.msg)
				wantFields(t, err, c.want)
			})
		}
		var n int
		if err := db.NewRaw("SELECT COUNT(*) FROM users WHERE email LIKE 'x_@example.test'").Scan(context.Background(), &n); err != nil || n != 0 {
			t.Errorf("%d users created by refused requests (%v)", n, err)
		}

		// Inside its subtree: a member of the party cell, then its roles.
		lan, err := w.s.Create(a, now, account.NewUser{Email: "lan@example.test", Name: "Nguyễn Thị Lan",
			Memberships: []account.MembershipInput{{UnitID: w.unitA.ID, Role: access.UnitMember}}})
		if err != nil || len(lan.Memberships) != 1 || !lan.InvitationSent {
			t.Fatalf("create inside: %+v %v", lan, err)
		}
		_, err = w.s.AddGrant(a, now, lan.ID, account.GrantInput{AreaID: &w.wardA.ID, Role: access.RoleViewer})
		wantErr(t, err, apperr.Forbidden, "account.outside_scope")
		wantFields(t, err, map[string]string{"area_id": "account.outside_scope"})
		_, err = w.s.AddGrant(a, now, lan.ID, account.GrantInput{Role: access.RoleViewer})
		wantFields(t, err, map[string]string{"area_id": "account.country_grant"})
		_, err = w.s.AddMembership(a, now, lan.ID, account.MembershipInput{UnitID: w.unitB.ID, Role: access.UnitMember})
		wantErr(t, err, apperr.Forbidden, "account.outside_scope")
		wantFields(t, err, map[string]string{"unit_id": "account.outside_scope"})
		if _, err := w.s.AddGrant(a, now, lan.ID, account.GrantInput{AreaID: &w.groupA.ID, Role: access.RoleChair}); err != nil {
			t.Errorf("a grant inside: %v", err)
		}

		// Users outside its subtree do not exist for it, whatever the action.
		for _, u := range []*account.Created{outsider, other} {
			_, err = w.s.Get(a, u.ID)
			wantErr(t, err, apperr.NotFound, "")
			_, err = w.s.Update(a, now, u.ID, account.UserUpdate{Version: 1, Name: "X", Lang: "vi", Active: false})
			wantErr(t, err, apperr.NotFound, "")
			_, err = w.s.AddMembership(a, now, u.ID, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitMember})
			wantErr(t, err, apperr.NotFound, "")
			_, err = w.s.ResendInvitation(a, now, u.ID)
			wantErr(t, err, apperr.NotFound, "")
		}
		list, err := w.s.List(a, "")
		if err != nil {
			t.Fatal(err)
		}
		var emails []string
		for _, u := range list {
			emails = append(emails, u.Email)
		}
		if strings.Join(emails, ",") != "lan@example.test,admin-to1@example.test" {
			t.Errorf("it sees %v", emails)
		}

		// It deactivates a user whose roles all lie in its subtree.
		cur, _ := w.s.Get(a, lan.ID)
		off, err := w.s.Update(a, now, lan.ID, account.UserUpdate{Version: cur.Version, Name: cur.Name, Lang: "vi", Active: false})
		if err != nil || off.Active {
			t.Errorf("deactivate: %+v %v", off, err)
		}
		// Not one who also holds a role above its subtree.
		if _, err := w.s.AddMembership(system(), now, outsider.ID, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitMember}); err != nil {
			t.Fatal(err)
		}
		_, err = w.s.Update(a, now, outsider.ID, account.UserUpdate{Version: 1, Name: "X", Lang: "vi", Active: false})
		wantErr(t, err, apperr.Forbidden, "account.user_outside_scope")
	})
}

// A unit's leader brings members into their own unit, and nothing more.
func TestLeaderInvitesMember(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		leader := w.user("bithu-a@example.test", nil, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader})
		memberA := w.user("dangvien-a@example.test", nil, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitMember})
		officerB := w.user("officer-b@example.test", grant(&w.wardB.ID, access.RoleOfficer))
		leaderB := w.user("bithu-b@example.test", nil, account.MembershipInput{UnitID: w.unitB.ID, Role: access.UnitLeader})
		l := w.as(leader.ID)

		// A new email: an account with one membership, and the mail really arrives with the link.
		got, err := w.s.InviteMember(l, now, w.unitA.ID, account.MemberInvite{Email: " Hoa@Example.test ", Name: " Trần Thị Hoa ", Phone: "0903 000 111"})
		if err != nil || got.Outcome != account.Invited || !got.InvitationSent || got.InvitationLink != "" ||
			got.Membership.UnitID != w.unitA.ID || got.Membership.Role != access.UnitMember {
			t.Fatalf("invite: %+v %v", got, err)
		}
		m := w.smtp.Last(t, 1)
		if m.To[0] != "hoa@example.test" || !strings.Contains(m.Text, "https://chungtay.example/#/accept-invite?token=") ||
			!strings.Contains(m.Text, leader.Name) {
			t.Fatalf("invitation mail: %+v", m)
		}
		session, err := w.s.AcceptInvitation(context.Background(), now, linkToken(t, m), password, "")
		if err != nil {
			t.Fatal(err)
		}
		p, err := w.s.Principal(context.Background(), session.User.ID)
		if err != nil || len(p.Grants) != 0 || len(p.Memberships) != 1 || p.Memberships[0].UnitID != w.unitA.ID || p.Memberships[0].Role != access.UnitMember {
			t.Fatalf("the new member: %+v %v", p, err)
		}
		if a := w.lastAudit("user", "create"); *a.ActorID != leader.ID || a.AreaPath != w.groupA.Path {
			t.Errorf("creation audited as %+v", a)
		}

		// An existing account (outside the leader's sight) joins; nothing of it is told or changed.
		got, err = w.s.InviteMember(l, now, w.unitA.ID, account.MemberInvite{Email: "officer-b@example.test", Name: "Tên khác"})
		if err != nil || got.Outcome != account.Added || got.UserID != officerB.ID || got.InvitationSent || got.InvitationLink != "" {
			t.Fatalf("existing account: %+v %v", got, err)
		}
		d, _ := w.s.Get(system(), officerB.ID)
		if d.Name != officerB.Name || len(d.Memberships) != 1 || len(d.Grants) != 1 {
			t.Errorf("the existing account: %+v", d)
		}
		if n := len(w.smtp.Messages()); n != 1 {
			t.Errorf("%d mails, want 1 (no link for an existing account)", n)
		}
		var users int
		_ = db.NewRaw("SELECT COUNT(*) FROM users WHERE email = 'officer-b@example.test'").Scan(context.Background(), &users)
		if users != 1 {
			t.Errorf("%d accounts with the email", users)
		}
		again, err := w.s.InviteMember(l, now, w.unitA.ID, account.MemberInvite{Email: "OFFICER-B@example.test", Name: "X"})
		if err != nil || again.Outcome != account.AlreadyMember || again.Membership.ID != got.Membership.ID {
			t.Errorf("again: %+v %v", again, err)
		}

		// An invited account that has not yet set its password gets no link from a leader.
		_, err = w.s.Create(system(), now, account.NewUser{Email: "pending@example.test", Name: "Chờ", Grants: grant(&w.wardB.ID, access.RoleAdmin)})
		if err != nil {
			t.Fatal(err)
		}
		mails := len(w.smtp.Messages())
		got, err = w.s.InviteMember(l, now, w.unitA.ID, account.MemberInvite{Email: "pending@example.test", Name: "X"})
		if err != nil || got.Outcome != account.Added || got.InvitationLink != "" || len(w.smtp.Messages()) != mails {
			t.Errorf("pending account: %+v %v", got, err)
		}

		// Refusals.
		_, err = w.s.InviteMember(l, now, w.unitA.ID, account.MemberInvite{Email: "x@example.test", Name: "X", Role: access.UnitLeader})
		wantErr(t, err, apperr.Forbidden, "account.member_role_only")
		wantFields(t, err, map[string]string{"role": "account.member_role_only"})
		_, err = w.s.InviteMember(l, now, w.unitB.ID, account.MemberInvite{Email: "x@example.test", Name: "X"})
		wantErr(t, err, apperr.NotFound, "") // another ward's unit: out of sight
		_, err = w.s.InviteMember(w.as(memberA.ID), now, w.unitA.ID, account.MemberInvite{Email: "x@example.test", Name: "X"})
		wantErr(t, err, apperr.Forbidden, "account.not_unit_leader")
		wantFields(t, err, map[string]string{"unit_id": "account.not_unit_leader"})
		_, err = w.s.InviteMember(w.as(leaderB.ID), now, w.unitA.ID, account.MemberInvite{Email: "x@example.test", Name: "X"})
		wantErr(t, err, apperr.NotFound, "")
		_, err = w.s.InviteMember(w.as(officerB.ID), now, w.unitB.ID, account.MemberInvite{Email: "x@example.test", Name: "X"})
		wantErr(t, err, apperr.Forbidden, "account.not_unit_leader") // sees the unit, does not lead it
		_, err = w.s.InviteMember(l, now, w.unitA.ID, account.MemberInvite{Email: "not an email", Name: " ", Lang: "fr"})
		wantErr(t, err, apperr.Invalid, "error.invalid")
		wantFields(t, err, map[string]string{"email": "account.email_invalid", "name": "field.required", "lang": "field.one_of"})
		_, err = w.s.InviteMember(l, now, 999999, account.MemberInvite{Email: "x@example.test", Name: "X"})
		wantErr(t, err, apperr.NotFound, "")
		_, err = w.s.InviteMember(context.Background(), now, w.unitA.ID, account.MemberInvite{Email: "x@example.test", Name: "X"})
		wantErr(t, err, apperr.Unauthorized, "")
		if _, err := unit.NewService(db).Archive(system(), now, w.unitA.ID, 1, "giải thể"); err != nil {
			t.Fatal(err)
		}
		_, err = w.s.InviteMember(l, now, w.unitA.ID, account.MemberInvite{Email: "x@example.test", Name: "X"})
		wantErr(t, err, apperr.NotFound, "")
		if c, _ := db.NewSelect().Table("users").Where("email = 'x@example.test'").Count(context.Background()); c != 0 {
			t.Errorf("a refused invitation created an account")
		}
	})
}

// Without a mail server nothing is "sent": the inviter gets the single-use
// link, which works once.
func TestInvitationWithoutSMTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		w.s = account.NewService(db, account.Options{BaseURL: "https://chungtay.example", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Params: account.FastParams})
		t.Cleanup(w.s.Wait)
		admin := w.user("admin@example.test", grant(&w.wardA.ID, access.RoleAdmin))
		leader := w.user("bithu@example.test", nil, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader})

		token := func(link string) string {
			t.Helper()
			u, err := url.Parse(strings.Replace(link, "/#/", "/", 1))
			if err != nil || !strings.HasPrefix(link, "https://chungtay.example/#/accept-invite?token=") {
				t.Fatalf("link %q", link)
			}
			return u.Query().Get("token")
		}
		c, err := w.s.Create(w.as(admin.ID), now, account.NewUser{Email: "lan@example.test", Name: "Lan",
			Memberships: []account.MembershipInput{{UnitID: w.unitA.ID, Role: access.UnitMember}}})
		if err != nil || c.InvitationSent || c.InvitationLink == "" {
			t.Fatalf("create: %+v %v", c, err)
		}
		first := token(c.InvitationLink)
		inv, err := w.s.ResendInvitation(w.as(admin.ID), now, c.ID)
		if err != nil || inv.InvitationSent || inv.InvitationLink == "" {
			t.Fatalf("resend: %+v %v", inv, err)
		}
		_, err = w.s.AcceptInvitation(context.Background(), now, first, password, "")
		wantErr(t, err, apperr.Invalid, "account.link_invalid") // the resend replaced it
		if _, err := w.s.AcceptInvitation(context.Background(), now, token(inv.InvitationLink), password, ""); err != nil {
			t.Errorf("the resent link: %v", err)
		}

		got, err := w.s.InviteMember(w.as(leader.ID), now, w.unitA.ID, account.MemberInvite{Email: "hoa@example.test", Name: "Hoa"})
		if err != nil || got.InvitationSent || got.InvitationLink == "" {
			t.Fatalf("leader invite: %+v %v", got, err)
		}
		link := token(got.InvitationLink)
		if _, err := w.s.AcceptInvitation(context.Background(), now, link, password, ""); err != nil {
			t.Fatal(err)
		}
		_, err = w.s.AcceptInvitation(context.Background(), now, link, password, "")
		wantErr(t, err, apperr.Invalid, "account.link_invalid")
	})
}

// A mail server that refuses the recipient: the invitation is not sent, and
// the inviter gets the link.
func TestInvitationRefusedBySMTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newWorld(t, db)
		smtp := mailtest.Start(t, mailtest.Options{Reject: func(to string) error {
			if strings.HasPrefix(to, "hong@") {
				return errors.New("550 mailbox unavailable")
			}
			return nil
		}})
		sender, err := mail.NewSMTP(smtp.Config())
		if err != nil {
			t.Fatal(err)
		}
		w.s = account.NewService(db, account.Options{BaseURL: "https://chungtay.example", Mail: sender,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Params: account.FastParams})
		t.Cleanup(w.s.Wait)
		leader := w.user("bithu@example.test", nil, account.MembershipInput{UnitID: w.unitA.ID, Role: access.UnitLeader})
		got, err := w.s.InviteMember(w.as(leader.ID), now, w.unitA.ID, account.MemberInvite{Email: "hong@example.test", Name: "Hồng"})
		if err != nil || got.InvitationSent || !strings.HasPrefix(got.InvitationLink, "https://chungtay.example/#/accept-invite?token=") {
			t.Fatalf("refused mail: %+v %v", got, err)
		}
		got, err = w.s.InviteMember(w.as(leader.ID), now, w.unitA.ID, account.MemberInvite{Email: "lan@example.test", Name: "Lan"})
		if err != nil || !got.InvitationSent || got.InvitationLink != "" {
			t.Fatalf("accepted mail: %+v %v", got, err)
		}
		if m := smtp.Last(t, 1); m.To[0] != "lan@example.test" {
			t.Errorf("delivered to %v", m.To)
		}
	})
}
