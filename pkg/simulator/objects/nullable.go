package objects

import (
	"encoding/json"
	"strconv"
)

var jsonNull = []byte("null")

// NullString is a string that marshals as JSON null when empty. Stripe never sends "" for the
// fields that use it (IDs, enum values, optional text), so the empty value is free to mean null.
type NullString string

// MarshalJSON writes null for "" and a JSON string otherwise.
func (s NullString) MarshalJSON() ([]byte, error) {
	return appendNullString(nil, s), nil
}

// UnmarshalJSON accepts null or a string, so tests and tools can read the JSON back.
func (s *NullString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = ""
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = NullString(v)
	return nil
}

// Null is a zero-size field that always marshals as JSON null: used for documented fields a
// simulated account never fills, so they are present (as Stripe sends them) at no memory cost.
type Null struct{}

// MarshalJSON always writes null.
func (Null) MarshalJSON() ([]byte, error) { return jsonNull, nil }

// UnmarshalJSON ignores the value: the simulator never stores anything in these fields.
func (*Null) UnmarshalJSON([]byte) error { return nil }

// EmptyObject is a zero-size field that always marshals as {} (for example charge.fraud_details,
// dispute.evidence.enhanced_evidence).
type EmptyObject struct{}

// EmptyList is a zero-size field that always marshals as [] (for example product.images).
type EmptyList struct{}

// MarshalJSON always writes [].
func (EmptyList) MarshalJSON() ([]byte, error) { return []byte("[]"), nil }

// UnmarshalJSON ignores the value.
func (*EmptyList) UnmarshalJSON([]byte) error { return nil }

// KeyValue is one metadata entry.
type KeyValue struct {
	Key   string
	Value string
}

// Metadata is Stripe's string-to-string metadata hash. A slice instead of a map keeps objects
// without metadata (almost all of them) at 24 bytes and no allocation; nil marshals as {}.
type Metadata []KeyValue

// MarshalJSON writes the pairs as a JSON object in slice order.
func (m Metadata) MarshalJSON() ([]byte, error) {
	if len(m) == 0 {
		return []byte("{}"), nil
	}
	b := make([]byte, 0, 16*len(m))
	b = append(b, '{')
	for i, kv := range m {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, kv.Key)
		b = append(b, ':')
		b = appendJSONString(b, kv.Value)
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads a JSON object (key order is not kept; keys come out sorted by encoding/json's
// map decoding, which is fine for the tests that read metadata back).
func (m *Metadata) UnmarshalJSON(b []byte) error {
	var v map[string]string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*m = (*m)[:0]
	for k, val := range v {
		*m = append(*m, KeyValue{Key: k, Value: val})
	}
	return nil
}

// Int64 returns a pointer to v, for nullable integer fields.
func Int64(v int64) *int64 { return &v }

// Bool returns a pointer to v, for nullable boolean fields.
func Bool(v bool) *bool { return &v }

// Float64 returns a pointer to v, for nullable number fields.
func Float64(v float64) *float64 { return &v }

// Decimal formats a minor-unit amount as Stripe's decimal string ("2900"), for *_decimal fields.
func Decimal(v int64) NullString { return NullString(strconv.FormatInt(v, 10)) }

// appendJSONString appends s as a JSON string literal (encoding/json's escaping, which differs from
// strconv.Quote for control and non-ASCII characters).
func appendJSONString(b []byte, s string) []byte { return appendString(b, s) }

// Array is a JSON array member that Stripe never sends as null: nil marshals as [], so the
// generator can leave empty lists unset. Use a plain slice for the few nullable arrays.
type Array[T any] []T

// MarshalJSON writes [] for nil and the elements otherwise.
func (a Array[T]) MarshalJSON() ([]byte, error) {
	if len(a) == 0 {
		return []byte("[]"), nil
	}
	return json.Marshal([]T(a))
}

// UnmarshalJSON reads a JSON array.
func (a *Array[T]) UnmarshalJSON(b []byte) error {
	var v []T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*a = v
	return nil
}
