package household

import (
	"context"
	"strings"

	"github.com/uptrace/bun"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
	"chungtay/internal/area"
	"chungtay/internal/database"
	"chungtay/internal/poverty"
)

// Filter selects households for the list and the export.
type Filter struct {
	AreaID      int64         // the area's whole subtree
	Class       poverty.Class // with Year: the class on that year's list; without: the current class
	Year        int
	Deprivation string // indicator code
	Flag        string // flag code
	Query       string // name (diacritics optional) or code
	Archived    bool   // archived instead of active
	UnitID      int64  // households assigned today to this unit
	Sort        string // code, head_name, members, updated_at; "-" prefix for descending
	Page        int
	PerPage     int
}

// MaxPerPage is the largest page the list returns.
const MaxPerPage = 200

var sortColumns = map[string]string{
	"code": "h.code", "head_name": "h.search_name", "members": "h.members",
	"updated_at": "h.updated_at", "classification": "h.classification", "area": "a.name",
}

// SortKeys lists the accepted sort keys (for the OpenAPI enum).
var SortKeys = []string{"code", "-code", "head_name", "-head_name", "members", "-members",
	"updated_at", "-updated_at", "classification", "-classification", "area", "-area"}

// Page is one page of the list.
type Page struct {
	Items   []ListItem `json:"items"`
	Total   int        `json:"total"`
	Page    int        `json:"page"`
	PerPage int        `json:"per_page"`
}

// query builds the SELECT for f without ordering and paging.
func (s *Service) query(ctx context.Context, f Filter) (*bun.SelectQuery, error) {
	var c apperr.Collector
	if f.Class != "" && !f.Class.Valid() {
		c.Add("class", "field.one_of", apperr.Args{"Values": "poor, near_poor, escaped, average, none"})
	}
	var depBit poverty.Deprivations
	if f.Deprivation != "" {
		ind, ok := poverty.IndicatorByCode(f.Deprivation)
		if !ok {
			c.Add("deprivation", "field.unknown_code", apperr.Args{"Value": f.Deprivation})
		}
		depBit = poverty.Deprivations(0).With(ind)
	}
	var flagBit poverty.Flags
	if f.Flag != "" {
		fl, err := poverty.ParseFlags([]string{f.Flag})
		if err != nil {
			c.Add("flag", "field.unknown_code", apperr.Args{"Value": f.Flag})
		}
		flagBit = fl
	}
	if f.Year != 0 && (f.Year < MinYear || f.Year > MaxYear) {
		c.Add("year", "field.between", apperr.Args{"Min": MinYear, "Max": MaxYear})
	}
	var areaPath string
	if f.AreaID != 0 {
		a, err := area.Visible(ctx, s.db, f.AreaID)
		if err != nil {
			c.Add("area_id", "field.not_found", nil)
		} else {
			areaPath = a.Path
		}
	}
	if err := c.Err(); err != nil {
		return nil, err
	}

	q := s.db.NewSelect().TableExpr("households AS h").Join("JOIN areas AS a ON a.id = h.area_id").
		ColumnExpr("h.id, h.code, h.head_name, h.address, h.area_id, a.name AS area_name, h.members, h.urban").
		ColumnExpr("h.income_monthly, h.standard, h.classification_year, h.causes, h.flags, h.note, h.version, h.archived_at")
	if f.Year != 0 {
		// The list of a given year: its class and deprivations come from that year's row.
		q = q.Join("JOIN household_classifications AS hc ON hc.household_id = h.id AND hc.year = ?", f.Year).
			ColumnExpr("hc.classification AS classification, hc.deprivations AS deprivations")
	} else {
		q = q.ColumnExpr("h.classification, h.deprivations")
	}
	q = access.ScopeHouseholds(ctx, q, "h.id", "a.path")
	if areaPath != "" {
		q = q.Where("a.path LIKE ?", areaPath+"%")
	}
	classCol, depCol := "h.classification", "h.deprivations"
	if f.Year != 0 {
		classCol, depCol = "hc.classification", "hc.deprivations"
	}
	if f.Class != "" {
		q = q.Where("? = ?", bun.Safe(classCol), f.Class)
	}
	if depBit != 0 {
		q = q.Where("(? & ?) <> 0", bun.Safe(depCol), int64(depBit))
	}
	if flagBit != 0 {
		q = q.Where("(h.flags & ?) <> 0", int64(flagBit))
	}
	if p := access.From(ctx); f.UnitID != 0 && p != nil {
		q = q.Where("h.id IN (SELECT ha.household_id FROM household_assignments AS ha WHERE ha.unit_id = ? AND "+
			access.InForce("ha", p.Day())+")", f.UnitID)
	}
	if text := strings.TrimSpace(f.Query); text != "" {
		folded, code := database.Contains(Fold(text)), database.Contains(strings.ToLower(text))
		q = q.Where("(h.search_name LIKE ? "+database.LikeEscape+" OR LOWER(h.code) LIKE ? "+database.LikeEscape+")", folded, code)
	}
	if f.Archived {
		q = q.Where("h.archived_at IS NOT NULL")
	} else {
		q = q.Where("h.archived_at IS NULL")
	}
	return q, nil
}

func orderBy(sort string) (string, error) {
	key, dir := strings.TrimPrefix(sort, "-"), "ASC"
	if strings.HasPrefix(sort, "-") {
		dir = "DESC"
	}
	if sort == "" {
		key = "code"
	}
	col, ok := sortColumns[key]
	if !ok {
		return "", apperr.InvalidFields(apperr.Field("sort", "field.one_of", apperr.Args{"Values": strings.Join(SortKeys, ", ")}))
	}
	return col + " " + dir + ", h.id " + dir, nil
}

// List returns one page of households matching f, and how many match in all.
func (s *Service) List(ctx context.Context, f Filter) (*Page, error) {
	order, err := orderBy(f.Sort)
	if err != nil {
		return nil, err
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 25
	}
	if f.PerPage > MaxPerPage {
		return nil, apperr.InvalidFields(apperr.Field("per_page", "field.between", apperr.Args{"Min": 1, "Max": MaxPerPage}))
	}
	q, err := s.query(ctx, f)
	if err != nil {
		return nil, err
	}
	total, err := q.Count(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "count households")
	}
	items := []ListItem{}
	err = q.OrderExpr(order).Limit(int64(f.PerPage)).Offset(int64((f.Page-1)*f.PerPage)).Scan(ctx, &items)
	if err != nil {
		return nil, apperr.Wrap(err, "list households")
	}
	for i := range items {
		items[i].fill()
	}
	return &Page{Items: items, Total: int(total), Page: f.Page, PerPage: f.PerPage}, nil
}

// Each calls fn for every household matching f, in sort order, reading rows
// one at a time so that an export of a whole city does not sit in memory.
func (s *Service) Each(ctx context.Context, f Filter, fn func(*ListItem) error) error {
	order, err := orderBy(f.Sort)
	if err != nil {
		return err
	}
	q, err := s.query(ctx, f)
	if err != nil {
		return err
	}
	rows, err := q.OrderExpr(order).Rows(ctx)
	if err != nil {
		return apperr.Wrap(err, "export households")
	}
	defer rows.Close()
	for rows.Next() {
		var item ListItem
		if err := s.db.ScanRow(ctx, rows, &item); err != nil {
			return apperr.Wrap(err, "scan household")
		}
		item.fill()
		if err := fn(&item); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "export households")
	}
	return nil
}
