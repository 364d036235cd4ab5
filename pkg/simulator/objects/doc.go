// Package objects holds the Stripe API v1 object shapes the simulator serves and the Store that holds
// one account's objects.
//
// Every struct marshals with encoding/json to exactly the JSON the pinned API version sends
// (docs: /work/shared/STRIPE-API-SHAPES.md; Stripe's OpenAPI spec in the stripe-mock module wins where
// they disagree, and the conformance test in openapicheck checks each type against it):
//
//   - every non-includable field is present; empty values are null, never omitted;
//   - amounts are int64 minor units, timestamps int64 Unix seconds, decimals JSON strings;
//   - expandable fields hold an ID string (NullString); the server expands them on the JSON tree,
//     looking the ID up through Store.Lookup;
//   - includable fields (price.tiers, charge.refunds, customer.subscriptions) are never marshalled
//     here: the server adds them only when a request expands them.
//
// Null conventions, chosen to keep structs lean (the large profile holds >= 1,000,000 balance
// transactions):
//
//   - NullString: "" marshals as null. Used for nullable strings and expandable IDs.
//   - *int64, *bool, *float64: nil marshals as null, where 0/false is a real value (unit_amount 0).
//   - Null: a zero-size field that always marshals as null, for fields a simulated account never
//     fills (application, on_behalf_of, review, ...). It costs no memory.
//   - Metadata: a slice of key/value pairs, marshalled as an object; nil marshals as {}.
//
// Constant "object" members are zero-size types (TagCharge, ...) so they cost no memory either.
// Balance transactions also encode without reflection (JSONAppender), for fast list pages.
//
// Charges and invoices, a million of each in the large profile, are stored compactly: the
// struct holds what differs per object, shared Payer and More values hold the rest, and an
// unexported twin struct (chargeJSON, invoiceJSON) with every member in Stripe's order is what
// MarshalJSON encodes, so the JSON stays exactly as described above.
//
// Related packages: objectstest builds a small hand-made account covering every kind (for tests);
// openapicheck validates JSON against Stripe's OpenAPI spec from the stripe-mock module (tests
// only: it embeds the specs).
package objects
