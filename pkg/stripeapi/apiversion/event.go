package apiversion

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	stripe "github.com/stripe/stripe-go/v85"
)

// Event rewrites ev's data in the pinned version's shapes, whatever version Stripe rendered it
// in: data.object (Raw and Object) as the pinned version renders that object, and
// previous_attributes holding, for every top-level member that changed, its whole value before
// the change, in the pinned shapes. (Stripe gives only the changed keys of a changed hash, and
// in old versions the changed members sit where that version puts them: a renewal changes
// current_period_end before basil and items after.) ev.APIVersion is left as Stripe sent it;
// Readable(ev.APIVersion) says whether the result is exact.
func Event(ev *stripe.Event) error {
	if ev == nil || ev.Data == nil || len(ev.Data.Raw) == 0 {
		return nil
	}
	v := ev.APIVersion
	prev := ev.Data.PreviousAttributes
	if !before(v, clover) && len(prev) == 0 {
		return nil // the pinned shapes already, and nothing to complete
	}
	obj, err := decodeMap(ev.Data.Raw)
	if err != nil {
		return fmt.Errorf("event %s: its object is not a JSON object: %w", ev.ID, err)
	}
	var was map[string]any
	if len(prev) > 0 {
		raw, err := json.Marshal(prev)
		if err != nil {
			return fmt.Errorf("event %s: previous_attributes: %w", ev.ID, err)
		}
		changed, err := decodeMap(raw)
		if err != nil {
			return fmt.Errorf("event %s: previous_attributes: %w", ev.ID, err)
		}
		was = deepCopy(obj).(map[string]any)
		mergeHash(was, changed)
		Upgrade(was, v)
	}
	Upgrade(obj, v)
	raw, err := json.Marshal(obj)
	if err != nil {
		return fmt.Errorf("event %s: %w", ev.ID, err)
	}
	ev.Data.Raw = raw
	ev.Data.Object = nil
	if err := json.Unmarshal(raw, &ev.Data.Object); err != nil { // stripe-go's own form of Object
		return fmt.Errorf("event %s: %w", ev.ID, err)
	}
	if was != nil {
		if ev.Data.PreviousAttributes, err = previousMembers(was, obj); err != nil {
			return fmt.Errorf("event %s: previous_attributes: %w", ev.ID, err)
		}
	}
	return nil
}

// previousMembers lists each top-level member whose value differs between the object before
// the change and after it, with its whole value before (null for a member the object did not
// have yet), in stripe-go's form of previous_attributes.
func previousMembers(was, now map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for k, b := range was {
		if !reflect.DeepEqual(b, now[k]) {
			out[k] = b
		}
	}
	for k := range now {
		if _, ok := was[k]; !ok {
			out[k] = nil
		}
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	var plain map[string]any
	return plain, json.Unmarshal(raw, &plain)
}

// mergeHash puts the changed members back: a hash into the hash it changed, key by key (Stripe
// lists a changed hash's changed keys only), anything else (arrays, scalars, null) whole.
func mergeHash(dst, changed map[string]any) {
	for k, c := range changed {
		cm, isHash := c.(map[string]any)
		dm, dstHash := dst[k].(map[string]any)
		if isHash && dstHash {
			mergeHash(dm, cm)
			continue
		}
		dst[k] = c
	}
}

// decodeMap decodes a JSON object keeping numbers exact (amounts and timestamps are integers).
func decodeMap(raw []byte) (map[string]any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("null")
	}
	return m, nil
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}
