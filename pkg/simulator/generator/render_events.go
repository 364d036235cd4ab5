package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// events lists the model's events, newest first. Their payloads are rendered when served (see
// eventSource), not here: at 30 days of a large account that is hundreds of megabytes of JSON.
func (r *renderer) events() ([]objects.Event, error) {
	m := r.m
	src := &eventSource{r: r}
	out := make([]objects.Event, len(m.Events))
	for i := range m.Events {
		ev := &m.Events[i]
		if ev.Object.Kind < ObjCustomer || ev.Object.Kind > ObjInvoicePayment {
			return nil, fmt.Errorf("generator: event about unknown object kind %d", ev.Object.Kind)
		}
		// The model keeps events oldest first; the store lists them newest first.
		out[len(out)-1-i] = objects.Event{ID: ev.ID, APIVersion: objects.NullString(r.versions.version(ev.Created)), Created: ev.Created, Type: ev.Type,
			Data: objects.EventData{Source: src, Ref: int32(i)}}
	}
	return out, nil
}

// eventSource renders an event's payload from the model when it is served: its object as it was
// at the event and, for customer.subscription.updated, the previous values of the members that
// changed, both in the API version the account had at the event (Profile.APIVersions). The
// renderer caches shared values as it goes, so renders take turns.
type eventSource struct {
	mu sync.Mutex
	r  *renderer
}

// EventPayload implements objects.EventSource; ref indexes the model's events.
func (s *eventSource) EventPayload(ref int32) (object, previous json.RawMessage, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ev := &s.r.m.Events[ref]
	v := s.r.versions.rulesAt(ev.Created)
	if object, err = s.r.eventObject(ev.Object, ev.Created, v); err != nil {
		return nil, nil, err
	}
	if ev.Type == "customer.subscription.updated" {
		before, err := s.r.subscriptionBefore(ev.Object.Index, ev.Created, v)
		if err != nil {
			return nil, nil, err
		}
		if previous, err = previousAttributes(before, object); err != nil {
			return nil, nil, err
		}
	}
	return object, previous, nil
}

// eventObject marshals the referenced record as it was at instant at, in the version of rules v.
func (r *renderer) eventObject(ref ObjectRef, at int64, v versionRules) (json.RawMessage, error) {
	var o any
	switch ref.Kind {
	case ObjCustomer:
		c := r.customer(ref.Index)
		o = &c
	case ObjSubscription:
		s := r.subscription(ref.Index, at)
		o = &s
	case ObjInvoice:
		inv := r.invoice(ref.Index, at)
		inv.FillDefaults()
		o = &inv
	case ObjCharge:
		c := r.charge(ref.Index, at)
		o = &c
	case ObjDispute:
		d := r.dispute(ref.Index, at)
		o = &d
	case ObjPayout:
		p := r.payout(ref.Index, at)
		o = &p
	case ObjInvoicePayment:
		p, ok := r.invoicePayment(ref.Index, at)
		if !ok {
			return nil, fmt.Errorf("generator: event about invoice %s's payment before it had one", r.m.Invoices[ref.Index].ID)
		}
		o = &p
	default:
		return nil, fmt.Errorf("generator: event about unknown object kind %d", ref.Kind)
	}
	b, err := objects.Marshal(o) // json.Marshal's bytes, as EventSource promises
	if err != nil {
		return nil, fmt.Errorf("generator: rendering event object: %w", err)
	}
	return r.inVersion(ref, at, b, v)
}

// subscriptionBefore marshals subscription si just before a change at instant at, in the version
// of rules v: as it was a second earlier or, for a change in the second it was created (a once
// coupon's discount removed by the first invoice), as it is at that instant with the discount
// still on. A second earlier it did not exist yet.
func (r *renderer) subscriptionBefore(si int32, at int64, v versionRules) (json.RawMessage, error) {
	s := &r.m.Subscriptions[si]
	ref := ObjectRef{Kind: ObjSubscription, Index: si}
	if at-1 >= s.Created {
		return r.eventObject(ref, at-1, v)
	}
	o := r.subscription(si, at)
	if d := s.Discount; d != nil && d.Start <= at && len(o.Discounts) == 0 {
		o.Discounts = objects.Array[string]{d.ID}
	}
	b, err := objects.Marshal(&o)
	if err != nil {
		return nil, fmt.Errorf("generator: rendering event object: %w", err)
	}
	return r.inVersion(ref, at, b, v)
}

// previousAttributes is data.previous_attributes the way Stripe computes it from the object
// before and after the change (both in the event's version): every top-level member whose value
// changed, with its value before; for a member that is a hash (a JSON object) before and after,
// only its changed members, recursively, so a changed items list gives {"items":{"data":[...]}}.
// Arrays are given whole. A member that appeared is given as null. Members are in key order.
func previousAttributes(before, after json.RawMessage) (json.RawMessage, error) {
	var a memberArena
	return appendChanged(&a, make([]byte, 0, 256), before, after)
}

// appendChanged appends the previous values of the members of object after that differ in
// object before.
func appendChanged(arena *memberArena, dst, before, after []byte) ([]byte, error) {
	a, err := arena.parseObject(before)
	if err != nil {
		return nil, err
	}
	b, err := arena.parseObject(after)
	if err != nil {
		return nil, err
	}
	var keys []string
	for i := range a {
		if v := b.get(string(a[i].key)); v == nil || !bytes.Equal(a[i].val, v) {
			keys = append(keys, string(a[i].key))
		}
	}
	for i := range b {
		if !a.has(string(b[i].key)) {
			keys = append(keys, string(b[i].key))
		}
	}
	sort.Strings(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = append(dst, k...)
		dst = append(dst, '"', ':')
		av, bv := a.get(k), b.get(k)
		switch {
		case av == nil: // appeared
			dst = append(dst, jsonNull...)
		case isObject(av) && isObject(bv):
			if dst, err = appendChanged(arena, dst, av, bv); err != nil {
				return nil, err
			}
		default:
			dst = append(dst, av...)
		}
	}
	return append(dst, '}'), nil
}
