// Package civil has Date, a calendar day with no time or zone — a decision's
// date, a merger's effective day — stored as DATE and sent as "2006-01-02".
package civil

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// Date is a calendar day. The zero Date is "no date".
type Date struct{ t time.Time }

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the day that t falls on in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// ErrNotDate is what Parse answers for text that is not a day.
var ErrNotDate = errors.New("not a date (want dd/mm/yyyy or yyyy-mm-dd)")

// layouts are the forms Parse reads: ISO, the Vietnamese dd/mm/yyyy, and what
// a phone keypad without "/" types (dd.mm.yyyy, dd-mm-yyyy, ddmmyyyy).
var layouts = []string{"2006-01-02", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "02-01-2006", "2-1-2006", "02012006"}

// Parse reads "2006-01-02", the Vietnamese "02/01/2006", or the same day as
// "02.01.2006", "02-01-2006" or "02012006" (GLOSSARY.md).
func Parse(s string) (Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range layouts {
		if len(layout) == 8 && len(s) != 8 { // ddmmyyyy: exactly eight digits
			continue
		}
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("%w: %q", ErrNotDate, s)
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// Year is the year of d.
func (d Date) Year() int { return d.t.Year() }

// Time is midnight UTC of d.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// String is "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// VN is the Vietnamese form dd/mm/yyyy.
func (d Date) VN() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

// MarshalJSON writes "2006-01-02" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads what Parse reads, "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores d as "2006-01-02" (or NULL).
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a DATE from PostgreSQL (time.Time) or SQLite (text).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = NewDate(v.Year(), v.Month(), v.Day())
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	default:
		return fmt.Errorf("civil.Date: cannot scan %T", src)
	}
	return nil
}

func (d *Date) scanString(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("civil.Date: %w", err)
	}
	*d = Date{t}
	return nil
}

// Schema describes Date in the OpenAPI document.
func (Date) Schema(huma.Registry) *huma.Schema {
	// No "format: date": that would refuse the Vietnamese dd/mm/yyyy form,
	// which UnmarshalJSON accepts and checks.
	return &huma.Schema{Type: huma.TypeString, Nullable: true, MaxLength: intPtr(10),
		Description: "calendar day, yyyy-mm-dd (dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy and ddmmyyyy accepted)", Examples: []any{"2018-03-15"}}
}

func intPtr(n int) *int { return &n }

// UnmarshalText reads a query parameter: what Parse reads, or empty.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes "2006-01-02" ("" for the zero Date).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
