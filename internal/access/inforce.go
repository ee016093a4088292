package access

import (
	"fmt"

	"chungtay/internal/civil"
)

// InForce is the SQL condition that a dated row — alias.valid_from, the first
// day it applies, and alias.valid_to, the first day it no longer applies (NULL:
// open) — is in force on day. Every query that asks "who is in charge",
// "who may see" or "who owns" goes through it, so that a row dated in the
// future takes effect on its day and an ended row stops on its day.
//
// The day is written as a literal: civil.Date prints only yyyy-mm-dd, which
// both engines compare with their DATE columns.
func InForce(alias string, day civil.Date) string {
	if day.IsZero() {
		panic("access.InForce: no day")
	}
	d := day.String()
	return fmt.Sprintf("(%[1]s.valid_from <= '%[2]s' AND (%[1]s.valid_to IS NULL OR %[1]s.valid_to > '%[2]s'))", alias, d)
}
