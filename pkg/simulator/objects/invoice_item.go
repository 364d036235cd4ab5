package objects

// InvoiceItem is an invoice item (GET /v1/invoiceitems). The simulator serves the proration
// items a subscription change left pending (invoice null): a downgrade's credit and debit wait
// for the next renewal, and stay pending when the subscription ends first. Their period.start is
// the moment of the change. Since dahlia the subscription and item are under
// parent.subscription_details and the price under pricing.price_details.
type InvoiceItem struct {
	ID               string                `json:"id"`
	Object           TagInvoiceItem        `json:"object"`
	Amount           int64                 `json:"amount"`
	Currency         string                `json:"currency"`
	Customer         string                `json:"customer"` // [E] cus_...
	CustomerAccount  Null                  `json:"customer_account"`
	Date             int64                 `json:"date"`
	Description      NullString            `json:"description"`
	Discountable     bool                  `json:"discountable"` // false for prorations
	Discounts        Array[string]         `json:"discounts"`    // [E] each: di_...
	Invoice          NullString            `json:"invoice"`      // [E] in_...; null while pending
	Livemode         bool                  `json:"livemode"`
	Metadata         Metadata              `json:"metadata"`
	NetAmount        int64                 `json:"net_amount"`
	Parent           *InvoiceItemParentRef `json:"parent"`
	Period           Period                `json:"period"`
	Pricing          *LineItemPricing      `json:"pricing"`
	Proration        bool                  `json:"proration"`
	ProrationDetails ItemProrationDetails  `json:"proration_details"`
	Quantity         int64                 `json:"quantity"`
	QuantityDecimal  NullString            `json:"quantity_decimal"`
	TaxRates         EmptyList             `json:"tax_rates"`
	TestClock        Null                  `json:"test_clock"`
}

// InvoiceItemParentRef is invoiceitem.parent; its type is always "subscription_details" here.
type InvoiceItemParentRef struct {
	SubscriptionDetails *InvoiceItemSubscriptionParent `json:"subscription_details"`
	Type                string                         `json:"type"`
}

// InvoiceItemSubscriptionParent is invoiceitem.parent.subscription_details (plain IDs).
type InvoiceItemSubscriptionParent struct {
	Subscription     string `json:"subscription"`
	SubscriptionItem string `json:"subscription_item,omitempty"`
}

// ItemProrationDetails is invoiceitem.proration_details.
type ItemProrationDetails struct {
	CreditedItems   Null      `json:"credited_items"`
	DiscountAmounts EmptyList `json:"discount_amounts"`
}
