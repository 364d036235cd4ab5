package records

import (
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

// FromInvoiceItem reads the subscription and item under parent.subscription_details and the price
// under pricing.price_details; the credit for unused time keeps its negative amount.
func TestFromInvoiceItem(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.InvoiceItem
		want PendingItem
	}{
		{"credit of a proration",
			&stripe.InvoiceItem{ID: "ii_1", Quantity: 2, Amount: -2450, Proration: true, Period: &stripe.Period{Start: 1782907200, End: 1785585600},
				Parent:  &stripe.InvoiceItemParent{SubscriptionDetails: &stripe.InvoiceItemParentSubscriptionDetails{Subscription: "sub_1", SubscriptionItem: "si_1"}},
				Pricing: &stripe.InvoiceItemPricing{PriceDetails: &stripe.InvoiceItemPricingPriceDetails{Price: &stripe.Price{ID: "price_1"}}}},
			PendingItem{ID: "ii_1", Subscription: "sub_1", SubItem: "si_1", Price: "price_1", Quantity: 2, Amount: -2450,
				PeriodStart: 1782907200, PeriodEnd: 1785585600, Proration: true}},
		{"no parent, pricing or period",
			&stripe.InvoiceItem{ID: "ii_2", Quantity: 1, Amount: 1000},
			PendingItem{ID: "ii_2", Quantity: 1, Amount: 1000}},
		{"parent without subscription details, pricing without price",
			&stripe.InvoiceItem{ID: "ii_3", Amount: 1000, Parent: &stripe.InvoiceItemParent{Type: "subscription_details"},
				Pricing: &stripe.InvoiceItemPricing{PriceDetails: &stripe.InvoiceItemPricingPriceDetails{}}},
			PendingItem{ID: "ii_3", Amount: 1000}},
	}
	for _, c := range cases {
		if got := FromInvoiceItem(c.in); got != c.want {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}
