package fetch

import (
	"context"
	"maps"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
)

// InvoiceChangeEvents are the events a change to an invoice emits (one request).
var InvoiceChangeEvents = []string{"invoice.created", "invoice.finalized", "invoice.updated", "invoice.paid",
	"invoice.payment_failed", "invoice.payment_succeeded", "invoice.voided", "invoice.marked_uncollectible", "invoice.deleted"}

// UpdateInvoices brings lists read by Invoices up to date with the invoice events created at or
// after since: one events request, plus one lines request per changed subscription invoice with
// more lines than its event embeds, plus one list of the subscriptions created since when an
// event names a discount not known otherwise. subs are subscriptions read with their discounts
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
// event of each invoice carries its latest state, which replaces the listed invoice or is added;
// invoice.deleted removes it. old is not changed.
func ApplyInvoiceEvents(ctx context.Context, src BillingSource, since time.Time, old InvoiceLists, events []*stripe.Event, subs []records.Subscription) (InvoiceLists, error) {
	latest, err := newestPerObject(events, "invoice.")
	if err != nil || len(latest) == 0 {
		return old, err
	}
	known := knownDiscounts(ctx, src, since, subs, old.Subscription, old.Other)
	deleted := map[string]bool{}
	var subscription, other []records.Invoice
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
		if r.Subscription == "" {
			other = append(other, r)
		} else {
			subscription = append(subscription, r)
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

// invoiceFromEvent is the record of an event's invoice as Invoices would have read it: its
// discounts expanded (from those known) and, for a subscription invoice, all its lines.
func invoiceFromEvent(ctx context.Context, src BillingSource, in *stripe.Invoice, known *discountIndex) (records.Invoice, error) {
	r := records.FromInvoice(in)
	var ids []string
	for _, d := range r.Discounts {
		ids = append(ids, d.ID)
	}
	var err error
	if r.Discounts, err = known.resolve("invoice "+r.ID, ids); err != nil {
		return r, err
	}
	if r.Subscription == "" || in.Lines == nil || !in.Lines.HasMore {
		return r, nil
	}
	lines, err := invoiceLines(ctx, src, r.ID)
	if err != nil {
		return r, err
	}
	r.Lines = lines
	return r, nil
}
