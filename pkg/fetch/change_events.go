package fetch

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/pkg/stripeapi/apiversion"
)

// ErrRereadNeeded says the events since the last check cannot be applied exactly to a
// whole-history read (an event names a discount the read does not know: events carry discount
// ids, list reads expand them): the history must be read again. A guess is never applied.
var ErrRereadNeeded = errors.New("the changes cannot be applied exactly: the history must be read again")

// ChangeEvents lists the events of the given types created at or after since, newest first
// (types go 20 to a request: the requests' lists are merged by creation time, each request's
// order kept for events of the same second), each id once, in the pinned version's shapes: the
// access layer rewrites the versions it reads, and the object of each event whose version it
// cannot read is retrieved in the pinned version (pinUnreadable), one request per object, for
// the object types in retrieve (those whose state the caller takes from the events).
func ChangeEvents(ctx context.Context, src EventSource, since time.Time, types []string, retrieve ...string) ([]*stripe.Event, error) {
	seen := map[string]bool{}
	var out []*stripe.Event
	err := src.ListEvents(ctx, stripeapi.Window{From: since.Unix()}, types, func(ev *stripe.Event) error {
		if !seen[ev.ID] && ev.Data != nil {
			seen[ev.ID] = true
			out = append(out, ev)
		}
		return nil
	})
	if stripeapi.KindOf(err) == stripeapi.KindPermission {
		// A key that may not read events cannot follow changes: read the history again.
		return nil, fmt.Errorf("%w (%v)", ErrRereadNeeded, err)
	}
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b *stripe.Event) int { return cmp.Compare(b.Created, a.Created) })
	if err := pinUnreadable(ctx, src, out, retrieve...); err != nil {
		return nil, err
	}
	return out, nil
}

// pinUnreadable puts, in place of the object of each event whose API version the access layer
// cannot read exactly (apiversion.Readable: older than the oldest version it knows, or a newer
// release), the object as the pinned version renders it now, retrieved by id, when that event is
// the newest of its object in events (newest first) and the object is of one of the types: its
// object is then the object's current state, which is what the reads take from it. Older events
// of the same object keep their best reading, as do objects of other types (prices and coupons
// have kept their shapes) and objects that no longer exist (a deleted draft invoice).
func pinUnreadable(ctx context.Context, src EventSource, events []*stripe.Event, types ...string) error {
	seen := map[string]bool{}
	for _, ev := range events {
		id, _ := ev.Data.Object["id"].(string)
		typ, _ := ev.Data.Object["object"].(string)
		if id == "" || seen[id] || !slices.Contains(types, typ) {
			continue
		}
		seen[id] = true
		if apiversion.Readable(ev.APIVersion) {
			continue
		}
		raw, err := src.RetrieveObject(ctx, typ, id)
		switch kind := stripeapi.KindOf(err); {
		case err == nil:
		case kind == stripeapi.KindNotFound, kind == stripeapi.KindInvalidArgument:
			continue
		default:
			return err
		}
		var obj map[string]any
		if err := json.Unmarshal(raw, &obj); err != nil {
			return fmt.Errorf("%s %s retrieved for event %s: %w", typ, id, ev.ID, err)
		}
		ev.Data.Raw, ev.Data.Object = raw, obj
	}
	return nil
}

// newestPerObject keeps, of the events whose type starts with prefix, the first listed (the
// newest: its object is the latest state) of each object, in the order listed.
func newestPerObject(events []*stripe.Event, prefix string) ([]*stripe.Event, error) {
	seen := map[string]bool{}
	var out []*stripe.Event
	for _, ev := range events {
		if !strings.HasPrefix(string(ev.Type), prefix) {
			continue
		}
		id, err := objectID(ev)
		if err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, ev)
		}
	}
	return out, nil
}

func objectID(ev *stripe.Event) (string, error) {
	var o struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(ev.Data.Raw, &o); err != nil || o.ID == "" {
		return "", fmt.Errorf("event %s: its object has no id (%v)", ev.ID, err)
	}
	return o.ID, nil
}

// decodeObject reads an event's object.
func decodeObject[T any](ev *stripe.Event) (*T, error) {
	v := new(T)
	if err := json.Unmarshal(ev.Data.Raw, v); err != nil {
		return nil, fmt.Errorf("event %s: reading its object: %w", ev.ID, err)
	}
	return v, nil
}

// hasType says whether an event of one of the types is listed.
func hasType(events []*stripe.Event, types ...string) bool {
	return slices.ContainsFunc(events, func(ev *stripe.Event) bool { return slices.Contains(types, string(ev.Type)) })
}

// discountIndex is every expanded discount a read knows, by id. A discount never changes once
// created (its coupon and dates are fixed), so an id found here resolves exactly.
type discountIndex struct {
	known map[string]records.Discount // nil until the first id to resolve
	subs  []records.Subscription      // what known is built from
	invs  [][]records.Invoice
	// recent reads the subscriptions created since the last check, with their discounts
	// expanded: a new subscription's coupon is known nowhere else. Read once, when an id is
	// unknown (nil: no such read).
	recent func() ([]records.Subscription, error)
}

// knownDiscounts indexes the discounts of the read subscriptions and invoices, with the
// subscriptions created since as the last resort. The index is built when an id is first
// resolved: most updates carry none, and a large account has hundreds of thousands of invoices.
func knownDiscounts(ctx context.Context, src BillingSource, since time.Time, subs []records.Subscription, invs ...[]records.Invoice) *discountIndex {
	return &discountIndex{subs: subs, invs: invs, recent: recentSubscriptions(ctx, src, since)}
}

// recentSubscriptions lists the subscriptions created at or after since (usually one request).
func recentSubscriptions(ctx context.Context, src BillingSource, since time.Time) func() ([]records.Subscription, error) {
	return func() ([]records.Subscription, error) {
		var out []records.Subscription
		err := src.ListSubscriptions(ctx, stripeapi.Window{From: since.Unix()}, func(s *stripe.Subscription) error {
			out = append(out, records.FromSubscription(s))
			return nil
		})
		return out, err
	}
}

func (x *discountIndex) addSubscriptions(subs []records.Subscription) {
	for i := range subs {
		x.add(subs[i].Discounts)
	}
}

func (x *discountIndex) add(ds []records.Discount) {
	for _, d := range ds {
		if d.Coupon != "" { // expanded
			x.known[d.ID] = d
		}
	}
}

// resolve returns the expanded discounts of ids, or ErrRereadNeeded for an id that neither the
// read nor the subscriptions created since know.
func (x *discountIndex) resolve(what string, ids []string) ([]records.Discount, error) {
	if x.known == nil && len(ids) > 0 {
		x.known = map[string]records.Discount{}
		x.addSubscriptions(x.subs)
		for _, invs := range x.invs {
			for i := range invs {
				x.add(invs[i].Discounts)
			}
		}
	}
	var out []records.Discount
	for _, id := range ids {
		d, ok := x.known[id]
		if !ok && x.recent != nil {
			subs, err := x.recent()
			if err != nil && stripeapi.KindOf(err) != stripeapi.KindPermission { // a key for invoices only: no help
				return nil, err
			}
			x.recent = nil
			x.addSubscriptions(subs)
			d, ok = x.known[id]
		}
		if !ok {
			return nil, fmt.Errorf("%w: %s names discount %s, which no read subscription or invoice has", ErrRereadNeeded, what, id)
		}
		out = append(out, d)
	}
	return out, nil
}

// mergeByID returns old with each changed record in place of the one with its id and without
// the removed ids; changed records new to the list come first, newest created first, as a list
// read has them. old is not changed: readers may be using it.
func mergeByID[R any](old, changed []R, removed map[string]bool, id func(*R) string, created func(*R) int64) []R {
	byID := make(map[string]int, len(changed))
	for i := range changed {
		byID[id(&changed[i])] = i
	}
	used := make([]bool, len(changed))
	rest := make([]R, 0, len(old)+len(changed))
	for i := range old {
		k := id(&old[i])
		if removed[k] {
			continue
		}
		if j, ok := byID[k]; ok {
			used[j] = true
			rest = append(rest, changed[j])
			continue
		}
		rest = append(rest, old[i])
	}
	var added []R
	for j := range changed {
		if !used[j] && !removed[id(&changed[j])] {
			added = append(added, changed[j])
		}
	}
	slices.SortStableFunc(added, func(a, b R) int { return cmp.Compare(created(&b), created(&a)) })
	return append(added, rest...)
}
