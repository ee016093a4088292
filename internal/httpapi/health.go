package httpapi

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"chungtay/internal/database"
)

type healthOut struct {
	Body struct {
		Status string `json:"status" enum:"ok"`
	}
}

// readyBody says whether the server can serve: its database answers.
type readyBody struct {
	Status   string `json:"status" enum:"ok,unavailable"`
	Database string `json:"database" enum:"up,down"`
}

type readyOut struct {
	Status int
	Body   readyBody
}

// healthRoutes are the probes of a load balancer or an orchestrator: public,
// outside /api/v1, in the OpenAPI document like every other operation.
func (s *Server) healthRoutes() {
	huma.Register(s.API, op("healthz", http.MethodGet, "/healthz", "Health", "Liveness: the process answers"),
		func(context.Context, *struct{}) (*healthOut, error) {
			o := &healthOut{}
			o.Body.Status = "ok"
			return o, nil
		})
	ready := op("readyz", http.MethodGet, "/readyz", "Health", "Readiness: the database answers (503 when it does not)")
	ready.Responses = map[string]*huma.Response{"503": {Description: "The database does not answer",
		Content: map[string]*huma.MediaType{"application/json": {Schema: s.API.OpenAPI().Components.Schemas.Schema(
			reflect.TypeFor[readyBody](), true, "")}}}}
	huma.Register(s.API, ready, func(ctx context.Context, _ *struct{}) (*readyOut, error) {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		o := &readyOut{Status: http.StatusOK}
		o.Body.Status, o.Body.Database = "ok", "up"
		if err := database.Ready(ctx, s.d.DB); err != nil {
			s.d.Log.Warn("not ready", "err", err)
			o.Status, o.Body.Status, o.Body.Database = http.StatusServiceUnavailable, "unavailable", "down"
		}
		return o, nil
	})
}
