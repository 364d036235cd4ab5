package fetch

import (
	"context"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// PayoutSource lists payouts; *stripeapi.Client satisfies it.
type PayoutSource interface {
	ListPayouts(ctx context.Context, w stripeapi.Window, fn func(*stripe.Payout) error) error
}

// Payouts returns every payout created in w, each once.
func Payouts(ctx context.Context, src PayoutSource, w stripeapi.Window) ([]records.Payout, error) {
	seen := map[string]struct{}{}
	var out []records.Payout
	err := src.ListPayouts(ctx, w, func(p *stripe.Payout) error {
		if _, dup := seen[p.ID]; !dup {
			seen[p.ID] = struct{}{}
			out = append(out, records.FromPayout(p))
		}
		return nil
	})
	return out, err
}
