package httpapi

import (
	"context"

	"chungtay/internal/assignment"
)

func (s *Server) listAssignments(ctx context.Context, in *IDPath) (*itemsOut[assignment.View], error) {
	items, err := s.assignments.List(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	o := &itemsOut[assignment.View]{}
	o.Body.Items = items
	return o, nil
}

type assignIn struct {
	IDPath
	Body assignment.Input
}

func (s *Server) assignHousehold(ctx context.Context, in *assignIn) (*bodyOut[*assignment.Assignment], error) {
	a, err := s.assignments.Assign(ctx, s.d.Now(), in.ID, in.Body)
	if err != nil {
		return nil, err
	}
	return out(a), nil
}
