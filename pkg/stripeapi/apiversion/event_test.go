package apiversion_test

import (
	"encoding/json"
	"reflect"
	"testing"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi/apiversion"
)

// listedEvent is an event as stripe-go decodes it from a list page.
func listedEvent(t *testing.T, version, typ string, object map[string]any, previous map[string]any) *stripe.Event {
	t.Helper()
	data := map[string]any{"object": object}
	if previous != nil {
		data["previous_attributes"] = previous
	}
	raw, err := json.Marshal(map[string]any{"id": "evt_1", "object": "event", "api_version": version, "created": 1720483200,
		"type": typ, "data": data})
	if err != nil {
		t.Fatal(err)
	}
	var ev stripe.Event
	if err := json.Unmarshal(raw, &ev); err != nil {
		t.Fatal(err)
	}
	return &ev
}

// beforeAndAfter reads a normalized subscription event the way fetch does: the object, and the
// object with previous_attributes put back member by member.
func beforeAndAfter(t *testing.T, ev *stripe.Event) (before, after *stripe.Subscription) {
	t.Helper()
	after = new(stripe.Subscription)
	if err := json.Unmarshal(ev.Data.Raw, after); err != nil {
		t.Fatal(err)
	}
	var members map[string]any
	if err := json.Unmarshal(ev.Data.Raw, &members); err != nil {
		t.Fatal(err)
	}
	for k, v := range ev.Data.PreviousAttributes {
		members[k] = v
	}
	raw, _ := json.Marshal(members)
	before = new(stripe.Subscription)
	if err := json.Unmarshal(raw, before); err != nil {
		t.Fatal(err)
	}
	return before, after
}

// A plan change in 2024-06-20: Stripe lists the changed items (only their data member, the array
// whole) and the one-item subscription's top-level plan.
func TestPriceChangeEventBeforeBasil(t *testing.T) {
	sub := fixture(t, "subscription_2024-06-20.json")
	oldItem := fixture(t, "subscription_2024-06-20.json")["items"].(map[string]any)["data"].([]any)[0].(map[string]any)
	oldItem["price"] = map[string]any{"id": "price_Starter", "object": "price", "unit_amount": 1900.0}
	oldItem["plan"] = map[string]any{"id": "price_Starter", "object": "plan", "amount": 1900.0}
	oldItem["quantity"] = 1.0
	prev := map[string]any{"items": map[string]any{"data": []any{oldItem}}, "plan": oldItem["plan"], "quantity": 1.0}
	ev := listedEvent(t, "2024-06-20", "customer.subscription.updated", sub, prev)
	if err := apiversion.Event(ev); err != nil {
		t.Fatal(err)
	}
	before, after := beforeAndAfter(t, ev)
	b, a := records.FromSubscription(before), records.FromSubscription(after)
	if want := []records.SubscriptionItem{{ID: "si_QXivpEHkMmvHhL", Price: "price_Starter", Quantity: 1}}; !reflect.DeepEqual(b.Items, want) {
		t.Errorf("before items %+v, want %+v", b.Items, want)
	}
	if want := []records.SubscriptionItem{{ID: "si_QXivpEHkMmvHhL", Price: "price_1PgVzXLkdIwHu7ixProMonth", Quantity: 3}}; !reflect.DeepEqual(a.Items, want) {
		t.Errorf("after items %+v, want %+v", a.Items, want)
	}
	if !reflect.DeepEqual(b.Discounts, a.Discounts) || len(a.Discounts) != 1 {
		t.Errorf("discounts before %+v after %+v: unchanged by a plan change", b.Discounts, a.Discounts)
	}
	// The whole items list comes back (its url and has_more too), not only the changed data.
	items, _ := ev.Data.PreviousAttributes["items"].(map[string]any)
	if items["url"] != "/v1/subscription_items?subscription=sub_1PgW3qLkdIwHu7ix0ZK2mOeD" {
		t.Errorf("previous items %v", items)
	}
	if _, ok := ev.Data.PreviousAttributes["plan"]; ok {
		t.Error("previous_attributes keeps plan, which the pinned version has not")
	}
}

// A renewal in 2024-06-20 changes the subscription's period; in the pinned shapes that is the
// item's period, so previous_attributes name items, and the subscription is the same otherwise.
func TestRenewalEventBeforeBasil(t *testing.T) {
	sub := fixture(t, "subscription_2024-06-20.json")
	ev := listedEvent(t, "2024-06-20", "customer.subscription.updated", sub,
		map[string]any{"current_period_start": 1717200000.0, "current_period_end": 1719878400.0, "latest_invoice": "in_prev"})
	if err := apiversion.Event(ev); err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for k := range ev.Data.PreviousAttributes {
		keys = append(keys, k)
	}
	if len(keys) != 2 || ev.Data.PreviousAttributes["items"] == nil || ev.Data.PreviousAttributes["latest_invoice"] != "in_prev" {
		t.Errorf("previous_attributes %v, want items and latest_invoice", ev.Data.PreviousAttributes)
	}
	before, after := beforeAndAfter(t, ev)
	if got := before.Items.Data[0].CurrentPeriodEnd; got != 1719878400 {
		t.Errorf("item period end before the renewal %d", got)
	}
	if after.Items.Data[0].CurrentPeriodEnd != 1722556800 {
		t.Errorf("item period end after %d", after.Items.Data[0].CurrentPeriodEnd)
	}
	if !reflect.DeepEqual(records.FromSubscription(before), records.FromSubscription(after)) {
		t.Error("a renewal changed the subscription's record")
	}
}

// In every version Stripe lists only the changed keys of a changed hash; the normalized
// previous_attributes hold the whole member, so putting it back gives the whole object before.
func TestPartialHashInPinnedVersion(t *testing.T) {
	inv := map[string]any{"id": "in_1", "object": "invoice", "status": "paid",
		"status_transitions": map[string]any{"finalized_at": 1720000000.0, "paid_at": 1720483200.0, "voided_at": nil, "marked_uncollectible_at": nil}}
	ev := listedEvent(t, apiversion.Pinned, "invoice.updated", inv,
		map[string]any{"status": "open", "status_transitions": map[string]any{"paid_at": nil}})
	if err := apiversion.Event(ev); err != nil {
		t.Fatal(err)
	}
	st, _ := ev.Data.PreviousAttributes["status_transitions"].(map[string]any)
	if st["finalized_at"] != 1720000000.0 || st["paid_at"] != nil || ev.Data.PreviousAttributes["status"] != "open" {
		t.Errorf("previous_attributes %v", ev.Data.PreviousAttributes)
	}
	if ev.Data.Object["status"] != "paid" {
		t.Errorf("object %v", ev.Data.Object)
	}
}

// An old invoice event reaches fetch with parent and pricing, and Object agrees with Raw.
func TestInvoiceEventBeforeBasil(t *testing.T) {
	ev := listedEvent(t, "2023-10-16", "invoice.paid", fixture(t, "invoice_2023-10-16.json"), nil)
	if err := apiversion.Event(ev); err != nil {
		t.Fatal(err)
	}
	var in stripe.Invoice
	if err := json.Unmarshal(ev.Data.Raw, &in); err != nil {
		t.Fatal(err)
	}
	if records.FromInvoice(&in).Subscription != "sub_1NzYxWLkdIwHu7ixSubOne1" {
		t.Errorf("subscription %q", records.FromInvoice(&in).Subscription)
	}
	if _, ok := ev.Data.Object["subscription"]; ok || ev.Data.Object["parent"] == nil {
		t.Errorf("Object not upgraded: %v", ev.Data.Object["parent"])
	}
	if ev.APIVersion != "2023-10-16" {
		t.Errorf("api_version %q rewritten", ev.APIVersion)
	}
}

// Pinned events without previous_attributes are left as listed.
func TestPinnedEventUntouched(t *testing.T) {
	ev := listedEvent(t, apiversion.Pinned, "invoice.paid", map[string]any{"id": "in_1", "object": "invoice", "amount_due": 100.0}, nil)
	raw := string(ev.Data.Raw)
	if err := apiversion.Event(ev); err != nil || string(ev.Data.Raw) != raw {
		t.Errorf("pinned event changed (%v): %s", err, ev.Data.Raw)
	}
}

func TestMalformedEventObject(t *testing.T) {
	ev := &stripe.Event{ID: "evt_x", APIVersion: "2024-06-20", Data: &stripe.EventData{Raw: json.RawMessage(`[1,2]`)}}
	if err := apiversion.Event(ev); err == nil {
		t.Error("an array as the object was accepted")
	}
}
