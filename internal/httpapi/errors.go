package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/validation"
	"github.com/gofiber/fiber/v2"

	"chungtay/internal/apperr"
	"chungtay/internal/civil"
	"chungtay/internal/i18n"
	"chungtay/internal/reqinfo"
)

// ErrorBody is every error response: {"error": {...}}.
type ErrorBody struct {
	Info   ErrorInfo `json:"error"`
	status int
}

// ErrorInfo says what went wrong, in the caller's language.
type ErrorInfo struct {
	Code      apperr.Code    `json:"code" doc:"stable error code" enum:"invalid,not_found,conflict,forbidden,unauthorized,too_large,unsupported,rate_limited,internal"`
	Message   string         `json:"message" doc:"message in the caller's language (Accept-Language; Vietnamese by default)"`
	Fields    []FieldMessage `json:"fields,omitempty" doc:"one entry per bad input field"`
	RequestID string         `json:"request_id"`
}

// FieldMessage is a problem with one field.
type FieldMessage struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *ErrorBody) Error() string  { return string(e.Info.Code) + ": " + e.Info.Message }
func (e *ErrorBody) GetStatus() int { return e.status }

// statusOf is the one map from error code to HTTP status.
func statusOf(code apperr.Code) int {
	switch code {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.Unsupported:
		return http.StatusUnsupportedMediaType
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

func codeOf(status int) apperr.Code {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return apperr.Invalid
	case http.StatusNotFound:
		return apperr.NotFound
	case http.StatusConflict:
		return apperr.Conflict
	case http.StatusForbidden:
		return apperr.Forbidden
	case http.StatusUnauthorized:
		return apperr.Unauthorized
	case http.StatusRequestEntityTooLarge:
		return apperr.TooLarge
	case http.StatusUnsupportedMediaType:
		return apperr.Unsupported
	case http.StatusTooManyRequests:
		return apperr.RateLimited
	}
	if status >= 500 {
		return apperr.Internal
	}
	return apperr.Invalid
}

// fieldLabel names a field for people: "Số nhân khẩu (members)".
func fieldLabel(lang, field string) string {
	if field == "" {
		return ""
	}
	base := field
	if i := strings.IndexAny(base, ".["); i >= 0 {
		base = base[:i]
	}
	if i18n.Has(lang, "label."+base) {
		return i18n.T(lang, "label."+base, nil) + " (" + field + ")"
	}
	return field
}

// localize turns an application error into the response body.
func localize(lang, requestID string, e *apperr.Error) *ErrorBody {
	body := &ErrorBody{status: statusOf(e.Code), Info: ErrorInfo{Code: e.Code, RequestID: requestID,
		Message: i18n.T(lang, e.MessageID, e.Args)}}
	if e.Code == apperr.Internal {
		body.Info.Message = i18n.T(lang, "error.internal", nil)
	}
	for _, f := range e.Fields {
		args := apperr.Args{}
		for k, v := range f.Args {
			args[k] = v
		}
		args["Field"] = fieldLabel(lang, f.Field)
		body.Info.Fields = append(body.Info.Fields, FieldMessage{Field: f.Field, Message: i18n.T(lang, f.MessageID, args)})
	}
	return body
}

// humaMessage maps one of huma's English validation messages to our message id.
type humaMessage struct {
	re   *regexp.Regexp
	id   string
	args []string // names of the values captured by the format's verbs, in order
}

// humaMessages is built from huma's own message formats, so it follows them.
var humaMessages = func() []humaMessage {
	table := []struct {
		format, id string
		args       []string
	}{
		{validation.MsgExpectedRequiredProperty, "field.required", []string{"Field"}},
		{validation.MsgUnexpectedProperty, "field.unexpected", nil},
		{validation.MsgExpectedString, "field.type_string", nil},
		{validation.MsgExpectedInteger, "field.type_integer", nil},
		{validation.MsgExpectedNumber, "field.type_number", nil},
		{validation.MsgExpectedBoolean, "field.type_boolean", nil},
		{validation.MsgExpectedArray, "field.type_array", nil},
		{validation.MsgExpectedObject, "field.type_object", nil},
		{validation.MsgExpectedRFC3339Date, "field.date", nil},
		{validation.MsgExpectedMinLength, "field.min_len", []string{"Min"}},
		{validation.MsgExpectedMaxLength, "field.max_len", []string{"Max"}},
		{validation.MsgExpectedMinimumNumber, "field.min", []string{"Min"}},
		{validation.MsgExpectedMaximumNumber, "field.max", []string{"Max"}},
		{validation.MsgExpectedOneOf, "field.one_of", []string{"Values"}},
		{validation.MsgExpectedMatchPattern, "field.pattern", []string{"Pattern"}},
		{validation.MsgExpectedMaxItems, "field.max", []string{"Max"}},
	}
	out := make([]humaMessage, 0, len(table))
	for _, t := range table {
		pattern := regexp.QuoteMeta(t.format)
		for _, verb := range []string{"%v", "%s", "%d"} {
			pattern = strings.ReplaceAll(pattern, verb, "(.*)")
		}
		out = append(out, humaMessage{regexp.MustCompile("^" + pattern + "$"), t.id, t.args})
	}
	return out
}()

// fromHuma turns one huma validation detail into a field error.
func fromHuma(d *huma.ErrorDetail) apperr.FieldError {
	field := d.Location
	for _, prefix := range []string{"body.", "query.", "path.", "header."} {
		field = strings.TrimPrefix(field, prefix)
	}
	if field == "body" {
		field = ""
	}
	if strings.Contains(d.Message, civil.ErrNotDate.Error()) { // a date parameter (?from=31/02/2018)
		if field == "" {
			field = "body"
		}
		return apperr.Field(field, "field.date", nil)
	}
	for _, m := range humaMessages {
		sub := m.re.FindStringSubmatch(d.Message)
		if sub == nil {
			continue
		}
		args := apperr.Args{}
		for i, name := range m.args {
			args[name] = sub[i+1]
		}
		if name, ok := args["Field"].(string); ok { // "required property X": X is the field
			if field != "" {
				name = field + "." + name
			}
			field = name
			delete(args, "Field")
		}
		if field == "" { // the body as a whole: a JSON array or null where an object is due
			field = "body"
		}
		return apperr.Field(field, m.id, args)
	}
	if field == "" {
		field = "body"
	}
	return apperr.Field(field, "field.invalid", apperr.Args{"Detail": d.Message})
}

// isHumaMessage reports whether msg is one of huma's validation messages
// (rather than a decoding error passed through).
func isHumaMessage(msg string) bool {
	for _, m := range humaMessages {
		if m.re.MatchString(msg) {
			return true
		}
	}
	return false
}

func requestIDFrom(ctx context.Context) string { return reqinfo.From(ctx).ID }

func langFrom(ctx context.Context) string { return reqinfo.From(ctx).Lang }

// installHumaErrors makes huma answer with ErrorBody, localised. Handlers
// return *apperr.Error; huma's own validation errors are translated.
func installHumaErrors(log *slog.Logger) {
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return toBody(context.Background(), nil, log, status, msg, errs...)
	}
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		ctx := context.Background()
		var op *huma.Operation
		if hctx != nil {
			ctx, op = hctx.Context(), hctx.Operation()
		}
		return toBody(ctx, op, log, status, msg, errs...)
	}
}

func toBody(ctx context.Context, op *huma.Operation, log *slog.Logger, status int, msg string, errs ...error) *ErrorBody {
	lang, rid := langFrom(ctx), requestIDFrom(ctx)
	for _, err := range errs {
		if e, ok := apperr.As(err); ok {
			if e.Code == apperr.Internal {
				log.Error("internal error", "request_id", rid, "err", e.Err)
			}
			return localize(lang, rid, e)
		}
	}
	if status == 0 { // huma builds one to learn the error schema
		return &ErrorBody{}
	}
	e := &apperr.Error{Code: codeOf(status), MessageID: "error." + string(codeOf(status))}
	switch {
	case status >= 500:
		log.Error("internal error", "request_id", rid, "msg", msg, "errs", fmt.Sprint(errs))
		e.MessageID = "error.internal"
	case status == http.StatusBadRequest && len(errs) > 0:
		e.MessageID = "error.bad_json"
	case status == http.StatusRequestEntityTooLarge:
		e.Args = apperr.Args{"Max": sizeOf(msg)}
	case status == http.StatusBadRequest && strings.Contains(msg, "body is required"):
		e.MessageID = "error.invalid"
		e.Fields = []apperr.FieldError{apperr.Field("body", "field.required", nil)}
	case status == http.StatusUnprocessableEntity || status == http.StatusBadRequest:
		e.MessageID = "error.invalid"
	}
	if status == http.StatusUnprocessableEntity || (status == http.StatusBadRequest && e.MessageID != "error.bad_json") {
		for _, err := range errs {
			var d *huma.ErrorDetail
			if !errors.As(err, &d) {
				continue
			}
			// A value the schema allowed but its Go type refused (a date
			// that is no day): find which.
			if raw, ok := d.Value.(string); ok && d.Location == "body" && !isHumaMessage(d.Message) {
				if t := bodyType(op); t != nil {
					if found := badValueErrors(t, []byte(raw)); len(found) > 0 {
						e.Fields = append(e.Fields, found...)
						continue
					}
				}
			}
			e.Fields = append(e.Fields, fromHuma(d))
		}
	}
	if status == http.StatusBadRequest && e.MessageID == "error.invalid" && len(e.Fields) == 0 {
		e.MessageID = "error.bad_json"
	}
	body := localize(lang, rid, e)
	body.status = status
	return body
}

var limitRe = regexp.MustCompile(`limit=(\d+)`)

// sizeOf turns huma's "… limit=5242881 bytes" into "5 MB".
func sizeOf(msg string) string {
	m := limitRe.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	var n int64
	fmt.Sscan(m[1], &n)
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// fiberErrorHandler answers errors raised outside huma (unknown routes, body
// limits, panics) in the same JSON shape.
func fiberErrorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		status := http.StatusInternalServerError
		var fe *fiber.Error
		if errors.As(err, &fe) {
			status = fe.Code
		}
		e := &apperr.Error{Code: codeOf(status), MessageID: "error." + string(codeOf(status))}
		switch status {
		case http.StatusNotFound:
			e.MessageID = "error.route_not_found"
		case http.StatusMethodNotAllowed:
			e.Code, e.MessageID = apperr.Invalid, "error.method_not_allowed"
		case http.StatusRequestEntityTooLarge:
			e.Args = apperr.Args{"Max": sizeOf(fmt.Sprintf("limit=%d", c.App().Config().BodyLimit))}
		}
		if status >= 500 {
			log.Error("internal error", "request_id", requestIDFrom(c.UserContext()), "err", err)
			e.MessageID = "error.internal"
		}
		body := localize(langFrom(c.UserContext()), requestIDFrom(c.UserContext()), e)
		return c.Status(status).JSON(body)
	}
}
