package fetch

import (
	"context"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// RefundSource lists the refund rows of the ledger; *stripeapi.Client satisfies it.
type RefundSource interface {
	ListRefundTransactions(ctx context.Context, w stripeapi.Window, fn func(*stripe.BalanceTransaction) error) error
}

// Refunds returns every refund the ledger booked in [from, to), each once.
func Refunds(ctx context.Context, src RefundSource, from, to time.Time) ([]records.Refund, error) {
	seen := map[string]struct{}{}
	var out []records.Refund
	err := src.ListRefundTransactions(ctx, stripeapi.WindowFor(from, to), func(bt *stripe.BalanceTransaction) error {
		if _, dup := seen[bt.ID]; !dup {
			seen[bt.ID] = struct{}{}
			out = append(out, records.FromRefundTransaction(bt))
		}
		return nil
	})
	return out, err
}
