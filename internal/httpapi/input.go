package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
	"golang.org/x/text/unicode/norm"

	"chungtay/internal/apperr"
)

// cleanInput is the boundary of every operation (a huma middleware, so a new
// route has it for free): the text of path parameters, query parameters and
// JSON bodies is refused with a 422 naming the field when it holds a control
// character — NUL above all, which the database drivers cannot take — and is
// otherwise passed on in Unicode NFC, so "Nguyễn" typed on any keyboard is
// one name. Tab and line breaks are allowed only in multi-line text (notes,
// reasons, descriptions: see multiline). Multipart uploads (Excel files)
// pass untouched: their cells are the spreadsheet reader's to clean.
func (s *Server) cleanInput(ctx huma.Context, next func(huma.Context)) {
	var bad []apperr.FieldError
	op := ctx.Operation()
	c := &cleanContext{humaContext: ctx, params: map[string]string{}}
	for _, p := range op.Parameters {
		if p.In != "path" {
			continue
		}
		v, ok := cleanText(ctx.Param(p.Name), false)
		if raw, err := url.PathUnescape(v); err == nil { // the router leaves "%00" as it came
			_, okRaw := cleanText(raw, false)
			ok = ok && okRaw
		}
		if !ok {
			bad = append(bad, apperr.Field(p.Name, "field.control_char", nil))
		}
		c.params[p.Name] = v
	}
	// The query parameters the operation declares: the only ones huma reads.
	u := ctx.URL()
	query := u.Query()
	changed := false
	for _, p := range op.Parameters {
		name := p.Name
		if p.In != "query" {
			continue
		}
		for i, v := range query[name] {
			w, ok := cleanText(v, false)
			if !ok {
				bad = append(bad, apperr.Field(name, "field.control_char", nil))
			}
			changed = changed || w != v
			query[name][i] = w
		}
	}
	if changed {
		u.RawQuery = query.Encode()
	}
	c.url = u
	if op.RequestBody != nil && op.RequestBody.Content["application/json"] != nil && isJSON(ctx.Header("Content-Type")) {
		body, errs, ok := cleanBody(ctx.BodyReader(), op.MaxBodyBytes)
		if !ok { // too large: huma answers 413 from the untouched bytes
			c.body = body
		} else {
			c.body, bad = body, append(bad, errs...)
		}
		c.hasBody = true
	}
	if len(bad) > 0 {
		_ = huma.WriteErr(s.API, ctx, http.StatusUnprocessableEntity, "",
			&apperr.Error{Code: apperr.Invalid, MessageID: "error.invalid", Fields: bad})
		return
	}
	next(c)
}

// humaContext is huma.Context under a name that does not hide its Context method.
type humaContext = huma.Context

// cleanContext is the request as cleanInput passes it on: NFC text.
type cleanContext struct {
	humaContext
	params  map[string]string
	url     url.URL
	body    []byte
	hasBody bool
}

func (c *cleanContext) Param(name string) string {
	if v, ok := c.params[name]; ok {
		return v
	}
	return c.humaContext.Param(name)
}

func (c *cleanContext) Query(name string) string { return c.url.Query().Get(name) }

func (c *cleanContext) URL() url.URL { return c.url }

func (c *cleanContext) BodyReader() io.Reader {
	if c.hasBody {
		return bytes.NewReader(c.body)
	}
	return c.humaContext.BodyReader()
}

// isJSON reports whether a request's Content-Type is JSON (or absent, which
// huma reads as JSON for an operation that takes JSON).
func isJSON(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// cleanBody reads a JSON body and returns it with every string in NFC and
// the fields whose text holds a control character. A body that is not JSON
// is returned as it came (huma refuses it, naming what is wrong); ok is false
// when the body is over max bytes.
func cleanBody(r io.Reader, max int64) (body []byte, bad []apperr.FieldError, ok bool) {
	if r == nil {
		return nil, nil, true
	}
	if max > 0 {
		r = io.LimitReader(r, max+1)
	}
	body, err := io.ReadAll(r)
	if err != nil || (max > 0 && int64(len(body)) > max) {
		return body, nil, false
	}
	if !utf8.Valid(body) {
		return body, []apperr.FieldError{apperr.Field("body", "field.utf8", nil)}, true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil || dec.More() {
		return body, nil, true
	}
	changed := false
	v = walkJSON(v, "", "", &bad, &changed)
	if !changed || len(bad) > 0 {
		return body, bad, true
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return body, bad, true
	}
	return out.Bytes(), nil, true
}

// walkJSON cleans every string in v; path names the value as the API's
// errors do (members[2].name), key is the name of the member holding it.
func walkJSON(v any, path, key string, bad *[]apperr.FieldError, changed *bool) any {
	switch x := v.(type) {
	case string:
		w, ok := cleanText(x, multiline(key))
		if !ok {
			name := path
			if name == "" {
				name = "body"
			}
			*bad = append(*bad, apperr.Field(name, "field.control_char", nil))
		}
		*changed = *changed || w != x
		return w
	case []any:
		for i := range x {
			x[i] = walkJSON(x[i], path+"["+strconv.Itoa(i)+"]", key, bad, changed)
		}
	case map[string]any:
		for _, k := range sortedKeys(x) {
			name := k
			if path != "" {
				name = path + "." + k
			}
			x[k] = walkJSON(x[k], name, k, bad, changed)
		}
	}
	return v
}

// multiline reports whether the member named key holds text of several
// lines (a note, a reason, a description, a report's narrative), where tab
// and line breaks are allowed. A new multi-line member is named here, or
// ends in _note, _reason or _narrative.
func multiline(key string) bool {
	switch key {
	case "note", "notes", "reason", "description", "narrative", "comment", "content", "message",
		"results", "causes", "difficulties", "proposals": // a periodic report's narrative sections
		return true
	}
	return strings.HasSuffix(key, "_note") || strings.HasSuffix(key, "_reason") || strings.HasSuffix(key, "_narrative")
}

// cleanText returns s in NFC, and false if it holds a control character
// (tab, line feed and carriage return are allowed in multi-line text).
func cleanText(s string, lines bool) (string, bool) {
	ok := utf8.ValidString(s)
	for _, r := range s {
		if unicode.IsControl(r) && !(lines && (r == '\t' || r == '\n' || r == '\r')) {
			ok = false
			break
		}
	}
	return norm.NFC.String(s), ok
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
