// Package fetch reads records from Stripe for the metrics: it turns a time range into the Stripe
// list calls, converts each object to its compact record as pages arrive, and drops duplicates
// (created is second-resolution and windows may touch, so an id is counted once).
//
// The package functions below read straight from a client, each call on its own. The plugin
// reads through a Store instead (store.go): one per data source instance, shared by every
// panel and alert rule, cached, and paging in parallel within the client's rate budget.
package fetch

import (
	"context"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Source is the part of the Stripe access layer the fetchers use; *stripeapi.Client satisfies it.
type Source interface {
	ListBalanceTransactions(ctx context.Context, w stripeapi.Window, fn func(*stripe.BalanceTransaction) error) error
}

// BalanceTxns streams every balance transaction created in [from, to) to fn, each id once.
// When a page fails the error is returned and the caller must not report what it summed so far.
func BalanceTxns(ctx context.Context, src Source, from, to time.Time, fn func(records.BalanceTxn)) error {
	seen := map[string]struct{}{}
	return src.ListBalanceTransactions(ctx, stripeapi.WindowFor(from, to), func(bt *stripe.BalanceTransaction) error {
		if _, dup := seen[bt.ID]; dup {
			return nil
		}
		seen[bt.ID] = struct{}{}
		fn(records.FromBalanceTransaction(bt))
		return nil
	})
}

// ChargeSource lists charges; *stripeapi.Client satisfies it.
type ChargeSource interface {
	ListCharges(ctx context.Context, w stripeapi.Window, fn func(*stripe.Charge) error) error
}

// Charges streams every charge created in [from, to) to fn, each id once. Stripe has no
// server-side status filter for charges, so every attempt is read and filtered by the metric.
func Charges(ctx context.Context, src ChargeSource, from, to time.Time, fn func(records.Charge)) error {
	seen := map[string]struct{}{}
	return src.ListCharges(ctx, stripeapi.WindowFor(from, to), func(c *stripe.Charge) error {
		if _, dup := seen[c.ID]; dup {
			return nil
		}
		seen[c.ID] = struct{}{}
		fn(records.FromCharge(c))
		return nil
	})
}

// DisputeSource lists disputes; *stripeapi.Client satisfies it.
type DisputeSource interface {
	ListDisputes(ctx context.Context, w stripeapi.Window, fn func(*stripe.Dispute) error) error
}

// Disputes streams every dispute created in w (an empty Window: all of them) to fn, each id once.
func Disputes(ctx context.Context, src DisputeSource, w stripeapi.Window, fn func(records.Dispute)) error {
	seen := map[string]struct{}{}
	return src.ListDisputes(ctx, w, func(d *stripe.Dispute) error {
		if _, dup := seen[d.ID]; dup {
			return nil
		}
		seen[d.ID] = struct{}{}
		fn(records.FromDispute(d))
		return nil
	})
}
