package objects

import "encoding/json"

// Event is an event (shapes doc §16). Data.Object is the full resource as it was at the event, in
// the account's API version, with nested expandables left as IDs: the generator renders it with
// json.Marshal of the object (after FillDefaults where the type has one).
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

// EventData is event.data.
type EventData struct {
	Object json.RawMessage `json:"object"`
	// PreviousAttributes is present only on *.updated events: the changed members' old values.
	PreviousAttributes json.RawMessage `json:"previous_attributes,omitempty"`
}

// EventRequest is event.request; both are null for automatic actions such as renewals.
type EventRequest struct {
	ID             NullString `json:"id"`
	IdempotencyKey NullString `json:"idempotency_key"`
}
