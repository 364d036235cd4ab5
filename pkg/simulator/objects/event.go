package objects

import "encoding/json"

// Event is an event (shapes doc §16). data.object is the full resource as it was at the event, in
// the account's API version, with nested expandables left as IDs: the generator renders it (with
// Marshal of the object, after FillDefaults where the type has one) when the event is served.
type Event struct {
	ID              string       `json:"id"`
	Object          TagEvent     `json:"object"`
	APIVersion      NullString   `json:"api_version"`
	Created         int64        `json:"created"`
	Data            EventData    `json:"data"`
	Livemode        bool         `json:"livemode"`
	PendingWebhooks int64        `json:"pending_webhooks"`
	Request         EventRequest `json:"request"`
	Type            string       `json:"type"` // charge.succeeded, invoice.paid, customer.subscription.updated, ...
}

// EventData is event.data: either the JSON itself (Object, PreviousAttributes) or a Source that
// renders it when the event is served. A generated account's events would otherwise hold
// hundreds of megabytes of pre-rendered JSON that is mostly never read.
type EventData struct {
	Object json.RawMessage `json:"object"`
	// PreviousAttributes is present only on *.updated events: the changed members' old values.
	PreviousAttributes json.RawMessage `json:"previous_attributes,omitempty"`

	// Source, when set, renders the payload on demand (Object and PreviousAttributes stay nil);
	// Ref is the source's own name for the event.
	Source EventSource `json:"-"`
	Ref    int32       `json:"-"`
}

// EventSource renders event payloads on demand. It must be safe for concurrent use, return the
// same bytes every time for the same ref, and return them as json.Marshal writes them (compact,
// HTML characters escaped): Marshal includes them as they are.
type EventSource interface {
	EventPayload(ref int32) (object, previousAttributes json.RawMessage, err error)
}

// Payload returns data.object and data.previous_attributes (nil when absent), rendering them if
// the event has a Source.
func (d *EventData) Payload() (object, previousAttributes json.RawMessage, err error) {
	if d.Source != nil {
		return d.Source.EventPayload(d.Ref)
	}
	return d.Object, d.PreviousAttributes, nil
}

// MarshalJSON writes {"object":...,"previous_attributes":...} from Payload: the bytes encoding/json
// writes for the two raw members.
func (d EventData) MarshalJSON() ([]byte, error) {
	obj, prev, err := d.Payload()
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(obj)+len(prev)+40)
	b = append(b, `{"object":`...)
	if obj == nil {
		b = append(b, "null"...)
	}
	b = append(b, obj...)
	if len(prev) > 0 {
		b = append(b, `,"previous_attributes":`...)
		b = append(b, prev...)
	}
	return append(b, '}'), nil
}

// EventRequest is event.request; both are null for automatic actions such as renewals.
type EventRequest struct {
	ID             NullString `json:"id"`
	IdempotencyKey NullString `json:"idempotency_key"`
}
