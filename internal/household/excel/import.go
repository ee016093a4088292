package excel

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
	"chungtay/internal/household"
	"chungtay/internal/poverty"
)

// Import reads an uploaded workbook (the "Hộ gia đình" sheet, or the first
// sheet that is not the instructions) and writes its households.
//
// It always validates every row first: household.Check, the area code through
// areaByCode, codes repeated within the file, and the required columns. If any
// row is bad, or dryRun is true, nothing is written and the Result says what
// is wrong (at most MaxErrors errors; ErrorsTruncated says more exist) or what
// would happen: the dry run compares the rows with the register, looking
// households up by code in batches. Created, Updated and Unchanged are 0 when
// Errors is not empty.
//
// Otherwise every row is written in one transaction with household.UpsertByCode,
// so a failure leaves nothing half-written and importing the same file twice
// leaves every row Unchanged. The sheet is streamed twice (validate, write),
// never held as a slice of rows.
//
// r is read to its end once, since an .xlsx is a zip whose directory is at the
// end; the HTTP layer passes bytes.NewReader over the upload it holds.
//
// Problems with the file as a whole — not an .xlsx, no data sheet, missing or
// repeated header columns, more than MaxRows rows, unreadable contents — are
// returned as *apperr.Error with Code apperr.Invalid.
func Import(ctx context.Context, db *bun.DB, now time.Time, r io.Reader, dryRun bool, city poverty.Lines, areaByCode AreaLookup) (*Result, error) {
	return ImportFollowing(ctx, db, now, r, dryRun, city, areaByCode, nil)
}

// householdField names what column i of the household table fills:
// "members", or "deprivations.health_insurance" for one indicator.
func householdField(i int) string {
	if c := columns[i]; c.code != "" {
		return c.field + "." + c.code
	}
	return columns[i].field
}

// followBatch is how many created or changed households are handed to the
// follower at a time.
const followBatch = 1000

// ImportFollowing is Import that also hands the households it creates or
// changes to follow (their tasks follow them), in the import's transaction;
// a nil follow is Import.
func ImportFollowing(ctx context.Context, db *bun.DB, now time.Time, r io.Reader, dryRun bool, city poverty.Lines, areaByCode AreaLookup,
	follow household.Follower) (*Result, error) {
	s, err := openSheet(r)
	if err != nil {
		return nil, err
	}
	defer s.close()

	res := newResult(dryRun, s, householdField)
	errs := errorList{res: res}
	check := newRowParser(s.hdr, city, areaByCode)
	check.codes = map[string]int{}
	cmp := &comparer{db: db, res: res}
	err = s.eachRow(ctx, func(row int, cells []string) error {
		res.Rows++
		c, rowErrs, err := check.parse(ctx, row, cells)
		if err != nil {
			return err
		}
		for _, e := range rowErrs {
			errs.add(e)
		}
		if dryRun && !errs.any() {
			return cmp.add(ctx, c)
		}
		return nil
	})
	res.finishNotes(s)
	if err == nil && dryRun && !errs.any() {
		err = cmp.flush(ctx)
	}
	if err != nil {
		return nil, err
	}
	if errs.any() {
		res.Created, res.Updated, res.Unchanged = 0, 0, 0
		return res, nil
	}
	if dryRun || res.Rows == 0 {
		return res, nil
	}

	write := newRowParser(s.hdr, city, areaByCode)
	write.areas = check.areas // every code was looked up by the first pass
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		var changed []int64
		flush := func() error {
			if follow == nil || len(changed) == 0 {
				return nil
			}
			err := follow(ctx, tx, now, changed)
			changed = changed[:0]
			return err
		}
		err := s.eachRow(ctx, func(row int, cells []string) error {
			c, rowErrs, err := write.parse(ctx, row, cells)
			if err != nil {
				return err
			}
			if len(rowErrs) > 0 {
				return apperr.Wrap(fmt.Errorf("row %d: %s on the second pass", row, rowErrs[0].MessageID), "import households")
			}
			out, id, err := household.UpsertByCode(ctx, tx, now, c)
			if err != nil {
				return err
			}
			switch out {
			case household.Created:
				res.Created++
			case household.Updated:
				res.Updated++
			case household.Unchanged:
				res.Unchanged++
				return nil
			}
			if changed = append(changed, id); len(changed) >= followBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// comparer counts what a dry run would do, looking households up by code
// lookupBatch at a time.
type comparer struct {
	db    *bun.DB
	res   *Result
	batch []household.Checked
}

func (c *comparer) add(ctx context.Context, h household.Checked) error {
	c.batch = append(c.batch, h)
	if len(c.batch) >= lookupBatch {
		return c.flush(ctx)
	}
	return nil
}

func (c *comparer) flush(ctx context.Context) error {
	if len(c.batch) == 0 {
		return nil
	}
	codes := make([]string, len(c.batch))
	for i, h := range c.batch {
		codes[i] = h.Code
	}
	var found []household.Household
	if err := c.db.NewSelect().Model(&found).Where("code IN (?)", bun.In(codes)).Scan(ctx); err != nil {
		return apperr.Wrap(err, "import dry run: look up households")
	}
	byCode := make(map[string]*household.Household, len(found))
	for i := range found {
		byCode[found[i].Code] = &found[i]
	}
	for _, h := range c.batch {
		cur, ok := byCode[h.Code]
		switch {
		case !ok:
			c.res.Created++
		case same(cur, h):
			c.res.Unchanged++
		default:
			c.res.Updated++
		}
	}
	c.batch = c.batch[:0]
	return nil
}

// same reports whether writing c over cur would change nothing: the fields
// household.UpsertByCode copies from a checked row.
func same(cur *household.Household, c household.Checked) bool {
	return cur.Code == c.Code && cur.HeadName == c.HeadName && cur.SearchName == household.Fold(c.HeadName) &&
		cur.Address == c.Address && cur.AreaID == c.AreaID && cur.Members == c.Members && cur.Urban == c.Urban &&
		cur.IncomeMonthly == c.IncomeMonthly && cur.Deprivations == c.Deprivations && cur.Causes == c.Causes &&
		cur.Flags == c.Flags && cur.Standard == c.Standard && cur.Classification == c.Classification &&
		cur.ClassificationYear == c.Year && cur.Note == c.Note
}
