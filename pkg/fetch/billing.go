package fetch

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/pkg/stripeapi/apiversion"
)

// BillingSource is the part of the Stripe access layer the billing fetchers use;
// *stripeapi.Client satisfies it.
type BillingSource interface {
	ListSubscriptions(ctx context.Context, w stripeapi.Window, fn func(*stripe.Subscription) error) error
	ListSubscriptionItems(ctx context.Context, subscriptionID string, fn func(*stripe.SubscriptionItem) error) error
	ListInvoices(ctx context.Context, w stripeapi.Window, status string, fn func(*stripe.Invoice) error) error
	ListInvoiceLines(ctx context.Context, invoiceID string, fn func(*stripe.InvoiceLineItem) error) error
	ListInvoicePayments(ctx context.Context, invoiceID string, fn func(*stripe.InvoicePayment) error) error
	ListPrices(ctx context.Context, w stripeapi.Window, fn func(*stripe.Price) error) error
	ListCoupons(ctx context.Context, w stripeapi.Window, fn func(*stripe.Coupon) error) error
	EventSource
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

// Paging says how a whole history is listed: split by created into shards read in parallel
// within the client's rate budget (the default), or with one cursor at a time (Sequential, the
// benchmark's naive baseline); and where its pages are counted (Reads, nil for nowhere).
// Store.Paging gives the Store's.
type Paging struct {
	Sequential bool
	Reads      *Reads
}

// ReadBilling reads every subscription (with all items), every price and coupon, the pending
// invoice items and the subscription events of the EventRetention before now; the subscription
// invoices, which MRR also needs, are read by Invoices (the invoice metrics share them).
// The five lists are read at the same time (one after the other when p is Sequential).
// A failed page fails the whole read: a history built from part of it would be wrong.
func ReadBilling(ctx context.Context, src BillingSource, now time.Time, p Paging) (*Billing, error) {
	b := &Billing{Prices: map[string]records.Price{}, Coupons: map[string]records.Coupon{}}
	from := now.Add(-EventRetention)
	b.EventsFrom = from.Unix()
	return b, together(ctx, p, func(ctx context.Context) error {
		return src.ListPrices(ctx, all, func(pr *stripe.Price) error {
			b.Prices[pr.ID] = records.FromPrice(pr)
			return nil
		})
	}, func(ctx context.Context) error {
		return src.ListCoupons(ctx, all, func(c *stripe.Coupon) error {
			b.Coupons[c.ID] = records.FromCoupon(c)
			return nil
		})
	}, func(ctx context.Context) (err error) {
		b.Subscriptions, err = Subscriptions(ctx, src, now, p)
		return err
	}, func(ctx context.Context) (err error) {
		b.PendingItems, err = PendingItems(ctx, src)
		return err
	}, func(ctx context.Context) (err error) {
		b.Events, err = SubscriptionEvents(ctx, src, from, now.Add(time.Second))
		return err
	})
}

// together runs the reads at once (in turn when p is Sequential) and returns the first error;
// the first failure cancels the others.
func together(ctx context.Context, p Paging, reads ...func(context.Context) error) error {
	if p.Sequential {
		for _, r := range reads {
			if err := r(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(reads))
	var wg sync.WaitGroup
	for i, r := range reads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = r(ctx); errs[i] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	// The first failure is the cause; the others may only say they were cancelled.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}

// listedWithMore is a record as listed and whether its embedded sub-list (items, lines) has
// more entries than the page embedded; morePayments the same of an invoice's payments.
type listedWithMore[R any] struct {
	rec          R
	more         bool
	morePayments bool
}

// history lists every object of a resource, whatever its creation time, sharded by created
// unless p is Sequential, each id once.
func history[R any](ctx context.Context, what string, list lister[listedWithMore[R]], id func(R) string, created func(R) int64,
	now time.Time, p Paging) ([]listedWithMore[R], error) {
	got, err := readSharded(ctx, what, list, func(l listedWithMore[R]) int64 { return created(l.rec) },
		func(l listedWithMore[R]) string { return id(l.rec) }, span{0, endOfTime}, now.Unix(), p, nil)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]struct{}, len(got))
	out := got[:0]
	for _, l := range got {
		if _, dup := seen[id(l.rec)]; !dup {
			seen[id(l.rec)] = struct{}{}
			out = append(out, l)
		}
	}
	// In list order (newest created first, ties by id as Stripe orders them), whatever order the
	// shards finished in: everything computed from a history is then the same from one read to
	// the next.
	slices.SortFunc(out, func(a, b listedWithMore[R]) int {
		if c := cmp.Compare(created(b.rec), created(a.rec)); c != 0 {
			return c
		}
		return strings.Compare(id(b.rec), id(a.rec))
	})
	return out, nil
}

// Subscriptions reads every subscription in every status, each id once, reading the items
// beyond the embedded page when there are more.
func Subscriptions(ctx context.Context, src BillingSource, now time.Time, p Paging) ([]records.Subscription, error) {
	listed, err := history(ctx, "subscriptions", func(ctx context.Context, w stripeapi.Window, fn func(listedWithMore[records.Subscription]) error) error {
		return src.ListSubscriptions(ctx, w, func(s *stripe.Subscription) error {
			return fn(listedWithMore[records.Subscription]{rec: records.FromSubscription(s), more: s.Items != nil && s.Items.HasMore})
		})
	}, func(s records.Subscription) string { return s.ID }, func(s records.Subscription) int64 { return s.Created }, now, p)
	if err != nil {
		return nil, err
	}
	out := make([]records.Subscription, len(listed))
	for i, l := range listed {
		out[i] = l.rec
		if !l.more {
			continue
		}
		if out[i].Items, err = subscriptionItems(ctx, src, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// subscriptionItems lists every item of a subscription whose embedded page of items has more.
func subscriptionItems(ctx context.Context, src BillingSource, subscriptionID string) ([]records.SubscriptionItem, error) {
	var items []records.SubscriptionItem
	err := src.ListSubscriptionItems(ctx, subscriptionID, func(it *stripe.SubscriptionItem) error {
		items = append(items, records.FromSubscriptionItem(it))
		return nil
	})
	return items, err
}

// invoiceLines lists every line of an invoice whose embedded page of lines has more.
func invoiceLines(ctx context.Context, src BillingSource, invoiceID string) ([]records.InvoiceLine, error) {
	var lines []records.InvoiceLine
	err := src.ListInvoiceLines(ctx, invoiceID, func(l *stripe.InvoiceLineItem) error {
		lines = append(lines, records.FromInvoiceLine(l))
		return nil
	})
	return lines, err
}

// invoicePayments lists every payment of an invoice whose included page of payments has more.
func invoicePayments(ctx context.Context, src BillingSource, invoiceID string) ([]records.InvoicePayment, error) {
	var out []records.InvoicePayment
	err := src.ListInvoicePayments(ctx, invoiceID, func(p *stripe.InvoicePayment) error {
		out = append(out, records.FromInvoicePayment(p))
		return nil
	})
	return slices.Clone(out), err // exactly sized: kept for the day
}

// needsAllLines says whether an invoice is kept with every line: a subscription invoice (MRR
// history reads its lines) and any invoice that can be paid (revenue by product splits its
// payments across them); a draft is neither until it is finalized, which its events bring in.
func needsAllLines(in records.Invoice) bool { return in.Subscription != "" || in.Status != "draft" }

// InvoiceLists is every invoice of the account: those of a subscription, and the others (one-off
// invoices); each, once it can be paid, with all its lines and all its payments.
type InvoiceLists struct {
	Subscription, Other []records.Invoice
}

// All is every invoice, subscription invoices first.
func (l InvoiceLists) All() []records.Invoice {
	return append(append([]records.Invoice{}, l.Subscription...), l.Other...)
}

// Invoices reads every invoice, each id once (sharded by created unless p is Sequential), with
// its payments (included in the list): those of a subscription (parent.subscription_details) and
// the others, reading the lines and payments beyond the embedded pages of those needsAllLines
// keeps whole.
func Invoices(ctx context.Context, src BillingSource, now time.Time, p Paging) (InvoiceLists, error) {
	listed, err := history(ctx, "invoices", func(ctx context.Context, w stripeapi.Window, fn func(listedWithMore[records.Invoice]) error) error {
		return src.ListInvoices(ctx, w, "", func(in *stripe.Invoice) error {
			return fn(listedWithMore[records.Invoice]{rec: records.FromInvoice(in), more: in.Lines != nil && in.Lines.HasMore,
				morePayments: in.Payments != nil && in.Payments.HasMore})
		})
	}, func(in records.Invoice) string { return in.ID }, func(in records.Invoice) int64 { return in.Created }, now, p)
	if err != nil {
		return InvoiceLists{}, err
	}
	var lists InvoiceLists
	for _, l := range listed {
		inv := l.rec
		if l.more && needsAllLines(inv) {
			if inv.Lines, err = invoiceLines(ctx, src, inv.ID); err != nil {
				return InvoiceLists{}, err
			}
		}
		if l.morePayments {
			if inv.Payments, err = invoicePayments(ctx, src, inv.ID); err != nil {
				return InvoiceLists{}, err
			}
		}
		if inv.Subscription == "" {
			lists.Other = append(lists.Other, inv)
		} else {
			lists.Subscription = append(lists.Subscription, inv)
		}
	}
	// Exactly sized: the lists are kept for the day, and append leaves up to half unused.
	lists.Subscription, lists.Other = slices.Clone(lists.Subscription), slices.Clone(lists.Other)
	return lists, nil
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
	return slices.Clone(out), err // exactly sized: kept for the day
}

// subscriptionEvent decodes the event's subscription and, when previous_attributes came with
// it, the subscription with those members put back (the access layer gives each changed member
// whole, in the pinned shapes). Versions up to 2017-04-06 gave only the changed elements of an
// array, from which the subscription before cannot be told: Before stays nil, and MRR dates what
// came before the event from the invoices instead.
func subscriptionEvent(ev *stripe.Event) (records.SubscriptionEvent, error) {
	r := records.SubscriptionEvent{ID: ev.ID, Type: string(ev.Type), Created: ev.Created}
	var after stripe.Subscription
	if err := json.Unmarshal(ev.Data.Raw, &after); err != nil {
		return r, fmt.Errorf("event %s: reading its subscription: %w", ev.ID, err)
	}
	r.After = records.FromSubscription(&after)
	if len(ev.Data.PreviousAttributes) == 0 || !apiversion.PreviousComplete(ev.APIVersion) {
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

// mapEntryCost approximates what a map entry costs beyond its key and value: Go's maps keep
// entries in groups of 8 with control bytes and slack up to the load factor.
const mapEntryCost = 24

// Bytes estimates the heap the read keeps (records.*.Heap and the structs and slices holding
// them), for the Store's memory budget.
func (b *Billing) Bytes() int64 {
	if b == nil {
		return 0
	}
	n := int64(records.SliceCost[records.Subscription](len(b.Subscriptions)) + records.SliceCost[records.SubscriptionEvent](len(b.Events)) +
		records.SliceCost[records.PendingItem](len(b.PendingItems)))
	ids := records.Interned{}
	for i := range b.Subscriptions {
		s := &b.Subscriptions[i]
		n += int64(s.Heap())
		ids.Add(s.Customer)
		for _, it := range s.Items {
			ids.Add(it.ID, it.Price)
		}
		ids.Add(s.DiscountIDs...)
	}
	n += int64(ids.Cost())
	for i := range b.Events {
		n += int64(b.Events[i].Heap())
	}
	for i := range b.PendingItems {
		n += int64(b.PendingItems[i].Heap())
	}
	for _, p := range b.Prices {
		n += int64(unsafe.Sizeof(p)) + 16 + mapEntryCost + int64(p.Heap())
	}
	for _, c := range b.Coupons {
		n += int64(unsafe.Sizeof(c)) + 16 + mapEntryCost
	}
	return n
}

// Bytes estimates the heap the lists keep, for the Store's memory budget.
func (l InvoiceLists) Bytes() int64 {
	n := int64(records.SliceCost[records.Invoice](len(l.Subscription)) + records.SliceCost[records.Invoice](len(l.Other)))
	ids := records.Interned{}
	for _, invs := range [][]records.Invoice{l.Subscription, l.Other} {
		for i := range invs {
			in := &invs[i]
			n += int64(in.Heap())
			ids.Add(in.Subscription, in.Customer)
			for _, ln := range in.Lines {
				ids.Add(ln.SubItem, ln.Price, ln.Product)
			}
		}
	}
	return n + int64(ids.Cost())
}

// Interned shares the read's repeated strings (records' Interned): for a read decoded from
// disk, whose strings are copies of their own.
func (b *Billing) Interned() *Billing {
	out := *b
	out.Subscriptions = slices.Clone(b.Subscriptions)
	for i := range out.Subscriptions {
		out.Subscriptions[i] = out.Subscriptions[i].Interned()
	}
	out.Events = slices.Clone(b.Events)
	for i := range out.Events {
		out.Events[i] = out.Events[i].Interned()
	}
	out.PendingItems = slices.Clone(b.PendingItems)
	for i := range out.PendingItems {
		out.PendingItems[i] = out.PendingItems[i].Interned()
	}
	out.Prices = make(map[string]records.Price, len(b.Prices))
	for _, p := range b.Prices {
		p = p.Interned()
		out.Prices[p.ID] = p
	}
	out.Coupons = make(map[string]records.Coupon, len(b.Coupons))
	for _, c := range b.Coupons {
		c = c.Interned()
		out.Coupons[c.ID] = c
	}
	return &out
}

// Interned: see Billing.Interned.
func (l InvoiceLists) Interned() InvoiceLists {
	intern := func(invs []records.Invoice) []records.Invoice {
		out := slices.Clone(invs)
		for i := range out {
			out[i] = out[i].Interned()
		}
		return out
	}
	return InvoiceLists{Subscription: intern(l.Subscription), Other: intern(l.Other)}
}
