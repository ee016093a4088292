package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/assignment"
	"chungtay/internal/civil"
)

// Every neighbourhood party cell (chi bộ khu phố) has a leader (bí thư chi
// bộ) and three party members; the cell gives its households to its members,
// 5 to 7 each (seed 000, Quy định 1043-QĐ/TU: "phân công đảng viên trực tiếp
// phụ trách"), and keeps its newest household (two in the cells of 9) for
// the leader to give out.
// The cells are in charge of their own khu phố (unit_areas). Names are
// synthetic; the logins of Khu phố 3 are those of Logins.
const (
	cellMembers      = 3
	minPerMember     = 5
	maxPerMember     = 7
	cellPeopleReason = "Chi bộ phân công đảng viên phụ trách"
)

// cellPerson is a person of a neighbourhood cell.
type cellPerson struct {
	kp     int
	email  string
	name   string
	leader bool
}

// cellPeople returns the people of the 12 neighbourhood cells, leader first.
func cellPeople() []cellPerson {
	r := newRand(2018, 3)
	var out []cellPerson
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		for i := 0; i <= cellMembers; i++ {
			p := cellPerson{kp: kp, leader: i == 0, name: personName(r, south, r.IntN(2) == 0, false)}
			switch i {
			case 0:
				p.email = fmt.Sprintf("bithu.kp%d@chungtay.local", kp)
			case 1:
				p.email = fmt.Sprintf("dangvien.kp%d@chungtay.local", kp)
			default:
				p.email = fmt.Sprintf("dangvien%d.kp%d@chungtay.local", i, kp)
			}
			out = append(out, p)
		}
	}
	return out
}

// shares splits n households of a cell over its members: all but one, 5 to 7
// each, over as few as three members; what does not fit stays with the cell.
func shares(n int) []int {
	give := n - 1
	k := min(max(give/minPerMember, 1), cellMembers)
	out := make([]int, k)
	for i := range out {
		out[i] = min(give/k+b2i(i < give%k), maxPerMember)
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// loadCells creates the people of the neighbourhood cells (reusing the
// logins already created, by email), their memberships and households, and
// puts each cell in charge of its khu phố.
func loadCells(ctx context.Context, tx bun.IDB, now time.Time, hash string, users map[string]int64) error {
	from := civil.NewDate(wardYear, time.January, 1)
	cells := map[string]int64{}
	areas := map[string]int64{}
	var cellCodes, kpCodes []string
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		cellCodes = append(cellCodes, fmt.Sprintf("%s-CB-KP%02d", wardCode, kp))
		kpCodes = append(kpCodes, fmt.Sprintf("%s-KP%02d", wardCode, kp))
	}
	if err := lookupIDs(ctx, tx, "units", cellCodes, cells); err != nil {
		return err
	}
	if err := lookupIDs(ctx, tx, "areas", kpCodes, areas); err != nil {
		return err
	}
	members := map[int][]int64{} // khu phố → its members, in order
	for _, p := range cellPeople() {
		id, ok := users[p.email]
		if !ok {
			err := tx.NewRaw(`INSERT INTO users (email, name, lang, active, password_hash, created_at, updated_at)
				VALUES (?, ?, 'vi', ?, ?, ?, ?) RETURNING id`, p.email, p.name, true, hash, now.UTC(), now.UTC()).Scan(ctx, &id)
			if err != nil {
				return fmt.Errorf("demo: user %s: %w", p.email, err)
			}
			role := "member"
			if p.leader {
				role = "leader"
			}
			_, err = tx.ExecContext(ctx, "INSERT INTO memberships (user_id, unit_id, role, created_at) VALUES (?, ?, ?, ?)",
				id, cells[cellCodes[p.kp-1]], role, now.UTC())
			if err != nil {
				return fmt.Errorf("demo: membership of %s: %w", p.email, err)
			}
		}
		if !p.leader {
			members[p.kp] = append(members[p.kp], id)
		}
	}
	var charges []assignment.AreaInCharge
	for kp := 1; kp <= wardNeighbourhood; kp++ {
		var households []int64
		err := tx.NewSelect().Table("households").Column("id").Where("code LIKE ?", fmt.Sprintf("P14-KP%02d-%%", kp)).
			OrderExpr("code").Scan(ctx, &households)
		if err != nil {
			return fmt.Errorf("demo: households of Khu phố %d: %w", kp, err)
		}
		next := 0
		for i, n := range shares(len(households)) {
			for _, h := range households[next : next+n] {
				_, err := tx.ExecContext(ctx, `INSERT INTO household_assignments (household_id, user_id, is_primary, valid_from, reason, created_at)
					VALUES (?, ?, ?, ?, ?, ?)`, h, members[kp][i], true, from, cellPeopleReason, now.UTC())
				if err != nil {
					return fmt.Errorf("demo: households of Khu phố %d: %w", kp, err)
				}
			}
			next += n
		}
		charges = append(charges, assignment.AreaInCharge{UnitID: cells[cellCodes[kp-1]], AreaID: areas[kpCodes[kp-1]], ValidFrom: from,
			Reason: "Đảng ủy phân công chi bộ phụ trách khu phố", CreatedAt: now.UTC()})
	}
	if _, err := tx.NewInsert().Model(&charges).Exec(ctx); err != nil {
		return fmt.Errorf("demo: areas in charge of the cells: %w", err)
	}
	return nil
}
