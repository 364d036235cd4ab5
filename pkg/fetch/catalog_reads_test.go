package fetch

import (
	"context"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Refunds (by created), products and prices (all of them, active or not) read through the Store
// are what Stripe lists, each once; read again, only what is newer than the last read is listed.
func TestRefundsProductsAndPricesThroughTheStore(t *testing.T) {
	a := demoAt(t, t0)
	r := newRig(t, a, 1000, Options{})
	ctx := context.Background()
	from, to := t0.AddDate(0, -3, 0), t0
	refunds := map[string]bool{}
	err := r.store.Refunds(ctx, from, to, func(re records.ChargeRefund) {
		if refunds[re.ID] {
			t.Errorf("refund %s delivered twice", re.ID)
		}
		refunds[re.ID] = true
		if re.Currency == "" || re.Amount <= 0 || re.Charge == "" {
			t.Errorf("refund %+v: want its currency, amount and charge", re)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, re := range direct(t, a, func(c *stripeapi.Client, fn func(*stripe.Refund) error) error {
		return c.ListRefunds(ctx, stripeapi.WindowFor(from, to), fn)
	}) {
		want[re.ID] = true
	}
	sameIDs(t, "refunds", refunds, want)

	products := map[string]string{}
	if err := r.store.Products(ctx, func(p records.Product) { products[p.ID] = p.Name }); err != nil {
		t.Fatal(err)
	}
	wantProducts := map[string]bool{}
	for _, p := range direct(t, a, func(c *stripeapi.Client, fn func(*stripe.Product) error) error {
		return c.ListProducts(ctx, stripeapi.Window{}, fn)
	}) {
		wantProducts[p.ID] = true
		if products[p.ID] != p.Name {
			t.Errorf("product %s: name %q, want %q", p.ID, products[p.ID], p.Name)
		}
	}
	if len(products) != len(wantProducts) {
		t.Errorf("%d products, want %d", len(products), len(wantProducts))
	}
	prices := map[string]bool{}
	if err := r.store.Prices(ctx, func(p records.Price) {
		if prices[p.ID] {
			t.Errorf("price %s delivered twice", p.ID)
		}
		prices[p.ID] = true
	}); err != nil {
		t.Fatal(err)
	}
	wantPrices := map[string]bool{}
	for _, p := range direct(t, a, func(c *stripeapi.Client, fn func(*stripe.Price) error) error {
		return c.ListPrices(ctx, stripeapi.Window{}, fn)
	}) {
		wantPrices[p.ID] = true
	}
	sameIDs(t, "prices", prices, wantPrices)
	cold := total(r.count.take())

	// A minute later: the newest second of each is listed again (and the change feed once).
	r.clock.set(t0.Add(time.Minute))
	_ = r.store.Refunds(ctx, from, to.Add(time.Minute), func(records.ChargeRefund) {})
	_ = r.store.Products(ctx, func(records.Product) {})
	_ = r.store.Prices(ctx, func(records.Price) {})
	warm := r.count.take()
	t.Logf("cold %d requests, warm %v", cold, warm)
	if n := total(warm); n > 5 {
		t.Errorf("warm reads cost %d requests (%v), want at most the four open edges and one events page", n, warm)
	}
}
