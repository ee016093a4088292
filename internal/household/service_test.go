package household_test

import (
	"context"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
	"chungtay/internal/testenv"
)

var city = poverty.CityLines(21_000_000, 28_000_000)

// fixture is a ward with two residential groups.
type fixture struct {
	svc            *household.Service
	areas          *area.Service
	ward, g1, g2   *area.Area
	otherWard, og1 *area.Area
}

func setup(t *testing.T, db *bun.DB) *fixture {
	t.Helper()
	ctx := access.With(context.Background(), access.System())
	areas := area.NewService(db, testenv.Loc)
	mk := func(code, name string, kind area.Kind, parent *area.Area) *area.Area {
		in := area.Input{Code: code, Name: name, Kind: kind, Urban: true}
		if parent != nil {
			in.ParentID = &parent.ID
		}
		a, err := areas.Create(ctx, testenv.Now, in)
		if err != nil {
			t.Fatalf("create area %s: %v", code, err)
		}
		return a
	}
	f := &fixture{areas: areas, svc: household.NewService(db, areas, testenv.Loc, city)}
	f.ward = mk("26890", "Phường 14", area.KindWard, nil)
	f.g1 = mk("T01", "Tổ dân phố 1", area.KindResidentialGroup, f.ward)
	f.g2 = mk("T02", "Tổ dân phố 2", area.KindResidentialGroup, f.ward)
	f.otherWard = mk("26891", "Phường 15", area.KindWard, nil)
	f.og1 = mk("T91", "Tổ dân phố 91", area.KindResidentialGroup, f.otherWard)
	return f
}

func input(code, name string, areaID int64, income int64, deps ...string) household.Input {
	return household.Input{Code: code, HeadName: name, Address: "12 Lê Văn Thọ", AreaID: areaID, Members: 4,
		Urban: true, IncomeMonthly: income, Deprivations: deps, Standard: poverty.StandardCity, Year: 2018}
}

func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("want *apperr.Error, got %v", err)
	}
	m := map[string]string{}
	for _, f := range e.Fields {
		m[f.Field] = f.MessageID
	}
	return m
}

func TestCreateClassifiesAndValidates(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f, ctx := setup(t, db), access.With(context.Background(), access.System())
		h, err := f.svc.Create(ctx, testenv.Now, input("P14-0001", "  Nguyễn   Văn Đức ", f.g1.ID, 1_500_000, "health_insurance"))
		if err != nil {
			t.Fatalf("create: %v", err)
		}
		if h.Classification != poverty.ClassPoor || h.HeadName != "Nguyễn Văn Đức" || h.SearchName != "nguyen van duc" || h.Version != 1 {
			t.Errorf("got class %q name %q search %q version %d", h.Classification, h.HeadName, h.SearchName, h.Version)
		}
		d, err := f.svc.Detail(ctx, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Classifications) != 1 || d.Classifications[0].Year != 2018 || d.Classifications[0].Classification.Classification != poverty.ClassPoor {
			t.Errorf("classifications = %+v", d.Classifications)
		}
		if len(d.Ancestors) != 1 || d.Ancestors[0].ID != f.ward.ID {
			t.Errorf("ancestors = %+v", d.Ancestors)
		}

		cases := []struct {
			name  string
			in    household.Input
			field string
			msg   string
		}{
			{"duplicate code", input("P14-0001", "Trần Thị B", f.g1.ID, 1), "code", "field.taken"},
			{"missing name", input("P14-0002", " ", f.g1.ID, 1), "head_name", "field.required"},
			{"unknown area", input("P14-0003", "Lê C", 999999, 1), "area_id", "field.not_found"},
			{"bad code chars", input("P14 0004!", "Lê D", f.g1.ID, 1), "code", "household.code_chars"},
			{"unknown indicator", input("P14-0005", "Lê E", f.g1.ID, 1, "wifi"), "deprivations", "field.unknown_code"},
			{"zero members", func() household.Input { in := input("P14-0006", "Lê F", f.g1.ID, 1); in.Members = 0; return in }(), "members", "field.between"},
			{"bad standard", func() household.Input { in := input("P14-0007", "Lê G", f.g1.ID, 1); in.Standard = "1990"; return in }(), "standard", "field.one_of"},
			{"negative income", input("P14-0008", "Lê H", f.g1.ID, -5), "income_monthly", "field.between"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := f.svc.Create(ctx, testenv.Now, c.in)
				if got := fieldsOf(t, err)[c.field]; got != c.msg {
					t.Errorf("field %s: got %q, want %q (all: %v)", c.field, got, c.msg, fieldsOf(t, err))
				}
			})
		}
		page, err := f.svc.List(ctx, household.Filter{})
		if err != nil || page.Total != 1 {
			t.Fatalf("after bad creates: total %d, err %v; want 1 (nothing half-written)", page.Total, err)
		}
	})
}

func TestUpdateOptimisticConcurrency(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f, ctx := setup(t, db), access.With(context.Background(), access.System())
		h, err := f.svc.Create(ctx, testenv.Now, input("P14-0001", "Nguyễn Văn An", f.g1.ID, 1_500_000))
		if err != nil {
			t.Fatal(err)
		}
		first := input("P14-0001", "Nguyễn Văn An", f.g1.ID, 1_500_000)
		first.Members = 6
		later := testenv.Now.Add(time.Hour)
		h2, err := f.svc.Update(ctx, later, h.ID, h.Version, first)
		if err != nil {
			t.Fatalf("first update: %v", err)
		}
		if h2.Version != 2 || h2.Members != 6 {
			t.Fatalf("after update: version %d members %d", h2.Version, h2.Members)
		}
		stale := input("P14-0001", "Tên bị ghi đè", f.g2.ID, 1_500_000)
		_, err = f.svc.Update(ctx, later, h.ID, h.Version, stale)
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict {
			t.Fatalf("stale update: want conflict, got %v", err)
		}
		cur, _ := f.svc.Get(ctx, h.ID)
		if cur.HeadName != "Nguyễn Văn An" || cur.Members != 6 || cur.AreaID != f.g1.ID || cur.Version != 2 {
			t.Errorf("stale update overwrote: %+v", cur)
		}
		if _, err := f.svc.Update(ctx, later, 424242, 1, first); !isCode(err, apperr.NotFound) {
			t.Errorf("update of a missing household: want not_found, got %v", err)
		}
	})
}

func isCode(err error, code apperr.Code) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == code
}

func TestArchiveAndEvents(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f, ctx := setup(t, db), access.With(context.Background(), access.System())
		h, err := f.svc.Create(ctx, testenv.Now, input("P14-0001", "Phạm Thị Hoa", f.g1.ID, 1_500_000))
		if err != nil {
			t.Fatal(err)
		}
		ev, err := f.svc.RecordEvent(ctx, testenv.Now, h.ID, household.EventInput{EventDate: civil.NewDate(2018, 3, 1),
			ToClass: poverty.ClassNearPoor, DecisionNo: "12/QĐ-UBND", Reason: "thu nhập tăng", Version: 1})
		if err != nil {
			t.Fatalf("record event: %v", err)
		}
		if ev.FromClass != poverty.ClassPoor || ev.ToClass != poverty.ClassNearPoor || ev.Year != 2018 {
			t.Errorf("event = %+v", ev)
		}
		cur, _ := f.svc.Get(ctx, h.ID)
		if cur.Classification != poverty.ClassNearPoor || cur.Version != 2 {
			t.Errorf("after event: class %s version %d", cur.Classification, cur.Version)
		}
		_, err = f.svc.RecordEvent(ctx, testenv.Now, h.ID, household.EventInput{EventDate: civil.NewDate(2018, 3, 2), ToClass: poverty.ClassNone, Version: 1})
		if !isCode(err, apperr.Conflict) {
			t.Errorf("event with stale version: want conflict, got %v", err)
		}
		_, err = f.svc.RecordEvent(ctx, testenv.Now, h.ID, household.EventInput{EventDate: civil.NewDate(2019, 1, 1), ToClass: poverty.ClassNone, Version: 2})
		if fieldsOf(t, err)["event_date"] != "field.not_future" {
			t.Errorf("future event: got %v", err)
		}
		if _, err := f.svc.Archive(ctx, testenv.Now, h.ID, 2, ""); fieldsOf(t, err)["reason"] != "field.required" {
			t.Errorf("archive without reason: %v", err)
		}
		a, err := f.svc.Archive(ctx, testenv.Now, h.ID, 2, "chuyển đi nơi khác")
		if err != nil || a.ArchivedAt == nil {
			t.Fatalf("archive: %v", err)
		}
		active, _ := f.svc.List(ctx, household.Filter{})
		archived, _ := f.svc.List(ctx, household.Filter{Archived: true})
		if active.Total != 0 || archived.Total != 1 {
			t.Errorf("after archive: active %d archived %d", active.Total, archived.Total)
		}
	})
}

func TestListFilters(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f, ctx := setup(t, db), access.With(context.Background(), access.System())
		mk := func(in household.Input, flags ...string) {
			in.Flags = flags
			if _, err := f.svc.Create(ctx, testenv.Now, in); err != nil {
				t.Fatalf("create %s: %v", in.Code, err)
			}
		}
		mk(input("A-1", "Nguyễn Văn Đức", f.g1.ID, 1_000_000, "health_insurance"), "meritorious")
		mk(input("A-2", "Trần Thị Lan", f.g1.ID, 2_000_000))
		mk(input("A-3", "Lê Văn Đạt", f.g2.ID, 1_200_000, "housing_area", "health_insurance"))
		mk(input("B-1", "Nguyễn Thị Mai", f.og1.ID, 2_100_000), "no_labour")

		cases := []struct {
			name string
			f    household.Filter
			want []string
		}{
			{"all", household.Filter{}, []string{"A-1", "A-2", "A-3", "B-1"}},
			{"ward subtree", household.Filter{AreaID: f.ward.ID}, []string{"A-1", "A-2", "A-3"}},
			{"group", household.Filter{AreaID: f.g2.ID}, []string{"A-3"}},
			{"poor", household.Filter{Class: poverty.ClassPoor}, []string{"A-1", "A-3"}},
			{"near-poor in year 2018", household.Filter{Class: poverty.ClassNearPoor, Year: 2018}, []string{"A-2", "B-1"}},
			{"nothing in 2017", household.Filter{Year: 2017}, nil},
			{"deprivation", household.Filter{Deprivation: "health_insurance"}, []string{"A-1", "A-3"}},
			{"flag", household.Filter{Flag: "no_labour"}, []string{"B-1"}},
			{"search without accents", household.Filter{Query: "nguyen"}, []string{"A-1", "B-1"}},
			{"search with accents", household.Filter{Query: "Đức"}, []string{"A-1"}},
			{"search code", household.Filter{Query: "a-3"}, []string{"A-3"}},
			{"search is not a pattern", household.Filter{Query: "%"}, nil},
			{"sort by name desc", household.Filter{Sort: "-head_name"}, []string{"A-2", "A-1", "B-1", "A-3"}},
			{"page 2 of 3", household.Filter{PerPage: 3, Page: 2}, []string{"B-1"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p, err := f.svc.List(ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, it := range p.Items {
					got = append(got, it.Code)
				}
				if len(got) != len(c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
				for i := range got {
					if got[i] != c.want[i] {
						t.Fatalf("got %v, want %v", got, c.want)
					}
				}
			})
		}
		for _, bad := range []household.Filter{{Class: "rich"}, {Deprivation: "wifi"}, {Flag: "vip"}, {Sort: "password"}, {AreaID: 999999}, {PerPage: 500}} {
			if _, err := f.svc.List(ctx, bad); !isCode(err, apperr.Invalid) {
				t.Errorf("filter %+v: want invalid, got %v", bad, err)
			}
		}
		var n int
		err := f.svc.Each(ctx, household.Filter{AreaID: f.ward.ID}, func(*household.ListItem) error { n++; return nil })
		if err != nil || n != 3 {
			t.Errorf("Each: %d rows, err %v", n, err)
		}
	})
}

func TestReconcile(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f, ctx := setup(t, db), access.With(context.Background(), access.System())
		var ids []int64
		for i, income := range []int64{1_000_000, 1_100_000, 1_200_000, 2_000_000} {
			h, err := f.svc.Create(ctx, testenv.Now, input("R-"+string(rune('1'+i)), "Hộ "+string(rune('A'+i)), f.g1.ID, income))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, h.ID)
		}
		// Household 0 escapes; household 3 (near-poor) falls into poverty.
		if _, err := f.svc.RecordEvent(ctx, testenv.Now, ids[0], household.EventInput{EventDate: civil.NewDate(2018, 2, 1), ToClass: poverty.ClassNearPoor, Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordEvent(ctx, testenv.Now, ids[3], household.EventInput{EventDate: civil.NewDate(2018, 3, 1), ToClass: poverty.ClassPoor, Version: 1}); err != nil {
			t.Fatal(err)
		}
		r, err := f.svc.Reconcile(ctx, f.ward.ID, 2018, poverty.ClassPoor)
		if err != nil {
			t.Fatal(err)
		}
		if r.Start != 3 || r.New != 1 || r.Escaped != 1 || r.End != 3 || !r.Balanced {
			t.Errorf("reconciliation = %+v", r)
		}
		// A year-end list that the events do not explain is reported with the household.
		for _, id := range ids[1:2] {
			h, _ := f.svc.Get(ctx, id)
			in := input(h.Code, h.HeadName, h.AreaID, 2_000_000)
			in.Year, in.Classification = 2019, poverty.ClassNearPoor
			if _, err := f.svc.Update(ctx, testenv.Now, id, h.Version, in); err != nil {
				t.Fatal(err)
			}
		}
		r, err = f.svc.Reconcile(ctx, f.ward.ID, 2018, poverty.ClassPoor)
		if err != nil {
			t.Fatal(err)
		}
		if r.Balanced || len(r.Mismatches) != 1 || r.Mismatches[0].HouseholdID != ids[1] || r.Mismatches[0].Reason != poverty.ReasonEndNotExplained {
			t.Errorf("unexplained end: %+v", r)
		}
		if _, err := f.svc.Reconcile(ctx, f.ward.ID, 2018, poverty.ClassAverage); !isCode(err, apperr.Invalid) {
			t.Errorf("reconcile average: want invalid, got %v", err)
		}
	})
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn Đức": "nguyen van duc", "  ĐẶNG   thị  Ánh ": "dang thi anh", "Huỳnh Tấn Phát": "huynh tan phat", "": "",
	} {
		if got := household.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
