package fetch_test

import (
	"context"
	"errors"
	"testing"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// itemSource serves invoice items, or fails with err; the other lists are never called.
type itemSource struct {
	fetch.BillingSource
	items   []*stripe.InvoiceItem
	err     error
	pending bool
}

func (s *itemSource) ListInvoiceItems(_ context.Context, _ stripeapi.Window, pending bool, fn func(*stripe.InvoiceItem) error) error {
	s.pending = pending
	if s.err != nil {
		return s.err
	}
	for _, it := range s.items {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

func subscriptionItem(id, sub string) *stripe.InvoiceItem {
	return &stripe.InvoiceItem{ID: id, Amount: -500, Proration: true, Quantity: 2, Period: &stripe.Period{Start: 100, End: 200},
		Parent:  &stripe.InvoiceItemParent{SubscriptionDetails: &stripe.InvoiceItemParentSubscriptionDetails{Subscription: sub, SubscriptionItem: "si_1"}},
		Pricing: &stripe.InvoiceItemPricing{PriceDetails: &stripe.InvoiceItemPricingPriceDetails{Price: &stripe.Price{ID: "price_1"}}}}
}

// TestPendingItems: pending items only are asked for; those of no subscription are left out,
// each id is kept once, and the record carries the subscription, item, price and period.
func TestPendingItems(t *testing.T) {
	src := &itemSource{items: []*stripe.InvoiceItem{subscriptionItem("ii_1", "sub_1"), {ID: "ii_2", Amount: 900},
		subscriptionItem("ii_1", "sub_1"), subscriptionItem("ii_3", "sub_2")}}
	got, err := fetch.PendingItems(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if !src.pending {
		t.Error("invoice items were not filtered with pending=true")
	}
	if len(got) != 2 || got[0].ID != "ii_1" || got[1].ID != "ii_3" {
		t.Fatalf("want ii_1 and ii_3, got %+v", got)
	}
	r := got[0]
	if r.Subscription != "sub_1" || r.SubItem != "si_1" || r.Price != "price_1" || r.Quantity != 2 || r.Amount != -500 ||
		r.PeriodStart != 100 || r.PeriodEnd != 200 || !r.Proration {
		t.Errorf("record lost a member: %+v", r)
	}
}

// TestPendingItemsWithoutPermission: a key that may not read invoice items leaves MRR without
// them (no error); any other failure fails the read.
func TestPendingItemsWithoutPermission(t *testing.T) {
	denied := &stripeapi.Error{Kind: stripeapi.KindPermission, Status: 403, Permission: "rak_invoice_read", Message: "denied"}
	got, err := fetch.PendingItems(context.Background(), &itemSource{err: denied})
	if err != nil || got != nil {
		t.Fatalf("permission refused: want no items and no error, got %v, %v", got, err)
	}
	failed := &stripeapi.Error{Kind: stripeapi.KindStripeServer, Status: 500, Message: "down"}
	if _, err := fetch.PendingItems(context.Background(), &itemSource{err: failed}); !errors.Is(err, failed) {
		t.Fatalf("a failed page must fail the read, got %v", err)
	}
}
