package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"
	"github.com/xuri/excelize/v2"

	"chungtay/internal/access"
	"chungtay/internal/calendar"
	"chungtay/internal/civil"
	"chungtay/internal/demo"
	"chungtay/internal/plan"
	"chungtay/internal/report"
	"chungtay/internal/testenv"
	"chungtay/internal/unit"
)

// reportIDs are the demo ward's quarterly report obligation (every party cell
// of a khu phố to the Party Committee) and the first report of Khu phố 3's cell.
type reportIDs struct {
	ward, committee, cell, obligation, report int64
}

// reportFixture enters the obligation at now, the moment the demo was loaded.
func reportFixture(t *testing.T, db *bun.DB, now time.Time) reportIDs {
	t.Helper()
	ctx := context.Background()
	var f reportIDs
	// The demo ward comes with its own obligations and reports (in every
	// state): the fixture counts on its one obligation alone.
	for _, table := range []string{"report_events", "reports", "report_recipients", "report_obligations"} {
		if _, err := db.NewDelete().TableExpr(table).Where("1 = 1").Exec(ctx); err != nil {
			t.Fatalf("clear the demo's %s: %v", table, err)
		}
	}
	scan := func(dst *int64, q string) {
		if err := db.NewRaw(q).Scan(ctx, dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	scan(&f.committee, "SELECT id FROM units WHERE kind = 'party_committee' AND name = 'Đảng ủy Phường 14'")
	scan(&f.ward, fmt.Sprintf("SELECT area_id FROM units WHERE id = %d", f.committee))
	scan(&f.cell, "SELECT id FROM units WHERE code = '26890-CB-KP03'")
	svc := report.NewService(db, testenv.Loc, calendar.New(nil, nil))
	o, err := svc.CreateObligation(access.With(ctx, access.System()), now, report.ObligationInput{
		AreaID: f.ward, Name: "Báo cáo quý kết quả giảm nghèo", ReporterKind: unit.KindPartyCell, RecipientIDs: []int64{f.committee},
		Frequency: plan.Quarterly, Due: calendar.DueRule{Kind: calendar.AfterWorkingDays, Days: 5}, ValidFrom: civil.NewDate(2018, 1, 1)})
	if err != nil {
		t.Fatal(err)
	}
	f.obligation = o.ID
	// The cell's first report: the first period ending after the demo was entered.
	scan(&f.report, fmt.Sprintf("SELECT id FROM reports WHERE obligation_id = %d AND unit_id = %d ORDER BY period_end LIMIT 1", o.ID, f.cell))
	return f
}

// reportRequest returns the path and body of a report operation for the
// authorization test; ok is false for the operations of other parts.
func reportRequest(opID, path string, ids demoIDs) (p string, body any, ok bool) {
	f := ids.reports
	id := f.report
	if strings.HasPrefix(path, "/api/v1/report-obligations/") {
		id = f.obligation
	}
	p = strings.Replace(path, "{id}", fmt.Sprint(id), 1)
	obligation := map[string]any{"area_id": f.ward, "name": "Báo cáo 6 tháng", "reporter_unit_id": f.cell,
		"recipient_ids": []int64{f.committee}, "frequency": "six_monthly", "due": map[string]any{"kind": "after_days", "days": 10},
		"valid_from": "01/01/2018"}
	switch opID {
	case "list-obligations", "get-obligation", "list-reports", "get-report", "report-events", "report-completeness", "report-pdf", "report-xlsx":
		return p, nil, true
	case "report-consolidation": // the ward's Party Committee: in sight of those who see the ward
		return p + fmt.Sprintf("?unit_id=%d&period=2026-Q4", f.committee), nil, true
	case "create-obligation":
		return p, obligation, true
	case "update-obligation":
		obligation["version"] = 1
		return p, obligation, true
	case "save-report":
		return p, map[string]any{"version": 1, "results": "Thăm hỏi 6 hộ", "difficulties": "", "causes": "", "proposals": ""}, true
	case "submit-report", "approve-report":
		return p, map[string]any{"version": 1}, true
	case "return-report", "reopen-report":
		return p, map[string]any{"version": 1, "reason": "Bổ sung số liệu"}, true
	}
	return "", nil, false
}

// headline is what the tests compare of a report's figures.
type headline struct {
	households, poorEnd, nearPoorEnd, helped, visits int64
	supportVND                                       int64
}

func figuresOf(r response) headline {
	f, _ := r.JSON["figures"].(map[string]any)
	poor, _ := f["poor"].(map[string]any)
	near, _ := f["near_poor"].(map[string]any)
	return headline{households: num(f["households"]), poorEnd: num(poor["end"]), nearPoorEnd: num(near["end"]),
		helped: num(f["households_helped"]), visits: num(f["visits"]), supportVND: num(f["support_vnd"])}
}

// independentFigures counts, row by row in Go, what a unit's report of
// [from, to] should say: its households are those assigned to it on any day
// of the window; their class at the end is the year's list moved by the
// events up to the end.
func independentFigures(t *testing.T, db *bun.DB, unitID int64, from, to string) headline {
	t.Helper()
	ctx := context.Background()
	var rows []struct {
		HouseholdID int64      `bun:"household_id"`
		UnitID      *int64     `bun:"unit_id"`
		ValidFrom   civil.Date `bun:"valid_from"`
		ValidTo     civil.Date `bun:"valid_to"`
	}
	if err := db.NewRaw("SELECT household_id, unit_id, valid_from, valid_to FROM household_assignments").Scan(ctx, &rows); err != nil {
		t.Fatal(err)
	}
	mine := map[int64]bool{}
	for _, a := range rows {
		if a.UnitID != nil && *a.UnitID == unitID && a.ValidFrom.String() <= to && (a.ValidTo.IsZero() || a.ValidTo.String() > from) {
			mine[a.HouseholdID] = true
		}
	}
	var h headline
	h.households = int64(len(mine))
	var classes []struct {
		HouseholdID int64  `bun:"household_id"`
		Class       string `bun:"classification"`
	}
	if err := db.NewRaw("SELECT household_id, classification FROM household_classifications WHERE year = ?", from[:4]).Scan(ctx, &classes); err != nil {
		t.Fatal(err)
	}
	end := map[int64]string{}
	for _, c := range classes {
		end[c.HouseholdID] = c.Class
	}
	var events []struct {
		HouseholdID int64      `bun:"household_id"`
		Date        civil.Date `bun:"event_date"`
		To          string     `bun:"to_class"`
	}
	if err := db.NewRaw("SELECT household_id, event_date, to_class FROM classification_events ORDER BY event_date, id").Scan(ctx, &events); err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Date.String() >= from[:4]+"-01-01" && e.Date.String() <= to {
			end[e.HouseholdID] = e.To
		}
	}
	helped := map[int64]bool{}
	var support []struct {
		HouseholdID int64      `bun:"household_id"`
		On          civil.Date `bun:"delivered_on"`
		VND         int64      `bun:"value_vnd"`
	}
	if err := db.NewRaw("SELECT household_id, delivered_on, value_vnd FROM support_records").Scan(ctx, &support); err != nil {
		t.Fatal(err)
	}
	for _, s := range support {
		if mine[s.HouseholdID] && s.On.String() >= from && s.On.String() <= to {
			helped[s.HouseholdID] = true
			h.supportVND += s.VND
		}
	}
	h.helped = int64(len(helped))
	var visits []struct {
		HouseholdID int64      `bun:"household_id"`
		On          civil.Date `bun:"visited_on"`
	}
	if err := db.NewRaw("SELECT household_id, visited_on FROM visits").Scan(ctx, &visits); err != nil {
		t.Fatal(err)
	}
	for _, v := range visits {
		if mine[v.HouseholdID] && v.On.String() >= from && v.On.String() <= to {
			h.visits++
		}
	}
	for id := range mine {
		switch end[id] {
		case "poor":
			h.poorEnd++
		case "near_poor":
			h.nearPoorEnd++
		}
	}
	return h
}

// TestReportsOverHTTP walks a quarter's report as the cell leader writes and
// submits it and the ward's chair returns, approves and reopens it.
func TestReportsOverHTTP(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		if _, err := demo.Load(context.Background(), db, testenv.Now, demo.ScaleWard); err != nil {
			t.Fatal(err)
		}
		f := reportFixture(t, db, testenv.Now)
		accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
		srv := newServer(t, db, accounts, nil)
		as := func(email string) *client {
			cookie, csrf := signIn(t, srv, email, demo.DemoPassword)
			return &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
		}
		cell, chairC, memberC := as(leader), as(chair), as(member)

		inbox := cell.do("GET", "/api/v1/reports?period=2018-Q1", nil)
		items, _ := inbox.JSON["items"].([]any)
		if inbox.Status != 200 || len(items) != 1 || num(items[0].(map[string]any)["id"]) != f.report {
			t.Fatalf("the cell's inbox: %d %.300s", inbox.Status, inbox.Raw)
		}
		if got := items[0].(map[string]any); got["due_on"] != "2018-04-06" || got["status"] != "not_started" || got["unit_name"] != "Chi bộ Khu phố 3" {
			t.Errorf("the Q1 report: %v", got) // 5 working days after Saturday 31/03/2018: 02/04 to 06/04
		}
		path := fmt.Sprintf("/api/v1/reports/%d", f.report)
		if r := memberC.do("PUT", path, map[string]any{"version": 1, "results": "x"}); r.Status != 403 {
			t.Errorf("a member writes the report: %d", r.Status)
		}
		r := cell.do("PUT", path, map[string]any{"version": 1, "results": "Thăm hỏi 6 hộ nghèo", "difficulties": "", "causes": "", "proposals": ""})
		if r.Status != 200 || r.JSON["status"] != "draft" {
			t.Fatalf("save: %d %.300s", r.Status, r.Raw)
		}
		if r := cell.do("POST", path+"/submit", map[string]any{"version": 1}); r.Status != 409 {
			t.Errorf("a stale submit: %d", r.Status)
		}
		want := independentFigures(t, db, f.cell, "2018-01-01", "2018-03-31")
		if want.households == 0 || want.poorEnd+want.nearPoorEnd == 0 {
			t.Fatalf("the demo cell has nothing to report: %+v", want)
		}
		if got := figuresOf(r); got != want {
			t.Errorf("the draft's live figures %+v, independently %+v", got, want)
		}
		if r = cell.do("POST", path+"/submit", map[string]any{"version": 2}); r.Status != 200 || r.JSON["status"] != "submitted" || r.JSON["on_time"] != true ||
			r.JSON["frozen"] != true || figuresOf(r) != want {
			t.Fatalf("submit: %d %.300s", r.Status, r.Raw)
		}
		// The register changes after submission: a support record in the quarter for one of the cell's households.
		var hh int64
		if err := db.NewRaw("SELECT MIN(household_id) FROM household_assignments WHERE unit_id = ?", f.cell).Scan(context.Background(), &hh); err != nil {
			t.Fatal(err)
		}
		if add := chairC.do("POST", "/api/v1/support", supportFields("household_id", hh, "value_vnd", 700000)); add.Status != 201 {
			t.Fatalf("support after submission: %d %.300s", add.Status, add.Raw)
		}
		after := chairC.do("GET", path, nil)
		if figuresOf(after) != want || !strings.Contains(string(after.Raw), `"figure":"support_vnd"`) || after.JSON["frozen"] != true {
			t.Errorf("after a register change the submitted figures stay and the change is flagged: %.600s", after.Raw)
		}
		if r := chairC.do("POST", path+"/return", map[string]any{"version": 3}, "Accept-Language", "en"); r.Status != 422 {
			t.Errorf("return without a reason: %d", r.Status)
		} else if field, msg := r.errField(0); field != "reason" || msg == "" {
			t.Errorf("return without a reason names %q: %q", field, msg)
		}
		if r = chairC.do("POST", path+"/approve", map[string]any{"version": 3}); r.Status != 200 || r.JSON["status"] != "approved" {
			t.Fatalf("approve: %d %.300s", r.Status, r.Raw)
		}
		if r := cell.do("PUT", path, map[string]any{"version": 4, "results": "sửa sau khi duyệt", "difficulties": "", "causes": "", "proposals": ""}); r.Status != 409 {
			t.Errorf("an approved report edited: %d", r.Status)
		}
		if r := cell.do("POST", path+"/reopen", map[string]any{"version": 4, "reason": "sửa"}); r.Status != 403 {
			t.Errorf("the cell reopens: %d", r.Status)
		}
		if r = chairC.do("POST", path+"/reopen", map[string]any{"version": 4, "reason": "Sai số hộ thoát nghèo"}); r.Status != 200 || r.JSON["status"] != "returned" {
			t.Fatalf("reopen: %d %.300s", r.Status, r.Raw)
		}
		doc := chairC.do("GET", path+"/pdf", nil)
		if doc.Status != 200 || doc.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(doc.Raw), "%PDF-") || len(doc.Raw) < 10_000 {
			t.Errorf("the document: %d %s %d bytes", doc.Status, doc.Header.Get("Content-Type"), len(doc.Raw))
		}
		if os.Getenv("CHUNGTAY_KEEP_PDF") != "" {
			_ = os.WriteFile(os.Getenv("CHUNGTAY_KEEP_PDF"), doc.Raw, 0o644)
		}
		sheet := memberC.do("GET", path+"/xlsx", nil)
		if book, err := excelize.OpenReader(bytes.NewReader(sheet.Raw)); err != nil || sheet.Status != 200 {
			t.Errorf("the figures' sheet: %d %v", sheet.Status, err)
		} else if v, _ := book.GetCellValue("Báo cáo", "B10"); v != fmt.Sprint(want.households) {
			t.Errorf("the sheet's households %q, want %d", v, want.households)
		}
		ev := cell.do("GET", path+"/events", nil)
		if steps, _ := ev.JSON["items"].([]any); len(steps) != 4 {
			t.Errorf("events: %.400s", ev.Raw)
		}
		if n, err := db.NewSelect().Table("audit_log").Where("entity = 'report' AND entity_id = ?", f.report).Count(context.Background()); err != nil || n != 4 {
			t.Errorf("%d audit rows for the report, want 4", n)
		}
		cells, err := db.NewSelect().TableExpr("units AS u").Join("JOIN areas AS a ON a.id = u.area_id").
			Where("u.kind = 'party_cell' AND a.path LIKE (SELECT path FROM areas WHERE id = ?) || '%'", f.ward).Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		comp := chairC.do("GET", "/api/v1/reports/completeness?period=2018-Q1", nil)
		rows, _ := comp.JSON["items"].([]any)
		if comp.Status != 200 || len(rows) != 1 || num(rows[0].(map[string]any)["expected"]) != int64(cells) || num(rows[0].(map[string]any)["submitted"]) != 0 {
			t.Errorf("completeness of Q1 2018 (%d party cells, the reopened one not counted): %.400s", cells, comp.Raw)
		}
		// The Party Committee's consolidation of Q1: the cell's approved-then-reopened report is not counted as sent.
		cons := chairC.do("GET", fmt.Sprintf("/api/v1/reports/consolidation?unit_id=%d&period=2018-Q1", f.committee), nil)
		missing, _ := cons.JSON["missing"].([]any)
		if cons.Status != 200 || num(cons.JSON["expected"]) != int64(cells) || num(cons.JSON["submitted"]) != 0 || int64(len(missing)) != int64(cells) {
			t.Errorf("consolidation: %d %.400s", cons.Status, cons.Raw)
		}
		if r := memberC.do("GET", fmt.Sprintf("/api/v1/reports/consolidation?unit_id=%d&period=2018-Q1", f.committee), nil); r.Status != 404 {
			t.Errorf("a member reads the ward's consolidation: %d", r.Status)
		}
		// Archiving a cell withdraws its reports at once (kept, never counted).
		var other int64
		if err := db.NewRaw("SELECT id FROM units WHERE code = '26890-CB-KP05'").Scan(context.Background(), &other); err != nil {
			t.Fatal(err)
		}
		officerC := as(officer)
		if r := officerC.do("POST", fmt.Sprintf("/api/v1/units/%d/archive", other), map[string]any{"version": 1, "reason": "sáp nhập"}); r.Status != 200 {
			t.Fatalf("archive a cell: %d %.300s", r.Status, r.Raw)
		}
		if r := chairC.do("GET", fmt.Sprintf("/api/v1/reports?unit_id=%d", other), nil); num(r.JSON["total"]) != 0 {
			t.Errorf("the archived cell still has reports to write: %.300s", r.Raw)
		}
		comp = chairC.do("GET", "/api/v1/reports/completeness?period=2018-Q1", nil)
		rows, _ = comp.JSON["items"].([]any)
		if len(rows) != 1 || num(rows[0].(map[string]any)["expected"]) != int64(cells-1) {
			t.Errorf("completeness after the archive: %.300s", comp.Raw)
		}
		bad := chairC.do("POST", "/api/v1/report-obligations", map[string]any{"area_id": f.ward, "name": "x", "reporter_kind": "party_cell",
			"recipient_ids": []int64{}, "frequency": "quarterly", "due": map[string]any{"kind": "fixed_day", "day": 0}, "valid_from": "01/01/2018"})
		if bad.Status != 422 || !strings.Contains(string(bad.Raw), "recipient_ids") || !strings.Contains(string(bad.Raw), `"due"`) {
			t.Errorf("a bad obligation: %d %.400s", bad.Status, bad.Raw)
		}
	})
}

// TestCalendarFeed: the cell leader's calendar carries the report to submit;
// the chair's the report to approve once sent; the address works without a
// session, and a reset ends the old one.
func TestCalendarFeed(t *testing.T) {
	testenv.Each(t, func(t *testing.T, db *bun.DB) {
		if _, err := demo.Load(context.Background(), db, testenv.Now, demo.ScaleWard); err != nil {
			t.Fatal(err)
		}
		f := reportFixture(t, db, testenv.Now)
		accounts, _ := newAccounts(t, db, "http://127.0.0.1:8080")
		srv := newServer(t, db, accounts, nil)
		as := func(email string) *client {
			cookie, csrf := signIn(t, srv, email, demo.DemoPassword)
			return &client{t: t, srv: srv, db: db, headers: []string{"Cookie", cookie, "X-CSRF-Token", csrf}}
		}
		cell, chairC := as(leader), as(chair)
		anonymous := &client{t: t, srv: srv, db: db}
		feedOf := func(c *client) (string, string) {
			t.Helper()
			r := c.do("GET", "/api/v1/me/calendar", nil)
			url, _ := r.JSON["url"].(string)
			if r.Status != 200 || !strings.HasPrefix(url, "http://127.0.0.1:8080/api/v1/calendar/") || !strings.HasSuffix(url, ".ics") {
				t.Fatalf("calendar address: %d %.300s", r.Status, r.Raw)
			}
			path := strings.TrimPrefix(url, "http://127.0.0.1:8080")
			got := anonymous.do("GET", path, nil)
			if got.Status != 200 || !strings.HasPrefix(got.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("feed: %d %s", got.Status, got.Header.Get("Content-Type"))
			}
			return path, string(got.Raw)
		}
		path, ics := feedOf(cell)
		uid := fmt.Sprintf("UID:report-%d-submit@chungtay", f.report)
		if !strings.Contains(ics, "BEGIN:VCALENDAR") || !strings.Contains(ics, uid) || !strings.Contains(ics, "DTSTART;VALUE=DATE:20180406") {
			t.Errorf("the leader's feed lacks the Q1 report due 06/04/2018:\n%s", ics)
		}
		for _, line := range strings.Split(ics, "\r\n") {
			if len(line) > 75 {
				t.Errorf("a line longer than 75 octets: %q", line)
			}
		}
		if again, _ := feedOf(cell); again != path {
			t.Errorf("the address changed on a second read: %s, %s", path, again)
		}
		if r := cell.do("POST", path[:0]+"/api/v1/reports/"+fmt.Sprint(f.report)+"/submit", map[string]any{"version": 1}); r.Status != 200 {
			t.Fatalf("submit: %d %.200s", r.Status, r.Raw)
		}
		if _, chairs := feedOf(chairC); !strings.Contains(chairs, fmt.Sprintf("UID:report-%d-approve@chungtay", f.report)) {
			t.Errorf("the chair's feed lacks the report to approve:\n%s", chairs)
		}
		if r := cell.do("POST", "/api/v1/me/calendar/reset", nil); r.Status != 200 {
			t.Fatalf("reset: %d", r.Status)
		}
		if r := anonymous.do("GET", path, nil); r.Status != 404 {
			t.Errorf("the old address after a reset: %d", r.Status)
		}
		if r := anonymous.do("GET", "/api/v1/calendar/khong-phai-bi-mat.ics", nil); r.Status != 404 {
			t.Errorf("a made-up address: %d", r.Status)
		}
	})
}
