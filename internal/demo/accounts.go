package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"chungtay/internal/account"
)

// DemoPassword is the password of every demo login. It is printed by
// `make run`; a real deployment creates its own accounts.
const DemoPassword = "ChungTay@2018"

// Login is one demo account, one per role of the programme.
type Login struct {
	Email  string
	Name   string
	RoleVI string
	RoleEN string
	grant  string // area code of a grant ("*" whole country, "" none)
	role   string // grant role, or unit role with a unit
	unit   string // unit code of a membership
}

// Logins are the demo accounts of the ward, in the order `make run` prints them.
var Logins = []Login{
	{Email: "admin@chungtay.local", Name: "Quản trị hệ thống", RoleVI: "Quản trị (cả nước)", RoleEN: "administrator (whole country)", grant: "*", role: "admin"},
	{Email: "admin.p14@chungtay.local", Name: "Đỗ Thị Ngọc Ánh", RoleVI: "Quản trị Phường 14 (tài khoản của phường)", RoleEN: "ward administrator, Phường 14 (the ward's accounts)", grant: wardCode, role: "admin"},
	{Email: "vhxh.p14@chungtay.local", Name: "Trần Thị Thu Hà", RoleVI: "Công chức VHXH Phường 14", RoleEN: "social-affairs officer, Phường 14", grant: wardCode, role: "officer"},
	{Email: "bithu.p14@chungtay.local", Name: "Nguyễn Văn Thành", RoleVI: "Bí thư Đảng ủy Phường 14", RoleEN: "Party Committee secretary (chair), Phường 14", grant: wardCode, role: "chair"},
	{Email: "bithu.kp3@chungtay.local", Name: "Lê Văn Hùng", RoleVI: "Bí thư Chi bộ Khu phố 3", RoleEN: "party-cell leader, Khu phố 3", unit: wardCode + "-CB-KP03", role: "leader"},
	{Email: "dangvien.kp3@chungtay.local", Name: "Phạm Thị Lan", RoleVI: "Đảng viên Chi bộ Khu phố 3 (5 hộ)", RoleEN: "party member with 5 households, Khu phố 3", unit: wardCode + "-CB-KP03", role: "member"},
	{Email: "quan.govap@chungtay.local", Name: "Võ Minh Tuấn", RoleVI: "Theo dõi (Quận Gò Vấp)", RoleEN: "viewer, Quận Gò Vấp", grant: goVapCode, role: "viewer"},
}

// loadWardAccounts gives each tracked household to its neighbourhood's party
// cell (seed 000: "phân giao các chi bộ trực thuộc… hỗ trợ, giúp đỡ"),
// creates the demo logins with their grants and memberships, and then the
// people of every neighbourhood cell with their households (loadCells).
func loadWardAccounts(ctx context.Context, tx bun.IDB, now time.Time) error {
	from := fmt.Sprintf("%d-01-01", wardYear)
	// Households P14-KPnn-xxxx go to Chi bộ Khu phố nn.
	_, err := tx.ExecContext(ctx, `INSERT INTO household_assignments (household_id, unit_id, is_primary, valid_from, reason, created_at)
		SELECT h.id, u.id, ?, ?, ?, ? FROM households AS h
		JOIN units AS u ON u.code = ? || '-CB-' || SUBSTR(h.code, 5, 4)
		WHERE h.code LIKE 'P14-KP%'`, true, from, "Nghị quyết 2018: phân giao hộ nghèo, cận nghèo cho chi bộ khu phố", now.UTC(), wardCode)
	if err != nil {
		return fmt.Errorf("demo: assign households to party cells: %w", err)
	}
	hash, err := account.HashPassword(DemoPassword, account.DefaultParams)
	if err != nil {
		return err
	}
	users := map[string]int64{}
	for _, l := range Logins {
		var userID int64
		err := tx.NewRaw(`INSERT INTO users (email, name, lang, active, password_hash, created_at, updated_at)
			VALUES (?, ?, 'vi', ?, ?, ?, ?) RETURNING id`, l.Email, l.Name, true, hash, now.UTC(), now.UTC()).Scan(ctx, &userID)
		if err != nil {
			return fmt.Errorf("demo: user %s: %w", l.Email, err)
		}
		switch {
		case l.grant == "*":
			_, err = tx.ExecContext(ctx, "INSERT INTO grants (user_id, role, created_at) VALUES (?, ?, ?)", userID, l.role, now.UTC())
		case l.grant != "":
			_, err = tx.ExecContext(ctx, "INSERT INTO grants (user_id, area_id, role, created_at) SELECT ?, id, ?, ? FROM areas WHERE code = ?",
				userID, l.role, now.UTC(), l.grant)
		case l.unit != "":
			_, err = tx.ExecContext(ctx, "INSERT INTO memberships (user_id, unit_id, role, created_at) SELECT ?, id, ?, ? FROM units WHERE code = ?",
				userID, l.role, now.UTC(), l.unit)
		}
		if err != nil {
			return fmt.Errorf("demo: rights of %s: %w", l.Email, err)
		}
		users[l.Email] = userID
	}
	return loadCells(ctx, tx, now, hash, users)
}
