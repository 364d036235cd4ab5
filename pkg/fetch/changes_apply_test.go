package fetch_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// changeSource serves the lists an update may read and counts the requests; a list not set
// here fails the test (through the nil embedded interface).
type changeSource struct {
	fetch.BillingSource
	lines   map[string][]*stripe.InvoiceLineItem
	items   map[string][]*stripe.SubscriptionItem
	recent  []*stripe.Subscription // the subscriptions created since the last check
	subsErr error                  // the subscriptions list's failure
	pending []*stripe.InvoiceItem
	prices  []*stripe.Price // the prices created since the last check
	// payments are each invoice's payments, as GET /v1/invoice_payments?invoice= lists them.
	payments map[string][]*stripe.InvoicePayment
	// retrievable are the objects RetrieveObject answers (others: not found), by id.
	retrievable map[string]string
	calls       map[string]int
}

func (s *changeSource) RetrieveObject(_ context.Context, typ, id string) (json.RawMessage, error) {
	s.count("retrieve " + typ)
	if raw, ok := s.retrievable[id]; ok {
		return json.RawMessage(raw), nil
	}
	return nil, &stripeapi.Error{Kind: stripeapi.KindNotFound, Message: "No such " + typ + ": " + id}
}

func (s *changeSource) ListInvoicePayments(_ context.Context, id string, fn func(*stripe.InvoicePayment) error) error {
	s.count("payments")
	for _, p := range s.payments[id] {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

func (s *changeSource) count(what string) {
	if s.calls == nil {
		s.calls = map[string]int{}
	}
	s.calls[what]++
}

func (s *changeSource) ListInvoiceLines(_ context.Context, id string, fn func(*stripe.InvoiceLineItem) error) error {
	s.count("lines")
	for _, l := range s.lines[id] {
		if err := fn(l); err != nil {
			return err
		}
	}
	return nil
}

func (s *changeSource) ListSubscriptionItems(_ context.Context, id string, fn func(*stripe.SubscriptionItem) error) error {
	s.count("items")
	for _, it := range s.items[id] {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

func (s *changeSource) ListSubscriptions(_ context.Context, _ stripeapi.Window, fn func(*stripe.Subscription) error) error {
	s.count("subscriptions")
	if s.subsErr != nil {
		return s.subsErr
	}
	for _, sub := range s.recent {
		if err := fn(sub); err != nil {
			return err
		}
	}
	return nil
}

func (s *changeSource) ListPrices(_ context.Context, _ stripeapi.Window, fn func(*stripe.Price) error) error {
	s.count("prices")
	for _, p := range s.prices {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

func (s *changeSource) ListInvoiceItems(_ context.Context, _ stripeapi.Window, _ bool, fn func(*stripe.InvoiceItem) error) error {
	s.count("invoiceitems")
	for _, it := range s.pending {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

// event is an event as Stripe lists it: its object in data.object, discounts as ids.
func event(id, typ string, created int64, object string) *stripe.Event {
	return &stripe.Event{ID: id, APIVersion: stripe.APIVersion, Type: stripe.EventType(typ), Created: created, Data: &stripe.EventData{Raw: json.RawMessage(object)}}
}

const invoiceJSON = `{"id":%q,"object":"invoice","status":%q,"currency":"usd","created":%d,"customer":"cus_1","amount_due":1000,
	"amount_remaining":%d,"discounts":%s,"parent":%s,"lines":{"object":"list","data":[{"id":"il_1","object":"line_item","amount":1000}],"has_more":%t}}`

func invoiceEvent(id, typ string, created int64, invoice, status string, remaining int64, discounts, parent string, moreLines bool) *stripe.Event {
	return event(id, typ, created, fmt.Sprintf(invoiceJSON, invoice, status, created, remaining, discounts, parent, moreLines))
}

func subParent(sub string) string {
	return fmt.Sprintf(`{"type":"subscription_details","subscription_details":{"subscription":%q}}`, sub)
}

var di1 = records.Discount{ID: "di_1", Coupon: "SPRING25", Start: 10, End: 0}

// The newest event of each invoice replaces it or adds it, invoice.deleted removes it, and a
// subscription invoice with more lines than embedded has them read (one request); the discount
// ids events carry are resolved from the read; the old lists are left as they were.
func TestApplyInvoiceEvents(t *testing.T) {
	old := fetch.InvoiceLists{
		Subscription: []records.Invoice{
			{ID: "in_A", Subscription: "sub_1", Status: "open", AmountRemaining: 1000, Created: 50, Discounts: []records.Discount{di1}},
			{ID: "in_B", Subscription: "sub_1", Status: "paid", Created: 40},
		},
		Other: []records.Invoice{{ID: "in_C", Status: "open", Created: 30}},
	}
	before := clone(t, old)
	src := &changeSource{lines: map[string][]*stripe.InvoiceLineItem{"in_D": {{ID: "il_1", Amount: 1000}, {ID: "il_2", Amount: 200}, {ID: "il_3", Amount: 300}}}}
	events := []*stripe.Event{ // newest first
		invoiceEvent("evt_6", "invoice.paid", 600, "in_A", "paid", 0, `["di_1"]`, subParent("sub_1"), false),
		invoiceEvent("evt_5", "invoice.finalized", 500, "in_A", "open", 1000, `["di_1"]`, subParent("sub_1"), false),
		invoiceEvent("evt_4", "invoice.created", 400, "in_D", "draft", 1000, `[]`, subParent("sub_2"), true),
		invoiceEvent("evt_3", "invoice.deleted", 300, "in_C", "draft", 0, `[]`, `null`, false),
		invoiceEvent("evt_2", "invoice.created", 200, "in_E", "open", 1000, `[]`, `null`, false),
	}
	got, err := fetch.ApplyInvoiceEvents(context.Background(), src, time.Unix(100, 0), old, events, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ids := invoiceIDs(got.Subscription); !reflect.DeepEqual(ids, []string{"in_D", "in_A", "in_B"}) {
		t.Errorf("subscription invoices %v, want the new one first, then in_A replaced and in_B", ids)
	}
	if ids := invoiceIDs(got.Other); !reflect.DeepEqual(ids, []string{"in_E"}) {
		t.Errorf("other invoices %v, want in_C deleted and in_E added", ids)
	}
	a := got.Subscription[1]
	if a.Status != "paid" || a.AmountRemaining != 0 || !reflect.DeepEqual(a.Discounts, []records.Discount{di1}) {
		t.Errorf("in_A is %s, %d remaining, discounts %v; want its newest event's state (paid, 0) with di_1 expanded", a.Status, a.AmountRemaining, a.Discounts)
	}
	if d := got.Subscription[0]; len(d.Lines) != 3 || src.calls["lines"] != 1 {
		t.Errorf("in_D has %d lines after %d lines requests, want 3 after 1", len(d.Lines), src.calls["lines"])
	}
	if !reflect.DeepEqual(old, before) {
		t.Error("the old lists were changed")
	}
}

const paymentJSON = `{"id":%q,"object":"invoice_payment","invoice":%q,"status":"paid","amount_paid":%d,"currency":"usd",
	"payment":{"type":"payment_intent","payment_intent":%q}}`

// An invoice's events do not carry its payments: an update keeps those known and adds those of
// the invoice_payment.paid events, without a request; an invoice paid by a payment no event names
// has its payments listed (one request); a payment event without its invoice's joins the invoice
// as read. The invoice's lines are read whole once it can be paid, subscription or not.
func TestApplyInvoiceEventsJoinsPayments(t *testing.T) {
	paidByPI := func(pi string, amount int64) records.InvoicePayment {
		return records.InvoicePayment{Payment: pi, Status: "paid", AmountPaid: amount}
	}
	old := fetch.InvoiceLists{
		Subscription: []records.Invoice{{ID: "in_A", Subscription: "sub_1", Status: "open", Created: 50,
			Payments: []records.InvoicePayment{{Payment: "pi_A", Status: "open"}}}},
		Other: []records.Invoice{{ID: "in_C", Status: "paid", Created: 30, AmountPaid: 400, Payments: []records.InvoicePayment{paidByPI("pi_C1", 400)}}},
	}
	const paidInvoice = `{"id":%q,"object":"invoice","status":"paid","currency":"usd","created":%d,"customer":"cus_1","amount_due":1000,"amount_paid":%d,
		"amount_remaining":0,"discounts":[],"parent":%s,"lines":{"object":"list","data":[{"id":"il_1","object":"line_item","amount":1000}],"has_more":%t}}`
	src := &changeSource{
		payments: map[string][]*stripe.InvoicePayment{"in_E": {{Status: "paid", AmountPaid: 1000,
			Payment: &stripe.InvoicePaymentPayment{Type: "charge", Charge: &stripe.Charge{ID: "ch_E"}}}}},
		lines: map[string][]*stripe.InvoiceLineItem{"in_E": {{ID: "il_1", Amount: 600}, {ID: "il_2", Amount: 400}}},
	}
	events := []*stripe.Event{ // newest first
		event("evt_6", "invoice_payment.paid", 600, fmt.Sprintf(paymentJSON, "inpay_A", "in_A", 1000, "pi_A")),
		event("evt_5", "invoice.paid", 600, fmt.Sprintf(paidInvoice, "in_A", 50, 1000, subParent("sub_1"), false)),
		event("evt_4", "invoice.paid", 500, fmt.Sprintf(paidInvoice, "in_E", 45, 1000, `null`, true)),
		event("evt_3", "invoice_payment.paid", 400, fmt.Sprintf(paymentJSON, "inpay_C2", "in_C", 250, "pi_C2")),
	}
	got, err := fetch.ApplyInvoiceEvents(context.Background(), src, time.Unix(100, 0), old, events, nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]records.Invoice{}
	for _, in := range got.All() {
		byID[in.ID] = in
	}
	if p := byID["in_A"].Payments; !reflect.DeepEqual(p, []records.InvoicePayment{paidByPI("pi_A", 1000)}) {
		t.Errorf("in_A payments %+v: want its payment paid, from the event", p)
	}
	if p := byID["in_E"].Payments; !reflect.DeepEqual(p, []records.InvoicePayment{{Payment: "ch_E", Status: "paid", AmountPaid: 1000}}) {
		t.Errorf("in_E payments %+v: want them listed", p)
	}
	if n := len(byID["in_E"].Lines); n != 2 {
		t.Errorf("in_E has %d lines, want its 2 read (a one-off invoice that was paid)", n)
	}
	if p := byID["in_C"].Payments; !reflect.DeepEqual(p, []records.InvoicePayment{paidByPI("pi_C1", 400), paidByPI("pi_C2", 250)}) {
		t.Errorf("in_C payments %+v: want the known one and the event's", p)
	}
	if src.calls["payments"] != 1 || src.calls["lines"] != 1 {
		t.Errorf("requests %v, want one payments list (in_E) and one lines list (in_E)", src.calls)
	}
}

// A discount id no read object knows, not even the subscriptions created since, nor the invoice
// retrieved (one request), cannot be applied: the update asks for a new read instead of guessing.
// One the new subscriptions know is resolved from them; one the retrieved invoice expands, from it.
func TestUnknownDiscountAsksForARead(t *testing.T) {
	old := fetch.InvoiceLists{Subscription: []records.Invoice{{ID: "in_A", Subscription: "sub_1", Created: 50}}}
	events := []*stripe.Event{invoiceEvent("evt_1", "invoice.created", 200, "in_N", "draft", 1000, `["di_9"]`, subParent("sub_9"), false)}
	src := &changeSource{}
	_, err := fetch.ApplyInvoiceEvents(context.Background(), src, time.Unix(100, 0), old, events, nil)
	if !errors.Is(err, fetch.ErrRereadNeeded) {
		t.Fatalf("unknown discount: %v, want ErrRereadNeeded", err)
	}
	if src.calls["subscriptions"] != 1 {
		t.Errorf("%d lists of the new subscriptions, want 1 before giving up", src.calls["subscriptions"])
	}
	// A key for invoices only may not list subscriptions: that is no failure, only no help.
	src = &changeSource{subsErr: &stripeapi.Error{Kind: stripeapi.KindPermission, Message: "no rak_subscription_read"}}
	if _, err := fetch.ApplyInvoiceEvents(context.Background(), src, time.Unix(100, 0), old, events, nil); !errors.Is(err, fetch.ErrRereadNeeded) {
		t.Fatalf("unknown discount, subscriptions not readable: %v, want ErrRereadNeeded", err)
	}
	src = &changeSource{recent: []*stripe.Subscription{{ID: "sub_9", Created: 150, Discounts: []*stripe.Discount{{ID: "di_9", Start: 150,
		Source: &stripe.DiscountSource{Coupon: &stripe.Coupon{ID: "WELCOME"}}}}}}}
	got, err := fetch.ApplyInvoiceEvents(context.Background(), src, time.Unix(100, 0), old, events, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []records.Discount{{ID: "di_9", Coupon: "WELCOME", Start: 150}}; !reflect.DeepEqual(got.Subscription[0].Discounts, want) {
		t.Errorf("discounts %v, want %v from the new subscription", got.Subscription[0].Discounts, want)
	}
	// A coupon put on a subscription no read has: the invoice, retrieved, expands it.
	src = &changeSource{retrievable: map[string]string{"in_N": `{"id":"in_N","object":"invoice","discounts":[{"id":"di_9","object":"discount","start":120,
		"source":{"type":"coupon","coupon":"LOYAL"}}]}`}}
	got, err = fetch.ApplyInvoiceEvents(context.Background(), src, time.Unix(100, 0), old, events, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []records.Discount{{ID: "di_9", Coupon: "LOYAL", Start: 120}}; !reflect.DeepEqual(got.Subscription[0].Discounts, want) {
		t.Errorf("discounts %v, want %v from the retrieved invoice", got.Subscription[0].Discounts, want)
	}
	if src.calls["retrieve invoice"] != 1 {
		t.Errorf("%d retrieves, want 1", src.calls["retrieve invoice"])
	}
}

const subscriptionJSON = `{"id":%q,"object":"subscription","status":%q,"currency":"usd","created":%d,"customer":"cus_1",
	"discounts":%s,"items":{"object":"list","data":[{"id":"si_1","object":"subscription_item","price":{"id":"price_1"},"quantity":%d}],"has_more":%t}}`

func subscriptionEvent(id, typ string, created int64, sub, status string, subCreated int64, discounts string, quantity int, moreItems bool) *stripe.Event {
	return event(id, typ, created, fmt.Sprintf(subscriptionJSON, sub, status, subCreated, discounts, quantity, moreItems))
}

// Subscriptions take their newest event's state (all items read when more than embedded; the
// discounts resolved), the subscription events are added once, those past the retention
// dropped; a coupon event changes the coupons, an invoice item event relists the pending items, a
// new price is read with its product's name (which its event lacks), a deleted one dropped.
func TestApplyBillingEvents(t *testing.T) {
	now := time.Unix(100*24*3600, 0)
	old := &fetch.Billing{
		Subscriptions: []records.Subscription{
			{ID: "sub_1", Status: "active", Created: 100, DiscountIDs: []string{"di_1"}, Discounts: []records.Discount{di1},
				Items: []records.SubscriptionItem{{ID: "si_1", Price: "price_1", Quantity: 1}}},
			{ID: "sub_2", Status: "active", Created: 90},
		},
		Events: []records.SubscriptionEvent{
			{ID: "evt_old", Type: "customer.subscription.created", Created: now.Add(-31 * 24 * time.Hour).Unix()},
			{ID: "evt_3", Type: "customer.subscription.updated", Created: now.Unix() - 50},
		},
		Prices:     map[string]records.Price{"price_1": {ID: "price_1", UnitAmount: 1000}, "price_0": {ID: "price_0", UnitAmount: 500}},
		Coupons:    map[string]records.Coupon{"SPRING25": {ID: "SPRING25", Duration: "forever", PercentOff: 25}},
		EventsFrom: now.Add(-31 * 24 * time.Hour).Unix(),
	}
	before := clone(t, old)
	src := &changeSource{
		items:   map[string][]*stripe.SubscriptionItem{"sub_1": {{ID: "si_1", Price: &stripe.Price{ID: "price_1"}, Quantity: 3}, {ID: "si_2", Price: &stripe.Price{ID: "price_1"}, Quantity: 1}}},
		pending: []*stripe.InvoiceItem{subscriptionItem("ii_1", "sub_1")},
		prices:  []*stripe.Price{{ID: "price_2", UnitAmount: 2000, Currency: "usd", Product: &stripe.Product{ID: "prod_2", Name: "Pro"}}},
	}
	t0 := now.Unix()
	events := []*stripe.Event{ // newest first
		subscriptionEvent("evt_5", "customer.subscription.updated", t0-10, "sub_1", "past_due", 100, `["di_1"]`, 3, true),
		event("evt_4", "coupon.created", t0-20, `{"id":"WELCOME","object":"coupon","duration":"once","amount_off":500,"currency":"usd"}`),
		subscriptionEvent("evt_3", "customer.subscription.updated", t0-50, "sub_1", "active", 100, `["di_1"]`, 2, false),
		event("evt_2", "invoiceitem.created", t0-60, `{"id":"ii_1","object":"invoiceitem"}`),
		event("evt_2p", "price.created", t0-62, `{"id":"price_2","object":"price","unit_amount":2000,"currency":"usd","product":"prod_2"}`),
		event("evt_2d", "price.deleted", t0-65, `{"id":"price_0","object":"price","unit_amount":500,"currency":"usd","product":"prod_0"}`),
		subscriptionEvent("evt_1", "customer.subscription.created", t0-70, "sub_3", "active", t0-70, `["di_1"]`, 1, false),
	}
	got, err := fetch.ApplyBillingEvents(context.Background(), src, now.Add(-time.Minute), now, old, fetch.InvoiceLists{}, events)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range got.Subscriptions {
		ids = append(ids, s.ID)
	}
	if !reflect.DeepEqual(ids, []string{"sub_3", "sub_1", "sub_2"}) {
		t.Errorf("subscriptions %v, want sub_3 added first, sub_1 replaced, sub_2 kept", ids)
	}
	s1 := got.Subscriptions[1]
	if s1.Status != "past_due" || len(s1.Items) != 2 || s1.Items[0].Quantity != 3 || src.calls["items"] != 1 ||
		!reflect.DeepEqual(s1.Discounts, []records.Discount{di1}) {
		t.Errorf("sub_1: %s, items %v (%d items requests), discounts %v; want its newest state, both items after one request, di_1 expanded",
			s1.Status, s1.Items, src.calls["items"], s1.Discounts)
	}
	if d := got.Subscriptions[0].Discounts; !reflect.DeepEqual(d, []records.Discount{di1}) {
		t.Errorf("sub_3 discounts %v, want di_1 resolved from sub_1", d)
	}
	var evs []string
	for _, e := range got.Events {
		evs = append(evs, e.ID)
	}
	if !reflect.DeepEqual(evs, []string{"evt_5", "evt_1", "evt_3"}) || got.EventsFrom != now.Add(-fetch.EventRetention).Unix() {
		t.Errorf("events %v from %d, want the new ones first, evt_3 once, evt_old past the retention dropped (from %d)",
			evs, got.EventsFrom, now.Add(-fetch.EventRetention).Unix())
	}
	if c, ok := got.Coupons["WELCOME"]; !ok || c.AmountOff != 500 || len(got.Coupons) != 2 {
		t.Errorf("coupons %v, want WELCOME added", got.Coupons)
	}
	if p, ok := got.Prices["price_2"]; !ok || p.ProductName != "Pro" || len(got.Prices) != 2 || src.calls["prices"] != 1 {
		t.Errorf("prices %v after %d lists, want price_2 read with its product name, price_0 dropped, price_1 kept", got.Prices, src.calls["prices"])
	}
	if len(got.PendingItems) != 1 || src.calls["invoiceitems"] != 1 {
		t.Errorf("%d pending items after %d requests, want 1 after 1", len(got.PendingItems), src.calls["invoiceitems"])
	}
	if !reflect.DeepEqual(old, before) {
		t.Error("the old read was changed")
	}
}

func invoiceIDs(invs []records.Invoice) []string {
	var out []string
	for _, in := range invs {
		out = append(out, in.ID)
	}
	return out
}

// clone deep-copies v through JSON, to check later that v was not changed.
func clone[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// eventList serves events as the access layer lists them: each request's page newest first,
// the requests (20 types each) one after the other; RetrieveObject answers from objects.
type eventList struct {
	pages     [][]*stripe.Event
	err       error
	objects   map[string]string // id -> JSON, as the pinned version renders it
	retrieved []string
}

func (l *eventList) RetrieveObject(_ context.Context, typ, id string) (json.RawMessage, error) {
	l.retrieved = append(l.retrieved, typ+" "+id)
	raw, ok := l.objects[id]
	if !ok {
		return nil, &stripeapi.Error{Kind: stripeapi.KindNotFound, Message: "no such " + typ}
	}
	return json.RawMessage(raw), nil
}

func (l *eventList) ListEvents(_ context.Context, _ stripeapi.Window, _ []string, fn func(*stripe.Event) error) error {
	for _, p := range l.pages {
		for _, ev := range p {
			if err := fn(ev); err != nil {
				return err
			}
		}
	}
	return l.err
}

// The events of several requests come back newest first overall (a request's order kept within
// a second), each once; a key that may not read events asks for a read instead.
func TestChangeEvents(t *testing.T) {
	obj := `{"id":"in_1"}`
	src := &eventList{pages: [][]*stripe.Event{
		{event("evt_4", "invoice.paid", 400, obj), event("evt_3b", "invoice.updated", 300, obj), event("evt_1", "invoice.created", 100, obj)},
		{event("evt_3a", "price.created", 300, obj), event("evt_2", "coupon.created", 200, obj), event("evt_1", "invoice.created", 100, obj)},
	}}
	got, err := fetch.ChangeEvents(context.Background(), src, time.Unix(100, 0), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ev := range got {
		ids = append(ids, ev.ID)
	}
	if want := []string{"evt_4", "evt_3b", "evt_3a", "evt_2", "evt_1"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("events %v, want %v", ids, want)
	}
	denied := &stripeapi.Error{Kind: stripeapi.KindPermission, Message: "no rak_event_read"}
	if _, err := fetch.ChangeEvents(context.Background(), &eventList{err: denied}, time.Unix(100, 0), nil); !errors.Is(err, fetch.ErrRereadNeeded) {
		t.Errorf("a key without events: %v, want ErrRereadNeeded", err)
	}
}

// listed is an event as the access layer delivers it: Object decoded beside Raw.
func listed(id, typ, version string, created int64, object string) *stripe.Event {
	ev := event(id, typ, created, object)
	ev.APIVersion = version
	_ = json.Unmarshal([]byte(object), &ev.Data.Object)
	return ev
}

// Events of versions the access layer reads are used as they come, whatever their release; the
// newest event of an object in a version it cannot read has its object retrieved in the pinned
// version (one request per object, none for older events of the same object, none for types the
// caller does not take from events), and an object gone since keeps the event's.
func TestChangeEventsRetrieveUnreadableVersions(t *testing.T) {
	sub := func(status string) string {
		return fmt.Sprintf(`{"id":"sub_1","object":"subscription","status":%q}`, status)
	}
	src := &eventList{
		pages: [][]*stripe.Event{{
			listed("evt_5", "customer.subscription.updated", "2019-12-03", 500, sub("past_due")),
			listed("evt_4", "customer.subscription.updated", "2019-12-03", 400, sub("active")),
			listed("evt_3", "invoice.paid", "2024-06-20", 300, `{"id":"in_1","object":"invoice","status":"paid"}`),
			listed("evt_2", "invoice.deleted", "2016-07-06", 200, `{"id":"in_gone","object":"invoice","status":"draft"}`),
			listed("evt_1", "invoice.paid", "2026-09-30.elm", 100, `{"id":"in_new","object":"invoice","status":"paid"}`),
		}},
		objects: map[string]string{
			"sub_1":  sub("unpaid"),
			"in_new": `{"id":"in_new","object":"invoice","status":"paid","amount_paid":700}`,
		},
	}
	got, err := fetch.ChangeEvents(context.Background(), src, time.Unix(100, 0), nil, "subscription", "invoice")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"subscription sub_1", "invoice in_gone", "invoice in_new"}; !reflect.DeepEqual(src.retrieved, want) {
		t.Errorf("retrieved %v, want %v", src.retrieved, want)
	}
	status := func(ev *stripe.Event) string {
		var o struct{ Status string }
		_ = json.Unmarshal(ev.Data.Raw, &o)
		return o.Status
	}
	if status(got[0]) != "unpaid" || got[0].Data.Object["status"] != "unpaid" {
		t.Errorf("newest subscription event: %s", got[0].Data.Raw)
	}
	if status(got[1]) != "active" || status(got[2]) != "paid" || status(got[3]) != "draft" {
		t.Errorf("older or readable events changed: %s %s %s", got[1].Data.Raw, got[2].Data.Raw, got[3].Data.Raw)
	}
	if !strings.Contains(string(got[4].Data.Raw), `"amount_paid":700`) {
		t.Errorf("newer release not retrieved: %s", got[4].Data.Raw)
	}
	src.retrieved = nil
	if _, err := fetch.ChangeEvents(context.Background(), src, time.Unix(100, 0), nil, "invoice"); err != nil || len(src.retrieved) != 2 {
		t.Errorf("invoices only: retrieved %v (%v)", src.retrieved, err)
	}
}
