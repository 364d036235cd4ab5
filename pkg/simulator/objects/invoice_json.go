package objects

import "encoding/json"

// invoiceJSON is the invoice as Stripe sends it: every member, in order.
type invoiceJSON struct {
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
	BillingReason                NullString                `json:"billing_reason"`
	CollectionMethod             string                    `json:"collection_method"`
	Created                      int64                     `json:"created"`
	Currency                     string                    `json:"currency"`
	CustomFields                 Null                      `json:"custom_fields"`
	Customer                     string                    `json:"customer"`
	CustomerAccount              Null                      `json:"customer_account"`
	CustomerAddress              Null                      `json:"customer_address"`
	CustomerEmail                NullString                `json:"customer_email"`
	CustomerName                 NullString                `json:"customer_name"`
	CustomerPhone                Null                      `json:"customer_phone"`
	CustomerShipping             Null                      `json:"customer_shipping"`
	CustomerTaxExempt            NullString                `json:"customer_tax_exempt"`
	CustomerTaxIDs               EmptyList                 `json:"customer_tax_ids"`
	DefaultPaymentMethod         NullString                `json:"default_payment_method"`
	DefaultSource                Null                      `json:"default_source"`
	DefaultTaxRates              EmptyList                 `json:"default_tax_rates"`
	Description                  NullString                `json:"description"`
	Discounts                    Array[string]             `json:"discounts"`
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
	Parent                       *InvoiceParent            `json:"parent"`
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
	Status                       NullString                `json:"status"`
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
}

// MarshalJSON writes the invoice with its shared and derived members in place: lines from its
// LineSource, the URLs from More.URLAccount.
func (in Invoice) MarshalJSON() ([]byte, error) {
	w := in.wire()
	return json.Marshal(&w)
}

// wire is the invoice as it is marshalled.
func (in *Invoice) wire() invoiceJSON {
	w := invoiceJSON{
		ID: in.ID, AmountDue: in.AmountDue, AmountPaid: in.AmountPaid, AmountRemaining: in.AmountRemaining,
		AttemptCount: in.AttemptCount, Attempted: in.Attempted, AutoAdvance: in.AutoAdvance,
		AutomaticallyFinalizesAt: in.AutomaticallyFinalizesAt, BillingReason: in.BillingReason,
		CollectionMethod: in.CollectionMethod, Created: in.Created, Currency: in.Currency, Discounts: in.Discounts,
		DueDate: in.DueDate, EffectiveAt: in.EffectiveAt, EndingBalance: in.EndingBalance, Lines: in.Lines,
		Livemode: in.Livemode, NextPaymentAttempt: in.NextPaymentAttempt, Number: in.Number, Parent: in.Parent,
		PeriodEnd: in.PeriodEnd, PeriodStart: in.PeriodStart, StartingBalance: in.StartingBalance, Status: in.Status,
		StatusTransitions: in.StatusTransitions, Subtotal: in.Subtotal, SubtotalExcludingTax: in.SubtotalExcludingTax,
		Total: in.Total, TotalDiscountAmounts: in.TotalDiscountAmounts, TotalExcludingTax: in.TotalExcludingTax,
		TotalPretaxCreditAmounts: in.TotalPretaxCreditAmounts, WebhooksDeliveredAt: in.WebhooksDeliveredAt,
	}
	if in.LineSource != nil {
		w.Lines = embedLines(in.ID, in.AllLines())
	}
	if p := in.Payer; p != nil {
		w.Customer, w.CustomerEmail, w.CustomerName, w.CustomerTaxExempt = p.Customer, p.CustomerEmail, p.CustomerName, p.CustomerTaxExempt
	}
	if m := in.More; m != nil {
		w.AccountCountry, w.AccountName = m.AccountCountry, m.AccountName
		w.AmountOverpaid, w.AmountPaidOffStripe, w.AmountShipping = m.AmountOverpaid, m.AmountPaidOffStripe, m.AmountShipping
		w.AutomaticTax, w.DefaultPaymentMethod, w.Description = m.AutomaticTax, m.DefaultPaymentMethod, m.Description
		w.HostedInvoiceURL, w.InvoicePDF, w.Metadata = m.HostedInvoiceURL, m.InvoicePDF, m.Metadata
		w.PostPaymentCreditNotesAmount, w.PrePaymentCreditNotesAmount = m.PostPaymentCreditNotesAmount, m.PrePaymentCreditNotesAmount
		w.ReceiptNumber, w.StatementDescriptor = m.ReceiptNumber, m.StatementDescriptor
		if m.URLAccount != "" && m.HostedInvoiceURL == "" {
			w.HostedInvoiceURL, w.InvoicePDF = InvoiceURLs(m.URLAccount, in.ID, in.Livemode)
		}
	}
	return w
}
