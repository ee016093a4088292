package httpapi

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/household/excel"
)

// mediaTypesKey, in an operation's Metadata, lists the media types of a file
// it answers (a []byte body); a path ending in .xlsx needs none.
const mediaTypesKey = "media_types"

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// describeOperations completes the OpenAPI document of every operation,
// those registered later included: the error statuses it really answers,
// "security: []" when it is public, the media type of the files it sends,
// and the body of an import's 422. A generated client then expects what
// the server does.
func (s *Server) describeOperations() {
	doc := s.API.OpenAPI()
	reg := doc.Components.Schemas
	errSchema := reg.Schema(reflect.TypeFor[ErrorBody](), true, "ErrorBody")
	importFailureSchema := reg.Schema(reflect.TypeFor[importFailure](), true, "ImportFailure")
	importResult := reg.Schema(reflect.TypeFor[excel.Result](), true, "ExcelResult")
	describe := func(o *huma.Operation) {
		r := rules[o.OperationID]
		if r == public {
			o.Security = []map[string][]string{} // "security: []": no sign-in
		}
		for status, why := range errorStatuses(o, r) {
			if o.Responses[strconv.Itoa(status)] != nil {
				continue
			}
			o.Responses[strconv.Itoa(status)] = &huma.Response{Description: why,
				Content: map[string]*huma.MediaType{"application/json": {Schema: errSchema}}}
		}
		if ok := o.Responses["200"]; ok != nil {
			binaryBody(o, ok)
			// An import with bad rows answers 422 with every row's problem beside the error.
			if mt := ok.Content["application/json"]; mt != nil && mt.Schema != nil && mt.Schema.Ref == importResult.Ref {
				o.Responses["422"] = &huma.Response{Description: "Rows not valid: nothing was written; every bad row, column and message",
					Content: map[string]*huma.MediaType{"application/json": {Schema: importFailureSchema}}}
			}
		}
	}
	for _, item := range doc.Paths {
		for _, o := range operationsOf(item) {
			describe(o)
		}
	}
	doc.OnAddOperation = append(doc.OnAddOperation, func(_ *huma.OpenAPI, o *huma.Operation) { describe(o) })
}

// errorStatuses are the error statuses operation o may answer under rule r,
// each with why.
func errorStatuses(o *huma.Operation, r rule) map[int]string {
	out := map[int]string{}
	unsafe := o.Method != http.MethodGet && o.Method != http.MethodHead
	hasPath, hasInput := false, o.RequestBody != nil
	for _, p := range o.Parameters {
		hasPath = hasPath || p.In == "path"
		hasInput = hasInput || p.In == "path" || p.In == "query"
	}
	if r != public {
		out[http.StatusUnauthorized] = "Not signed in, or the session or token is no longer valid"
		if r != signedIn || unsafe {
			out[http.StatusForbidden] = "Not allowed: the caller's roles do not permit it, or (with a session) the X-CSRF-Token header is missing"
		}
	}
	if hasPath || (unsafe && r != public) {
		out[http.StatusNotFound] = "Not found — or not in the caller's sight, which answers the same"
	}
	if unsafe && r != public {
		out[http.StatusConflict] = "Conflict: a stale version, a code already taken, or a state that no longer allows it"
	}
	if hasInput {
		out[http.StatusUnprocessableEntity] = "Input not valid: every bad field is named"
	}
	if o.RequestBody != nil {
		out[http.StatusBadRequest] = "The body is not valid JSON (or not the declared type)"
		out[http.StatusRequestEntityTooLarge] = "The body is too large"
		for ct := range o.RequestBody.Content {
			if ct != "application/json" {
				out[http.StatusUnsupportedMediaType] = "The file is not of an accepted type"
			}
		}
	}
	if r == public && unsafe {
		out[http.StatusTooManyRequests] = "Too many attempts: wait before trying again"
	}
	return out
}

// binaryBody documents a file answer (a []byte body, which huma describes
// as base64 JSON) as the bytes of its media types.
func binaryBody(o *huma.Operation, res *huma.Response) {
	mt := res.Content["application/json"]
	if mt == nil || mt.Schema == nil || mt.Schema.Type != huma.TypeString || mt.Schema.ContentEncoding != "base64" {
		return
	}
	types, _ := o.Metadata[mediaTypesKey].([]string)
	if strings.HasSuffix(o.Path, ".xlsx") {
		types = []string{xlsxType}
	}
	if len(types) == 0 {
		types = []string{"application/octet-stream"}
	}
	res.Content = map[string]*huma.MediaType{}
	for _, t := range types {
		res.Content[t] = &huma.MediaType{Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}
	}
}
