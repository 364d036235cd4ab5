package fetch

import (
	"context"
	"maps"
	"slices"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// billingUpdateEvents are the events UpdateBilling applies: 17 types, one request. Invoices are
// not among them: they come up to date through the invoice read (UpdateInvoices); invoice.created
// is, because an invoice takes in the pending items.
var billingUpdateEvents = append(append([]string{}, SubscriptionEventTypes...),
	"customer.subscription.trial_will_end", "customer.subscription.pending_update_applied", "customer.subscription.pending_update_expired",
	"invoice.created", "invoiceitem.created", "invoiceitem.deleted",
	"price.created", "price.updated", "price.deleted", "coupon.created", "coupon.updated", "coupon.deleted")

// pendingItemEvents are the events after which the pending invoice items are listed again: an
// item created or deleted, an invoice taking items in, a subscription change (which creates the
// proration items, whether or not their own events are listed yet).
var pendingItemEvents = []string{"invoiceitem.created", "invoiceitem.deleted", "invoice.created", "customer.subscription.updated"}

// UpdateBilling brings a ReadBilling read up to date with the events created at or after since
// and the invoices as they are now (from UpdateInvoices, read at the same time as the events;
// their discounts resolve those the events name): one events request, plus one items
// request per changed subscription with more items than its event embeds, one pending items
// list after an item, invoice or subscription change, two prices requests after a new price, one
// list of the subscriptions created since when an event names a discount not known otherwise.
// ErrRereadNeeded: the events cannot be applied exactly; read the history again.
func UpdateBilling(ctx context.Context, src BillingSource, since, now time.Time, old *Billing, invoices func() (InvoiceLists, error)) (*Billing, error) {
	type listed struct {
		lists InvoiceLists
		err   error
	}
	invoiced := make(chan listed, 1) // listed beside the events; not waited for without events
	go func() {
		l, err := invoices()
		invoiced <- listed{l, err}
	}()
	events, err := ChangeEvents(ctx, src, since, billingUpdateEvents, "subscription")
	if err != nil || len(events) == 0 {
		// Nothing changed: the same read, so that what was computed from it (the MRR
		// reconstruction) can be reused. Its subscription events older than the retention are
		// kept until the next change; they are still true, and a change drops them.
		return old, err
	}
	inv := <-invoiced
	if inv.err != nil {
		return nil, inv.err
	}
	return ApplyBillingEvents(ctx, src, since, now, old, inv.lists, events)
}

// ApplyBillingEvents returns old with events (newest first, created at or after since) applied,
// as ReadBilling would read it at now: each changed subscription's latest state, the new
// subscription events (those older than the EventRetention before now dropped, as a read at now
// would not have them), prices, coupons and pending items. old is not changed.
func ApplyBillingEvents(ctx context.Context, src BillingSource, since, now time.Time, old *Billing, invoices InvoiceLists, events []*stripe.Event) (*Billing, error) {
	b := *old
	known := knownDiscounts(ctx, src, since, old.Subscriptions, invoices.Subscription, invoices.Other)
	var err error
	if b.Subscriptions, err = applySubscriptionEvents(ctx, src, old.Subscriptions, events, known); err != nil {
		return nil, err
	}
	if b.Events, b.EventsFrom, err = addSubscriptionEvents(old, events, now); err != nil {
		return nil, err
	}
	if b.Prices, err = applyPriceEvents(ctx, src, since, old.Prices, events); err != nil {
		return nil, err
	}
	if b.Coupons, err = applyCouponEvents(old.Coupons, events); err != nil {
		return nil, err
	}
	if hasType(events, pendingItemEvents...) {
		if b.PendingItems, err = PendingItems(ctx, src); err != nil {
			return nil, err
		}
	}
	return &b, nil
}

// applySubscriptionEvents puts each changed subscription's latest state (its newest event) in
// place of the listed one, or adds it: with all its items and its discounts expanded.
func applySubscriptionEvents(ctx context.Context, src BillingSource, old []records.Subscription, events []*stripe.Event, known *discountIndex) ([]records.Subscription, error) {
	latest, err := newestPerObject(events, "customer.subscription.")
	if err != nil || len(latest) == 0 {
		return old, err
	}
	changed := make([]records.Subscription, 0, len(latest))
	for _, ev := range latest {
		s, err := decodeObject[stripe.Subscription](ev)
		if err != nil {
			return nil, err
		}
		r := records.FromSubscription(s)
		if len(r.Discounts) != len(r.DiscountIDs) { // ids only, as events carry them
			if r.Discounts, err = known.resolve("subscription "+r.ID, r.DiscountIDs); err != nil {
				return nil, err
			}
		}
		if s.Items != nil && s.Items.HasMore {
			if r.Items, err = subscriptionItems(ctx, src, r.ID); err != nil {
				return nil, err
			}
		}
		changed = append(changed, r)
	}
	return mergeByID(old, changed, nil, func(r *records.Subscription) string { return r.ID },
		func(r *records.Subscription) int64 { return r.Created }), nil
}

// addSubscriptionEvents returns the subscription events of a read at now: the new ones (newest
// first, as listed) before those already read, without those older than the EventRetention
// before now, so that the answer is the one a new read would give.
func addSubscriptionEvents(old *Billing, events []*stripe.Event, now time.Time) ([]records.SubscriptionEvent, int64, error) {
	from := max(old.EventsFrom, now.Add(-EventRetention).Unix())
	have := map[string]bool{}
	for _, e := range old.Events {
		have[e.ID] = true
	}
	var out []records.SubscriptionEvent
	for _, ev := range events {
		if have[ev.ID] || ev.Created > now.Unix() || !slices.Contains(SubscriptionEventTypes, string(ev.Type)) {
			continue
		}
		have[ev.ID] = true
		r, err := subscriptionEvent(ev)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	expired := slices.ContainsFunc(old.Events, func(e records.SubscriptionEvent) bool { return e.Created < from })
	if len(out) == 0 && !expired {
		return old.Events, from, nil
	}
	for _, e := range old.Events {
		if e.Created >= from {
			out = append(out, e)
		}
	}
	return out, from, nil
}

// applyPriceEvents: a new price is read with the prices created since (two requests: active and
// inactive), so that it has its product's name and its tiers, which an event's price lacks; a
// deleted one is dropped. An update of a known price changes nothing kept (amounts, currency,
// interval and product cannot change on a Stripe price).
func applyPriceEvents(ctx context.Context, src BillingSource, since time.Time, old map[string]records.Price, events []*stripe.Event) (map[string]records.Price, error) {
	relist, deleted := false, map[string]bool{}
	for _, ev := range events {
		switch ev.Type {
		case "price.created", "price.updated", "price.deleted":
		default:
			continue
		}
		id, err := objectID(ev)
		if err != nil {
			return nil, err
		}
		_, ok := old[id]
		switch {
		case ev.Type == "price.deleted":
			deleted[id] = true
		case ev.Type == "price.created" || !ok:
			relist = true
		}
	}
	if !relist && len(deleted) == 0 {
		return old, nil
	}
	out := maps.Clone(old)
	for id := range deleted {
		delete(out, id)
	}
	if !relist {
		return out, nil
	}
	err := src.ListPrices(ctx, stripeapi.Window{From: since.Unix()}, func(p *stripe.Price) error {
		if !deleted[p.ID] {
			out[p.ID] = records.FromPrice(p)
		}
		return nil
	})
	return out, err
}

// applyCouponEvents puts each changed coupon's latest terms (events carry the whole coupon) in
// the map, and drops the deleted ones.
func applyCouponEvents(old map[string]records.Coupon, events []*stripe.Event) (map[string]records.Coupon, error) {
	latest, err := newestPerObject(events, "coupon.")
	if err != nil || len(latest) == 0 {
		return old, err
	}
	out := maps.Clone(old)
	for _, ev := range latest {
		c, err := decodeObject[stripe.Coupon](ev)
		if err != nil {
			return nil, err
		}
		if ev.Type == "coupon.deleted" {
			delete(out, c.ID)
		} else {
			out[c.ID] = records.FromCoupon(c)
		}
	}
	return out, nil
}
