package excel

import (
	"regexp"
	"strconv"
	"strings"

	"chungtay/internal/apperr"
	"chungtay/internal/household"
)

// Kinds of rows an import skips on purpose, each reported by one Note.
const (
	NoteColumnNumbers = "column_numbers" // "(1) (2) (3) …" under the header
	NoteTotals        = "totals"         // "Tổng cộng", "Cộng khu phố 1"
	NoteSignature     = "signature"      // "Người lập biểu", "TM. ỦY BAN NHÂN DÂN", "(Ký, ghi rõ họ tên)"… to the end
)

// Note says which rows were skipped on purpose and why: one note per kind,
// from its first row to its last, quoting the first such cell.
type Note struct {
	Kind      string      `json:"kind" enum:"column_numbers,totals,signature"`
	Row       int         `json:"row"`      // first row skipped
	LastRow   int         `json:"last_row"` // last row skipped (= row when one)
	Rows      int         `json:"rows"`     // how many rows were skipped
	Text      string      `json:"text"`     // the text that told, e.g. "Tổng cộng"
	MessageID string      `json:"-"`
	Args      apperr.Args `json:"-"`
	Message   string      `json:"message"` // filled by the HTTP layer in the caller's language
}

// skipper recognises the rows of an office's sheet that are not households.
type skipper struct {
	hdr       header
	notes     *[]Note
	record    bool // add notes (first pass only)
	signature bool // inside the signature block: every row to the end is part of it
}

func (k *skipper) skip(row int, cells []string) bool {
	if k.signature {
		if k.looksLikeData(cells) {
			k.signature = false // a household after all: read it (and let its errors show)
			return false
		}
		if !allEmpty(cells) {
			k.note(NoteSignature, row, "")
		}
		return true
	}
	if row <= k.hdr.row+2 {
		if text, ok := columnNumbers(cells); ok {
			k.note(NoteColumnNumbers, row, text)
			return true
		}
	}
	if text := k.totals(cells); text != "" {
		k.note(NoteTotals, row, text)
		return true
	}
	if text := k.signatureStart(cells); text != "" {
		k.signature = true
		k.note(NoteSignature, row, text)
		return true
	}
	return false
}

func (k *skipper) note(kind string, row int, text string) {
	if !k.record {
		return
	}
	for i := range *k.notes {
		if n := &(*k.notes)[i]; n.Kind == kind {
			n.LastRow, n.Rows = row, n.Rows+1
			return
		}
	}
	*k.notes = append(*k.notes, Note{Kind: kind, Row: row, LastRow: row, Rows: 1, Text: text, MessageID: "excel.note_" + kind})
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}

var numberCell = regexp.MustCompile(`^\(?(\d{1,3}|[A-Za-z])\)?$`)

// columnNumbers reports a row that numbers the columns: "(1) (2) (3) …",
// "1 2 3 …" or "A B 1 2 …" — at least three cells, numbers increasing.
func columnNumbers(cells []string) (string, bool) {
	var seen []string
	last := 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		if !numberCell.MatchString(c) {
			return "", false
		}
		if n, err := strconv.Atoi(strings.Trim(c, "()")); err == nil {
			if n <= last {
				return "", false
			}
			last = n
		}
		seen = append(seen, c)
	}
	if len(seen) < 3 || last == 0 {
		return "", false
	}
	return strings.Join(seen[:3], " ") + " …", true
}

var totalsKeys = []string{"tongcong", "tongso", "congkhupho", "congkp", "congto", "congthon", "congap", "grandtotal"}

// totals returns the label of a totals row: its first text is "Tổng cộng",
// "Tổng", "Cộng", "Cộng khu phố 1"… and the household code cell is empty
// or that label.
func (k *skipper) totals(cells []string) string {
	label := ""
	for _, c := range cells {
		if c != "" {
			label = c
			break
		}
	}
	if label == "" {
		return ""
	}
	if ci := k.hdr.cell[0]; ci >= 0 && ci < len(cells) && cells[ci] != "" && cells[ci] != label {
		return ""
	}
	lk := key(label)
	switch lk {
	case "tong", "cong", "total", "tongcong":
		return label
	}
	for _, p := range totalsKeys {
		if strings.HasPrefix(lk, p) {
			return label
		}
	}
	return ""
}

// signatureMarks begin the texts of a signature block, compared without
// diacritics, spaces or punctuation.
var signatureMarks = []string{"nguoilapbieu", "nguoilap", "lapbieu", "canbolapbieu", "nguoiky", "kyghirohoten", "kyvaghirohoten",
	"kyten", "kydongdau", "kyhoten", "tmuyban", "tmubnd", "tmdanguy", "tmbanchaphanh", "tmban", "tmchibo", "ktchutich",
	"ktbithu", "kttruongban", "ktgiamdoc", "xacnhancua", "thutruongdonvi", "chutich", "phochutich", "truongban",
	"totruong", "truongkhupho", "bithu", "ketoan", "noinhan"}

var signatureDate = regexp.MustCompile(`ngay\d{0,2}thang\d{0,2}nam\d{0,4}$`)

// signatureStart returns the text that opens a signature block: a sparse
// row (at most four texts, no household code of its own) with "Người lập
// biểu", "TM. ỦY BAN NHÂN DÂN", "(Ký, ghi rõ họ tên)", "Phường 14, ngày …
// tháng … năm …"…
func (k *skipper) signatureStart(cells []string) string {
	filled := 0
	mark := ""
	for _, c := range cells {
		if c == "" {
			continue
		}
		if filled++; filled > 4 {
			return ""
		}
		if mark == "" && isSignature(c) {
			mark = c
		}
	}
	if mark == "" {
		return ""
	}
	if ci := k.hdr.cell[0]; ci >= 0 && ci < len(cells) && cells[ci] != "" && !isSignature(cells[ci]) {
		return ""
	}
	return mark
}

// looksLikeData reports a row with a household code of its own and at least
// five cells: not part of a signature block.
func (k *skipper) looksLikeData(cells []string) bool {
	ci := k.hdr.cell[0]
	if ci < 0 || ci >= len(cells) || cells[ci] == "" || isSignature(cells[ci]) {
		return false
	}
	filled := 0
	for _, c := range cells {
		if c != "" {
			filled++
		}
	}
	return filled >= 5
}

func isSignature(text string) bool {
	var b strings.Builder
	for _, r := range household.Fold(text) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if signatureDate.MatchString(k) {
		return true
	}
	for _, m := range signatureMarks {
		if strings.HasPrefix(k, m) {
			return true
		}
	}
	return false
}
