package records

import stripe "github.com/stripe/stripe-go/v85"

// PendingItem is a pending invoice item of a subscription: a proration no invoice has billed
// yet. Its PeriodStart is the moment of the change it prorates.
type PendingItem struct {
	ID           string
	Subscription string // parent.subscription_details.subscription
	SubItem      string // parent.subscription_details.subscription_item
	Price        string // pricing.price_details.price
	Quantity     int64
	Amount       int64 // negative for the credit of the time left on the old price
	PeriodStart  int64
	PeriodEnd    int64
	Proration    bool
}

// FromInvoiceItem keeps what MRR history uses.
func FromInvoiceItem(it *stripe.InvoiceItem) PendingItem {
	r := PendingItem{ID: it.ID, Quantity: it.Quantity, Amount: it.Amount, Proration: it.Proration}
	if p := it.Parent; p != nil && p.SubscriptionDetails != nil {
		r.Subscription, r.SubItem = p.SubscriptionDetails.Subscription, p.SubscriptionDetails.SubscriptionItem
	}
	if p := it.Pricing; p != nil && p.PriceDetails != nil && p.PriceDetails.Price != nil {
		r.Price = p.PriceDetails.Price.ID
	}
	if it.Period != nil {
		r.PeriodStart, r.PeriodEnd = it.Period.Start, it.Period.End
	}
	return r.Interned()
}
