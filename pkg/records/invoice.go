package records

import stripe "github.com/stripe/stripe-go/v85"

// Invoice is an invoice with the lines MRR history and revenue by product read, and the payments
// that pay it.
type Invoice struct {
	ID              string
	Subscription    string // parent.subscription_details.subscription ("" for standalone invoices)
	Customer        string
	Currency        string
	Status          string
	BillingReason   string
	Created         int64
	AmountDue       int64
	AmountRemaining int64 // what is still owed now
	AmountPaid      int64
	DueDate         int64 // send_invoice only
	FinalizedAt     int64
	PaidAt          int64
	UncollectibleAt int64
	VoidedAt        int64
	// Discounts are the invoice's discounts (expanded; ids only when they were not).
	Discounts []Discount
	Lines     []InvoiceLine
	// Payments are the invoice's payments (invoice.payments, included in the list), which tie a
	// charge or a refund to the invoice since 2025-03-31.basil.
	Payments []InvoicePayment
}

// InvoicePayment is one payment of an invoice.
type InvoicePayment struct {
	// Payment is the payment intent (pi_…) or, for a charge made without one, the charge (ch_…).
	Payment    string
	Status     string // open, paid or canceled
	AmountPaid int64
}

// FromInvoicePayment keeps what ties the payment to its invoice.
func FromInvoicePayment(p *stripe.InvoicePayment) InvoicePayment {
	r := InvoicePayment{Status: enum(p.Status), AmountPaid: p.AmountPaid}
	if pay := p.Payment; pay != nil {
		switch {
		case pay.PaymentIntent != nil:
			r.Payment = pay.PaymentIntent.ID
		case pay.Charge != nil:
			r.Payment = pay.Charge.ID
		}
	}
	return r
}

// PaidAmount is what the invoice's paid payments paid.
func (in Invoice) PaidAmount() int64 {
	var n int64
	for _, p := range in.Payments {
		if p.Status == "paid" {
			n += p.AmountPaid
		}
	}
	return n
}

// InvoiceLine is one line: the price, quantity and service period billed.
type InvoiceLine struct {
	ID             string
	SubItem        string
	Price          string
	Quantity       int64
	Amount         int64
	DiscountAmount int64
	// Product is pricing.price_details.product ("" for a line without one).
	Product string
	// Tax is every tax of the line (taxes[].amount); TaxIncluded the part of it an inclusive
	// price puts inside Amount.
	Tax         int64
	TaxIncluded int64
	PeriodStart int64
	PeriodEnd   int64
	// Proration marks a mid-period change (parent.*_details.proration, since 2025-03-31).
	Proration bool
}

// FromInvoice keeps what MRR history uses; lines beyond the embedded page are appended by the
// fetcher.
func FromInvoice(in *stripe.Invoice) Invoice {
	r := Invoice{ID: in.ID, Currency: string(in.Currency), Status: string(in.Status), BillingReason: string(in.BillingReason), Created: in.Created, DueDate: in.DueDate,
		AmountDue: in.AmountDue, AmountRemaining: in.AmountRemaining, AmountPaid: in.AmountPaid}
	if in.Customer != nil {
		r.Customer = in.Customer.ID
	}
	if in.Parent != nil && in.Parent.SubscriptionDetails != nil && in.Parent.SubscriptionDetails.Subscription != nil {
		r.Subscription = in.Parent.SubscriptionDetails.Subscription.ID
	}
	if st := in.StatusTransitions; st != nil {
		r.FinalizedAt, r.PaidAt, r.UncollectibleAt, r.VoidedAt = st.FinalizedAt, st.PaidAt, st.MarkedUncollectibleAt, st.VoidedAt
	}
	if len(in.Discounts) > 0 {
		r.Discounts = make([]Discount, 0, len(in.Discounts))
	}
	for _, d := range in.Discounts {
		if d != nil {
			r.Discounts = append(r.Discounts, FromDiscount(d))
		}
	}
	if in.Lines != nil {
		r.Lines = make([]InvoiceLine, 0, len(in.Lines.Data)) // exact: records are kept by the thousand
		for _, l := range in.Lines.Data {
			r.Lines = append(r.Lines, FromInvoiceLine(l))
		}
	}
	if in.Payments != nil && len(in.Payments.Data) > 0 {
		r.Payments = make([]InvoicePayment, 0, len(in.Payments.Data))
		for _, p := range in.Payments.Data {
			if p != nil {
				r.Payments = append(r.Payments, FromInvoicePayment(p))
			}
		}
	}
	return r.Interned()
}

// FromInvoiceLine reads the line's parent (subscription item or invoice item details) for the
// proration flag and subscription item.
func FromInvoiceLine(l *stripe.InvoiceLineItem) InvoiceLine {
	r := InvoiceLine{ID: l.ID, Quantity: l.Quantity, Amount: l.Amount}
	if l.Period != nil {
		r.PeriodStart, r.PeriodEnd = l.Period.Start, l.Period.End
	}
	if p := l.Parent; p != nil {
		if d := p.SubscriptionItemDetails; d != nil {
			r.SubItem, r.Proration = enum(d.SubscriptionItem), d.Proration // shared with the subscription's item
		} else if d := p.InvoiceItemDetails; d != nil {
			r.Proration = d.Proration
		}
	}
	if l.Pricing != nil && l.Pricing.PriceDetails != nil {
		if l.Pricing.PriceDetails.Price != nil {
			r.Price = enum(l.Pricing.PriceDetails.Price.ID)
		}
		r.Product = enum(l.Pricing.PriceDetails.Product)
	}
	for _, t := range l.Taxes {
		if t != nil {
			r.Tax += t.Amount
			if t.TaxBehavior == stripe.InvoiceLineItemTaxTaxBehaviorInclusive {
				r.TaxIncluded += t.Amount
			}
		}
	}
	for _, d := range l.DiscountAmounts {
		if d != nil {
			r.DiscountAmount += d.Amount
		}
	}
	return r
}

// StatusAt is the invoice's status at instant t, read from its status transitions: draft until
// finalized, open until paid, voided or marked uncollectible (an uncollectible invoice paid
// later is paid from then on). At or after now the current status is authoritative.
func (in Invoice) StatusAt(t, now int64) string {
	if t >= now {
		return in.Status
	}
	status := "draft"
	if in.FinalizedAt != 0 && in.FinalizedAt <= t {
		status = "open"
	}
	latest := int64(0)
	for _, tr := range []struct {
		at     int64
		status string
	}{{in.UncollectibleAt, "uncollectible"}, {in.VoidedAt, "void"}, {in.PaidAt, "paid"}} {
		if tr.at != 0 && tr.at <= t && tr.at >= latest {
			status, latest = tr.status, tr.at
		}
	}
	return status
}
