// Package excel moves the household register in and out of Excel (.xlsx), the
// way ward officers keep it today: a template to fill in, an import that checks
// every row first (a dry run writes nothing and lists row-level errors) and is
// idempotent by household code (mã hộ), and an export of any filtered list with
// the same columns, so that an export can be edited and imported again.
//
// Large files are streamed: the import reads the sheet twice with excelize's
// row iterator and the export writes with its StreamWriter, so 100,000
// households never sit in memory as a slice.
package excel

import (
	"context"
	"fmt"

	"chungtay/internal/apperr"
)

// ContentType is the MIME type of an .xlsx workbook.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Limits of an import.
const (
	// MaxRows is the most data rows one file may hold.
	MaxRows = 200_000
	// MaxErrors is the most row errors a Result lists.
	MaxErrors = 1000
	// maxUnzipped caps the uncompressed size of a workbook (zip bombs).
	maxUnzipped = 1 << 30
	// lookupBatch is how many codes one SELECT of the dry run looks up.
	lookupBatch = 500
)

// maxRows is MaxRows, lowered by tests.
var maxRows = MaxRows

// Sheet names, in Vietnamese as the officers see them.
const (
	DataSheet         = "Hộ gia đình"
	InstructionsSheet = "Hướng dẫn"
)

// AreaLookup resolves the area code written in a row to an area id
// (areas.code); ok is false when the code is unknown or the area dissolved.
type AreaLookup func(ctx context.Context, code string) (id int64, ok bool, err error)

// RowError is one problem with one cell of the uploaded sheet.
type RowError struct {
	Row       int         `json:"row"`     // Excel row number, 1-based, as Excel shows it
	Column    string      `json:"column"`  // Excel column letter, e.g. "C"; empty when the column is absent
	Field     string      `json:"field"`   // the household field, e.g. "members"
	Heading   string      `json:"heading"` // the column's heading as the sheet writes it ("Số khẩu"); the template's when absent
	Value     string      `json:"value"`   // the cell as read, "" when empty
	MessageID string      `json:"-"`
	Args      apperr.Args `json:"-"`
	Message   string      `json:"message"` // filled by the HTTP layer in the caller's language
}

// Result says what an import did, or with DryRun what it would do.
type Result struct {
	DryRun          bool       `json:"dry_run"`
	Rows            int        `json:"rows"` // non-empty data rows read
	Created         int        `json:"created"`
	Updated         int        `json:"updated"`
	Unchanged       int        `json:"unchanged"`
	Errors          []RowError `json:"errors"`
	ErrorsTruncated bool       `json:"errors_truncated"` // more errors exist than Errors lists

	Sheet      string      `json:"sheet"`       // the sheet the data were read from
	HeaderRows []int       `json:"header_rows"` // the rows of its header: one, or two for a two-level header
	Columns    []ColumnUse `json:"columns"`     // every heading read into a field, left to right
	Ignored    []ColumnUse `json:"ignored"`     // every other heading: its column is not read
	Notes      []Note      `json:"notes"`       // rows skipped on purpose (column numbers, totals, signature block)
}

// ColumnUse is one heading of the sheet and what the import does with it.
type ColumnUse struct {
	Column  string `json:"column"`          // Excel column letter
	Heading string `json:"heading"`         // as the sheet writes it; "group / heading" under a merged group
	Field   string `json:"field,omitempty"` // e.g. "members", "deprivations.health_insurance"; empty when ignored
}

// newResult is a Result describing the sheet and header found.
func newResult(dryRun bool, s *sheet, field func(i int) string) *Result {
	res := &Result{DryRun: dryRun, Errors: []RowError{}, Sheet: s.name, HeaderRows: []int{}, Columns: []ColumnUse{},
		Ignored: []ColumnUse{}, Notes: []Note{}}
	for r := s.hdr.top; r <= s.hdr.row; r++ {
		res.HeaderRows = append(res.HeaderRows, r)
	}
	used := map[int]bool{}
	for _, c := range s.hdr.cols {
		if c.index >= 0 && !used[c.index] {
			used[c.index] = true
			res.Columns = append(res.Columns, ColumnUse{Column: c.letter, Heading: c.heading(), Field: field(c.index)})
		} else {
			res.Ignored = append(res.Ignored, ColumnUse{Column: c.letter, Heading: c.heading()})
		}
	}
	return res
}

// finishNotes copies the notes of the sheet's first pass into the result.
func (r *Result) finishNotes(s *sheet) {
	r.Notes = append(r.Notes[:0], s.notes...)
	for i := range r.Notes {
		n := &r.Notes[i]
		n.Args = apperr.Args{"Row": n.Row, "LastRow": n.LastRow, "Rows": n.Rows, "Text": n.Text}
	}
}

// fileError is an error about the upload as a whole: always Invalid (4xx).
func fileError(id string, args apperr.Args, cause error) *apperr.Error {
	e := apperr.New(apperr.Invalid, id, args)
	e.Err = cause
	return e
}

// errorList gathers row errors up to MaxErrors and counts the rest.
type errorList struct {
	res *Result
}

func (l errorList) add(e RowError) {
	if len(l.res.Errors) >= MaxErrors {
		l.res.ErrorsTruncated = true
		return
	}
	l.res.Errors = append(l.res.Errors, e)
}

func (l errorList) any() bool { return len(l.res.Errors) > 0 }

// recoverCorrupt turns a panic while reading a hostile or broken workbook
// into a 4xx error: the reader library is not hardened against every input.
func recoverCorrupt(err *error) {
	if r := recover(); r != nil {
		*err = fileError("excel.corrupt", nil, fmt.Errorf("panic reading workbook: %v", r))
	}
}
