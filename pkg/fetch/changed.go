package fetch

import (
	"context"
	"errors"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// BillingChangeEvents are the events that any change to what ReadBilling reads emits:
// subscriptions, pending invoice items (an invoice being created takes them in), prices and
// coupons. Invoices are a read of their own (InvoiceChangeEvents).
var BillingChangeEvents = append(append([]string{}, SubscriptionEventTypes...),
	"customer.subscription.trial_will_end", "customer.subscription.pending_update_applied", "customer.subscription.pending_update_expired",
	"invoice.created", "invoiceitem.created", "invoiceitem.deleted",
	"price.created", "price.updated", "price.deleted", "coupon.created", "coupon.updated", "coupon.deleted")

// InvoiceChangeEvents are the events a change to an invoice emits.
var InvoiceChangeEvents = []string{"invoice.created", "invoice.finalized", "invoice.updated", "invoice.paid",
	"invoice.payment_failed", "invoice.payment_succeeded", "invoice.voided", "invoice.marked_uncollectible", "invoice.deleted"}

// errFound stops an events list at the first event: one is enough to know something changed.
var errFound = errors.New("an event was found")

// ChangedSince says whether Stripe has an event of the given types created at or after since:
// one or two requests (types go 20 to a request), to revalidate a cached read instead of redoing it.
func ChangedSince(ctx context.Context, src EventSource, since time.Time, types []string) (bool, error) {
	err := src.ListEvents(ctx, stripeapi.Window{From: since.Unix()}, types, func(*stripe.Event) error { return errFound })
	if errors.Is(err, errFound) {
		return true, nil
	}
	return false, err
}
