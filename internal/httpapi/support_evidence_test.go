package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"chungtay/internal/database"
	"chungtay/internal/support"
	"chungtay/internal/testenv"
)

// Evidence files: the type is judged from the bytes, the size is limited,
// the name is cleaned; a download gives back the same bytes as an attachment
// that the browser may not sniff; uploads and downloads are audited without
// the content.
func TestEvidenceFiles(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newSupportWorld(t, db)
		rec := w.as[member].do("POST", "/api/v1/support", supportFields("household_id", w.own[0], "type", "housing", "value_vnd", 40_000_000))
		byOfficer := w.as[officer].do("POST", "/api/v1/support", supportFields("household_id", w.own[1]))
		if rec.Status != 201 || byOfficer.Status != 201 {
			t.Fatalf("records: %d %d", rec.Status, byOfficer.Status)
		}
		base := fmt.Sprintf("/api/v1/support/%d/evidence", num(rec.JSON["id"]))
		upload := func(c *client, path, name string, content []byte) response {
			t.Helper()
			return c.do("POST", path+"?filename="+url.QueryEscape(name), content, "Content-Type", "image/png")
		}

		up := upload(w.as[member], base, `..\..\Ảnh nhà <mới>.PNG`, testPNG)
		sum := sha256.Sum256(testPNG)
		if up.Status != 201 || up.JSON["content_type"] != "image/png" || num(up.JSON["size_bytes"]) != int64(len(testPNG)) ||
			up.JSON["sha256"] != hex.EncodeToString(sum[:]) || up.JSON["filename"] != "Ảnh nhà mới.png" || up.JSON["content"] != nil {
			t.Fatalf("PNG upload: %d %s", up.Status, up.Raw)
		}
		var after string
		if err := db.NewRaw("SELECT after_json FROM audit_log WHERE entity = 'evidence_file' AND action = 'create' AND entity_id = ?",
			num(up.JSON["id"])).Scan(context.Background(), &after); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(after, up.JSON["sha256"].(string)) || strings.Contains(after, "content\"") || len(after) > 400 {
			t.Errorf("the upload's audit row: %s", after)
		}

		pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 2000)...)
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 500)...)
		big := append(append([]byte{}, testPNG[:16]...), make([]byte, support.MaxEvidenceBytes-16)...)
		cases := []struct {
			name    string
			as      string
			path    string
			file    string
			content []byte
			want    int
			field   string
		}{
			{"a PDF named .exe", member, base, "bien-nhan.exe", pdf, 201, ""},
			{"exactly 5 MiB", member, base, "to.png", big, 201, ""},
			{"a Windows program named .png", member, base, "anh.png", exe, 415, "file"},
			{"text named .png", member, base, "anh.png", []byte("đây không phải là ảnh, chỉ là chữ"), 415, "file"},
			{"HTML named .png", member, base, "anh.png", []byte("<!DOCTYPE html><script>alert(1)</script>"), 415, "file"},
			{"empty", member, base, "anh.png", []byte{}, 400, "body"}, // huma: a raw body is required
			{"one byte over 5 MiB", member, base, "to.png", append(big, 0), 413, ""},
			{"viewer", viewer, base, "anh.png", testPNG, 403, ""},
			{"another ward's officer", w.outsiderRole(), base, "anh.png", testPNG, 404, ""},
			{"leader on the officer's record", leader, fmt.Sprintf("/api/v1/support/%d/evidence", num(byOfficer.JSON["id"])), "anh.png", testPNG, 403, ""},
			{"no such record", member, "/api/v1/support/99999999/evidence", "anh.png", testPNG, 404, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				files := w.count(t, "evidence_files", "1 = 1")
				r := upload(w.client(c.as), c.path, c.file, c.content)
				if r.Status != c.want {
					t.Fatalf("%d, want %d: %.300s", r.Status, c.want, r.Raw)
				}
				if f, msg := r.errField(0); f != c.field || (c.field != "" && msg == "") {
					t.Errorf("field %q (%q), want %q", f, msg, c.field)
				}
				if c.want == 413 && !strings.Contains(r.errMessage(), "(tối đa 5 MB)") {
					t.Errorf("413 message: %q", r.errMessage())
				}
				if written := w.count(t, "evidence_files", "1 = 1") - files; (written == 1) != (c.want == 201) || written > 1 {
					t.Errorf("%d files written", written)
				}
			})
		}
		if got := w.count(t, "evidence_files", "filename = 'bien-nhan_exe.pdf' AND content_type = 'application/pdf'"); got != 1 {
			t.Errorf("the PDF's stored name and type: %d rows", got)
		}

		list := w.as[leader].do("GET", base, nil)
		items, _ := list.JSON["items"].([]any)
		if list.Status != 200 || len(items) != 3 || strings.Contains(string(list.Raw), `"content"`) {
			t.Fatalf("list: %d %.300s", list.Status, list.Raw)
		}
		if r := w.as[leader].do("GET", fmt.Sprintf("/api/v1/support/%d", num(rec.JSON["id"])), nil); num(r.JSON["evidence_count"]) != 3 {
			t.Errorf("evidence_count: %s", r.Raw)
		}

		file := fmt.Sprintf("%s/%d", base, num(up.JSON["id"]))
		d := w.as[chair].do("GET", file, nil)
		if d.Status != 200 || !bytes.Equal(d.Raw, testPNG) {
			t.Fatalf("download: %d, %d bytes", d.Status, len(d.Raw))
		}
		for header, want := range map[string]string{
			"Content-Type":           "image/png",
			"Content-Disposition":    `attachment; filename="anh nha moi.png"; filename*=UTF-8''%E1%BA%A2nh%20nh%C3%A0%20m%E1%BB%9Bi.png`,
			"X-Content-Type-Options": "nosniff",
			"Cache-Control":          "private, no-store",
		} {
			if got := d.Header.Get(header); got != want {
				t.Errorf("%s: %q, want %q", header, got, want)
			}
		}
		if n := w.count(t, "audit_log", "entity = 'evidence_file' AND action = 'export' AND entity_id = ?", num(up.JSON["id"])); n != 1 {
			t.Errorf("%d audit rows for the download", n)
		}
		for _, c := range []struct {
			as, path string
			want     int
		}{
			{w.outsiderRole(), file, 404}, {viewer, file, 403}, {member, base + "/99999999", 404},
			{member, fmt.Sprintf("/api/v1/support/%d/evidence/%d", num(byOfficer.JSON["id"]), num(up.JSON["id"])), 404},
		} {
			if r := w.client(c.as).do("GET", c.path, nil); r.Status != c.want {
				t.Errorf("%s GET %s: %d, want %d", c.as, c.path, r.Status, c.want)
			}
		}
	})
}

// Visits: recorded with the rights of support, listed by household, unit,
// person and date range.
func TestVisits(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newSupportWorld(t, db)
		visit := func(role string, household int64, day string) response {
			return w.client(role).do("POST", "/api/v1/visits", map[string]any{"household_id": household, "visited_on": day, "note": "Thăm hỏi, động viên"})
		}
		for _, v := range []struct {
			role      string
			household int64
			day       string
			want      int
			field     string
		}{
			{member, w.own[0], "14/03/2018", 201, ""},
			{member, w.own[0], "2018-01-05", 201, ""},
			{leader, w.own[1], "10/02/2018", 201, ""},
			{officer, w.kp1, "12/03/2018", 201, ""},
			{member, w.own[0], "16/03/2018", 422, "visited_on"},
			{member, w.own[0], "32/01/2018", 422, "visited_on"},
			{member, w.otherKP3, "14/03/2018", 404, "household_id"},
			{w.outsiderRole(), w.own[0], "14/03/2018", 404, "household_id"},
			{viewer, w.own[0], "14/03/2018", 403, ""},
		} {
			r := visit(v.role, v.household, v.day)
			if f, _ := r.errField(0); r.Status != v.want || f != v.field {
				t.Errorf("%s visits %d on %s: %d %s", v.role, v.household, v.day, r.Status, r.Raw)
			}
		}
		if n := w.count(t, "visits", "1 = 1"); n != 4 {
			t.Errorf("%d visits stored, want 4", n)
		}
		if n := w.count(t, "audit_log", "entity = 'visit' AND action = 'create'"); n != 4 {
			t.Errorf("%d audit rows for 4 visits", n)
		}
		for _, l := range []struct {
			role, query string
			want        int64
		}{
			{member, fmt.Sprintf("household_id=%d", w.own[0]), 2},
			{member, "", 3},
			{member, "mine=true", 2},
			{member, "mine=true&from=01/03/2018", 1},
			{leader, fmt.Sprintf("unit_id=%d", w.cell), 3},
			{leader, "mine=true", 1},
			{chair, "", 4},
			{chair, "from=2018-02-01&to=2018-03-12", 2},
			{w.outsiderRole(), "", 0},
		} {
			r := w.client(l.role).do("GET", "/api/v1/visits?"+l.query, nil)
			if r.Status != 200 || num(r.JSON["total"]) != l.want || int64(len(r.JSON["items"].([]any))) != l.want {
				t.Errorf("%s ?%s: %d %.300s", l.role, l.query, r.Status, r.Raw)
			}
		}
		if r := w.as[viewer].do("GET", "/api/v1/visits", nil); r.Status != 403 {
			t.Errorf("viewer lists visits: %d", r.Status)
		}
	})
}

// Completing a task with its support is one step: when the record cannot be
// written after the task was marked done, neither is kept.
func TestTaskSupportIsAtomic(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		w := newSupportWorld(t, db)
		ctx := context.Background()
		task := insertTask(t, db, w.cell, w.own[0], "2018")
		path := fmt.Sprintf("/api/v1/tasks/%d/support", task)
		state := func() (status string, version int, note string, records int) {
			t.Helper()
			if err := db.NewRaw("SELECT status, version, note FROM tasks WHERE id = ?", task).Scan(ctx, &status, &version, &note); err != nil {
				t.Fatal(err)
			}
			return status, version, note, w.count(t, "support_records", "task_id = ?", task)
		}
		body := supportFields("completion_note", "Đã trao quà cho hộ")

		// Bad input and other people's tasks: nothing is written.
		other := insertTask(t, db, w.cell, w.otherKP3, "2018")
		report := insertTask(t, db, w.cell, 0, "2018-Q1")
		for _, c := range []struct {
			name, role, path string
			body             map[string]any
			want             int
		}{
			{"future date", member, path, supportFields("delivered_on", "20/03/2018"), 422},
			{"unknown type", member, path, supportFields("type", "gold"), 422},
			{"another's household", member, fmt.Sprintf("/api/v1/tasks/%d/support", other), body, 404},
			{"no such task", member, "/api/v1/tasks/99999999/support", body, 404},
			{"the unit's own task", member, fmt.Sprintf("/api/v1/tasks/%d/support", report), body, 422},
			{"another ward's unit task", w.outsiderRole(), fmt.Sprintf("/api/v1/tasks/%d/support", report), body, 404},
			{"another ward's officer", w.outsiderRole(), path, body, 404},
			{"viewer", viewer, path, body, 403},
		} {
			if r := w.client(c.role).do("POST", c.path, c.body); r.Status != c.want {
				t.Errorf("%s: %d, want %d: %s", c.name, r.Status, c.want, r.Raw)
			}
		}
		if s, v, _, n := state(); s != "todo" || v != 1 || n != 0 {
			t.Fatalf("after refusals: %s v%d, %d records", s, v, n)
		}

		// The record's insert fails after the task update: the whole step is undone.
		refuse, allow := refuseSupportInserts(db)
		for _, q := range refuse {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if r := w.as[member].do("POST", path, body); r.Status != 500 || r.errCode() != "internal" {
			t.Fatalf("with the record refused: %d %s", r.Status, r.Raw)
		}
		if s, v, note, n := state(); s != "todo" || v != 1 || note != "" || n != 0 {
			t.Errorf("the task was half completed: %s v%d %q, %d records", s, v, note, n)
		}
		if n := w.count(t, "audit_log", "entity = 'task'"); n != 0 {
			t.Errorf("%d audit rows of a rolled back completion", n)
		}
		if _, err := db.ExecContext(ctx, allow); err != nil {
			t.Fatal(err)
		}

		r := w.as[member].do("POST", path, body)
		rec, _ := r.JSON["record"].(map[string]any)
		tk, _ := r.JSON["task"].(map[string]any)
		if r.Status != 200 || tk["status"] != "done" || tk["done_at"] == nil || num(rec["task_id"]) != task || num(rec["unit_id"]) != w.cell {
			t.Fatalf("complete: %d %s", r.Status, r.Raw)
		}
		if s, v, note, n := state(); s != "done" || v != 2 || note != "Đã trao quà cho hộ" || n != 1 {
			t.Errorf("after completing: %s v%d %q, %d records", s, v, note, n)
		}
		var before, after string
		if err := db.NewRaw("SELECT before_json, after_json FROM audit_log WHERE entity = 'task' AND entity_id = ?", task).Scan(ctx, &before, &after); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(before, `"status":"todo"`) || !strings.Contains(after, `"status":"done"`) {
			t.Errorf("the task's audit row: %s → %s", before, after)
		}
		if r := w.as[leader].do("POST", path, body); r.Status != 409 {
			t.Errorf("completing a done task: %d %s", r.Status, r.Raw)
		}
		if _, _, _, n := state(); n != 1 {
			t.Errorf("%d records after a second completion", n)
		}
	})
}

// refuseSupportInserts returns the statements that make every insert into
// support_records fail, and the one that lifts it again, on the database's engine.
func refuseSupportInserts(db *bun.DB) (refuse []string, allow string) {
	if database.IsPostgres(db) {
		return []string{
			"CREATE FUNCTION refuse_support() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END; $$",
			"CREATE TRIGGER refuse_support BEFORE INSERT ON support_records FOR EACH ROW EXECUTE FUNCTION refuse_support()",
		}, "DROP TRIGGER refuse_support ON support_records"
	}
	return []string{"CREATE TRIGGER refuse_support BEFORE INSERT ON support_records BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"},
		"DROP TRIGGER refuse_support"
}
