package objects

// Invoice is an invoice (shapes doc §12). Lines come one of two ways:
//
//   - in Lines.Data: Finalize (or FillDefaults) keeps all of them for GET /v1/invoices/{id}/lines
//     and leaves the first EmbeddedInvoiceLines embedded, with has_more and url set, as Stripe
//     embeds "the first handful";
//   - from LineSource, rendered whenever they are read (AllLines, marshalling): a generated
//     invoice's lines are most of its memory and are rarely read. Lines stays empty in the struct;
//     the JSON is the same as with the lines in Lines.Data.
//
// The struct holds the members that differ from invoice to invoice; the rest live in two values
// many invoices share: Payer (the customer's members) and More (members most invoices share or
// leave null). A nil Payer or More marshals as all its members null (or 0). Parent, Payer and
// More may be shared (the generator shares a Parent per subscription): do not mutate them.
// The subscription is parent.subscription_details.subscription (there is no invoice.subscription).
// The JSON is invoiceJSON's: every member in Stripe's order.
type Invoice struct {
	ID                       string
	AmountDue                int64
	AmountPaid               int64
	AmountRemaining          int64
	AttemptCount             int64
	AutomaticallyFinalizesAt *int64
	BillingReason            NullString // subscription_create | subscription_cycle | subscription_update | manual | ...
	CollectionMethod         string     // charge_automatically | send_invoice
	Created                  int64
	Currency                 string
	Discounts                Array[string] // [E] each: di_...
	DueDate                  *int64
	EffectiveAt              *int64
	EndingBalance            *int64
	Lines                    List[LineItem]
	NextPaymentAttempt       *int64
	Number                   NullString
	Parent                   *InvoiceParent // nil for standalone invoices
	PeriodEnd                int64
	PeriodStart              int64
	StartingBalance          int64
	Status                   NullString // draft | open | paid | uncollectible | void
	StatusTransitions        InvoiceStatusTransitions
	Subtotal                 int64
	SubtotalExcludingTax     *int64
	Total                    int64
	TotalDiscountAmounts     Array[DiscountAmount]
	TotalExcludingTax        *int64
	TotalPretaxCreditAmounts Array[PretaxCreditAmount]
	WebhooksDeliveredAt      *int64
	Attempted                bool
	AutoAdvance              bool
	Livemode                 bool
	Payer                    *InvoicePayer
	More                     *InvoiceMore

	allLines []LineItem // every line, set by FillDefaults; Lines.Data is its first page

	// LineSource, when set, renders the lines on demand; LineRef is the source's name for them.
	LineSource LineSource
	LineRef    int32
}

// InvoicePayer is the customer's side of an invoice, shared by the customer's invoices.
type InvoicePayer struct {
	Customer          string // [E] cus_...
	CustomerEmail     NullString
	CustomerName      NullString
	CustomerTaxExempt NullString // none | exempt | reverse
}

// InvoiceMore are members most invoices share or leave null.
type InvoiceMore struct {
	AccountCountry               NullString
	AccountName                  NullString
	AmountOverpaid               int64
	AmountPaidOffStripe          int64
	AmountShipping               int64
	AutomaticTax                 InvoiceAutomaticTax
	DefaultPaymentMethod         NullString // [E] pm_... (not served)
	Description                  NullString
	HostedInvoiceURL             NullString
	InvoicePDF                   NullString
	Metadata                     Metadata
	PostPaymentCreditNotesAmount int64
	PrePaymentCreditNotesAmount  int64
	ReceiptNumber                NullString
	StatementDescriptor          NullString
	// URLAccount, when set (and HostedInvoiceURL is empty), derives each invoice's
	// hosted_invoice_url and invoice_pdf from the account and its id (InvoiceURLs), so they can
	// share this value instead of holding two long unique strings each.
	URLAccount string
}

// CustomerID is the invoice's customer ("" = none).
func (in *Invoice) CustomerID() string {
	if in.Payer == nil {
		return ""
	}
	return in.Payer.Customer
}

// LineSource renders invoice lines on demand. It must be safe for concurrent use and return the
// same lines every time for the same ref, in invoice order, as a fresh slice the caller may
// modify; Invoice sets each line's invoice and livemode.
type LineSource interface {
	InvoiceLines(ref int32) []LineItem
}

// InvoiceURLs are a finalized invoice's hosted_invoice_url and invoice_pdf in the account's
// mode.
func InvoiceURLs(account, invoiceID string, livemode bool) (hosted, pdf NullString) {
	mode := "/test_"
	if livemode {
		mode = "/live_"
	}
	key := account + mode + invoiceID[min(3, len(invoiceID)):] // without "in_"
	return NullString("https://invoice.stripe.com/i/" + key), NullString("https://pay.stripe.com/invoice/" + key + "/pdf")
}

// EmbeddedInvoiceLines is how many lines invoice.lines embeds (Stripe: "the first handful"; the
// exact number is not documented, 10 matches the lines endpoint's default page).
const EmbeddedInvoiceLines = 10

// FillDefaults moves all lines aside for the lines endpoint, embeds the first page, and sets the
// lines url, has_more and each line's invoice. Finalize calls it; it is idempotent. Invoices with
// a LineSource need none of it: marshalling fills the lines in.
func (in *Invoice) FillDefaults() {
	if in.LineSource != nil {
		return
	}
	if in.allLines == nil { // first call: Lines.Data still holds every line
		in.allLines = in.Lines.Data
	}
	for i := range in.allLines {
		in.allLines[i].Invoice = NullString(in.ID)
	}
	in.Lines = embedLines(in.ID, in.allLines)
}

// embedLines is the embedded lines list: the first page of all, with has_more and url.
func embedLines(invoiceID string, all []LineItem) List[LineItem] {
	n := min(len(all), EmbeddedInvoiceLines)
	return List[LineItem]{Data: all[:n:n], HasMore: len(all) > n, URL: InvoiceLinesURL(invoiceID)}
}

// AllLines returns every line of the invoice (after FillDefaults/Finalize), in invoice order.
// Lines from a LineSource are rendered afresh on each call.
func (in *Invoice) AllLines() []LineItem {
	switch {
	case in.LineSource != nil:
		lines := in.LineSource.InvoiceLines(in.LineRef)
		for i := range lines {
			lines[i].Invoice, lines[i].Livemode = NullString(in.ID), in.Livemode
		}
		return lines
	case in.allLines == nil:
		return in.Lines.Data
	}
	return in.allLines
}

// storedLines are the lines the struct holds (none with a LineSource), for Finalize to stamp.
func (in *Invoice) storedLines() []LineItem {
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
