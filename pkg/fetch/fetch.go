// Package fetch reads records from Stripe for the metrics: it turns a time range into the Stripe
// list calls, converts each object to its compact record as pages arrive, and drops duplicates
// (created is second-resolution and windows may touch, so an id is counted once).
//
// The plugin reads the ledger, charges, refunds, disputes, products and prices through a Store (store.go): one per data
// source instance, shared by every panel and alert rule, cached, and paging in parallel within
// the client's rate budget; whole billing histories through billing.go and *_changes.go.
package fetch

import (
	"context"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Source lists balance transactions; *stripeapi.Client satisfies it.
type Source interface {
	ListBalanceTransactions(ctx context.Context, w stripeapi.Window, fn func(*stripe.BalanceTransaction) error) error
}

// ChargeSource lists charges; *stripeapi.Client satisfies it.
type ChargeSource interface {
	ListCharges(ctx context.Context, w stripeapi.Window, fn func(*stripe.Charge) error) error
}

// RefundListSource lists refunds (/v1/refunds, presentment currency); *stripeapi.Client
// satisfies it.
type RefundListSource interface {
	ListRefunds(ctx context.Context, w stripeapi.Window, fn func(*stripe.Refund) error) error
}

// CatalogSource lists products and the prices of one active state; *stripeapi.Client satisfies it.
type CatalogSource interface {
	ListProducts(ctx context.Context, w stripeapi.Window, fn func(*stripe.Product) error) error
	ListPricesActive(ctx context.Context, w stripeapi.Window, active bool, fn func(*stripe.Price) error) error
}

// CustomerSource lists customers; *stripeapi.Client satisfies it.
type CustomerSource interface {
	ListCustomers(ctx context.Context, w stripeapi.Window, fn func(*stripe.Customer) error) error
}

// DisputeSource lists disputes; *stripeapi.Client satisfies it.
type DisputeSource interface {
	ListDisputes(ctx context.Context, w stripeapi.Window, fn func(*stripe.Dispute) error) error
}
