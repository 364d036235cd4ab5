package stripeapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"
)

func TestPaginationReadsEveryObjectOnce(t *testing.T) {
	items := charges(250) // 100 + 100 + 50: three pages
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, items) })
	c := newTestClient(t, f.URL)
	var got []string
	err := c.ListCharges(context.Background(), Window{}, func(ch *stripe.Charge) error {
		got = append(got, ch.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("ListCharges: %v", err)
	}
	want := make([]string, 250)
	for i := range want {
		want[i] = fmt.Sprintf("ch_%04d", i)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %d charges, want ch_0000..ch_0249 once each in order", len(got))
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages", len(reqs))
	}
	// Cursors: none, then the last id of each previous page.
	for i, wantAfter := range []string{"", "ch_0099", "ch_0199"} {
		q := reqs[i].query
		if q.Get("starting_after") != wantAfter || q.Get("limit") != "100" || q.Has("ending_before") {
			t.Errorf("page %d query = %v, want limit=100 starting_after=%q", i+1, q, wantAfter)
		}
		if reqs[i].method != http.MethodGet || reqs[i].path != "/v1/charges" {
			t.Errorf("page %d: %s %s", i+1, reqs[i].method, reqs[i].path)
		}
	}
}

func TestRequestsCarryKeyAndPinnedVersion(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, "", balanceBody) })
	c := newTestClient(t, f.URL)
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	h := f.requests()[0].header
	if h.Get("Authorization") != "Bearer "+testKey {
		t.Error("the key is not sent as a bearer token")
	}
	// ARCHITECTURE.md pins the version stripe-go v85.0.0 sends.
	if h.Get("Stripe-Version") != "2026-03-25.dahlia" {
		t.Errorf("Stripe-Version = %q, want the pinned 2026-03-25.dahlia", h.Get("Stripe-Version"))
	}
}

func TestWindowParams(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, nil) })
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	// 2023-11-14T22:13:20Z .. one day later, hand-computed Unix seconds.
	if err := c.ListBalanceTransactions(ctx, Window{From: 1700000000, To: 1700086400}, func(*stripe.BalanceTransaction) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := c.ListCharges(ctx, Window{}, func(*stripe.Charge) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := c.ListPayouts(ctx, Window{From: 1700000000}, func(*stripe.Payout) error { return nil }); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	q := reqs[0].query
	if q.Get("created[gte]") != "1700000000" || q.Get("created[lt]") != "1700086400" || q.Has("created[lte]") || q.Has("created[gt]") {
		t.Errorf("windowed query = %v", q)
	}
	if reqs[0].path != "/v1/balance_transactions" {
		t.Errorf("path %s", reqs[0].path)
	}
	for k := range reqs[1].query {
		if strings.HasPrefix(k, "created") {
			t.Errorf("open window sent %s", k)
		}
	}
	if q := reqs[2].query; q.Get("created[gte]") != "1700000000" || q.Has("created[lt]") {
		t.Errorf("half-open window query = %v", q)
	}
}

func TestWindowFor(t *testing.T) {
	from := time.Unix(1700000000, 500_000_000)
	cases := []struct {
		from, to time.Time
		want     Window
	}{
		{from, time.Unix(1700000100, 0), Window{1700000000, 1700000100}},
		{from, time.Unix(1700000100, 1), Window{1700000000, 1700000101}},
		{time.Time{}, time.Unix(1700000100, 0), Window{0, 1700000100}},
		{from, time.Time{}, Window{1700000000, 0}},
	}
	for _, c := range cases {
		if got := WindowFor(c.from, c.to); got != c.want {
			t.Errorf("WindowFor(%v, %v) = %+v, want %+v", c.from, c.to, got, c.want)
		}
	}
}

func TestBadWindowsAndArguments(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, nil) })
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	noop := func(*stripe.Charge) error { return nil }
	mustKind(t, c.ListCharges(ctx, Window{From: 20, To: 10}, noop), KindInvalidArgument)
	mustKind(t, c.ListCharges(ctx, Window{From: -1}, noop), KindInvalidArgument)
	mustKind(t, c.ListInvoices(ctx, Window{}, "unpaid", func(*stripe.Invoice) error { return nil }), KindInvalidArgument)
	mustKind(t, c.ListInvoiceLines(ctx, "in_1/../../charges", func(*stripe.InvoiceLineItem) error { return nil }), KindInvalidArgument)
	mustKind(t, c.ListSubscriptionItems(ctx, "cus_1", func(*stripe.SubscriptionItem) error { return nil }), KindInvalidArgument)
	mustKind(t, c.ListEvents(ctx, Window{}, []string{"invoice.paid", " "}, func(*stripe.Event) error { return nil }), KindInvalidArgument)
	// An empty window needs no request.
	if err := c.ListCharges(ctx, Window{From: 10, To: 10}, noop); err != nil {
		t.Fatal(err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests for bad or empty windows", n)
	}
}

func TestFailingPageIsAnErrorNotAPartialList(t *testing.T) {
	items := charges(250)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Get("starting_after") == "ch_0099" {
			stripeError(w, 500, "req_page2", "", "An unknown error occurred")
			return
		}
		serveList(w, r, items)
	})
	c := newTestClient(t, f.URL)
	delivered := 0
	err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { delivered++; return nil })
	e := mustKind(t, err, KindStripeServer)
	if delivered != 100 || e.ObjectsRead != 100 || e.PagesRead != 1 || e.Resource != "charges" {
		t.Errorf("delivered %d, error says %d objects in %d pages of %q; want 100 in 1 page of charges",
			delivered, e.ObjectsRead, e.PagesRead, e.Resource)
	}
	if !strings.Contains(err.Error(), "Read 100 charges in 1 page before this; the rest is missing.") {
		t.Errorf("message: %s", err)
	}
}

func TestCallbackErrorStopsAndIsReturnedUnchanged(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, charges(250)) })
	c := newTestClient(t, f.URL)
	stop := errors.New("enough")
	seen := 0
	err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error {
		seen++
		if seen == 150 {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Fatalf("got %v, want the callback's own error", err)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("%d requests; reading must stop when the callback fails", n)
	}
}

func TestListThatCannotAdvance(t *testing.T) {
	t.Run("has_more with an empty page", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeJSON(w, 200, "", map[string]any{"object": "list", "url": "/v1/charges", "has_more": true, "data": []any{}})
		})
		c := newTestClient(t, f.URL)
		mustKind(t, c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil }), KindStripeServer)
	})
	t.Run("the same page forever", func(t *testing.T) {
		page := charges(2)
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			writeJSON(w, 200, "", map[string]any{"object": "list", "url": "/v1/charges", "has_more": true, "data": page})
		})
		c := newTestClient(t, f.URL)
		err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
		e := mustKind(t, err, KindStripeServer)
		if len(f.requests()) != 2 || e.ObjectsRead != 4 {
			t.Errorf("%d requests, %d objects; the loop must stop on the second identical page", len(f.requests()), e.ObjectsRead)
		}
	})
}

func TestPageLimitIsAnError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, charges(250)) })
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.MaxPages = 2 })
	err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
	e := mustKind(t, err, KindPageLimit)
	if e.ObjectsRead != 200 || e.PagesRead != 2 || len(f.requests()) != 2 {
		t.Errorf("read %d objects in %d pages with %d requests", e.ObjectsRead, e.PagesRead, len(f.requests()))
	}
	// Exactly at the limit with nothing more is complete, not an error.
	f2 := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, charges(200)) })
	c2 := newTestClient(t, f2.URL, func(cfg *Config) { cfg.MaxPages = 2 })
	if err := c2.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil }); err != nil {
		t.Errorf("200 objects in 2 pages with a 2-page limit: %v", err)
	}
}

func TestSubscriptionsAllStatusesWithDiscounts(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, nil) })
	c := newTestClient(t, f.URL)
	if err := c.ListSubscriptions(context.Background(), Window{}, func(*stripe.Subscription) error { return nil }); err != nil {
		t.Fatal(err)
	}
	q := f.requests()[0].query
	if q.Get("status") != "all" {
		t.Errorf("status = %q, want all (canceled subscriptions are needed for churn)", q.Get("status"))
	}
	if got := indexed(q, "expand"); !slices.Equal(got, []string{"data.discounts", "data.items.data.discounts"}) {
		t.Errorf("expand = %v", got)
	}
}

func TestPricesActiveAndInactive(t *testing.T) {
	active := []map[string]any{{"id": "price_a1", "object": "price", "active": true}, {"id": "price_a2", "object": "price", "active": true}}
	inactive := []map[string]any{{"id": "price_i1", "object": "price", "active": false}}
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Get("active") == "false" {
			serveList(w, r, inactive)
		} else {
			serveList(w, r, active)
		}
	})
	c := newTestClient(t, f.URL)
	var got []string
	if err := c.ListPrices(context.Background(), Window{}, func(p *stripe.Price) error { got = append(got, p.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"price_a1", "price_a2", "price_i1"}) {
		t.Errorf("prices = %v", got)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].query.Get("active") != "true" || reqs[1].query.Get("active") != "false" {
		t.Errorf("requests: %+v", reqs)
	}
	if got := indexed(reqs[0].query, "expand"); !slices.Equal(got, []string{"data.product", "data.tiers"}) {
		t.Errorf("expand = %v", got)
	}
}

func TestInvoicesStatusAndLines(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, nil) })
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	if err := c.ListInvoices(ctx, Window{}, "open", func(*stripe.Invoice) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := c.ListInvoices(ctx, Window{}, "", func(*stripe.Invoice) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := c.ListInvoiceLines(ctx, "in_1PgaxNB7WZ01zgkW", func(*stripe.InvoiceLineItem) error { return nil }); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if reqs[0].query.Get("status") != "open" || reqs[1].query.Has("status") {
		t.Errorf("status params: %v / %v", reqs[0].query, reqs[1].query)
	}
	if got := indexed(reqs[1].query, "expand"); !slices.Equal(got, []string{"data.discounts", "data.payments"}) {
		t.Errorf("invoice expand = %v", got)
	}
	if reqs[2].path != "/v1/invoices/in_1PgaxNB7WZ01zgkW/lines" || reqs[2].query.Get("limit") != "100" {
		t.Errorf("lines request: %s %v", reqs[2].path, reqs[2].query)
	}
}

func TestEventTypesSplitInGroupsOf20(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		serveList(w, r, []map[string]any{{"id": fmt.Sprintf("evt_%d", n), "object": "event", "type": "x"}})
	})
	c := newTestClient(t, f.URL)
	var types []string
	for i := range 25 {
		types = append(types, fmt.Sprintf("type.%02d", i))
	}
	types = append(types, "type.00") // a duplicate is asked for once
	n := 0
	if err := c.ListEvents(context.Background(), Window{}, types, func(*stripe.Event) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 2 || n != 2 {
		t.Fatalf("%d requests, %d events; want 2 groups", len(reqs), n)
	}
	g1, g2 := indexed(reqs[0].query, "types"), indexed(reqs[1].query, "types")
	if len(g1) != 20 || len(g2) != 5 || g1[0] != "type.00" || g2[4] != "type.24" {
		t.Errorf("groups: %v / %v", g1, g2)
	}
	// No types: one request without a filter.
	if err := c.ListEvents(context.Background(), Window{}, nil, func(*stripe.Event) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if last := f.requests()[2].query; len(indexed(last, "types")) != 0 || last.Has("type") {
		t.Errorf("unfiltered events query: %v", last)
	}
}

func TestEveryListHitsItsEndpoint(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, nil) })
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	w := Window{From: 1700000000, To: 1700086400}
	calls := []struct {
		path string
		run  func() error
	}{
		{"/v1/balance_transactions", func() error {
			return c.ListBalanceTransactions(ctx, w, func(*stripe.BalanceTransaction) error { return nil })
		}},
		{"/v1/charges", func() error { return c.ListCharges(ctx, w, func(*stripe.Charge) error { return nil }) }},
		{"/v1/disputes", func() error { return c.ListDisputes(ctx, w, func(*stripe.Dispute) error { return nil }) }},
		{"/v1/payouts", func() error { return c.ListPayouts(ctx, w, func(*stripe.Payout) error { return nil }) }},
		{"/v1/invoices", func() error { return c.ListInvoices(ctx, w, "", func(*stripe.Invoice) error { return nil }) }},
		{"/v1/subscriptions", func() error { return c.ListSubscriptions(ctx, w, func(*stripe.Subscription) error { return nil }) }},
		{"/v1/products", func() error { return c.ListProducts(ctx, w, func(*stripe.Product) error { return nil }) }},
		{"/v1/customers", func() error { return c.ListCustomers(ctx, w, func(*stripe.Customer) error { return nil }) }},
		{"/v1/coupons", func() error { return c.ListCoupons(ctx, w, func(*stripe.Coupon) error { return nil }) }},
		{"/v1/events", func() error { return c.ListEvents(ctx, w, nil, func(*stripe.Event) error { return nil }) }},
		{"/v1/subscription_items", func() error {
			return c.ListSubscriptionItems(ctx, "sub_1", func(*stripe.SubscriptionItem) error { return nil })
		}},
	}
	for i, call := range calls {
		if err := call.run(); err != nil {
			t.Fatalf("%s: %v", call.path, err)
		}
		r := f.requests()[i]
		if r.path != call.path || r.query.Get("limit") != "100" {
			t.Errorf("call %d: %s %v, want %s with limit=100", i, r.path, r.query, call.path)
		}
		if call.path != "/v1/subscription_items" && (r.query.Get("created[gte]") != "1700000000" || r.query.Get("created[lt]") != "1700086400") {
			t.Errorf("%s: window not sent: %v", call.path, r.query)
		}
	}
	if q := f.requests()[len(calls)-1].query; q.Get("subscription") != "sub_1" {
		t.Errorf("subscription items query: %v", q)
	}
}

// Refunds are listed by created; an invoice's payments by the invoice; prices of one active state
// with their product expanded (one list, which a cache can shard).
func TestRefundsInvoicePaymentsAndPricesOfOneState(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		serveList(w, r, nil)
	})
	c := newTestClient(t, f.URL)
	ctx := context.Background()
	if err := c.ListRefunds(ctx, Window{From: 100, To: 200}, func(*stripe.Refund) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := c.ListInvoicePayments(ctx, "in_1PgaxNB7WZ01zgkW", func(*stripe.InvoicePayment) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := c.ListPricesActive(ctx, Window{}, false, func(*stripe.Price) error { return nil }); err != nil {
		t.Fatal(err)
	}
	mustKind(t, c.ListInvoicePayments(ctx, "in_1/../x", func(*stripe.InvoicePayment) error { return nil }), KindInvalidArgument)
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	if reqs[0].path != "/v1/refunds" || reqs[0].query.Get("created[gte]") != "100" || reqs[0].query.Get("created[lt]") != "200" {
		t.Errorf("refunds request: %s %v", reqs[0].path, reqs[0].query)
	}
	if reqs[1].path != "/v1/invoice_payments" || reqs[1].query.Get("invoice") != "in_1PgaxNB7WZ01zgkW" || reqs[1].query.Get("limit") != "100" {
		t.Errorf("invoice payments request: %s %v", reqs[1].path, reqs[1].query)
	}
	if reqs[2].path != "/v1/prices" || reqs[2].query.Get("active") != "false" || !slices.Contains(indexed(reqs[2].query, "expand"), "data.product") {
		t.Errorf("prices request: %s %v", reqs[2].path, reqs[2].query)
	}
}
