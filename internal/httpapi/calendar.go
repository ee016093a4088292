package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/access"
	"chungtay/internal/apperr"
)

// calendarRoutes registers each person's calendar of deadlines: the address
// (made on first use, reset to end the old one) and the feed itself, read by
// a phone's calendar with the secret in its address and no session.
func (s *Server) calendarRoutes() {
	api := s.API
	huma.Register(api, op("get-calendar", http.MethodGet, "/api/v1/me/calendar", "Account", "The secret address of your calendar of deadlines (reports, tasks) for a phone's calendar"), s.getCalendar)
	huma.Register(api, op("reset-calendar", http.MethodPost, "/api/v1/me/calendar/reset", "Account", "End your calendar's address and get a new one"), s.resetCalendar)
	feed := op("calendar-feed", http.MethodGet, "/api/v1/calendar/{secret}.ics", "Account", "A calendar of deadlines (RFC 5545); the secret is the key")
	feed.Security = []map[string][]string{}
	feed.Responses = map[string]*huma.Response{"200": {Description: "the calendar", Content: map[string]*huma.MediaType{"text/calendar": {Schema: &huma.Schema{Type: huma.TypeString}}}}}
	huma.Register(api, feed, s.calendarFeed)
}

type calendarOut struct {
	Body struct {
		URL       string    `json:"url" doc:"subscribe to it in a calendar app; keep it private"`
		CreatedAt time.Time `json:"created_at"`
	}
}

func (s *Server) getCalendar(ctx context.Context, _ *struct{}) (*calendarOut, error) {
	f, err := s.feeds.Mine(ctx, s.d.Now())
	if err != nil {
		return nil, err
	}
	o := &calendarOut{}
	o.Body.URL, o.Body.CreatedAt = s.feeds.URL(f.Secret), f.CreatedAt
	return o, nil
}

func (s *Server) resetCalendar(ctx context.Context, _ *struct{}) (*calendarOut, error) {
	f, err := s.feeds.Reset(ctx, s.d.Now())
	if err != nil {
		return nil, err
	}
	o := &calendarOut{}
	o.Body.URL, o.Body.CreatedAt = s.feeds.URL(f.Secret), f.CreatedAt
	return o, nil
}

type calendarFeedIn struct {
	Secret string `path:"secret" maxLength:"64"`
}

type calendarFeedOut struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

func (s *Server) calendarFeed(ctx context.Context, in *calendarFeedIn) (*calendarFeedOut, error) {
	uid, err := s.feeds.Owner(ctx, in.Secret)
	if err != nil {
		return nil, err
	}
	if s.d.Accounts == nil {
		return nil, apperr.NotFoundError("entity.calendar_feed")
	}
	p, err := s.d.Accounts.Principal(ctx, uid)
	if err != nil {
		return nil, apperr.NotFoundError("entity.calendar_feed") // a deactivated user's feed is gone
	}
	p.Today = s.today()
	body, err := s.feeds.Write(access.With(ctx, p), s.d.Now())
	if err != nil {
		return nil, err
	}
	return &calendarFeedOut{ContentType: "text/calendar; charset=utf-8", CacheControl: "private, max-age=900", Body: []byte(body)}, nil
}
