package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// BillingSource is the part of the Stripe access layer the billing fetchers use;
// *stripeapi.Client satisfies it.
type BillingSource interface {
	ListSubscriptions(ctx context.Context, w stripeapi.Window, fn func(*stripe.Subscription) error) error
	ListSubscriptionItems(ctx context.Context, subscriptionID string, fn func(*stripe.SubscriptionItem) error) error
	ListInvoices(ctx context.Context, w stripeapi.Window, status string, fn func(*stripe.Invoice) error) error
	ListInvoiceLines(ctx context.Context, invoiceID string, fn func(*stripe.InvoiceLineItem) error) error
	ListPrices(ctx context.Context, w stripeapi.Window, fn func(*stripe.Price) error) error
	ListCoupons(ctx context.Context, w stripeapi.Window, fn func(*stripe.Coupon) error) error
	ListEvents(ctx context.Context, w stripeapi.Window, types []string, fn func(*stripe.Event) error) error
	ListInvoiceItems(ctx context.Context, w stripeapi.Window, pending bool, fn func(*stripe.InvoiceItem) error) error
}

// SubscriptionEventTypes are the events that change a subscription's MRR.
var SubscriptionEventTypes = []string{
	"customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
	"customer.subscription.paused", "customer.subscription.resumed",
}

// EventRetention is how long Stripe keeps events.
const EventRetention = 30 * 24 * time.Hour

// Billing is everything MRR reconstruction reads.
type Billing struct {
	Subscriptions []records.Subscription
	Invoices      []records.Invoice // subscription invoices only
	Events        []records.SubscriptionEvent
	Prices        map[string]records.Price
	Coupons       map[string]records.Coupon
	// PendingItems are the subscriptions' pending proration items, which date a change no
	// invoice shows yet; nil when the key may not read invoice items (MRR then dates such a
	// change halfway and says so).
	PendingItems []records.PendingItem
	// EventsFrom is the start of the event window read (events are exact from here on).
	EventsFrom int64
}

// all is the window of every object (created since the epoch).
var all = stripeapi.Window{}

// ReadBilling reads every subscription (with all items), every price and coupon, the pending
// invoice items and the subscription events of the EventRetention before now, and takes the
// subscription invoices from invoices (read with Invoices, which the invoice metrics share).
// A failed page fails the whole read: a history built from part of the invoices would be wrong.
func ReadBilling(ctx context.Context, src BillingSource, now time.Time, invoices InvoiceLists) (*Billing, error) {
	b := &Billing{Prices: map[string]records.Price{}, Coupons: map[string]records.Coupon{}, Invoices: invoices.Subscription}
	if err := src.ListPrices(ctx, all, func(p *stripe.Price) error {
		b.Prices[p.ID] = records.FromPrice(p)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := src.ListCoupons(ctx, all, func(c *stripe.Coupon) error {
		b.Coupons[c.ID] = records.FromCoupon(c)
		return nil
	}); err != nil {
		return nil, err
	}
	var err error
	if b.Subscriptions, err = Subscriptions(ctx, src); err != nil {
		return nil, err
	}
	if b.PendingItems, err = PendingItems(ctx, src); err != nil {
		return nil, err
	}
	from := now.Add(-EventRetention)
	b.EventsFrom = from.Unix()
	if b.Events, err = SubscriptionEvents(ctx, src, from, now.Add(time.Second)); err != nil {
		return nil, err
	}
	return b, nil
}

// Subscriptions reads every subscription in every status, each id once, reading the items
// beyond the embedded page when there are more.
func Subscriptions(ctx context.Context, src BillingSource) ([]records.Subscription, error) {
	seen := map[string]struct{}{}
	var out []records.Subscription
	var more []int // indexes of subscriptions with more items than embedded
	err := src.ListSubscriptions(ctx, all, func(s *stripe.Subscription) error {
		if _, dup := seen[s.ID]; dup {
			return nil
		}
		seen[s.ID] = struct{}{}
		if s.Items != nil && s.Items.HasMore {
			more = append(more, len(out))
		}
		out = append(out, records.FromSubscription(s))
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, i := range more {
		sub := &out[i]
		have := map[string]bool{}
		for _, it := range sub.Items {
			have[it.ID] = true
		}
		if err := src.ListSubscriptionItems(ctx, sub.ID, func(it *stripe.SubscriptionItem) error {
			if !have[it.ID] {
				have[it.ID] = true
				sub.Items = append(sub.Items, records.FromSubscriptionItem(it))
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InvoiceLists is every invoice of the account: those of a subscription, with all their lines,
// and the others (one-off invoices).
type InvoiceLists struct {
	Subscription, Other []records.Invoice
}

// All is every invoice, subscription invoices first.
func (l InvoiceLists) All() []records.Invoice {
	return append(append([]records.Invoice{}, l.Subscription...), l.Other...)
}

// Invoices reads every invoice, each id once: those of a subscription
// (parent.subscription_details) with all their lines, the others as listed.
func Invoices(ctx context.Context, src BillingSource) (InvoiceLists, error) {
	seen := map[string]struct{}{}
	var more []int
	var subscription, other []records.Invoice
	err := src.ListInvoices(ctx, all, "", func(in *stripe.Invoice) error {
		if _, dup := seen[in.ID]; dup {
			return nil
		}
		seen[in.ID] = struct{}{}
		r := records.FromInvoice(in)
		if r.Subscription == "" {
			other = append(other, r)
			return nil
		}
		if in.Lines != nil && in.Lines.HasMore {
			more = append(more, len(subscription))
		}
		subscription = append(subscription, r)
		return nil
	})
	if err != nil {
		return InvoiceLists{}, err
	}
	for _, i := range more {
		inv := &subscription[i]
		have := map[string]bool{}
		for _, l := range inv.Lines {
			have[l.ID] = true
		}
		if err := src.ListInvoiceLines(ctx, inv.ID, func(l *stripe.InvoiceLineItem) error {
			if !have[l.ID] {
				have[l.ID] = true
				inv.Lines = append(inv.Lines, records.FromInvoiceLine(l))
			}
			return nil
		}); err != nil {
			return InvoiceLists{}, err
		}
	}
	return InvoiceLists{Subscription: subscription, Other: other}, nil
}

// PendingItems reads every pending invoice item of a subscription, each id once. A key that may
// not read invoice items is no failure: MRR can do without them (nil is returned).
func PendingItems(ctx context.Context, src BillingSource) ([]records.PendingItem, error) {
	seen := map[string]struct{}{}
	var out []records.PendingItem
	err := src.ListInvoiceItems(ctx, all, true, func(it *stripe.InvoiceItem) error {
		if _, dup := seen[it.ID]; dup {
			return nil
		}
		seen[it.ID] = struct{}{}
		if r := records.FromInvoiceItem(it); r.Subscription != "" {
			out = append(out, r)
		}
		return nil
	})
	if stripeapi.KindOf(err) == stripeapi.KindPermission {
		return nil, nil
	}
	return out, err
}

// SubscriptionEvents reads the customer.subscription.* events created in [from, to), each id
// once, with the subscription as it was after and (for updates) before the change.
func SubscriptionEvents(ctx context.Context, src BillingSource, from, to time.Time) ([]records.SubscriptionEvent, error) {
	seen := map[string]struct{}{}
	var out []records.SubscriptionEvent
	err := src.ListEvents(ctx, stripeapi.WindowFor(from, to), SubscriptionEventTypes, func(ev *stripe.Event) error {
		if _, dup := seen[ev.ID]; dup || ev.Data == nil {
			return nil
		}
		seen[ev.ID] = struct{}{}
		r, err := subscriptionEvent(ev)
		if err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// subscriptionEvent decodes the event's subscription and, when previous_attributes came with
// it, the subscription with those members put back.
func subscriptionEvent(ev *stripe.Event) (records.SubscriptionEvent, error) {
	r := records.SubscriptionEvent{ID: ev.ID, Type: string(ev.Type), Created: ev.Created}
	var after stripe.Subscription
	if err := json.Unmarshal(ev.Data.Raw, &after); err != nil {
		return r, fmt.Errorf("event %s: reading its subscription: %w", ev.ID, err)
	}
	r.After = records.FromSubscription(&after)
	if len(ev.Data.PreviousAttributes) == 0 {
		return r, nil
	}
	var members map[string]any
	if err := json.Unmarshal(ev.Data.Raw, &members); err != nil {
		return r, fmt.Errorf("event %s: reading its subscription: %w", ev.ID, err)
	}
	for k, v := range ev.Data.PreviousAttributes {
		members[k] = v
	}
	raw, err := json.Marshal(members)
	if err != nil {
		return r, fmt.Errorf("event %s: applying previous_attributes: %w", ev.ID, err)
	}
	var before stripe.Subscription
	if err := json.Unmarshal(raw, &before); err != nil {
		return r, fmt.Errorf("event %s: applying previous_attributes: %w", ev.ID, err)
	}
	b := records.FromSubscription(&before)
	r.Before = &b
	return r, nil
}
