package objects

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// Marshal returns the bytes json.Marshal(v) returns, faster for charges, invoices and events.
//
// encoding/json runs a second pass over whatever a MarshalJSON method returns (it compacts and
// re-escapes it), and these kinds build their JSON in MarshalJSON from another struct or from
// rendered parts; for a page of invoices or events that second pass (once per nesting level)
// cost more than the encoding itself. The bytes are already what the pass would produce, so
// Marshal encodes them directly. The server marshals objects through it.
func Marshal(v any) ([]byte, error) {
	switch o := v.(type) {
	case *Charge:
		w := o.wire()
		return json.Marshal(&w)
	case *Invoice:
		w := o.wire()
		return json.Marshal(&w)
	case *Event:
		return o.marshal()
	}
	return json.Marshal(v)
}

// marshal writes the event as encoding/json writes the struct, around its payload as rendered:
// a source's payload is taken as is (EventSource promises json.Marshal's form), held JSON is
// compacted and escaped as encoding/json does.
func (e *Event) marshal() ([]byte, error) {
	obj, prev, err := e.Data.Payload()
	if err != nil {
		return nil, err
	}
	if e.Data.Source == nil {
		if obj, err = json.Marshal(obj); err != nil { // RawMessage: compacted, "null" when nil
			return nil, err
		}
		if len(prev) > 0 {
			if prev, err = json.Marshal(prev); err != nil {
				return nil, err
			}
		}
	}
	if obj == nil {
		obj = jsonNull
	}
	b := make([]byte, 0, len(obj)+len(prev)+256)
	b = append(b, `{"id":`...)
	b = appendMarshaledString(b, e.ID)
	b = append(b, `,"object":"event","api_version":`...)
	b = appendMarshaledNullString(b, e.APIVersion)
	b = append(b, `,"created":`...)
	b = strconv.AppendInt(b, e.Created, 10)
	b = append(b, `,"data":{"object":`...)
	b = append(b, obj...)
	if len(prev) > 0 {
		b = append(b, `,"previous_attributes":`...)
		b = append(b, prev...)
	}
	b = append(b, `},"livemode":`...)
	b = strconv.AppendBool(b, e.Livemode)
	b = append(b, `,"pending_webhooks":`...)
	b = strconv.AppendInt(b, e.PendingWebhooks, 10)
	b = append(b, `,"request":{"id":`...)
	b = appendMarshaledNullString(b, e.Request.ID)
	b = append(b, `,"idempotency_key":`...)
	b = appendMarshaledNullString(b, e.Request.IdempotencyKey)
	b = append(b, `},"type":`...)
	b = appendMarshaledString(b, e.Type)
	return append(b, '}'), nil
}

// appendMarshaledString appends s as json.Marshal writes it, HTML escaping included (unlike
// appendString, which is for the list pages of balance transactions).
func appendMarshaledString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= utf8.RuneSelf {
			q, _ := json.Marshal(s) // marshalling a string cannot fail
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshaledNullString(b []byte, s NullString) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return appendMarshaledString(b, string(s))
}
