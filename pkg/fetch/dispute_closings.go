package fetch

import (
	"context"
	"encoding/json"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// EventSource lists events (in the pinned version's shapes, as stripeapi delivers them) and
// retrieves the objects of events whose version cannot be read; *stripeapi.Client satisfies it.
type EventSource interface {
	ListEvents(ctx context.Context, w stripeapi.Window, types []string, fn func(*stripe.Event) error) error
	RetrieveObject(ctx context.Context, objectType, id string) (json.RawMessage, error)
}

// DisputeClosings returns when each dispute closed, by dispute id, for the closings Stripe still
// has events of (the last 30 days) inside w.
func DisputeClosings(ctx context.Context, src EventSource, w stripeapi.Window) (map[string]records.DisputeClosing, error) {
	out := map[string]records.DisputeClosing{}
	err := src.ListEvents(ctx, w, []string{"charge.dispute.closed"}, func(e *stripe.Event) error {
		if c, ok := records.FromDisputeClosedEvent(e); ok {
			out[c.Dispute] = c
		}
		return nil
	})
	return out, err
}
