package area

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/apperr"
)

// Follower brings what depends on households into line after they changed,
// inside the transaction of the change: their tasks
// (plan.Service.FollowHouseholds). Changes to households and their
// assignments call it, and so do moves and merges of areas, which change
// whose tasks a household's are.
type Follower func(ctx context.Context, db bun.IDB, now time.Time, households []int64) error

// Follow sets the follower called after a move or a merge; nil calls none.
func (s *Service) Follow(f Follower) { s.follow = f }

// FollowSubtree calls f for the households of the subtree at path, if f is set.
func FollowSubtree(ctx context.Context, db bun.IDB, now time.Time, f Follower, path string) error {
	if f == nil {
		return nil
	}
	var ids []int64
	if err := db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").ColumnExpr("h.id").
		Where("a.path LIKE ? AND h.archived_at IS NULL", path+"%").Scan(ctx, &ids); err != nil {
		return apperr.Wrap(err, "follow: households of the subtree")
	}
	if len(ids) == 0 {
		return nil
	}
	return f(ctx, db, now, ids)
}
