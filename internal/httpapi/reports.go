package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/civil"
	"chungtay/internal/household/excel"
	"chungtay/internal/report"
)

// reportRoutes registers reporting obligations (chế độ báo cáo), the periodic
// reports, their workflow and completeness.
func (s *Server) reportRoutes() {
	api := s.API
	huma.Register(api, op("list-obligations", http.MethodGet, "/api/v1/report-obligations", "Reports", "Reporting obligations in sight: who reports to whom, how often, by when"), s.listObligations)
	huma.Register(api, created(op("create-obligation", http.MethodPost, "/api/v1/report-obligations", "Reports", "Enter a reporting obligation; its reports are created ahead")), s.createObligation)
	huma.Register(api, op("get-obligation", http.MethodGet, "/api/v1/report-obligations/{id}", "Reports", "A reporting obligation"), s.getObligation)
	huma.Register(api, op("update-obligation", http.MethodPut, "/api/v1/report-obligations/{id}", "Reports", "Change an obligation (by version); reports not yet sent follow it"), s.updateObligation)

	huma.Register(api, op("report-completeness", http.MethodGet, "/api/v1/reports/completeness", "Reports", "Completeness and timeliness per obligation and period"), s.reportCompleteness)
	huma.Register(api, op("report-consolidation", http.MethodGet, "/api/v1/reports/consolidation", "Reports", "What a recipient unit received for a period: expected, sent, missing, and the sum of the figures sent"), s.reportConsolidation)
	huma.Register(api, op("list-reports", http.MethodGet, "/api/v1/reports", "Reports", "Periodic reports in sight: a unit's inbox, what was received, overdue…"), s.listReports)
	huma.Register(api, op("get-report", http.MethodGet, "/api/v1/reports/{id}", "Reports", "A periodic report"), s.getReport)
	huma.Register(api, op("save-report", http.MethodPut, "/api/v1/reports/{id}", "Reports", "Save the draft (the reporting unit's leader; by version)"), s.saveReport)
	huma.Register(api, op("submit-report", http.MethodPost, "/api/v1/reports/{id}/submit", "Reports", "Submit the report to its recipients"), s.submitReport)
	huma.Register(api, op("return-report", http.MethodPost, "/api/v1/reports/{id}/return", "Reports", "Return a submitted report with a reason (a recipient)"), s.returnReport)
	huma.Register(api, op("approve-report", http.MethodPost, "/api/v1/reports/{id}/approve", "Reports", "Approve a submitted report, which locks it (a recipient)"), s.approveReport)
	huma.Register(api, op("reopen-report", http.MethodPost, "/api/v1/reports/{id}/reopen", "Reports", "Reopen an approved report with a reason (a recipient)"), s.reopenReport)
	huma.Register(api, op("report-events", http.MethodGet, "/api/v1/reports/{id}/events", "Reports", "Every step of a report's workflow"), s.reportEvents)
	pdf := op("report-pdf", http.MethodGet, "/api/v1/reports/{id}/pdf", "Reports", "The report as an administrative document (PDF, Nghị định 30/2020 or the Party's layout)")
	pdf.Responses = map[string]*huma.Response{"200": {Description: "the document", Content: map[string]*huma.MediaType{"application/pdf": {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
	huma.Register(api, pdf, s.reportPDF)
	xlsx := op("report-xlsx", http.MethodGet, "/api/v1/reports/{id}/xlsx", "Reports", "The report's figures as .xlsx")
	xlsx.Responses = map[string]*huma.Response{"200": {Description: "the figures", Content: map[string]*huma.MediaType{excel.ContentType: {Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}}}}
	huma.Register(api, xlsx, s.reportXLSX)
}

func (s *Server) reportPDF(ctx context.Context, in *IDPath) (*fileOut, error) {
	b, name, err := s.reports.PDF(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	return &fileOut{ContentType: "application/pdf", ContentDisposition: attachment(name), Body: b}, nil
}

func (s *Server) reportXLSX(ctx context.Context, in *IDPath) (*fileOut, error) {
	b, name, err := s.reports.XLSX(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	return &fileOut{ContentType: excel.ContentType, ContentDisposition: attachment(name), Body: b}, nil
}

type listObligationsIn struct {
	AreaID int64 `query:"area_id" doc:"obligations of this area's subtree"`
}

type obligationsOut struct {
	Body struct {
		Items []report.ObligationView `json:"items"`
	}
}

func (s *Server) listObligations(ctx context.Context, in *listObligationsIn) (*obligationsOut, error) {
	items, err := s.reports.Obligations(ctx, in.AreaID)
	if err != nil {
		return nil, err
	}
	o := &obligationsOut{}
	o.Body.Items = items
	return o, nil
}

func (s *Server) createObligation(ctx context.Context, in *struct{ Body report.ObligationInput }) (*bodyOut[*report.ObligationView], error) {
	v, err := s.reports.CreateObligation(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

func (s *Server) getObligation(ctx context.Context, in *IDPath) (*bodyOut[*report.ObligationView], error) {
	v, err := s.reports.Obligation(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

type updateObligationIn struct {
	IDPath
	Body report.ObligationInput
}

func (s *Server) updateObligation(ctx context.Context, in *updateObligationIn) (*bodyOut[*report.ObligationView], error) {
	v, err := s.reports.UpdateObligation(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

type listReportsIn struct {
	Period   string     `query:"period" maxLength:"20" doc:"2026, 2026-S1, 2026-Q3 or 2026-03"`
	UnitID   int64      `query:"unit_id" doc:"the reporting unit"`
	Status   string     `query:"status" enum:"not_started,draft,submitted,returned,approved"`
	Overdue  bool       `query:"overdue" doc:"not submitted and past the due day"`
	DueFrom  civil.Date `query:"due_from"`
	DueTo    civil.Date `query:"due_to"`
	Received bool       `query:"received" doc:"only reports sent to the units you belong to"`
	Page     int        `query:"page" default:"1" minimum:"1"`
	PerPage  int        `query:"per_page" default:"50" minimum:"1" maximum:"200"`
}

func (in *listReportsIn) filter() report.Filter {
	return report.Filter{Period: in.Period, UnitID: in.UnitID, Status: report.Status(in.Status), Overdue: in.Overdue,
		DueFrom: in.DueFrom, DueTo: in.DueTo, Received: in.Received, Limit: in.PerPage, Offset: (in.Page - 1) * in.PerPage}
}

type reportsOut struct {
	Body struct {
		Items []report.View `json:"items"`
		Total int           `json:"total"`
	}
}

func (s *Server) listReports(ctx context.Context, in *listReportsIn) (*reportsOut, error) {
	items, n, err := s.reports.List(ctx, s.d.Now(), in.filter())
	if err != nil {
		return nil, err
	}
	o := &reportsOut{}
	o.Body.Items, o.Body.Total = items, n
	return o, nil
}

type completenessOut struct {
	Body struct {
		Items []report.Completeness `json:"items"`
	}
}

func (s *Server) reportCompleteness(ctx context.Context, in *listReportsIn) (*completenessOut, error) {
	items, err := s.reports.CompletenessOf(ctx, s.d.Now(), in.filter())
	if err != nil {
		return nil, err
	}
	o := &completenessOut{}
	o.Body.Items = items
	return o, nil
}

type consolidationIn struct {
	UnitID int64  `query:"unit_id" required:"true" minimum:"1" doc:"the recipient unit"`
	Period string `query:"period" required:"true" minLength:"4" maxLength:"20" doc:"2026, 2026-S1, 2026-Q3 or 2026-03"`
}

func (s *Server) reportConsolidation(ctx context.Context, in *consolidationIn) (*bodyOut[*report.Consolidation], error) {
	c, err := s.reports.Consolidate(ctx, s.d.Now(), in.UnitID, in.Period)
	if err != nil {
		return nil, err
	}
	return out(c), nil
}

func (s *Server) getReport(ctx context.Context, in *IDPath) (*bodyOut[*report.Detail], error) {
	v, err := s.reports.Get(ctx, s.d.Now(), in.ID)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

type saveReportIn struct {
	IDPath
	Body report.DraftInput
}

func (s *Server) saveReport(ctx context.Context, in *saveReportIn) (*bodyOut[*report.Detail], error) {
	v, err := s.reports.SaveDraft(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

// reportStepIn is a workflow step: the version read and, to return or
// reopen, the reason.
type reportStepIn struct {
	IDPath
	Body struct {
		Version int    `json:"version" doc:"the version you read"`
		Reason  string `json:"reason,omitempty" required:"false" maxLength:"2000" doc:"why (returning and reopening)"`
	}
}

func (s *Server) submitReport(ctx context.Context, in *reportStepIn) (*bodyOut[*report.Detail], error) {
	return reportStep(s.reports.Submit(ctx, s.d.Now(), in.ID, in.Body.Version))
}

func (s *Server) returnReport(ctx context.Context, in *reportStepIn) (*bodyOut[*report.Detail], error) {
	return reportStep(s.reports.Return(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Reason))
}

func (s *Server) approveReport(ctx context.Context, in *reportStepIn) (*bodyOut[*report.Detail], error) {
	return reportStep(s.reports.Approve(ctx, s.d.Now(), in.ID, in.Body.Version))
}

func (s *Server) reopenReport(ctx context.Context, in *reportStepIn) (*bodyOut[*report.Detail], error) {
	return reportStep(s.reports.Reopen(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Reason))
}

func reportStep(v *report.Detail, err error) (*bodyOut[*report.Detail], error) {
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

type reportEventsOut struct {
	Body struct {
		Items []report.EventView `json:"items"`
	}
}

func (s *Server) reportEvents(ctx context.Context, in *IDPath) (*reportEventsOut, error) {
	items, err := s.reports.Events(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	o := &reportEventsOut{}
	o.Body.Items = items
	return o, nil
}
