package objects

// Invoice is an invoice (shapes doc §12). The generator puts every line in Lines.Data; Finalize
// (or FillDefaults) keeps all of them for GET /v1/invoices/{id}/lines and leaves the first
// EmbeddedInvoiceLines embedded, with has_more and url set, as Stripe embeds "the first handful".
// The subscription is parent.subscription_details.subscription (there is no invoice.subscription).
type Invoice struct {
	ID                           string                    `json:"id"`
	Object                       TagInvoice                `json:"object"`
	AccountCountry               NullString                `json:"account_country"`
	AccountName                  NullString                `json:"account_name"`
	AccountTaxIDs                Null                      `json:"account_tax_ids"`
	AmountDue                    int64                     `json:"amount_due"`
	AmountOverpaid               int64                     `json:"amount_overpaid"`
	AmountPaid                   int64                     `json:"amount_paid"`
	AmountPaidOffStripe          int64                     `json:"amount_paid_off_stripe"`
	AmountRemaining              int64                     `json:"amount_remaining"`
	AmountShipping               int64                     `json:"amount_shipping"`
	Application                  Null                      `json:"application"`
	AttemptCount                 int64                     `json:"attempt_count"`
	Attempted                    bool                      `json:"attempted"`
	AutoAdvance                  bool                      `json:"auto_advance"`
	AutomaticTax                 InvoiceAutomaticTax       `json:"automatic_tax"`
	AutomaticallyFinalizesAt     *int64                    `json:"automatically_finalizes_at"`
	BillingReason                NullString                `json:"billing_reason"`    // subscription_create | subscription_cycle | subscription_update | manual | ...
	CollectionMethod             string                    `json:"collection_method"` // charge_automatically | send_invoice
	Created                      int64                     `json:"created"`
	Currency                     string                    `json:"currency"`
	CustomFields                 Null                      `json:"custom_fields"`
	Customer                     string                    `json:"customer"` // [E] cus_...
	CustomerAccount              Null                      `json:"customer_account"`
	CustomerAddress              Null                      `json:"customer_address"`
	CustomerEmail                NullString                `json:"customer_email"`
	CustomerName                 NullString                `json:"customer_name"`
	CustomerPhone                Null                      `json:"customer_phone"`
	CustomerShipping             Null                      `json:"customer_shipping"`
	CustomerTaxExempt            NullString                `json:"customer_tax_exempt"` // none | exempt | reverse
	CustomerTaxIDs               EmptyList                 `json:"customer_tax_ids"`
	DefaultPaymentMethod         NullString                `json:"default_payment_method"` // [E] pm_... (not served)
	DefaultSource                Null                      `json:"default_source"`
	DefaultTaxRates              EmptyList                 `json:"default_tax_rates"`
	Description                  NullString                `json:"description"`
	Discounts                    Array[string]             `json:"discounts"` // [E] each: di_...
	DueDate                      *int64                    `json:"due_date"`
	EffectiveAt                  *int64                    `json:"effective_at"`
	EndingBalance                *int64                    `json:"ending_balance"`
	Footer                       Null                      `json:"footer"`
	FromInvoice                  Null                      `json:"from_invoice"`
	HostedInvoiceURL             NullString                `json:"hosted_invoice_url"`
	InvoicePDF                   NullString                `json:"invoice_pdf"`
	Issuer                       IssuerSelf                `json:"issuer"`
	LastFinalizationError        Null                      `json:"last_finalization_error"`
	LatestRevision               Null                      `json:"latest_revision"`
	Lines                        List[LineItem]            `json:"lines"`
	Livemode                     bool                      `json:"livemode"`
	Metadata                     Metadata                  `json:"metadata"`
	NextPaymentAttempt           *int64                    `json:"next_payment_attempt"`
	Number                       NullString                `json:"number"`
	OnBehalfOf                   Null                      `json:"on_behalf_of"`
	Parent                       *InvoiceParent            `json:"parent"` // nil for standalone invoices
	PaymentSettings              InvoicePaymentSettings    `json:"payment_settings"`
	PeriodEnd                    int64                     `json:"period_end"`
	PeriodStart                  int64                     `json:"period_start"`
	PostPaymentCreditNotesAmount int64                     `json:"post_payment_credit_notes_amount"`
	PrePaymentCreditNotesAmount  int64                     `json:"pre_payment_credit_notes_amount"`
	ReceiptNumber                NullString                `json:"receipt_number"`
	Rendering                    Null                      `json:"rendering"`
	ShippingCost                 Null                      `json:"shipping_cost"`
	ShippingDetails              Null                      `json:"shipping_details"`
	StartingBalance              int64                     `json:"starting_balance"`
	StatementDescriptor          NullString                `json:"statement_descriptor"`
	Status                       NullString                `json:"status"` // draft | open | paid | uncollectible | void
	StatusTransitions            InvoiceStatusTransitions  `json:"status_transitions"`
	Subtotal                     int64                     `json:"subtotal"`
	SubtotalExcludingTax         *int64                    `json:"subtotal_excluding_tax"`
	TestClock                    Null                      `json:"test_clock"`
	Total                        int64                     `json:"total"`
	TotalDiscountAmounts         Array[DiscountAmount]     `json:"total_discount_amounts"`
	TotalExcludingTax            *int64                    `json:"total_excluding_tax"`
	TotalPretaxCreditAmounts     Array[PretaxCreditAmount] `json:"total_pretax_credit_amounts"`
	TotalTaxes                   EmptyList                 `json:"total_taxes"`
	WebhooksDeliveredAt          *int64                    `json:"webhooks_delivered_at"`

	allLines []LineItem // every line, set by FillDefaults; Lines.Data is its first page
}

// EmbeddedInvoiceLines is how many lines invoice.lines embeds (Stripe: "the first handful"; the
// exact number is not documented, 10 matches the lines endpoint's default page).
const EmbeddedInvoiceLines = 10

// FillDefaults moves all lines aside for the lines endpoint, embeds the first page, and sets the
// lines url, has_more and each line's invoice. Finalize calls it; it is idempotent.
func (in *Invoice) FillDefaults() {
	if in.allLines == nil { // first call: Lines.Data still holds every line
		in.allLines = in.Lines.Data
	}
	for i := range in.allLines {
		in.allLines[i].Invoice = NullString(in.ID)
	}
	n := min(len(in.allLines), EmbeddedInvoiceLines)
	in.Lines.Data = in.allLines[:n:n]
	in.Lines.HasMore = len(in.allLines) > n
	in.Lines.URL = InvoiceLinesURL(in.ID)
}

// AllLines returns every line of the invoice (after FillDefaults/Finalize), in invoice order.
func (in *Invoice) AllLines() []LineItem {
	if in.allLines == nil {
		return in.Lines.Data
	}
	return in.allLines
}

// InvoiceAutomaticTax is invoice.automatic_tax (the simulator computes no tax).
type InvoiceAutomaticTax struct {
	DisabledReason Null `json:"disabled_reason"`
	Enabled        bool `json:"enabled"`
	Liability      Null `json:"liability"`
	Provider       Null `json:"provider"`
	Status         Null `json:"status"`
}

// InvoicePaymentSettings is invoice.payment_settings (constant: no overrides).
type InvoicePaymentSettings struct {
	DefaultMandate       Null `json:"default_mandate"`
	PaymentMethodOptions Null `json:"payment_method_options"`
	PaymentMethodTypes   Null `json:"payment_method_types"`
}

// InvoiceParent is invoice.parent.
type InvoiceParent struct {
	QuoteDetails        Null                        `json:"quote_details"`
	SubscriptionDetails *InvoiceSubscriptionDetails `json:"subscription_details"`
	Type                string                      `json:"type"` // subscription_details | quote_details
}

// InvoiceSubscriptionDetails is invoice.parent.subscription_details.
type InvoiceSubscriptionDetails struct {
	Metadata     Metadata `json:"metadata"`     // snapshot of the subscription's metadata
	Subscription string   `json:"subscription"` // [E] sub_...
}

// InvoiceStatusTransitions is invoice.status_transitions.
type InvoiceStatusTransitions struct {
	FinalizedAt           *int64 `json:"finalized_at"`
	MarkedUncollectibleAt *int64 `json:"marked_uncollectible_at"`
	PaidAt                *int64 `json:"paid_at"`
	VoidedAt              *int64 `json:"voided_at"`
}

// DiscountAmount is an entry of total_discount_amounts / discount_amounts.
type DiscountAmount struct {
	Amount   int64  `json:"amount"`
	Discount string `json:"discount"` // [E] di_...
}

// PretaxCreditAmount is an entry of total_pretax_credit_amounts / pretax_credit_amounts; the
// simulator only makes discount credits.
type PretaxCreditAmount struct {
	Amount   int64  `json:"amount"`
	Discount string `json:"discount,omitempty"` // [E] di_..., present when type is discount
	Type     string `json:"type"`               // discount | credit_balance_transaction
}

// LineItem is an invoice line item, object "line_item" (shapes doc §13). Proration and the
// subscription item live under parent; the price under pricing.price_details.
type LineItem struct {
	ID                  string                    `json:"id"`
	Object              TagLineItem               `json:"object"`
	Amount              int64                     `json:"amount"`
	Currency            string                    `json:"currency"`
	Description         NullString                `json:"description"`
	DiscountAmounts     Array[DiscountAmount]     `json:"discount_amounts"`
	Discountable        bool                      `json:"discountable"`
	Discounts           Array[string]             `json:"discounts"` // [E] each: di_...
	Invoice             NullString                `json:"invoice"`   // set by Invoice.FillDefaults
	Livemode            bool                      `json:"livemode"`
	Metadata            Metadata                  `json:"metadata"`
	Parent              *LineItemParent           `json:"parent"`
	Period              Period                    `json:"period"`
	PretaxCreditAmounts Array[PretaxCreditAmount] `json:"pretax_credit_amounts"`
	Pricing             *LineItemPricing          `json:"pricing"`
	Quantity            *int64                    `json:"quantity"`
	QuantityDecimal     NullString                `json:"quantity_decimal"`
	Subscription        NullString                `json:"subscription"` // [E] sub_...
	Subtotal            int64                     `json:"subtotal"`
	Taxes               EmptyList                 `json:"taxes"`
}

// Period is a line's service period.
type Period struct {
	End   int64 `json:"end"`
	Start int64 `json:"start"`
}

// LineItemParent is line_item.parent: exactly one of the two details is set, matching Type.
type LineItemParent struct {
	InvoiceItemDetails      *InvoiceItemParent      `json:"invoice_item_details"`
	SubscriptionItemDetails *SubscriptionItemParent `json:"subscription_item_details"`
	Type                    string                  `json:"type"` // subscription_item_details | invoice_item_details
}

// SubscriptionItemParent is line_item.parent.subscription_item_details.
type SubscriptionItemParent struct {
	InvoiceItem      NullString       `json:"invoice_item"` // ii_... for prorations
	Proration        bool             `json:"proration"`
	ProrationDetails ProrationDetails `json:"proration_details"`
	Subscription     NullString       `json:"subscription"`      // plain ID
	SubscriptionItem string           `json:"subscription_item"` // plain ID
}

// InvoiceItemParent is line_item.parent.invoice_item_details.
type InvoiceItemParent struct {
	InvoiceItem      string           `json:"invoice_item"`
	Proration        bool             `json:"proration"`
	ProrationDetails ProrationDetails `json:"proration_details"`
	Subscription     NullString       `json:"subscription"` // plain ID
}

// ProrationDetails is parent.*.proration_details.
type ProrationDetails struct {
	CreditedItems *CreditedItems `json:"credited_items"` // set on proration credit lines
}

// CreditedItems names the invoice lines a proration credit refers to.
type CreditedItems struct {
	Invoice          string   `json:"invoice"`
	InvoiceLineItems []string `json:"invoice_line_items"`
}

// LineItemPricing is line_item.pricing; its type is always "price_details".
type LineItemPricing struct {
	PriceDetails      *PriceDetails   `json:"price_details,omitempty"`
	Type              TagPriceDetails `json:"type"`
	UnitAmountDecimal NullString      `json:"unit_amount_decimal"`
}

// PriceDetails is line_item.pricing.price_details.
type PriceDetails struct {
	Price   string `json:"price"`   // [E] price_...
	Product string `json:"product"` // plain ID
}
