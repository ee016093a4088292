// Package reqinfo carries what is known of the HTTP request that caused some
// work — its id, the client address, the caller's language — through the
// context, to the error mapper, the audit trail and the logs.
package reqinfo

import "context"

// Info describes the request.
type Info struct {
	ID       string
	ClientIP string
	Lang     string // "vi" or "en"
}

type ctxKey struct{}

// With returns ctx carrying info.
func With(ctx context.Context, info Info) context.Context {
	return context.WithValue(ctx, ctxKey{}, info)
}

// From returns the request's info; the zero Info outside a request (Lang "vi").
func From(ctx context.Context) Info {
	info, _ := ctx.Value(ctxKey{}).(Info)
	if info.Lang == "" {
		info.Lang = "vi"
	}
	return info
}
