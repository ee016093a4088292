package report

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/civil"
	"chungtay/internal/plan"
	"chungtay/internal/support"
	"chungtay/internal/unit"
)

// The document face: Liberation Serif, metric-compatible with Times New
// Roman, with every Vietnamese letter (SIL Open Font License, fonts/LICENSE.txt).
//
//go:embed fonts/*.ttf
var fonts embed.FS

// letterhead is what a report's document says of who sends it and to whom.
type letterhead struct {
	Body       string // the issuing unit, e.g. "Chi bộ Khu phố 3"
	Above      string // the body above it, e.g. "Đảng ủy Phường 14" ("" for none)
	Kind       unit.Kind
	Place      string // the locality of the date line, e.g. "Phường 14"
	Signer     string // the unit's leader
	Recipients []string
}

// party reports whether the unit writes in the Party's layout (ĐẢNG CỘNG SẢN VIỆT NAM).
func (l letterhead) party() bool {
	return l.Kind == unit.KindPartyCell || l.Kind == unit.KindPartyCommittee
}

// kindLabel is the Vietnamese name of a unit kind.
func kindLabel(k unit.Kind) string {
	for _, info := range unit.Kinds {
		if info.Kind == k {
			return info.LabelVI
		}
	}
	return ""
}

// abbreviation is the initials of a unit kind, as in "Số: …/BC-UBND".
func abbreviation(k unit.Kind) string {
	var b strings.Builder
	for _, w := range strings.Fields(kindLabel(k)) {
		for _, r := range w {
			b.WriteRune(unicode.ToUpper(r))
			break
		}
	}
	return b.String()
}

// leaderTitle is the signer's title by the unit's kind.
func leaderTitle(k unit.Kind) string {
	switch k {
	case unit.KindPartyCell, unit.KindPartyCommittee, unit.KindYouthUnion:
		return "BÍ THƯ"
	case unit.KindHealthStation:
		return "TRẠM TRƯỞNG"
	case unit.KindSchool:
		return "HIỆU TRƯỞNG"
	case unit.KindPovertyBoard:
		return "TRƯỞNG BAN"
	case unit.KindOfficial, unit.KindResidentialGroup, unit.KindOther:
		return "NGƯỜI ĐỨNG ĐẦU"
	}
	return "CHỦ TỊCH"
}

// subject is the line under "BÁO CÁO": the obligation's name without a
// leading "Báo cáo", which the title already says.
func subject(name string) string {
	rest, ok := strings.CutPrefix(name, "Báo cáo ")
	if !ok || rest == "" {
		return name
	}
	r := []rune(rest)
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// upper writes Vietnamese in capitals.
func upper(s string) string { return strings.ToUpper(s) }

// documentDate is "ngày 05 tháng 01 năm 2027": days below 10 and the months
// 1 and 2 take a leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I).
func documentDate(d civil.Date) string {
	t := d.Time()
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// loadLetterhead reads the unit, the body above it, its locality, its leader
// and the obligation's recipients.
func loadLetterhead(ctx context.Context, db bun.IDB, r *View) (*letterhead, error) {
	var u struct {
		Name   string    `bun:"name"`
		Kind   unit.Kind `bun:"kind"`
		Parent string    `bun:"parent"`
		Path   string    `bun:"path"`
		Area   string    `bun:"area"`
	}
	err := db.NewSelect().TableExpr("units AS u").ColumnExpr("u.name, u.kind, COALESCE(p.name, '') AS parent, a.path, a.name AS area").
		Join("LEFT JOIN units AS p ON p.id = u.parent_id").Join("JOIN areas AS a ON a.id = u.area_id").
		Where("u.id = ?", r.UnitID).Scan(ctx, &u)
	if err != nil {
		return nil, apperr.Wrap(err, "report unit")
	}
	l := &letterhead{Body: u.Name, Above: u.Parent, Kind: u.Kind, Place: u.Area}
	// The date line names the ward or commune the unit belongs to.
	var place string
	err = db.NewSelect().Table("areas").Column("name").Where("? LIKE path || '%'", u.Path).
		Where("kind IN ('ward', 'commune', 'district', 'province')").OrderExpr("depth DESC").Limit(1).Scan(ctx, &place)
	if err == nil && place != "" {
		l.Place = place
	}
	_ = db.NewSelect().TableExpr("memberships AS m").ColumnExpr("us.name").Join("JOIN users AS us ON us.id = m.user_id").
		Where("m.unit_id = ? AND m.role = 'leader' AND m.ended_at IS NULL", r.UnitID).OrderExpr("m.id").Limit(1).Scan(ctx, &l.Signer)
	if err := db.NewSelect().TableExpr("report_recipients AS rr").ColumnExpr("u.name").Join("JOIN units AS u ON u.id = rr.unit_id").
		Where("rr.obligation_id = ?", r.ObligationID).OrderExpr("u.name").Scan(ctx, &l.Recipients); err != nil {
		return nil, apperr.Wrap(err, "report recipients")
	}
	return l, nil
}

// PDF writes a report as an administrative document: the State's layout of
// Nghị định 30/2020/NĐ-CP, or the Party's for party bodies — issuing body top
// left, the national or Party heading top right, number, place and date,
// "BÁO CÁO" and its subject, the four sections with the figures, "Nơi nhận:"
// and the signature block.
func (s *Service) PDF(ctx context.Context, now time.Time, id int64) ([]byte, string, error) {
	d, err := s.Get(ctx, now, id)
	if err != nil {
		return nil, "", err
	}
	l, err := loadLetterhead(ctx, s.db, &d.View)
	if err != nil {
		return nil, "", err
	}
	day := civil.DateOf(now, s.loc)
	if d.SubmittedAt != nil {
		day = civil.DateOf(*d.SubmittedAt, s.loc)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	for style, file := range map[string]string{"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"} {
		b, err := fonts.ReadFile("fonts/LiberationSerif-" + file + ".ttf")
		if err != nil {
			return nil, "", apperr.Wrap(err, "report font")
		}
		pdf.AddUTF8FontFromBytes("serif", style, b)
	}
	pdf.SetMargins(30, 20, 15)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetTitle("Báo cáo "+d.ObligationName+" "+plan.PeriodLabel(d.Period, "vi"), true)
	pdf.SetCreator("Chung Tay", true)
	pdf.SetHeaderFunc(func() {
		if n := pdf.PageNo(); n > 1 { // page numbers from the second page, top centre
			pdf.SetFont("serif", "", 13)
			pdf.SetY(10)
			pdf.CellFormat(0, 6, fmt.Sprint(n), "", 1, "C", false, 0, "")
			pdf.SetY(20)
		}
	})
	pdf.AddPage()
	writeHeading(pdf, l, d, day)
	writeBody(pdf, d)
	writeSignature(pdf, l)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, "", apperr.Wrap(err, "report pdf")
	}
	name := fmt.Sprintf("bao-cao-%s-%d.pdf", d.Period, d.ID)
	return buf.Bytes(), name, nil
}

const (
	leftW  = 75.0 // the issuing body's column
	rightW = 90.0 // the national heading's column
)

func writeHeading(pdf *fpdf.Fpdf, l *letterhead, d *Detail, day civil.Date) {
	x, y := pdf.GetX(), pdf.GetY()
	// Top left: the body above (regular), the issuing unit (bold), a short rule or an asterisk, the number.
	pdf.SetFont("serif", "", 12)
	if l.Above != "" {
		pdf.CellFormat(leftW, 5.5, upper(l.Above), "", 2, "C", false, 0, "")
	}
	pdf.SetFont("serif", "B", 12)
	pdf.MultiCell(leftW, 5.5, upper(l.Body), "", "C", false)
	pdf.SetX(x)
	if l.party() {
		pdf.CellFormat(leftW, 5, "*", "", 2, "C", false, 0, "")
	} else {
		cy := pdf.GetY() + 0.5
		pdf.Line(x+leftW/2-12, cy, x+leftW/2+12, cy)
		pdf.Ln(1.5)
	}
	pdf.SetX(x)
	pdf.SetFont("serif", "", 13)
	number := "Số:      /BC-" + abbreviation(l.Kind)
	if l.party() {
		number = "Số      -BC/" + abbreviation(l.Kind)
	}
	pdf.CellFormat(leftW, 6, number, "", 2, "C", false, 0, "")
	leftBottom := pdf.GetY()

	// Top right: the heading, underlined, and the place and date in italics.
	pdf.SetXY(x+leftW+5, y)
	rx := pdf.GetX()
	if l.party() {
		pdf.SetFont("serif", "B", 13)
		pdf.CellFormat(rightW, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", "", 2, "C", false, 0, "")
		w := pdf.GetStringWidth("ĐẢNG CỘNG SẢN VIỆT NAM")
		pdf.Line(rx+(rightW-w)/2, pdf.GetY(), rx+(rightW+w)/2, pdf.GetY())
		pdf.Ln(3)
	} else {
		pdf.SetFont("serif", "B", 12)
		pdf.CellFormat(rightW, 5.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 2, "C", false, 0, "")
		pdf.SetFont("serif", "B", 13)
		motto := "Độc lập - Tự do - Hạnh phúc"
		pdf.CellFormat(rightW, 6, motto, "", 2, "C", false, 0, "")
		w := pdf.GetStringWidth(motto)
		pdf.Line(rx+(rightW-w)/2, pdf.GetY(), rx+(rightW+w)/2, pdf.GetY())
		pdf.Ln(3)
	}
	pdf.SetX(rx)
	pdf.SetFont("serif", "I", 13)
	pdf.CellFormat(rightW, 6, l.Place+", "+documentDate(day), "", 2, "C", false, 0, "")
	if pdf.GetY() < leftBottom {
		pdf.SetY(leftBottom)
	}
	pdf.SetX(x)
	pdf.Ln(8)
	pdf.SetFont("serif", "B", 14)
	pdf.CellFormat(0, 7, "BÁO CÁO", "", 1, "C", false, 0, "")
	pdf.SetFont("serif", "B", 13)
	pdf.MultiCell(0, 6.5, subject(d.ObligationName)+" "+plan.PeriodLabel(d.Period, "vi"), "", "C", false)
	pdf.Ln(5)
}

func writeBody(pdf *fpdf.Fpdf, d *Detail) {
	section := func(title, text string) {
		pdf.SetFont("serif", "B", 13)
		pdf.MultiCell(0, 6.5, title, "", "L", false)
		pdf.SetFont("serif", "", 13)
		if strings.TrimSpace(text) == "" {
			text = "(Không có nội dung.)"
		}
		for _, para := range strings.Split(strings.TrimSpace(text), "\n") {
			pdf.SetX(pdf.GetX() + 0)
			pdf.MultiCell(0, 6.5, "      "+strings.TrimSpace(para), "", "J", false)
		}
		pdf.Ln(2)
	}
	section("I. KẾT QUẢ THỰC HIỆN", d.Results)
	writeFigures(pdf, d)
	section("II. HẠN CHẾ, KHÓ KHĂN", d.Difficulties)
	section("III. NGUYÊN NHÂN", d.Causes)
	section("IV. ĐỀ XUẤT, KIẾN NGHỊ", d.Proposals)
}

// writeFigures prints the figures as two tables: the headline numbers and
// the support by type and funding source.
func writeFigures(pdf *fpdf.Fpdf, d *Detail) {
	f := d.Figures
	pdf.SetFont("serif", "I", 12)
	pdf.MultiCell(0, 6, fmt.Sprintf("Số liệu từ ngày %s đến ngày %s:", d.WindowFrom.VN(), d.WindowTo.VN()), "", "L", false)
	rows := [][2]string{
		{"Số hộ thuộc diện phụ trách", number(int64(f.Households))},
		{"Hộ nghèo đầu kỳ", number(int64(f.Poor.Start))},
		{"Hộ nghèo phát sinh mới", number(int64(f.Poor.New))},
		{"Hộ tái nghèo", number(int64(f.Poor.Refallen))},
		{"Hộ thoát nghèo", number(int64(f.Poor.Escaped))},
		{"Hộ nghèo cuối kỳ", number(int64(f.Poor.End))},
		{"Hộ cận nghèo đầu kỳ", number(int64(f.NearPoor.Start))},
		{"Hộ cận nghèo phát sinh mới", number(int64(f.NearPoor.New))},
		{"Hộ tái cận nghèo", number(int64(f.NearPoor.Refallen))},
		{"Hộ thoát cận nghèo", number(int64(f.NearPoor.Escaped))},
		{"Hộ cận nghèo cuối kỳ", number(int64(f.NearPoor.End))},
		{"Số hộ được hỗ trợ", number(int64(f.HouseholdsHelped))},
		{"Tổng giá trị hỗ trợ (đồng)", number(f.SupportVND)},
		{"Số lượt thăm hỏi / số hộ được thăm", number(int64(f.Visits)) + " / " + number(int64(f.HouseholdsVisited))},
		{"Công việc đến hạn / đã hoàn thành / quá hạn", fmt.Sprintf("%s / %s / %s", number(int64(f.TasksDue)), number(int64(f.TasksDone)), number(int64(f.TasksOverdue)))},
	}
	table(pdf, []string{"STT", "Chỉ tiêu", "Số liệu"}, []float64{14, 110, 41}, "CLR", func(add func(...string)) {
		for i, r := range rows {
			add(fmt.Sprint(i+1), r[0], r[1])
		}
	})
	if len(f.Support) > 0 {
		pdf.Ln(2)
		table(pdf, []string{"STT", "Hình thức hỗ trợ", "Nguồn kinh phí", "Số lượt", "Giá trị (đồng)"}, []float64{14, 55, 46, 20, 30}, "CLLRR", func(add func(...string)) {
			for i, l := range f.Support {
				add(fmt.Sprint(i+1), label(support.Types, l.Type), label(support.FundingSources, l.Source), number(int64(l.Count)), number(l.VND))
			}
		})
	}
	pdf.Ln(3)
}

// table prints a bordered table: a bold, centred header row, then the rows
// add gives, each column aligned as aligns says (L, C or R).
func table(pdf *fpdf.Fpdf, head []string, widths []float64, aligns string, rows func(add func(...string))) {
	line := func(style string, cells ...string) {
		pdf.SetFont("serif", style, 12)
		h := 6.5
		for i, c := range cells {
			if n := len(pdf.SplitText(c, widths[i]-2)); float64(n)*6.5 > h {
				h = float64(n) * 6.5
			}
		}
		if pdf.GetY()+h > 277 {
			pdf.AddPage()
		}
		x, y := pdf.GetX(), pdf.GetY()
		for i, c := range cells {
			align := aligns[i : i+1]
			if style == "B" {
				align = "C"
			}
			pdf.Rect(x, y, widths[i], h, "D")
			pdf.SetXY(x+1, y)
			pdf.MultiCell(widths[i]-2, 6.5, c, "", align, false)
			x += widths[i]
			pdf.SetXY(x, y)
		}
		pdf.SetXY(30, y+h)
	}
	line("B", head...)
	rows(func(cells ...string) { line("", cells...) })
}

func label(codes []support.CodeInfo, code string) string {
	for _, c := range codes {
		if c.Code == code {
			return c.LabelVI
		}
	}
	return code
}

// number writes n the Vietnamese way: 1.500.000.
func number(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func writeSignature(pdf *fpdf.Fpdf, l *letterhead) {
	if pdf.GetY() > 230 {
		pdf.AddPage()
	}
	pdf.Ln(4)
	x, y := pdf.GetX(), pdf.GetY()
	pdf.SetFont("serif", "BI", 12)
	pdf.CellFormat(leftW, 6, "Nơi nhận:", "", 2, "L", false, 0, "")
	pdf.SetFont("serif", "", 11)
	for _, r := range l.Recipients {
		pdf.MultiCell(leftW, 5.5, "- "+r+";", "", "L", false)
	}
	pdf.MultiCell(leftW, 5.5, "- Lưu.", "", "L", false)
	pdf.SetXY(x+leftW+5, y)
	rx := pdf.GetX()
	pdf.SetFont("serif", "B", 13)
	pdf.MultiCell(rightW, 6.5, "TM. "+upper(kindLabel(l.Kind)), "", "C", false)
	pdf.SetX(rx)
	pdf.CellFormat(rightW, 6.5, leaderTitle(l.Kind), "", 2, "C", false, 0, "")
	pdf.Ln(22)
	pdf.SetX(rx)
	pdf.CellFormat(rightW, 6.5, l.Signer, "", 2, "C", false, 0, "")
}
