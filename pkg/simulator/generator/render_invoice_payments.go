package generator

import "github.com/revops/stripe-datasource/pkg/simulator/objects"

// An invoice with something to pay gets its default invoice payment when it is finalized: the
// invoice's payment intent, open until the invoice is paid (or canceled when it is voided). Its
// id is the invoice's, renamed, so it is stable however the account grows.

// InvoicePaymentID is the id of the invoice's default payment ("" when it has none: nothing was
// due, or it is still a draft).
func (m *Model) InvoicePaymentID(ii int32) string {
	inv := &m.Invoices[ii]
	if inv.PaymentIntent == "" || inv.FinalizedAt == 0 {
		return ""
	}
	return "inpay_" + inv.ID[len("in_"):]
}

// invoicePayment renders invoice ii's payment as it is at instant at; ok is false when the
// invoice has none then.
func (r *renderer) invoicePayment(ii int32, at int64) (o objects.InvoicePayment, ok bool) {
	inv := &r.m.Invoices[ii]
	id := r.m.InvoicePaymentID(ii)
	if id == "" || inv.FinalizedAt > at {
		return o, false
	}
	o = objects.InvoicePayment{ID: id, AmountRequested: inv.AmountDue, Created: inv.FinalizedAt, Currency: inv.Currency,
		Invoice: inv.ID, IsDefault: true, Status: "open",
		Payment: objects.InvoicePaymentPayment{Type: "payment_intent", PaymentIntent: inv.PaymentIntent}}
	switch {
	case inv.PaidAt != 0 && inv.PaidAt <= at:
		o.Status, o.AmountPaid, o.StatusTransitions.PaidAt = "paid", i64(inv.AmountDue), i64(inv.PaidAt)
	case inv.VoidedAt != 0 && inv.VoidedAt <= at:
		o.Status, o.StatusTransitions.CanceledAt = "canceled", i64(inv.VoidedAt)
	}
	return o, true
}

// invoicePayments renders every invoice payment at now, in list order.
func (r *renderer) invoicePayments() []objects.InvoicePayment {
	m := r.m
	var out []objects.InvoicePayment
	order := newestFirst(len(m.Invoices), func(i int) (int64, string) { return m.Invoices[i].FinalizedAt, m.InvoicePaymentID(int32(i)) })
	for _, i := range order {
		if o, ok := r.invoicePayment(i, r.now); ok {
			out = append(out, o)
		}
	}
	return out
}
