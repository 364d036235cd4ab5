package objects

// InvoicePayment ties a payment to the invoice it pays (shapes doc §12, invoicepayment.go): since
// 2025-03-31.basil neither the charge nor the invoice names the other; GET /v1/invoice_payments
// and the includable invoice.payments do. Stripe makes the default one when the invoice is
// finalized (is_default) and keeps it in step with the invoice's amount_remaining.
type InvoicePayment struct {
	ID                string                          `json:"id"` // inpay_...
	Object            TagInvoicePayment               `json:"object"`
	AmountPaid        *int64                          `json:"amount_paid"` // null until paid
	AmountRequested   int64                           `json:"amount_requested"`
	Created           int64                           `json:"created"`
	Currency          string                          `json:"currency"`
	Invoice           string                          `json:"invoice"` // [E] in_...
	IsDefault         bool                            `json:"is_default"`
	Livemode          bool                            `json:"livemode"`
	Payment           InvoicePaymentPayment           `json:"payment"`
	Status            string                          `json:"status"` // open | paid | canceled
	StatusTransitions InvoicePaymentStatusTransitions `json:"status_transitions"`
}

// InvoicePaymentPayment is invoice_payment.payment: the payment intent that pays the invoice
// (type payment_intent), or a charge made without one (type charge); the other member is absent.
type InvoicePaymentPayment struct {
	Charge        string `json:"charge,omitempty"`         // [E] ch_...
	PaymentIntent string `json:"payment_intent,omitempty"` // [E] pi_... (not served)
	Type          string `json:"type"`                     // charge | payment_intent | payment_record
}

// InvoicePaymentStatusTransitions is invoice_payment.status_transitions.
type InvoicePaymentStatusTransitions struct {
	CanceledAt *int64 `json:"canceled_at"`
	PaidAt     *int64 `json:"paid_at"`
}

// InvoicePaymentsURL is the url of an invoice's includable payments list.
func InvoicePaymentsURL(invoiceID string) string { return "/v1/invoice_payments?invoice=" + invoiceID }
