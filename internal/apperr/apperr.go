// Package apperr is Chung Tay's one error type. Services return it; the HTTP
// layer maps its Code to a status in exactly one place and localises its
// message. Internal detail (Err) is logged and never shown to the client.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error for clients; it is stable and part of the API.
type Code string

// The error codes.
const (
	Invalid      Code = "invalid"      // the input is wrong (400/422)
	NotFound     Code = "not_found"    // no such thing, or not visible to the caller (404)
	Conflict     Code = "conflict"     // a stale version or a duplicate (409)
	Forbidden    Code = "forbidden"    // visible but not allowed (403)
	Unauthorized Code = "unauthorized" // not signed in (401)
	TooLarge     Code = "too_large"    // the body is over the limit (413)
	Unsupported  Code = "unsupported"  // wrong content type (415)
	RateLimited  Code = "rate_limited" // slow down (429)
	Internal     Code = "internal"     // our fault (500); the detail is only logged
)

// Args are the values a localised message refers to, by name.
type Args map[string]any

// FieldError is a problem with one input field.
type FieldError struct {
	Field     string // JSON name, "row 12 / column C" style for files
	MessageID string // key in the i18n catalogue
	Args      Args
}

// Error is an application error.
type Error struct {
	Code      Code
	MessageID string
	Args      Args
	Fields    []FieldError
	Err       error // internal cause, never shown to the client
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.MessageID
	for _, f := range e.Fields {
		s += fmt.Sprintf("; %s: %s", f.Field, f.MessageID)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a message id.
func New(code Code, messageID string, args Args) *Error {
	return &Error{Code: code, MessageID: messageID, Args: args}
}

// Field builds a FieldError.
func Field(field, messageID string, args Args) FieldError {
	return FieldError{Field: field, MessageID: messageID, Args: args}
}

// InvalidFields is a validation error listing every bad field.
func InvalidFields(fields ...FieldError) *Error {
	return &Error{Code: Invalid, MessageID: "error.invalid", Fields: fields}
}

// NotFoundError says that an entity (by its i18n name, e.g. "entity.household") does not exist.
func NotFoundError(entity string) *Error {
	return &Error{Code: NotFound, MessageID: "error.not_found", Args: Args{"Entity": entity}}
}

// StaleVersion is the optimistic-concurrency conflict: someone saved first.
func StaleVersion(entity string, current int) *Error {
	return &Error{Code: Conflict, MessageID: "error.stale_version", Args: Args{"Entity": entity, "Version": current}}
}

// Wrap marks an unexpected error as internal.
func Wrap(err error, action string) *Error {
	return &Error{Code: Internal, MessageID: "error.internal", Err: fmt.Errorf("%s: %w", action, err)}
}

// As finds an *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Collector gathers field errors during validation.
type Collector struct{ fields []FieldError }

// Add records a bad field.
func (c *Collector) Add(field, messageID string, args Args) {
	c.fields = append(c.fields, Field(field, messageID, args))
}

// Err returns nil when nothing was added, else an Invalid error.
func (c *Collector) Err() error {
	if len(c.fields) == 0 {
		return nil
	}
	return InvalidFields(c.fields...)
}
