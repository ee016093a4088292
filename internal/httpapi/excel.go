package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"chungtay/internal/apperr"
	"chungtay/internal/audit"
	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/household/excel"
	"chungtay/internal/i18n"
)

type fileOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func xlsxFile(name string, b []byte) *fileOut {
	return &fileOut{ContentType: excel.ContentType, Body: b,
		ContentDisposition: fmt.Sprintf(`attachment; filename="%s"`, name)}
}

func (s *Server) importTemplate(ctx context.Context, _ *struct{}) (*fileOut, error) {
	var buf bytes.Buffer
	if err := excel.Template(&buf); err != nil {
		return nil, apperr.Wrap(err, "write import template")
	}
	return xlsxFile("mau-nhap-ho-gia-dinh.xlsx", buf.Bytes()), nil
}

func (s *Server) exportHouseholds(ctx context.Context, in *HouseholdFilter) (*fileOut, error) {
	f := in.filter()
	// Check the filter first, so that a bad one is a 4xx and not half a file.
	first, err := s.d.Households.List(ctx, withPage(f, 1, 1))
	if err != nil {
		return nil, err
	}
	// Personal data leaving the system is recorded: who, which filter, how many rows.
	if err := audit.Record(ctx, s.d.DB, s.d.Now(), audit.Change{Action: audit.Export, Entity: "household",
		After: map[string]any{"filter": in, "rows": first.Total}}); err != nil {
		return nil, apperr.Wrap(err, "audit export")
	}
	var buf bytes.Buffer
	if err := excel.Export(ctx, &buf, s.d.Households, f, s.areaCode()); err != nil {
		if _, ok := apperr.As(err); ok {
			return nil, err
		}
		return nil, apperr.Wrap(err, "export households")
	}
	name := fmt.Sprintf("ho-gia-dinh-%s.xlsx", civil.DateOf(s.d.Now(), s.d.Config.Location))
	return xlsxFile(name, buf.Bytes()), nil
}

func withPage(f household.Filter, page, perPage int) household.Filter {
	f.Page, f.PerPage = page, perPage
	return f
}

// areaCode resolves area ids to codes with a small per-export cache.
func (s *Server) areaCode() func(ctx context.Context, id int64) (string, error) {
	cache := map[int64]string{}
	return func(ctx context.Context, id int64) (string, error) {
		if code, ok := cache[id]; ok {
			return code, nil
		}
		a, err := s.d.Areas.Get(ctx, id)
		if err != nil {
			return "", err
		}
		cache[id] = a.Code
		return a.Code, nil
	}
}

type importIn struct {
	DryRun  bool   `query:"dry_run" doc:"check every row and write nothing"`
	RawBody []byte `contentType:"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"`
}

// importFailure is the 422 answer of an import with bad rows: the error and
// every row problem, each with its row, column and message.
type importFailure struct {
	Info ErrorInfo `json:"error"`
	*excel.Result
}

func (f *importFailure) Error() string  { return f.Info.Message }
func (f *importFailure) GetStatus() int { return http.StatusUnprocessableEntity }

func (s *Server) importHouseholds(ctx context.Context, in *importIn) (*bodyOut[*excel.Result], error) {
	if len(in.RawBody) == 0 {
		return nil, apperr.InvalidFields(apperr.Field("file", "field.required", nil))
	}
	lookup := func(ctx context.Context, code string) (int64, bool, error) {
		a, err := s.d.Areas.ByCode(ctx, code)
		if err != nil {
			if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
				return 0, false, nil
			}
			return 0, false, err
		}
		return a.ID, a.DissolvedOn.IsZero(), nil
	}
	// The households written have their tasks follow them, in the import's transaction.
	res, err := excel.ImportFollowing(ctx, s.d.DB, s.d.Now(), bytes.NewReader(in.RawBody), in.DryRun, s.d.Households.City(), lookup,
		s.d.Households.Followed)
	if err != nil {
		return nil, err
	}
	if !in.DryRun && len(res.Errors) == 0 {
		// Each household written has its own entry; this one records the import itself.
		if err := audit.Record(ctx, s.d.DB, s.d.Now(), audit.Change{Action: audit.Import, Entity: "household_import",
			After: map[string]int{"rows": res.Rows, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged}}); err != nil {
			return nil, apperr.Wrap(err, "audit import")
		}
	}
	return s.importAnswer(ctx, res)
}

// importAnswer localises an import's row errors and answers 422 when there
// are any (nothing was written), else 200 with what was done.
func (s *Server) importAnswer(ctx context.Context, res *excel.Result) (*bodyOut[*excel.Result], error) {
	lang := langFrom(ctx)
	for i := range res.Errors {
		e := &res.Errors[i]
		args := apperr.Args{}
		for k, v := range e.Args {
			args[k] = v
		}
		// The sheet's own heading names the column ("Mã địa bàn", not area_id),
		// and the message quotes the cell.
		args["Field"] = fieldLabel(lang, e.Field)
		if e.Heading != "" {
			args["Field"] = `"` + e.Heading + `"`
		}
		e.Message = i18n.T(lang, e.MessageID, args)
		if e.Value != "" {
			e.Message += " " + i18n.T(lang, "excel.cell_value", apperr.Args{"Cell": fmt.Sprintf("%s%d", e.Column, e.Row), "Value": e.Value})
		}
	}
	for i := range res.Notes {
		res.Notes[i].Message = i18n.T(lang, res.Notes[i].MessageID, res.Notes[i].Args)
	}
	if len(res.Errors) > 0 {
		return nil, &importFailure{Info: ErrorInfo{Code: apperr.Invalid, RequestID: requestIDFrom(ctx),
			Message: i18n.T(lang, "excel.rows_invalid", apperr.Args{"Count": len(res.Errors)})}, Result: res}
	}
	return out(res), nil
}

func (s *Server) assignmentTemplate(ctx context.Context, _ *struct{}) (*fileOut, error) {
	var buf bytes.Buffer
	if err := excel.AssignmentTemplate(&buf); err != nil {
		return nil, apperr.Wrap(err, "write assignment template")
	}
	return xlsxFile("mau-phan-cong.xlsx", buf.Bytes()), nil
}

func (s *Server) importAssignments(ctx context.Context, in *importIn) (*bodyOut[*excel.Result], error) {
	if len(in.RawBody) == 0 {
		return nil, apperr.InvalidFields(apperr.Field("file", "field.required", nil))
	}
	res, err := excel.ImportAssignments(ctx, s.assignments, s.d.Now(), bytes.NewReader(in.RawBody), in.DryRun)
	if err != nil {
		return nil, err
	}
	return s.importAnswer(ctx, res)
}
