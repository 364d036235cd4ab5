package records

import stripe "github.com/stripe/stripe-go/v85"

// Subscription is one subscription as it is now (or, inside an event, as it was then): what MRR
// reconstruction reads. Prices and coupons are joined by id (Price, Coupon records).
type Subscription struct {
	ID                string
	Customer          string
	Currency          string
	Status            string
	CollectionMethod  string
	Created           int64
	TrialStart        int64
	TrialEnd          int64
	CanceledAt        int64 // when cancellation was requested
	CancelAt          int64
	EndedAt           int64
	CancelAtPeriodEnd bool
	// PausesAfterTrial: trial_settings.end_behavior.missing_payment_method is "pause", so a
	// trial without a payment method turned into status paused at trial_end.
	PausesAfterTrial bool
	// PauseCollection is set while invoice collection is paused (status stays active).
	PauseCollection bool
	// CancellationReason is cancellation_details.reason ("payment_failed", ...).
	CancellationReason string
	Items              []SubscriptionItem
	// DiscountIDs are the discounts applied now; Discounts the expanded ones (when expanded).
	DiscountIDs []string
	Discounts   []Discount
}

// SubscriptionItem is one item: a price and a quantity.
type SubscriptionItem struct {
	ID       string
	Price    string
	Quantity int64
}

// Discount is a discount object (a redeemed coupon).
type Discount struct {
	ID     string
	Coupon string
	Start  int64
	End    int64 // 0: no end (forever, or once until used)
}

// FromSubscription keeps what MRR reconstruction uses. Items beyond the embedded first page are
// appended by the fetcher.
func FromSubscription(s *stripe.Subscription) Subscription {
	r := Subscription{
		ID: s.ID, Currency: string(s.Currency), Status: string(s.Status), CollectionMethod: string(s.CollectionMethod),
		Created: s.Created, TrialStart: s.TrialStart, TrialEnd: s.TrialEnd, CanceledAt: s.CanceledAt,
		CancelAt: s.CancelAt, EndedAt: s.EndedAt, CancelAtPeriodEnd: s.CancelAtPeriodEnd,
		PauseCollection: s.PauseCollection != nil,
	}
	if s.Customer != nil {
		r.Customer = s.Customer.ID
	}
	if s.TrialSettings != nil && s.TrialSettings.EndBehavior != nil {
		r.PausesAfterTrial = s.TrialSettings.EndBehavior.MissingPaymentMethod == "pause"
	}
	if s.CancellationDetails != nil {
		r.CancellationReason = string(s.CancellationDetails.Reason)
	}
	if s.Items != nil {
		r.Items = make([]SubscriptionItem, 0, len(s.Items.Data)) // exact: records are kept by the thousand
		for _, it := range s.Items.Data {
			r.Items = append(r.Items, FromSubscriptionItem(it))
		}
	}
	for _, d := range s.Discounts {
		if d == nil {
			continue
		}
		r.DiscountIDs = append(r.DiscountIDs, d.ID)
		if d.Source != nil || d.Start != 0 { // expanded
			r.Discounts = append(r.Discounts, FromDiscount(d))
		}
	}
	return r.Interned()
}

// FromSubscriptionItem keeps an item's price id and quantity (0 for metered prices).
func FromSubscriptionItem(it *stripe.SubscriptionItem) SubscriptionItem {
	r := SubscriptionItem{ID: enum(it.ID), Quantity: it.Quantity} // shared with the invoice lines of the item
	if it.Price != nil {
		r.Price = enum(it.Price.ID)
	}
	return r
}

// FromDiscount keeps a discount's coupon and dates.
func FromDiscount(d *stripe.Discount) Discount {
	r := Discount{ID: d.ID, Start: d.Start, End: d.End}
	if d.Source != nil && d.Source.Coupon != nil {
		r.Coupon = d.Source.Coupon.ID
	}
	return r.Interned()
}

// Price is a recurring price: what one interval of it costs for a quantity.
type Price struct {
	ID            string
	Created       int64
	Product       string
	ProductName   string
	Currency      string
	Interval      string // day | week | month | year ("" for one-time prices)
	IntervalCount int64
	Metered       bool
	UnitAmount    int64
	TiersMode     string // "" (per unit) | graduated | volume
	Tiers         []PriceTier
}

// PriceTier is one tier; UpTo 0 is the last, unbounded tier.
type PriceTier struct{ UpTo, UnitAmount, FlatAmount int64 }

// FromPrice keeps a price's amount rules.
func FromPrice(p *stripe.Price) Price {
	r := Price{ID: p.ID, Created: p.Created, Currency: string(p.Currency), UnitAmount: p.UnitAmount, TiersMode: string(p.TiersMode)}
	if p.Product != nil {
		r.Product, r.ProductName = p.Product.ID, p.Product.Name
	}
	if p.Recurring != nil {
		r.Interval, r.IntervalCount = string(p.Recurring.Interval), p.Recurring.IntervalCount
		r.Metered = p.Recurring.UsageType == stripe.PriceRecurringUsageTypeMetered
	}
	if len(p.Tiers) > 0 {
		r.Tiers = make([]PriceTier, 0, len(p.Tiers)) // exact: Price.Heap counts SliceCost(len)
	}
	for _, t := range p.Tiers {
		if t != nil {
			r.Tiers = append(r.Tiers, PriceTier{UpTo: t.UpTo, UnitAmount: t.UnitAmount, FlatAmount: t.FlatAmount})
		}
	}
	return r.Interned()
}

// Coupon is a coupon's reduction and duration.
type Coupon struct {
	ID         string
	Duration   string // forever | once | repeating
	PercentOff float64
	AmountOff  int64
	Currency   string
}

// FromCoupon keeps a coupon's terms.
func FromCoupon(c *stripe.Coupon) Coupon {
	return Coupon{ID: c.ID, Duration: string(c.Duration), PercentOff: c.PercentOff, AmountOff: c.AmountOff, Currency: string(c.Currency)}.Interned()
}
