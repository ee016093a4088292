package httpapi_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/area"
	"chungtay/internal/demo"
	"chungtay/internal/testenv"
)

// supportIDs are the support fixtures of the authorization test: a record
// of the member's household by the party cell of Khu phố 3, one evidence
// file on it, and an open task of the same household and unit.
type supportIDs struct{ record, file, task int64 }

// testPNG is a small, valid PNG image.
var testPNG = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}()

// insertTask writes a plan, a duty and an open task of a household (0: a
// task of the unit itself) for a unit, as the plan's expansion would; period
// keeps tasks apart.
func insertTask(t testing.TB, db *bun.DB, unitID, householdID int64, period string) int64 {
	t.Helper()
	ctx := context.Background()
	var plan, duty, task int64
	scan := func(dst *int64, q string, args ...any) {
		if err := db.NewRaw(q, args...).Scan(ctx, dst); err != nil {
			t.Fatalf("insert task: %v", err)
		}
	}
	scan(&plan, `INSERT INTO plans (area_id, kind, issuer, year, title, created_at, updated_at)
		SELECT area_id, 'plan', 'UBND Phường 14', 2018, 'Kế hoạch giảm nghèo 2018', ?, ? FROM units WHERE id = ? RETURNING id`,
		testenv.Now, testenv.Now, unitID)
	scan(&duty, `INSERT INTO duties (plan_id, title, target, frequency, valid_from, created_at, updated_at)
		VALUES (?, 'Tặng quà Tết hộ nghèo', 'household', 'once', '2018-01-01', ?, ?) RETURNING id`, plan, testenv.Now, testenv.Now)
	scan(&task, `INSERT INTO tasks (duty_id, unit_id, household_id, period, period_start, period_end, due_on, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, '2018-01-01', '2018-12-31', '2018-03-31', 'todo', ?, ?) RETURNING id`,
		duty, unitID, sql.NullInt64{Int64: householdID, Valid: householdID != 0}, period, testenv.Now, testenv.Now)
	return task
}

// supportFixture writes the support fixtures of the authorization test.
func supportFixture(t *testing.T, db *bun.DB, ids demoIDs) supportIDs {
	t.Helper()
	ctx := context.Background()
	var f supportIDs
	err := db.NewRaw(`INSERT INTO support_records (household_id, unit_id, user_id, delivered_on, type, value_vnd, funding_source, note, version, created_at, updated_at)
		VALUES (?, ?, ?, '2018-02-10', 'tet_gift', 500000, 'fund_for_the_poor', 'Quà Tết', 1, ?, ?) RETURNING id`,
		ids.household, ids.unit, ids.memberUser, testenv.Now, testenv.Now).Scan(ctx, &f.record)
	if err != nil {
		t.Fatal(err)
	}
	err = db.NewRaw(`INSERT INTO evidence_files (support_id, filename, content_type, size_bytes, sha256, content, created_at)
		VALUES (?, 'bien-nhan.png', 'image/png', 3, 'x', ?, ?) RETURNING id`, f.record, testPNG, testenv.Now).Scan(ctx, &f.file)
	if err != nil {
		t.Fatal(err)
	}
	f.task = insertTask(t, db, ids.unit, ids.household, "2018")
	return f
}

// supportFields is a valid body of a support record.
func supportFields(extra ...any) map[string]any {
	m := map[string]any{"delivered_on": "10/03/2018", "type": "tet_gift", "value_vnd": 500000,
		"funding_source": "fund_for_the_poor", "note": "Quà Tết"}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

// supportRequest returns the path and body of a support operation for the
// authorization test; ok is false for the operations of other parts.
func supportRequest(opID, path string, ids demoIDs) (p string, body any, ok bool) {
	f := ids.support
	p = strings.NewReplacer("{id}", fmt.Sprint(f.record), "{fileId}", fmt.Sprint(f.file)).Replace(path)
	switch opID {
	case "support-meta", "list-support", "get-support", "list-evidence", "download-evidence", "list-visits":
		return p, nil, true
	case "create-support":
		return p, supportFields("household_id", ids.household), true
	case "update-support":
		return p, supportFields("version", 1, "value_vnd", 600000), true
	case "upload-evidence":
		return p + "?filename=bien-nhan.png", testPNG, true
	case "create-visit":
		return p, map[string]any{"household_id": ids.household, "visited_on": "14/03/2018", "note": "Thăm hỏi"}, true
	case "task-support":
		return strings.Replace(path, "{id}", fmt.Sprint(f.task), 1), supportFields(), true
	}
	return "", nil, false
}

// supportWorld is the demo ward, signed in as each of its roles, with the
// member's households and others to refuse.
type supportWorld struct {
	db       *bun.DB
	as       map[string]*client // by login; anon has no session
	own      []int64            // the member's six households (Khu phố 3)
	otherKP3 int64              // a household of Khu phố 3 not the member's
	kp1      int64              // a household of Khu phố 1
	cell     int64              // Chi bộ Khu phố 3
	outsider *client            // the officer of another ward
}

func newSupportWorld(t *testing.T, db *bun.DB) *supportWorld {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, db, demoAsOf, demo.ScaleWard); err != nil {
		t.Fatal(err)
	}
	accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
	srv := newServer(t, db, accounts, nil)
	w := &supportWorld{db: db, as: map[string]*client{anon: {t: t, srv: srv, db: db}}}
	for _, role := range everyRole[1:] {
		cookie, csrf := signIn(t, srv, role, demo.DemoPassword)
		w.as[role] = &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
	}
	q := func(dst any, sql string, args ...any) {
		if err := db.NewRaw(sql, args...).Scan(ctx, dst); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	q(&w.own, `SELECT household_id FROM household_assignments AS ha JOIN users AS u ON u.id = ha.user_id
		WHERE u.email = ? AND ha.valid_to IS NULL ORDER BY household_id`, member)
	q(&w.otherKP3, "SELECT MIN(id) FROM households WHERE code LIKE 'P14-KP03-%' AND id NOT IN (?)", bun.In(w.own))
	q(&w.kp1, "SELECT MIN(id) FROM households WHERE code LIKE 'P14-KP01-%'")
	q(&w.cell, "SELECT id FROM units WHERE code = '26890-CB-KP03'")
	var goVap int64
	q(&goVap, "SELECT parent_id FROM areas WHERE code = '26890'")
	sys := access.With(ctx, access.System())
	p15, err := area.NewService(db, testenv.Loc).Create(sys, testenv.Now, area.Input{Code: "26891", Name: "Phường 15",
		Kind: area.KindWard, ParentID: &goVap, Urban: true})
	if err != nil {
		t.Fatal(err)
	}
	makeUser(t, accounts, "vhxh.p15@test.local", roleOn(&p15.ID, access.RoleOfficer))
	cookie, csrf := signIn(t, srv, "vhxh.p15@test.local", testPassword)
	w.outsider = &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
	return w
}

// count returns the number of rows of a table matching where.
func (w *supportWorld) count(t *testing.T, table, where string, args ...any) int {
	t.Helper()
	n, err := w.db.NewSelect().Table(table).Where(where, args...).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
