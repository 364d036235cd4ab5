package stripeapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/stripe/stripe-go/v85"
)

// An event Stripe rendered in 2024-06-20 reaches the caller in the pinned shapes (the invoice's
// subscription under parent), its api_version as Stripe sent it.
func TestListEventsInPinnedShapes(t *testing.T) {
	old := map[string]any{"id": "evt_old", "object": "event", "api_version": "2024-06-20", "created": 1720000000, "type": "invoice.paid",
		"data": map[string]any{"object": map[string]any{"id": "in_1", "object": "invoice", "subscription": "sub_1", "status": "paid",
			"lines": map[string]any{"object": "list", "data": []any{}, "has_more": false}}}}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, []map[string]any{old}) })
	c := newTestClient(t, f.URL)
	var got []*stripe.Event
	if err := c.ListEvents(context.Background(), Window{}, nil, func(ev *stripe.Event) error { got = append(got, ev); return nil }); err != nil {
		t.Fatal(err)
	}
	var in stripe.Invoice
	if err := json.Unmarshal(got[0].Data.Raw, &in); err != nil {
		t.Fatal(err)
	}
	if in.Parent == nil || in.Parent.SubscriptionDetails.Subscription.ID != "sub_1" || got[0].APIVersion != "2024-06-20" {
		t.Errorf("event %s: parent %+v, api_version %q", got[0].ID, in.Parent, got[0].APIVersion)
	}
}

// An object Stripe cannot be asked for in shapes this plugin reads is retrieved by id, with the
// expansions its list read makes; a malformed id never reaches the network.
func TestRetrieveObject(t *testing.T) {
	body := map[string]any{"id": "sub_1", "object": "subscription", "status": "active"}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, "req_sub", body) })
	c := newTestClient(t, f.URL)
	raw, err := c.RetrieveObject(context.Background(), "subscription", "sub_1")
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(raw, &back); err != nil || back["status"] != "active" {
		t.Errorf("raw %s (%v)", raw, err)
	}
	req := f.requests()[0]
	if req.path != "/v1/subscriptions/sub_1" || !slices.Equal(indexed(req.query, "expand"), []string{"discounts", "items.data.discounts"}) {
		t.Errorf("request %s %v", req.path, req.query)
	}
	for _, bad := range [][2]string{{"subscription", "sub_1/../x"}, {"subscription", "in_1"}, {"product", "prod_1"}} {
		if _, err := c.RetrieveObject(context.Background(), bad[0], bad[1]); KindOf(err) != KindInvalidArgument {
			t.Errorf("RetrieveObject(%q, %q): %v", bad[0], bad[1], err)
		}
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests, want only the valid one", n)
	}
	if _, err := c.RetrieveObject(context.Background(), "dispute", "du_1"); err != nil {
		t.Errorf("a dispute id of the du_ form: %v", err)
	}
}
