package httpapi

import (
	"context"

	"chungtay/internal/audit"
	"chungtay/internal/civil"
)

type listAuditIn struct {
	Entity   string     `query:"entity" doc:"household, area, unit, user, grant, membership, session, api_token…"`
	EntityID int64      `query:"entity_id"`
	ActorID  int64      `query:"actor_id"`
	Action   string     `query:"action"`
	From     civil.Date `query:"from" doc:"first day, yyyy-mm-dd or dd/mm/yyyy"`
	To       civil.Date `query:"to" doc:"last day"`
	Page     int        `query:"page" default:"1" minimum:"1"`
	PerPage  int        `query:"per_page" default:"50" minimum:"1" maximum:"200"`
}

func (s *Server) listAudit(ctx context.Context, in *listAuditIn) (*bodyOut[*audit.Page], error) {
	p, err := audit.List(ctx, s.d.DB, s.d.Config.Location, audit.Filter{Entity: in.Entity, EntityID: in.EntityID,
		ActorID: in.ActorID, Action: in.Action, From: in.From, To: in.To, Page: in.Page, PerPage: in.PerPage})
	if err != nil {
		return nil, err
	}
	return out(p), nil
}
