package support_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/civil"
	"chungtay/internal/database"
	"chungtay/internal/demo"
	"chungtay/internal/support"
	"chungtay/internal/testenv"
)

func TestSniff(t *testing.T) {
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"png", pngBuf.Bytes(), "image/png"},
		{"jpeg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), "image/jpeg"},
		{"pdf", []byte("%PDF-1.7\n1 0 obj\n"), "application/pdf"},
		{"windows executable", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 64)...), ""},
		{"text", []byte("xin chào, đây là văn bản"), ""},
		{"html", []byte("<html><script>alert(1)</script>"), ""},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), ""},
		{"zip", []byte("PK\x03\x04\x14\x00"), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := support.Sniff(c.content); got != c.want {
				t.Errorf("Sniff = %q, want %q", got, c.want)
			}
		})
	}
}

func TestSanitizeFilename(t *testing.T) {
	cases := []struct{ name, contentType, want string }{
		{"anh-nha.png", "image/png", "anh-nha.png"},
		{"Ảnh nhà bà Tư.PNG", "image/png", "Ảnh nhà bà Tư.png"},
		{"A\u0309nh.png", "image/png", "Ảnh.png"}, // decomposed, as some phones send it
		{"../../etc/passwd", "application/pdf", "passwd.pdf"},
		{`C:\Users\lan\hoa don.pdf`, "application/pdf", "hoa don.pdf"},
		{"hoa-don.exe", "application/pdf", "hoa-don_exe.pdf"},
		{"photo.jpeg", "image/jpeg", "photo.jpeg"},
		{"photo.png", "image/jpeg", "photo_png.jpg"},
		{".htaccess", "image/png", "htaccess.png"},
		{"a\"b<c>\x00d\r\n.png", "image/png", "a b c d.png"},
		{"", "image/png", "minh-chung.png"},
		{"...", "application/pdf", "minh-chung.pdf"},
		{strings.Repeat("ư", 300) + ".pdf", "application/pdf", strings.Repeat("ư", 100) + ".pdf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := support.SanitizeFilename(c.name, c.contentType); got != c.want {
				t.Errorf("SanitizeFilename(%q) = %q, want %q", c.name, got, c.want)
			}
		})
	}
}

// fixture is the demo ward with one open support task of the demo member's
// first household, owned by the party cell of Khu phố 3.
type fixture struct {
	db                   *bun.DB
	household, unit      int64
	task, member, leader int64
}

func newFixture(t *testing.T, db *bun.DB) fixture {
	t.Helper()
	ctx := context.Background()
	// As of 1 January 2018, before the demo's year is lived (the tests' clock is 15 March 2018).
	if _, err := demo.Load(ctx, db, time.Date(2018, time.January, 1, 8, 0, 0, 0, testenv.Loc), demo.ScaleWard); err != nil {
		t.Fatal(err)
	}
	f := fixture{db: db}
	scan := func(dst *int64, q string, args ...any) {
		if err := db.NewRaw(q, args...).Scan(ctx, dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	scan(&f.member, "SELECT id FROM users WHERE email = 'dangvien.kp3@chungtay.local'")
	scan(&f.leader, "SELECT id FROM users WHERE email = 'bithu.kp3@chungtay.local'")
	scan(&f.household, "SELECT MIN(household_id) FROM household_assignments WHERE user_id = ?", f.member)
	scan(&f.unit, "SELECT id FROM units WHERE code = '26890-CB-KP03'")
	var plan, duty int64
	scan(&plan, `INSERT INTO plans (area_id, kind, issuer, year, title, created_at, updated_at)
		SELECT id, 'plan', 'UBND Phường 14', 2018, 'Kế hoạch giảm nghèo 2018', ?, ? FROM areas WHERE code = '26890' RETURNING id`, testenv.Now, testenv.Now)
	scan(&duty, `INSERT INTO duties (plan_id, title, target, frequency, valid_from, created_at, updated_at)
		VALUES (?, 'Tặng quà Tết hộ nghèo', 'household', 'once', '2018-01-01', ?, ?) RETURNING id`, plan, testenv.Now, testenv.Now)
	scan(&f.task, `INSERT INTO tasks (duty_id, unit_id, household_id, period, period_start, period_end, due_on, status, created_at, updated_at)
		VALUES (?, ?, ?, '2018', '2018-01-01', '2018-12-31', '2018-03-31', 'todo', ?, ?) RETURNING id`, duty, f.unit, f.household, testenv.Now, testenv.Now)
	return f
}

// taskState is the status and version of the fixture's task, and the number
// of support records written for it.
func (f fixture) taskState(t *testing.T) (status string, version, records int) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.NewRaw("SELECT status, version FROM tasks WHERE id = ?", f.task).Scan(ctx, &status, &version); err != nil {
		t.Fatal(err)
	}
	n, err := f.db.NewSelect().Table("support_records").Where("task_id = ?", f.task).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return status, version, int(n)
}

var gift = support.TaskSupportInput{Fields: support.Fields{DeliveredOn: support.DayOf(civil.NewDate(2018, 2, 10)), Type: support.TypeTetGift,
	ValueVND: 500_000, FundingSource: support.SourceFundForPoor, Note: "Quà Tết Mậu Tuất"}, CompletionNote: "Đã trao quà"}

// RecordForTask writes inside the caller's transaction: when the caller's
// transaction fails after it, or the record fails after the task update,
// neither the task's completion nor the record remains.
func TestRecordForTaskIsAtomic(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		f := newFixture(t, db)
		svc := support.NewService(db, testenv.Loc)
		leader := access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: f.leader, Name: "Bí thư",
			Memberships: []access.Membership{{UnitID: f.unit, Role: access.UnitLeader}}})

		later := errors.New("the caller's next step failed")
		err := database.Tx(leader, db, func(ctx context.Context, tx bun.Tx) error {
			if _, err := svc.RecordForTask(ctx, tx, testenv.Now, f.task, gift); err != nil {
				t.Errorf("RecordForTask: %v", err)
			}
			return later
		})
		if !errors.Is(err, later) {
			t.Fatalf("transaction: %v", err)
		}
		if status, version, n := f.taskState(t); status != "todo" || version != 1 || n != 0 {
			t.Errorf("after the caller's rollback: task %s v%d, %d records", status, version, n)
		}

		// A caller whose user row is gone: the task update succeeds, then the
		// record's insert fails on its user_id reference.
		ghost := access.With(context.Background(), &access.Principal{Today: testenv.Today, UserID: 987654, Name: "Đã xóa",
			Grants: []access.Grant{{Role: access.RoleAdmin}}})
		_, err = svc.CompleteTask(ghost, testenv.Now, f.task, gift)
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Internal || !strings.Contains(e.Error(), "insert support record") {
			t.Fatalf("want the record's insert to fail, got %v", err)
		}
		if status, version, n := f.taskState(t); status != "todo" || version != 1 || n != 0 {
			t.Errorf("after a failed record: task %s v%d, %d records", status, version, n)
		}

		done, err := svc.CompleteTask(leader, testenv.Now, f.task, gift)
		if err != nil {
			t.Fatal(err)
		}
		if done.Task.Status != "done" || done.Task.Note != "Đã trao quà" || done.Task.Version != 2 || done.Task.DoneAt == nil ||
			*done.Record.TaskID != f.task || *done.Record.UnitID != f.unit || *done.Record.UserID != f.leader {
			t.Errorf("completed: task %+v, record %+v", done.Task, done.Record)
		}
		_, err = svc.CompleteTask(leader, testenv.Now, f.task, gift)
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict {
			t.Errorf("completing twice: %v", err)
		}
		if _, _, n := f.taskState(t); n != 1 {
			t.Errorf("%d records after completing twice", n)
		}
	})
}
