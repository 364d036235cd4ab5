package generator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// events renders the model's events, each with its object as it was at the event and, for
// customer.subscription.updated, the previous values of the members that changed.
func (r *renderer) events() ([]objects.Event, error) {
	m := r.m
	out := make([]objects.Event, 0, len(m.Events))
	for i := range m.Events {
		ev := &m.Events[i]
		obj, err := r.eventObject(ev.Object, ev.Created)
		if err != nil {
			return nil, err
		}
		o := objects.Event{ID: ev.ID, APIVersion: APIVersion, Created: ev.Created, Type: ev.Type, Data: objects.EventData{Object: obj}}
		if ev.Type == "customer.subscription.updated" {
			before, err := r.eventObject(ev.Object, ev.Created-1)
			if err != nil {
				return nil, err
			}
			if o.Data.PreviousAttributes, err = previousAttributes(before, obj); err != nil {
				return nil, err
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// eventObject marshals the referenced record as it was at instant at.
func (r *renderer) eventObject(ref ObjectRef, at int64) (json.RawMessage, error) {
	var v any
	switch ref.Kind {
	case ObjCustomer:
		c := r.customer(ref.Index)
		v = &c
	case ObjSubscription:
		s := r.subscription(ref.Index, at)
		v = &s
	case ObjInvoice:
		inv := r.invoice(ref.Index, at)
		inv.FillDefaults()
		v = &inv
	case ObjCharge:
		c := r.charge(ref.Index, at)
		v = &c
	case ObjDispute:
		d := r.dispute(ref.Index, at)
		v = &d
	case ObjPayout:
		p := r.payout(ref.Index, at)
		v = &p
	default:
		return nil, fmt.Errorf("generator: event about unknown object kind %d", ref.Kind)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("generator: rendering event object: %w", err)
	}
	return b, nil
}

// previousAttributes lists, for every top-level member whose value changed, its value before.
func previousAttributes(before, after json.RawMessage) (json.RawMessage, error) {
	var a, b map[string]json.RawMessage
	if err := json.Unmarshal(before, &a); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(after, &b); err != nil {
		return nil, err
	}
	var keys []string
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(a[k])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
