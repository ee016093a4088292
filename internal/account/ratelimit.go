package account

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
)

// Failed sign-ins are rows of login_failures, so every instance of the server
// sees the same counts. A key is "email:<sha256 of the address>" or
// "ip:<client address>"; a lock of an email is a row "lock:email:…" at the
// time it was locked. Unknown addresses are counted and locked exactly like
// known ones, so the answers never tell whether an account exists.

// loginFailure is one failed sign-in (or one lock).
type loginFailure struct {
	bun.BaseModel `bun:"table:login_failures"`

	ID  int64     `bun:"id,pk,autoincrement"`
	Key string    `bun:"key,notnull"`
	At  time.Time `bun:"at,notnull"`
}

func emailKey(email string) string { return "email:" + hashSecret(normalizeEmail(email)) }
func lockKey(email string) string  { return "lock:" + emailKey(email) }

func ipKey(ip string) string {
	if ip == "" {
		return ""
	}
	return "ip:" + ip
}

// failuresSince counts the rows of key at or after since.
func failuresSince(ctx context.Context, db bun.IDB, key string, since time.Time) (int, error) {
	n, err := db.NewSelect().Model((*loginFailure)(nil)).Where("key = ? AND at >= ?", key, since.UTC()).Count(ctx)
	if err != nil {
		return 0, apperr.Wrap(err, "count sign-in failures")
	}
	return int(n), nil
}

// ipLimited reports whether the client address has failed too often.
func ipLimited(ctx context.Context, db bun.IDB, now time.Time, ip string) (bool, error) {
	if ip == "" {
		return false, nil
	}
	n, err := failuresSince(ctx, db, ipKey(ip), now.Add(-FailureWindow))
	return n >= IPFailureLimit, err
}

// emailLocked reports whether the email is locked now: locked at most
// LockDuration ago (the lock ends exactly LockDuration after it began).
func emailLocked(ctx context.Context, db bun.IDB, now time.Time, email string) (bool, error) {
	n, err := db.NewSelect().Model((*loginFailure)(nil)).Where("key = ? AND at > ?", lockKey(email), now.Add(-LockDuration).UTC()).Count(ctx)
	if err != nil {
		return false, apperr.Wrap(err, "check lock")
	}
	return n > 0, nil
}

// recordFailure counts a failed sign-in against the address and, unless the
// email is already locked, against the email; the failure that reaches the
// limit locks the email. It reports whether the email is now locked. Rows
// older than a day, which no rule looks at, are removed on the way.
func recordFailure(ctx context.Context, tx bun.IDB, now time.Time, email, ip string, alreadyLocked bool) (locked bool, err error) {
	rows := []loginFailure{}
	if k := ipKey(ip); k != "" {
		rows = append(rows, loginFailure{Key: k, At: now.UTC()})
	}
	if !alreadyLocked {
		rows = append(rows, loginFailure{Key: emailKey(email), At: now.UTC()})
	}
	if len(rows) > 0 {
		if _, err := tx.NewInsert().Model(&rows).Exec(ctx); err != nil {
			return false, apperr.Wrap(err, "record sign-in failure")
		}
	}
	if _, err := tx.NewDelete().Model((*loginFailure)(nil)).Where("at < ?", now.Add(-24*time.Hour).UTC()).Exec(ctx); err != nil {
		return false, apperr.Wrap(err, "forget old sign-in failures")
	}
	if alreadyLocked {
		return true, nil
	}
	n, err := failuresSince(ctx, tx, emailKey(email), now.Add(-FailureWindow))
	if err != nil || n < EmailFailureLimit {
		return false, err
	}
	if _, err := tx.NewInsert().Model(&loginFailure{Key: lockKey(email), At: now.UTC()}).Exec(ctx); err != nil {
		return false, apperr.Wrap(err, "lock email")
	}
	return true, nil
}

// forgetFailures clears an email's failures and lock after it proved itself
// (a successful sign-in, a password reset by mail).
func forgetFailures(ctx context.Context, tx bun.IDB, email string) error {
	_, err := tx.NewDelete().Model((*loginFailure)(nil)).Where("key IN (?)", bun.In([]string{emailKey(email), lockKey(email)})).Exec(ctx)
	if err != nil {
		return apperr.Wrap(err, "clear sign-in failures")
	}
	return nil
}
