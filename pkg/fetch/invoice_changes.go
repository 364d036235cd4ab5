package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// InvoiceChangeEvents are the events a change to an invoice emits (one request), and the payment
// of an invoice (invoice_payment.paid: the invoice's events do not include its payments).
var InvoiceChangeEvents = []string{"invoice.created", "invoice.finalized", "invoice.updated", "invoice.paid",
	"invoice.payment_failed", "invoice.payment_succeeded", "invoice.voided", "invoice.marked_uncollectible", "invoice.deleted",
	"invoice_payment.paid"}

// UpdateInvoices brings lists read by Invoices up to date with the invoice events created at or
// after since: one events request, plus one lines request per changed invoice with more lines
// than its event embeds, one payments request per changed invoice whose paid amount its known
// payments do not account for, plus one list of the subscriptions created since when an event
// names a discount not known otherwise, and one retrieve of each invoice whose discount even those
// do not know. subs are subscriptions read with their discounts
// expanded (nil if none): with the invoices' own, they resolve the discount ids events carry.
// ErrRereadNeeded: the events cannot be applied exactly; read the invoices again.
func UpdateInvoices(ctx context.Context, src BillingSource, since time.Time, old InvoiceLists, subs []records.Subscription) (InvoiceLists, error) {
	events, err := ChangeEvents(ctx, src, since, InvoiceChangeEvents, "invoice")
	if err != nil {
		return InvoiceLists{}, err
	}
	return ApplyInvoiceEvents(ctx, src, since, old, events, subs)
}

// ApplyInvoiceEvents returns old with the invoices of events (newest first) applied: the newest
// event of each invoice carries its latest state, which replaces the listed invoice or is added,
// with the payments known before and those of the invoice_payment events; invoice.deleted removes
// it. old is not changed.
func ApplyInvoiceEvents(ctx context.Context, src BillingSource, since time.Time, old InvoiceLists, events []*stripe.Event, subs []records.Subscription) (InvoiceLists, error) {
	latest, err := newestPerObject(events, "invoice.")
	if err != nil {
		return old, err
	}
	paid, err := paymentsByInvoice(events)
	if err != nil || (len(latest) == 0 && len(paid) == 0) {
		return old, err
	}
	before := map[string]*records.Invoice{}
	for _, invs := range [][]records.Invoice{old.Subscription, old.Other} {
		for i := range invs {
			before[invs[i].ID] = &invs[i]
		}
	}
	known := knownDiscounts(ctx, src, since, subs, old.Subscription, old.Other)
	deleted := map[string]bool{}
	changed := map[string]bool{}
	var subscription, other []records.Invoice
	keep := func(r records.Invoice) {
		changed[r.ID] = true
		if r.Subscription == "" {
			other = append(other, r)
		} else {
			subscription = append(subscription, r)
		}
	}
	for _, ev := range latest {
		in, err := decodeObject[stripe.Invoice](ev)
		if err != nil {
			return InvoiceLists{}, err
		}
		if ev.Type == "invoice.deleted" {
			deleted[in.ID] = true
			continue
		}
		r, err := invoiceFromEvent(ctx, src, in, known)
		if err != nil {
			return InvoiceLists{}, err
		}
		var had []records.InvoicePayment
		if b := before[r.ID]; b != nil {
			had = b.Payments
		}
		r.Payments = mergePayments(had, paid[r.ID])
		if r.PaidAmount() < r.AmountPaid {
			// Paid by a payment no event here names (or one paid outside Stripe): the invoice's
			// payments say which.
			if r.Payments, err = invoicePayments(ctx, src, r.ID); err != nil {
				return InvoiceLists{}, err
			}
		}
		keep(r)
	}
	// A payment whose invoice has no event of its own here (listed before the invoice's, or the
	// invoice's fell outside the window) still joins the invoice as read.
	for id, ps := range paid {
		if b := before[id]; b != nil && !changed[id] && !deleted[id] {
			r := *b
			r.Payments = mergePayments(b.Payments, ps)
			keep(r)
		}
	}
	// An invoice is in one list only: those deleted or put in the other list leave each.
	gone := func(moved []records.Invoice) map[string]bool {
		out := maps.Clone(deleted)
		for i := range moved {
			out[moved[i].ID] = true
		}
		return out
	}
	id := func(r *records.Invoice) string { return r.ID }
	created := func(r *records.Invoice) int64 { return r.Created }
	return InvoiceLists{
		Subscription: mergeByID(old.Subscription, subscription, gone(other), id, created),
		Other:        mergeByID(old.Other, other, gone(subscription), id, created),
	}, nil
}

// paymentsByInvoice reads the invoice_payment events (newest first): each payment's latest state,
// by the invoice it pays.
func paymentsByInvoice(events []*stripe.Event) (map[string][]records.InvoicePayment, error) {
	latest, err := newestPerObject(events, "invoice_payment.")
	if err != nil || len(latest) == 0 {
		return nil, err
	}
	out := map[string][]records.InvoicePayment{}
	for _, ev := range latest {
		p, err := decodeObject[stripe.InvoicePayment](ev)
		if err != nil {
			return nil, err
		}
		if p.Invoice == nil || p.Invoice.ID == "" {
			continue
		}
		out[p.Invoice.ID] = append(out[p.Invoice.ID], records.FromInvoicePayment(p))
	}
	return out, nil
}

// mergePayments is had with the payments of news in place of those of the same payment, or added.
func mergePayments(had, news []records.InvoicePayment) []records.InvoicePayment {
	if len(news) == 0 {
		return had
	}
	out := make([]records.InvoicePayment, 0, len(had)+len(news))
	replaced := map[string]bool{}
	for _, n := range news {
		if n.Payment != "" {
			replaced[n.Payment] = true
		}
	}
	for _, h := range had {
		if h.Payment == "" || !replaced[h.Payment] {
			out = append(out, h)
		}
	}
	return append(out, news...)
}

// retrievedDiscounts are an invoice's discounts, expanded, as retrieving it gives them; unknown
// (the update's error) when it cannot be retrieved.
func retrievedDiscounts(ctx context.Context, src BillingSource, id string, unknown error) ([]records.Discount, error) {
	raw, err := src.RetrieveObject(ctx, "invoice", id)
	switch kind := stripeapi.KindOf(err); {
	case err == nil:
	case kind == stripeapi.KindNotFound, kind == stripeapi.KindInvalidArgument:
		return nil, unknown
	default:
		return nil, err
	}
	var in stripe.Invoice
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("invoice %s retrieved for its discounts: %w", id, err)
	}
	r := records.FromInvoice(&in)
	for _, d := range r.Discounts {
		if d.Coupon == "" { // still an id: the retrieve did not expand it
			return nil, unknown
		}
	}
	return r.Discounts, nil
}

// invoiceFromEvent is the record of an event's invoice as Invoices would have read it: its
// discounts expanded (from those known) and, when it is kept whole, all its lines. Its payments
// are not in the event: the caller joins them.
func invoiceFromEvent(ctx context.Context, src BillingSource, in *stripe.Invoice, known *discountIndex) (records.Invoice, error) {
	r := records.FromInvoice(in)
	var ids []string
	for _, d := range r.Discounts {
		ids = append(ids, d.ID)
	}
	var err error
	if r.Discounts, err = known.resolve("invoice "+r.ID, ids); err != nil {
		// A discount no read knows (a coupon put on a subscription that was not read, one the
		// invoices met for the first time): the invoice retrieved with its discounts expanded
		// (one request) says exactly what a new read would, without reading every invoice again.
		if !errors.Is(err, ErrRereadNeeded) {
			return r, err
		}
		if r.Discounts, err = retrievedDiscounts(ctx, src, r.ID, err); err != nil {
			return r, err
		}
	}
	if !needsAllLines(r) || in.Lines == nil || !in.Lines.HasMore {
		return r, nil
	}
	lines, err := invoiceLines(ctx, src, r.ID)
	if err != nil {
		return r, err
	}
	r.Lines = lines
	return r, nil
}
