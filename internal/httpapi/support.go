package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/civil"
	"chungtay/internal/household"
	"chungtay/internal/support"
)

// supportRoutes are support delivered (hỗ trợ), its evidence files, visits
// (thăm hỏi), and completing a task with its support.
func (s *Server) supportRoutes() {
	api := s.API
	// The fixed path before /support/{id}, which would otherwise match it.
	huma.Register(api, op("support-meta", http.MethodGet, "/api/v1/support/meta", "Support", "Types of support and funding sources with their labels; limits of evidence files"), s.supportMeta)
	huma.Register(api, op("list-support", http.MethodGet, "/api/v1/support", "Support", "List support delivered, with the count and total value of the filter"), s.listSupport)
	huma.Register(api, created(op("create-support", http.MethodPost, "/api/v1/support", "Support", "Record support delivered to a household")), s.createSupport)
	huma.Register(api, op("get-support", http.MethodGet, "/api/v1/support/{id}", "Support", "A support record"), s.getSupport)
	huma.Register(api, op("update-support", http.MethodPut, "/api/v1/support/{id}", "Support", "Correct a support record (never deleted; a stale version gets 409)"), s.updateSupport)
	upload := created(op("upload-evidence", http.MethodPost, "/api/v1/support/{id}/evidence", "Support",
		"Attach an evidence file (JPEG, PNG or PDF, at most 5 MiB) as the raw body; the name in ?filename="))
	upload.MaxBodyBytes = support.MaxEvidenceBytes + 1 // huma refuses a body that reaches the limit
	huma.Register(api, upload, s.uploadEvidence)
	huma.Register(api, op("list-evidence", http.MethodGet, "/api/v1/support/{id}/evidence", "Support", "The evidence files of a support record (metadata)"), s.listEvidence)
	download := op("download-evidence", http.MethodGet, "/api/v1/support/{id}/evidence/{fileId}", "Support", "Download an evidence file")
	download.Metadata = map[string]any{mediaTypesKey: support.MetaInfo().EvidenceTypes}
	huma.Register(api, download, s.downloadEvidence)
	huma.Register(api, op("list-visits", http.MethodGet, "/api/v1/visits", "Support", "List visits to households"), s.listVisits)
	huma.Register(api, created(op("create-visit", http.MethodPost, "/api/v1/visits", "Support", "Record a visit to a household")), s.createVisit)
	huma.Register(api, op("task-support", http.MethodPost, "/api/v1/tasks/{id}/support", "Support", "Complete a household task with the support it delivered, in one step"), s.taskSupport)
}

func (s *Server) supportMeta(ctx context.Context, _ *struct{}) (*bodyOut[support.Meta], error) {
	return out(support.MetaInfo()), nil
}

type listSupportIn struct {
	HouseholdID   int64          `query:"household_id" minimum:"0"`
	UnitID        int64          `query:"unit_id" minimum:"0"`
	Type          support.Type   `query:"type"`
	FundingSource support.Source `query:"funding_source"`
	From          civil.Date     `query:"from" doc:"first delivery day, yyyy-mm-dd or dd/mm/yyyy"`
	To            civil.Date     `query:"to" doc:"last delivery day"`
	Mine          bool           `query:"mine" doc:"only what you recorded"`
	Page          int            `query:"page" default:"1" minimum:"1"`
	PerPage       int            `query:"per_page" default:"50" minimum:"1" maximum:"200"`
}

func (s *Server) listSupport(ctx context.Context, in *listSupportIn) (*bodyOut[*support.Page], error) {
	p, err := s.support.List(ctx, support.Filter{HouseholdID: in.HouseholdID, UnitID: in.UnitID, Type: in.Type,
		FundingSource: in.FundingSource, From: in.From, To: in.To, Mine: in.Mine, Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) createSupport(ctx context.Context, in *struct{ Body support.Input }) (*bodyOut[*support.Record], error) {
	r, err := s.support.Create(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(r), nil
}

func (s *Server) getSupport(ctx context.Context, in *IDPath) (*bodyOut[*support.Item], error) {
	r, err := s.support.Get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return out(r), nil
}

type updateSupportIn struct {
	IDPath
	Body struct {
		Version int `json:"version" doc:"the version you read; a stale one gets 409"`
		support.Change
	}
}

func (s *Server) updateSupport(ctx context.Context, in *updateSupportIn) (*bodyOut[*support.Record], error) {
	r, err := s.support.Update(ctx, s.d.Now(), in.ID, in.Body.Version, in.Body.Change)
	if err != nil {
		return nil, err
	}
	return out(r), nil
}

type uploadEvidenceIn struct {
	IDPath
	Filename string `query:"filename" maxLength:"255" doc:"the file's name; cleaned, and given the extension of its real type"`
	RawBody  []byte `contentType:"application/octet-stream" doc:"the file itself; its type is judged from its bytes"`
}

func (s *Server) uploadEvidence(ctx context.Context, in *uploadEvidenceIn) (*bodyOut[*support.Evidence], error) {
	f, err := s.support.Upload(ctx, s.d.Now(), in.ID, in.Filename, in.RawBody)
	if err != nil {
		return nil, err
	}
	return out(f), nil
}

func (s *Server) listEvidence(ctx context.Context, in *IDPath) (*itemsOut[support.Evidence], error) {
	items, err := s.support.ListEvidence(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[support.Evidence]{}
	o.Body.Items = items
	return o, nil
}

type evidenceFileIn struct {
	IDPath
	FileID int64 `path:"fileId" minimum:"1"`
}

// evidenceOut is a downloaded file: never rendered in the browser, never
// sniffed into another type, never kept in a shared cache.
type evidenceOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	NoSniff            string `header:"X-Content-Type-Options"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

func (s *Server) downloadEvidence(ctx context.Context, in *evidenceFileIn) (*evidenceOut, error) {
	f, err := s.support.Download(ctx, s.d.Now(), in.ID, in.FileID)
	if err != nil {
		return nil, err
	}
	return &evidenceOut{ContentType: f.ContentType, ContentDisposition: attachment(f.Filename), NoSniff: "nosniff",
		CacheControl: "private, no-store", Body: f.Content}, nil
}

// attachment is the Content-Disposition of a download: an ASCII name for old
// clients and the UTF-8 name (RFC 6266, RFC 5987) for the others.
func attachment(name string) string {
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(name), url.PathEscape(name))
}

// asciiName is the name without diacritics, in lower case ("ảnh nhà.png" →
// "anh nha.png"), with what is still not printable ASCII, or a quote, as "_".
func asciiName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, household.Fold(name))
}

type listVisitsIn struct {
	HouseholdID int64      `query:"household_id" minimum:"0"`
	UnitID      int64      `query:"unit_id" minimum:"0"`
	From        civil.Date `query:"from" doc:"first visit day, yyyy-mm-dd or dd/mm/yyyy"`
	To          civil.Date `query:"to" doc:"last visit day"`
	Mine        bool       `query:"mine" doc:"only your visits"`
	Page        int        `query:"page" default:"1" minimum:"1"`
	PerPage     int        `query:"per_page" default:"50" minimum:"1" maximum:"200"`
}

func (s *Server) listVisits(ctx context.Context, in *listVisitsIn) (*bodyOut[*support.VisitPage], error) {
	p, err := s.support.ListVisits(ctx, support.VisitFilter{HouseholdID: in.HouseholdID, UnitID: in.UnitID,
		From: in.From, To: in.To, Mine: in.Mine, Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, err
	}
	return out(p), nil
}

func (s *Server) createVisit(ctx context.Context, in *struct{ Body support.VisitInput }) (*bodyOut[*support.Visit], error) {
	v, err := s.support.CreateVisit(ctx, s.d.Now(), in.Body)
	if err != nil {
		return nil, err
	}
	return out(v), nil
}

type taskSupportIn struct {
	IDPath
	Body support.TaskSupportInput
}

func (s *Server) taskSupport(ctx context.Context, in *taskSupportIn) (*bodyOut[*support.TaskSupport], error) {
	r, err := s.support.CompleteTask(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(r), nil
}
