package household_test

import (
	"context"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/household"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// scoped builds the callers of the scoping tests on top of the fixture: the
// officers of each ward, a unit leader and a member in ward 14, a viewer of
// ward 14, and a caller with no rights.
type scoped struct {
	*fixture
	db                     *bun.DB
	officer14, officer15   context.Context
	leader, member, viewer context.Context
	nobody, anonymous      context.Context
	mine, cells, other     int64 // households: assigned to the member; to the leader's unit only; in ward 15
}

func setupScoped(t *testing.T, db *bun.DB) *scoped {
	t.Helper()
	f := setup(t, db)
	sys := access.With(context.Background(), access.System())
	create := func(code string, areaID int64) int64 {
		h, err := f.svc.Create(sys, testenv.Now, input(code, "Hộ "+code, areaID, 1_500_000, "health_insurance"))
		if err != nil {
			t.Fatalf("create %s: %v", code, err)
		}
		return h.ID
	}
	s := &scoped{fixture: f, db: db}
	s.mine, s.cells, s.other = create("P14-M", f.g1.ID), create("P14-U", f.g2.ID), create("P15-X", f.og1.ID)
	create("P14-Z", f.g2.ID) // in ward 14, assigned to nobody

	cell, err := unit.NewService(db).Create(sys, testenv.Now, unit.Input{Code: "CB-1", Name: "Chi bộ 1", Kind: unit.KindPartyCell, AreaID: f.g1.ID})
	if err != nil {
		t.Fatal(err)
	}
	assign := func(householdID int64, unitID, userID any) {
		_, err := db.ExecContext(sys, "INSERT INTO household_assignments (household_id, unit_id, user_id, is_primary, valid_from, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			householdID, unitID, userID, true, "2018-01-01", testenv.Now)
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []int64{7, 8} {
		_, err := db.ExecContext(sys, "INSERT INTO users (id, email, name, created_at, updated_at) VALUES (?, ?, 'u', ?, ?)",
			id, id, testenv.Now, testenv.Now)
		if err != nil {
			t.Fatal(err)
		}
	}
	assign(s.mine, cell.ID, nil)
	assign(s.cells, cell.ID, nil)
	assign(s.mine, nil, int64(8))

	as := func(p *access.Principal) context.Context { return access.With(context.Background(), p) }
	grant := func(role access.Role, path string) *access.Principal {
		return &access.Principal{Today: testenv.Today, UserID: 99, Name: string(role), Grants: []access.Grant{{AreaPath: path, Role: role}}}
	}
	s.officer14, s.officer15 = as(grant(access.RoleOfficer, f.ward.Path)), as(grant(access.RoleOfficer, f.otherWard.Path))
	s.viewer = as(grant(access.RoleViewer, f.ward.Path))
	s.leader = as(&access.Principal{Today: testenv.Today, UserID: 7, Memberships: []access.Membership{{UnitID: cell.ID, AreaPath: f.g1.Path, Role: access.UnitLeader}}})
	s.member = as(&access.Principal{Today: testenv.Today, UserID: 8, Memberships: []access.Membership{{UnitID: cell.ID, AreaPath: f.g1.Path, Role: access.UnitMember}}})
	s.nobody = as(&access.Principal{Today: testenv.Today, UserID: 50})
	s.anonymous = context.Background()
	return s
}

func codes(t *testing.T, svc *household.Service, ctx context.Context, f household.Filter) []string {
	t.Helper()
	p, err := svc.List(ctx, f)
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	var out []string
	for _, it := range p.Items {
		out = append(out, it.Code)
	}
	return out
}

func TestScopeOfReads(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		s := setupScoped(t, db)
		cases := []struct {
			name string
			ctx  context.Context
			list []string // every household the caller can list
		}{
			{"officer of ward 14", s.officer14, []string{"P14-M", "P14-U", "P14-Z"}},
			{"officer of ward 15", s.officer15, []string{"P15-X"}},
			{"unit leader: the unit's households", s.leader, []string{"P14-M", "P14-U"}},
			{"member: own households", s.member, []string{"P14-M"}},
			{"viewer: no personal data", s.viewer, nil},
			{"no rights", s.nobody, nil},
			{"anonymous", s.anonymous, nil},
		}
		all := map[string]int64{"P14-M": s.mine, "P14-U": s.cells, "P15-X": s.other}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if got := codes(t, s.svc, c.ctx, household.Filter{}); len(got) != len(c.list) {
					t.Errorf("list = %v, want %v", got, c.list)
				}
				visible := map[string]bool{}
				for _, code := range c.list {
					visible[code] = true
				}
				for code, id := range all {
					// By id.
					_, err := s.svc.Detail(c.ctx, id)
					if visible[code] != (err == nil) {
						t.Errorf("detail of %s: err %v, visible %v", code, err, visible[code])
					}
					if err != nil && !isCode(err, apperr.NotFound) {
						t.Errorf("detail of %s out of scope: want not found, got %v", code, err)
					}
					// By search and by filter.
					if got := codes(t, s.svc, c.ctx, household.Filter{Query: code}); visible[code] != (len(got) == 1) {
						t.Errorf("search %s = %v", code, got)
					}
					if got := codes(t, s.svc, c.ctx, household.Filter{Deprivation: "health_insurance", Query: code}); visible[code] != (len(got) == 1) {
						t.Errorf("filtered search %s = %v", code, got)
					}
				}
				// Export uses the same scope.
				n := 0
				if err := s.svc.Each(c.ctx, household.Filter{}, func(*household.ListItem) error { n++; return nil }); err != nil || n != len(c.list) {
					t.Errorf("export: %d rows, err %v; want %d", n, err, len(c.list))
				}
			})
		}
		// An area outside the caller's scope cannot be used as a filter either.
		if _, err := s.svc.List(s.officer15, household.Filter{AreaID: s.ward.ID}); !isCode(err, apperr.Invalid) {
			t.Errorf("officer 15 filtering by ward 14: %v", err)
		}
	})
}

func TestScopeOfWrites(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		s := setupScoped(t, db)
		in := input("P14-M", "Hộ P14-M", s.g1.ID, 1_500_000)
		cases := []struct {
			name string
			ctx  context.Context
			want apperr.Code // "" = allowed
		}{
			{"officer of the ward", s.officer14, ""},
			{"officer of another ward", s.officer15, apperr.NotFound},
			{"member who sees it", s.member, apperr.Forbidden},
			{"viewer", s.viewer, apperr.NotFound},
			{"anonymous", s.anonymous, apperr.NotFound},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				h, err := s.svc.Get(access.With(context.Background(), access.System()), s.mine)
				if err != nil {
					t.Fatal(err)
				}
				in.Members = h.Members + 1
				_, err = s.svc.Update(c.ctx, testenv.Now, s.mine, h.Version, in)
				if c.want == "" && err != nil || c.want != "" && !isCode(err, c.want) {
					t.Errorf("update: got %v, want %q", err, c.want)
				}
				_, err = s.svc.Create(c.ctx, testenv.Now, input("NEW-"+string(rune('A'+len(c.name))), "Hộ mới", s.g2.ID, 1))
				if c.want == "" && err != nil || c.want != "" && err == nil {
					t.Errorf("create in ward 14: got %v, want %q", err, c.want)
				}
			})
		}
		// Every write left an audit row with its before and after.
		var entries []audit.Entry
		if err := db.NewSelect().Model(&entries).Where("entity = 'household' AND action = 'update'").Scan(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].ActorName != "officer" || entries[0].BeforeJSON == "" || entries[0].AfterJSON == "" ||
			entries[0].AreaPath != s.g1.Path {
			t.Errorf("audit of the one allowed update: %+v", entries)
		}
		if _, err := db.NewUpdate().Table("audit_log").Set("actor_name = 'x'").Where("1 = 1").Exec(context.Background()); err == nil {
			t.Error("the audit log accepted an UPDATE")
		}
		if _, err := db.NewDelete().Table("audit_log").Where("1 = 1").Exec(context.Background()); err == nil {
			t.Error("the audit log accepted a DELETE")
		}
	})
}
