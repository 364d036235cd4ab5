package simulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// Tests of the account API version history (generator.Profile.APIVersions). Each checks what is
// served over the API against the rules of STRIPE-IN-THE-WILD.md §1 and the shapes doc, with
// the expected values taken from the model, from the pinned rendering of the same event (the
// same seed without a history), and from the objects the API serves (coupons, prices,
// discounts, refunds).

type obj = map[string]any

// versionCase is what the rules say a version renders, written out by hand per version.
type versionCase struct {
	version string
	// legacy: before 2025-03-31 (basil); noSubDiscounts: before 2023-10-16 (no
	// subscription.discounts); refunds: before 2022-11-15 (charge.refunds embedded).
	legacy, noSubDiscounts, refunds bool
}

var versionCases = []versionCase{
	{"2019-12-03", true, true, true},
	{"2020-08-27", true, true, true},
	{"2023-10-16", true, false, false},
	{"2024-06-20", true, false, false},
	{"2025-03-31.basil", false, false, false},
	{"2025-08-27.basil", false, false, false},
	{"2025-09-30.clover", false, false, false},
	{"2026-03-25.dahlia", false, false, false},
}

// versionedAccount is "tiny" (seed 7) with every event in one version (nil: no history).
func versionedAccount(t *testing.T, history []generator.APIVersionSpan) *Account {
	t.Helper()
	p, err := generator.NamedProfile("tiny")
	if err != nil {
		t.Fatal(err)
	}
	p.APIVersions = history
	a, err := NewFromProfile(p, 7, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// served is an account's handler and what it serves.
type served struct {
	t *testing.T
	a *Account
	h *server.Handler
}

func serve(t *testing.T, a *Account) *served {
	t.Helper()
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return &served{t: t, a: a, h: h}
}

func (s *served) get(path string) []byte {
	s.t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+DemoKey)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		s.t.Fatalf("%s: %d %.300s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

// list pages through a list endpoint and returns every element's raw JSON, in list order.
func (s *served) list(path string) []json.RawMessage {
	s.t.Helper()
	var out []json.RawMessage
	after := ""
	for {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		var page struct {
			Data    []json.RawMessage
			HasMore bool `json:"has_more"`
		}
		if err := json.Unmarshal(s.get(path+sep+"limit=100"+after), &page); err != nil {
			s.t.Fatal(err)
		}
		out = append(out, page.Data...)
		if !page.HasMore || len(page.Data) == 0 {
			return out
		}
		after = "&starting_after=" + decode(s.t, page.Data[len(page.Data)-1])["id"].(string)
	}
}

// byID lists an endpoint into a map by id.
func (s *served) byID(path string) map[string]obj {
	out := map[string]obj{}
	for _, raw := range s.list(path) {
		o := decode(s.t, raw)
		out[o["id"].(string)] = o
	}
	return out
}

func decode(t *testing.T, b []byte) obj {
	t.Helper()
	var o obj
	if err := json.Unmarshal(b, &o); err != nil {
		t.Fatalf("%v: %.200s", err, b)
	}
	return o
}

// clone is a deep copy of decoded JSON.
func clone(t *testing.T, v obj) obj {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, b)
}

// event is one served event, decoded, with its payload's raw bytes.
type event struct {
	raw    json.RawMessage
	e      obj
	object obj
	prev   obj // nil when absent
	objRaw json.RawMessage
}

func (s *served) events() map[string]*event {
	out := map[string]*event{}
	for _, raw := range s.list("/v1/events") {
		var parts struct {
			Data struct {
				Object json.RawMessage
				Prev   json.RawMessage `json:"previous_attributes"`
			}
		}
		if err := json.Unmarshal(raw, &parts); err != nil {
			s.t.Fatal(err)
		}
		e := decode(s.t, raw)
		ev := &event{raw: raw, e: e, object: decode(s.t, parts.Data.Object), objRaw: parts.Data.Object}
		if parts.Data.Prev != nil {
			ev.prev = decode(s.t, parts.Data.Prev)
		}
		out[e["id"].(string)] = ev
	}
	return out
}

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

// pinnedWorld is what the expected values are made of: the pinned account's events, served
// catalog and discounts, and the model.
type pinnedWorld struct {
	s         *served
	events    map[string]*event
	coupons   map[string]obj
	prices    map[string]obj
	discounts map[string]obj // served with expand[]=discounts, by id
	refunds   map[string][]obj
	m         *generator.Model
	invoices  map[string]int
	charges   map[string]int
	subs      map[string]int
}

func newPinnedWorld(t *testing.T) *pinnedWorld {
	t.Helper()
	s := serve(t, versionedAccount(t, nil))
	w := &pinnedWorld{s: s, events: s.events(), coupons: s.byID("/v1/coupons"), prices: s.byID("/v1/prices"),
		discounts: map[string]obj{}, refunds: map[string][]obj{}, m: s.a.Model,
		invoices: map[string]int{}, charges: map[string]int{}, subs: map[string]int{}}
	for _, path := range []string{"/v1/subscriptions?status=all&expand[]=data.discounts", "/v1/invoices?expand[]=data.discounts"} {
		for _, raw := range s.list(path) {
			for _, d := range decode(t, raw)["discounts"].([]any) {
				d := d.(obj)
				w.discounts[d["id"].(string)] = d
			}
		}
	}
	for _, raw := range s.list("/v1/charges?expand[]=data.refunds") {
		c := decode(t, raw)
		for _, r := range c["refunds"].(obj)["data"].([]any) {
			w.refunds[c["id"].(string)] = append(w.refunds[c["id"].(string)], r.(obj))
		}
	}
	for i := range w.m.Invoices {
		w.invoices[w.m.Invoices[i].ID] = i
	}
	for i := range w.m.Charges {
		w.charges[w.m.Charges[i].ID] = i
	}
	for i := range w.m.Subscriptions {
		w.subs[w.m.Subscriptions[i].ID] = i
	}
	if len(w.discounts) == 0 || len(w.coupons) == 0 || len(w.prices) == 0 {
		t.Fatal("the pinned tiny account has no discounts, coupons or prices to check against")
	}
	return w
}

// legacyDiscount is the discount object before clover, by hand: the served discount with the
// served coupon object in coupon and no source.
func (w *pinnedWorld) legacyDiscount(t *testing.T, id string) obj {
	d, ok := w.discounts[id]
	if !ok {
		t.Fatalf("discount %s is not served", id)
	}
	d = clone(t, d)
	src := d["source"].(obj)
	delete(d, "source")
	d["coupon"] = w.coupons[src["coupon"].(string)]
	if d["coupon"] == nil {
		t.Fatalf("coupon %v is not served", src["coupon"])
	}
	return d
}

// plan is the legacy plan mirror of a served price, by hand.
func plan(p obj) obj {
	rec := p["recurring"].(obj)
	return obj{"id": p["id"], "object": "plan", "active": p["active"], "amount": p["unit_amount"],
		"amount_decimal": p["unit_amount_decimal"], "billing_scheme": p["billing_scheme"], "created": p["created"],
		"currency": p["currency"], "interval": rec["interval"], "interval_count": rec["interval_count"],
		"livemode": p["livemode"], "metadata": p["metadata"], "meter": rec["meter"], "nickname": p["nickname"],
		"product": p["product"], "tiers_mode": p["tiers_mode"], "transform_usage": nil,
		"trial_period_days": rec["trial_period_days"], "usage_type": rec["usage_type"]}
}

// subscription is the expected subscription in version c, from its pinned rendering.
func (w *pinnedWorld) subscription(t *testing.T, c versionCase, pin obj) obj {
	want := clone(t, pin)
	if c.legacy {
		items := want["items"].(obj)["data"].([]any)
		if len(items) == 0 {
			t.Fatalf("%s has no items", pin["id"])
		}
		first := items[0].(obj)
		want["current_period_start"], want["current_period_end"] = first["current_period_start"], first["current_period_end"]
		for _, it := range items {
			delete(it.(obj), "current_period_start")
			delete(it.(obj), "current_period_end")
		}
		want["plan"], want["quantity"] = nil, nil
		if len(items) == 1 {
			want["plan"], want["quantity"] = first["plan"], first["quantity"] // nil when metered (absent)
		}
		want["discount"] = nil
		if ids := want["discounts"].([]any); len(ids) > 0 {
			want["discount"] = w.legacyDiscount(t, ids[0].(string))
		}
	}
	if c.noSubDiscounts {
		delete(want, "discounts")
	}
	return want
}

// invoice is the expected invoice in version c at instant at, from its pinned rendering and
// the model (its charges and payment intent).
func (w *pinnedWorld) invoice(t *testing.T, c versionCase, pin obj, at int64) obj {
	want := clone(t, pin)
	if !c.legacy {
		return want
	}
	parent := want["parent"].(obj)["subscription_details"].(obj)
	delete(want, "parent")
	want["subscription"] = parent["subscription"]
	want["subscription_details"] = obj{"metadata": parent["metadata"]}
	want["discount"] = nil
	if ids := want["discounts"].([]any); len(ids) == 1 {
		want["discount"] = w.legacyDiscount(t, ids[0].(string))
	}
	want["paid"] = want["status"] == "paid"
	inv := &w.m.Invoices[w.invoices[pin["id"].(string)]]
	want["charge"], want["payment_intent"] = nil, nil
	for _, ci := range inv.Attempts { // the latest charge made by then
		if ch := &w.m.Charges[ci]; ch.Created <= at {
			want["charge"] = ch.ID
		}
	}
	if inv.PaymentIntent != "" && inv.FinalizedAt != 0 && inv.FinalizedAt <= at {
		want["payment_intent"] = inv.PaymentIntent
	}
	for _, l := range want["lines"].(obj)["data"].([]any) {
		l := l.(obj)
		p := l["parent"].(obj)
		details := p[p["type"].(string)].(obj)
		price := w.prices[l["pricing"].(obj)["price_details"].(obj)["price"].(string)]
		if price == nil {
			t.Fatalf("line %s: price not served", l["id"])
		}
		delete(l, "parent")
		delete(l, "pricing")
		l["price"], l["plan"] = price, plan(price)
		l["proration"], l["proration_details"] = details["proration"], details["proration_details"]
		l["subscription"] = details["subscription"]
		l["subscription_item"] = details["subscription_item"] // nil for invoice_item_details
		l["type"], l["invoice_item"] = "subscription", nil
		if ii := details["invoice_item"]; ii != nil {
			l["type"], l["invoice_item"] = "invoiceitem", ii
		}
	}
	return want
}

// charge is the expected charge in version c at instant at.
func (w *pinnedWorld) charge(t *testing.T, c versionCase, pin obj, at int64) obj {
	want := clone(t, pin)
	ch := &w.m.Charges[w.charges[pin["id"].(string)]]
	if c.legacy {
		want["invoice"] = nil
		if ch.Invoice >= 0 {
			want["invoice"] = w.m.Invoices[ch.Invoice].ID
		}
	}
	if c.refunds {
		data := []any{}
		for _, r := range w.refunds[ch.ID] { // served newest first
			if num(r["created"]) <= at {
				data = append(data, r)
			}
		}
		want["refunds"] = obj{"object": "list", "data": data, "has_more": false, "total_count": float64(len(data)),
			"url": "/v1/charges/" + ch.ID + "/refunds"}
	}
	return want
}

// expected is the expected data.object of an event in version c.
func (w *pinnedWorld) expected(t *testing.T, c versionCase, pin obj, at int64) obj {
	switch pin["object"] {
	case "subscription":
		return w.subscription(t, c, pin)
	case "invoice":
		return w.invoice(t, c, pin, at)
	case "charge":
		return w.charge(t, c, pin, at)
	}
	return clone(t, pin)
}

// countVariants counts the variants of an expected object that the rules treat apart.
func countVariants(seen map[string]int, want obj) {
	switch want["object"] {
	case "subscription":
		if want["discount"] != nil {
			seen["subscription discount"]++
		}
		if items := want["items"].(obj)["data"].([]any); len(items) > 1 && want["plan"] == nil {
			seen["subscription of several items"]++
		}
	case "invoice":
		if want["discount"] != nil {
			seen["invoice discount"]++
		}
		for _, l := range want["lines"].(obj)["data"].([]any) {
			if l.(obj)["type"] == "invoiceitem" {
				seen["invoiceitem line"]++
			}
		}
	case "charge":
		if r, ok := want["refunds"].(obj); ok && len(r["data"].([]any)) > 0 {
			seen["embedded refunds"]++
		}
		if inv, ok := want["invoice"]; ok {
			if inv != nil {
				seen["charge of an invoice"]++
			} else {
				seen["charge without invoice"]++
			}
		}
	}
}

// merge applies previous_attributes to the object after, giving the object before: a hash
// member's previous members replace its own, anything else is replaced whole.
func merge(after, prev obj) obj {
	for k, pv := range prev {
		if pm, ok := pv.(obj); ok {
			if am, ok := after[k].(obj); ok {
				merge(am, pm)
				continue
			}
		}
		after[k] = pv
	}
	return after
}

// diff is Stripe's previous_attributes of before and after, by its definition: changed members
// with their old values, a hash's changed members only (recursively), arrays whole, null for a
// member that appeared.
func diff(before, after obj) obj {
	out := obj{}
	for k, bv := range before {
		av, ok := after[k]
		if ok && reflect.DeepEqual(av, bv) {
			continue
		}
		bm, bok := bv.(obj)
		am, aok := av.(obj)
		if ok && bok && aok {
			out[k] = diff(bm, am)
		} else {
			out[k] = bv
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			out[k] = nil
		}
	}
	return out
}

func keys(o obj) []string {
	var ks []string
	for k := range o {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Every event of an account whose events are all in one version has exactly the members that
// version's rules give (present and absent), with the values of the model and of the objects the
// API serves; previous_attributes are those of the before and after objects in that version.
// Basil and later render subscriptions, invoices and charges byte for byte as the pinned version.
func TestEventsAreRenderedInTheirVersion(t *testing.T) {
	w := newPinnedWorld(t)
	for _, c := range versionCases {
		t.Run(c.version, func(t *testing.T) {
			s := serve(t, versionedAccount(t, []generator.APIVersionSpan{{FromDaysAgo: 0, Version: c.version}}))
			evs := s.events()
			if len(evs) != len(w.events) {
				t.Fatalf("%d events, the pinned account has %d", len(evs), len(w.events))
			}
			seen := map[string]int{}
			for id, ev := range evs {
				pin := w.events[id]
				if pin == nil {
					t.Fatalf("event %s is not in the pinned account", id)
				}
				if ev.e["api_version"] != c.version {
					t.Fatalf("%s: api_version %v, want %s", id, ev.e["api_version"], c.version)
				}
				kind := pin.object["object"].(string)
				seen[kind]++
				at := num(ev.e["created"])
				if !c.legacy && (kind == "subscription" || kind == "invoice" || kind == "charge") && !bytes.Equal(ev.objRaw, pin.objRaw) {
					t.Errorf("%s (%s): data.object differs from the pinned version's:\n%s\n%s", id, ev.e["type"], ev.objRaw, pin.objRaw)
				}
				want := w.expected(t, c, pin.object, at)
				countVariants(seen, want)
				if !reflect.DeepEqual(ev.object, want) {
					t.Errorf("%s (%s): data.object members %v\nwant %v", id, ev.e["type"], keys(ev.object), keys(want))
					for _, k := range keys(want) {
						if !reflect.DeepEqual(ev.object[k], want[k]) {
							t.Errorf("  %s = %v\n  want %v", k, ev.object[k], want[k])
						}
					}
					continue
				}
				if (pin.prev == nil) != (ev.prev == nil) {
					t.Fatalf("%s: previous_attributes %v, pinned %v", id, ev.prev, pin.prev)
				}
				if pin.prev == nil {
					continue
				}
				seen["previous_attributes"]++
				wantBefore := w.expected(t, c, merge(clone(t, pin.object), pin.prev), at-1)
				if wantPrev := diff(wantBefore, want); !reflect.DeepEqual(ev.prev, wantPrev) {
					t.Errorf("%s: previous_attributes\n%v\nwant\n%v", id, ev.prev, wantPrev)
				}
			}
			must := []string{"subscription", "invoice", "charge", "customer", "dispute", "payout", "previous_attributes"}
			if c.legacy {
				must = append(must, "subscription discount", "invoice discount", "subscription of several items",
					"invoiceitem line", "charge of an invoice", "charge without invoice")
			}
			if c.refunds {
				must = append(must, "embedded refunds")
			}
			for _, k := range must {
				if seen[k] == 0 {
					t.Errorf("no %s checked", k)
				}
			}
		})
	}
}

// subscriptionChange is a customer.subscription.updated event of the model, classified by hand.
type subscriptionChange struct {
	id         string
	sub        *generator.Subscription
	at         int64
	renewal    bool // the billing period changed at the event
	itemChange bool // an item's price or quantity changed
	oldPeriod  generator.Period
	// before and after are the items (price and quantity) before and at the event.
	before, after []generator.SubItem
}

func periodOf(s *generator.Subscription, at int64) generator.Period {
	p := s.Periods[0]
	for _, q := range s.Periods {
		if q.Start <= at {
			p = q
		}
	}
	return p
}

func itemsOf(s *generator.Subscription, at int64) []generator.SubItem {
	var items []generator.SubItem
	for _, sp := range s.Items {
		if sp.At <= at {
			items = sp.Items
		}
	}
	return items
}

func subscriptionChanges(m *generator.Model) []subscriptionChange {
	var out []subscriptionChange
	for _, ev := range m.Events {
		if ev.Type != "customer.subscription.updated" || ev.Object.Kind != generator.ObjSubscription {
			continue
		}
		s := &m.Subscriptions[ev.Object.Index]
		c := subscriptionChange{id: ev.ID, sub: s, at: ev.Created, oldPeriod: periodOf(s, ev.Created-1),
			before: itemsOf(s, ev.Created-1), after: itemsOf(s, ev.Created)}
		c.renewal = c.oldPeriod != periodOf(s, ev.Created)
		c.itemChange = !reflect.DeepEqual(c.before, c.after)
		out = append(out, c)
	}
	return out
}

// previous_attributes of renewals and of price and quantity changes ("small", whose last 30
// days have dozens), checked against the model by hand: before basil a price change gives items
// and the top-level plan (only its changed members), a quantity change items and quantity, a
// renewal the top-level period; from basil on all give items only ({data: [...]}, a renewal's
// with the old item periods).
func TestPreviousAttributesOfRenewalsAndPriceChanges(t *testing.T) {
	for _, version := range []string{"2024-06-20", "2025-03-31.basil"} {
		t.Run(version, func(t *testing.T) {
			legacy := version == "2024-06-20"
			p, err := generator.NamedProfile("small")
			if err != nil {
				t.Fatal(err)
			}
			p.APIVersions = []generator.APIVersionSpan{{FromDaysAgo: 0, Version: version}}
			a, err := NewFromProfile(p, 7, testNow)
			if err != nil {
				t.Fatal(err)
			}
			s := serve(t, a)
			m := a.Model
			n := map[string]int{}
			for _, c := range subscriptionChanges(m) {
				if c.renewal == c.itemChange {
					continue // neither, or both at once
				}
				e := decode(t, s.get("/v1/events/"+c.id))
				if e["api_version"] != version {
					t.Fatalf("%s: api_version %v", c.id, e["api_version"])
				}
				prev := e["data"].(obj)["previous_attributes"].(obj)
				has := func(k string) bool { _, ok := prev[k]; return ok }
				items, _ := prev["items"].(obj)
				if c.renewal {
					n["renewal"]++
					if legacy {
						if num(prev["current_period_start"]) != c.oldPeriod.Start || num(prev["current_period_end"]) != c.oldPeriod.End {
							t.Errorf("%s (renewal): previous period %v-%v, model %d-%d", c.id, prev["current_period_start"], prev["current_period_end"], c.oldPeriod.Start, c.oldPeriod.End)
						}
						if has("items") || has("plan") || has("quantity") {
							t.Errorf("%s (renewal): previous_attributes %v name items, plan or quantity", c.id, keys(prev))
						}
						continue
					}
					if has("current_period_start") || has("current_period_end") || items == nil || !reflect.DeepEqual(keys(items), []string{"data"}) {
						t.Fatalf("%s (renewal): previous_attributes %v, want items {data} and no top-level period", c.id, prev)
					}
					for _, it := range items["data"].([]any) {
						it := it.(obj)
						if num(it["current_period_start"]) != c.oldPeriod.Start || num(it["current_period_end"]) != c.oldPeriod.End {
							t.Errorf("%s (renewal): previous item period %v-%v, model %d-%d", c.id, it["current_period_start"], it["current_period_end"], c.oldPeriod.Start, c.oldPeriod.End)
						}
					}
					continue
				}
				// A price or quantity change.
				if len(c.before) == 0 || len(c.after) == 0 {
					n["items added or removed"]++
					continue
				}
				if items == nil || !reflect.DeepEqual(keys(items), []string{"data"}) || len(items["data"].([]any)) != len(c.before) {
					t.Fatalf("%s (item change): previous_attributes %v, want items {data} with %d items", c.id, prev, len(c.before))
				}
				for k, it := range items["data"].([]any) {
					it := it.(obj)
					if got, want := it["price"].(obj)["id"], m.Prices[c.before[k].Price].ID; got != want {
						t.Errorf("%s (item change): previous item %d price %v, model %s", c.id, k, got, want)
					}
				}
				if has("current_period_start") || has("current_period_end") {
					t.Errorf("%s (item change): previous_attributes %v name the period", c.id, keys(prev))
				}
				single := len(c.before) == 1 && len(c.after) == 1
				priceChanged := single && c.before[0].Price != c.after[0].Price
				old, cur := &m.Prices[c.before[0].Price], &m.Prices[c.after[0].Price]
				qtyChanged := single && c.before[0].Quantity != c.after[0].Quantity && !old.Metered && !cur.Metered
				switch {
				case priceChanged:
					n["price change"]++
				case qtyChanged:
					n["quantity change"]++
				default:
					n["other item change"]++
				}
				if !legacy || !single {
					if has("plan") || has("quantity") {
						t.Errorf("%s (item change, %d items): previous_attributes %v name plan or quantity", c.id, len(c.before), keys(prev))
					}
					continue
				}
				if has("plan") != priceChanged {
					t.Errorf("%s: previous_attributes %v; price %s -> %s", c.id, keys(prev), old.ID, cur.ID)
				}
				if pl, _ := prev["plan"].(obj); priceChanged && pl != nil {
					if pl["id"] != old.ID || old.TiersMode == "" && num(pl["amount"]) != old.UnitAmount {
						t.Errorf("%s (price change): previous plan %v, model price %s at %d", c.id, pl, old.ID, old.UnitAmount)
					}
					if _, ok := pl["currency"]; ok { // a price change never changes the currency
						t.Errorf("%s (price change): previous plan %v has an unchanged member", c.id, keys(pl))
					}
				}
				if has("quantity") != qtyChanged || qtyChanged && num(prev["quantity"]) != c.before[0].Quantity {
					t.Errorf("%s: previous quantity %v (present %v), model %d -> %d", c.id, prev["quantity"], has("quantity"), c.before[0].Quantity, c.after[0].Quantity)
				}
			}
			if n["renewal"] == 0 || n["price change"] == 0 || n["quantity change"] == 0 {
				t.Fatalf("small's events: %v; nothing to check for one kind", n)
			}
			t.Logf("checked %v", n)
		})
	}
}

// The default history of "tiny": 2020-08-27 before day -12, basil from day -12, the pinned
// version for the last 3 days, at the second; and each event is rendered exactly as in an
// account whose whole history is its span's version.
func TestEventAPIVersionsFollowTheHistory(t *testing.T) {
	mixed := serve(t, versionedAccount(t, mixedTinyHistory(t)))
	m := mixed.a.Model
	now := testNow.Unix()
	basilFrom, pinnedFrom := now-12*86400, now-3*86400
	wantVersion := func(created int64) string {
		switch {
		case created < basilFrom:
			return "2020-08-27"
		case created < pinnedFrom:
			return "2025-03-31.basil"
		}
		return "2026-03-25.dahlia"
	}
	for _, tc := range []struct {
		at   int64
		want string
	}{{basilFrom - 1, "2020-08-27"}, {basilFrom, "2025-03-31.basil"}, {pinnedFrom - 1, "2025-03-31.basil"}, {pinnedFrom, "2026-03-25.dahlia"}, {now, "2026-03-25.dahlia"}, {now - 29*86400, "2020-08-27"}} {
		if got := m.EventAPIVersion(tc.at); got != tc.want {
			t.Errorf("EventAPIVersion(now%+ds) = %s, want %s", tc.at-now, got, tc.want)
		}
	}
	single := map[string]map[string]*event{}
	for _, v := range []string{"2020-08-27", "2025-03-31.basil", "2026-03-25.dahlia"} {
		single[v] = serve(t, versionedAccount(t, []generator.APIVersionSpan{{FromDaysAgo: 0, Version: v}})).events()
	}
	evs := mixed.events()
	// The events nearest each edge, on both sides.
	edges := map[int64][2]string{basilFrom: {}, pinnedFrom: {}}
	for id, ev := range evs {
		created := num(ev.e["created"])
		v := wantVersion(created)
		if ev.e["api_version"] != v {
			t.Errorf("%s created now%+ds: api_version %v, want %s", id, created-now, ev.e["api_version"], v)
		}
		if other := single[v][id]; other == nil || !bytes.Equal(ev.raw, other.raw) {
			t.Errorf("%s: not rendered as in an account whose events are all in %s", id, v)
		}
		for edge, ids := range edges {
			side := 0
			if created >= edge {
				side = 1
			}
			if cur := ids[side]; cur == "" || absDiff(num(evs[cur].e["created"]), edge) > absDiff(created, edge) {
				ids[side] = id
				edges[edge] = ids
			}
		}
	}
	for edge, ids := range edges {
		if ids[0] == "" || ids[1] == "" {
			t.Fatalf("no events on both sides of now%+ds", edge-now)
		}
		before, after := evs[ids[0]], evs[ids[1]]
		if before.e["api_version"] == after.e["api_version"] {
			t.Errorf("events on both sides of now%+ds are both in %v", edge-now, before.e["api_version"])
		}
		t.Logf("edge now%+ds: %s at %+ds in %v, %s at %+ds in %v", edge-now, ids[0], num(before.e["created"])-edge, before.e["api_version"],
			ids[1], num(after.e["created"])-edge, after.e["api_version"])
	}
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// mixedTinyHistory is tiny's default history, checked to be the documented one.
func mixedTinyHistory(t *testing.T) []generator.APIVersionSpan {
	p, err := generator.NamedProfile("tiny")
	if err != nil {
		t.Fatal(err)
	}
	want := []generator.APIVersionSpan{{FromDaysAgo: 30, Version: "2020-08-27"}, {FromDaysAgo: 12, Version: "2025-03-31.basil"}, {FromDaysAgo: 3, Version: "2026-03-25.dahlia"}}
	if !reflect.DeepEqual(p.APIVersions, want) {
		t.Fatalf("tiny's history is %v, documented %v", p.APIVersions, want)
	}
	return p.APIVersions
}

// Every built-in profile (and the demo) has a mixed history, and together they cover every old
// version the rules distinguish.
func TestBuiltinProfilesHaveMixedHistories(t *testing.T) {
	old := map[string]string{"tiny": "2020-08-27", "small": "2024-06-20", "medium": "2023-10-16", "large": "2024-06-20",
		"multi_currency": "2020-08-27", "zero_and_three_decimal": "2023-10-16", "heavy_refunds_disputes": "2024-06-20"}
	for _, name := range generator.ProfileNames() {
		p, err := generator.NamedProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		want := []generator.APIVersionSpan{{FromDaysAgo: 30, Version: old[name]}, {FromDaysAgo: 12, Version: "2025-03-31.basil"}, {FromDaysAgo: 3, Version: "2026-03-25.dahlia"}}
		if !reflect.DeepEqual(p.APIVersions, want) {
			t.Errorf("%s: history %v, want %v", name, p.APIVersions, want)
		}
	}
	if d := DemoProfile(); len(d.APIVersions) != 3 || d.APIVersions[0].Version != "2024-06-20" {
		t.Errorf("demo history %v", d.APIVersions)
	}
}

// The history changes nothing but events' payloads and api_version: the same seed gives the
// same model ("tiny" and "small"), and every list but the events serves the same bytes, in the
// same order ("tiny"); the events have the same ids, types and times.
func TestHistoryChangesOnlyEventPayloads(t *testing.T) {
	for _, name := range []string{"tiny", "small"} {
		p, err := generator.NamedProfile(name)
		if err != nil {
			t.Fatal(err)
		}
		mixed, err := NewFromProfile(p, 7, testNow)
		if err != nil {
			t.Fatal(err)
		}
		p.APIVersions = nil
		pinned, err := NewFromProfile(p, 7, testNow)
		if err != nil {
			t.Fatal(err)
		}
		mm, pm := *mixed.Model, *pinned.Model
		if len(mm.Profile.APIVersions) == 0 || pm.Profile.APIVersions != nil {
			t.Fatal("profiles not as intended")
		}
		mm.Profile.APIVersions = nil
		if !reflect.DeepEqual(&mm, &pm) {
			t.Fatalf("%s: the history changed the model", name)
		}
		if name != "tiny" {
			continue // serving all of small's lists twice takes seconds; its model is the same
		}
		ms, ps := serve(t, mixed), serve(t, pinned)
		for _, path := range servedLists {
			if strings.HasPrefix(path, "/v1/events") {
				continue
			}
			a, b := ms.list(path), ps.list(path)
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s %s: served differently with and without the history", name, path)
			}
		}
		me, pe := ms.list("/v1/events"), ps.list("/v1/events")
		if len(me) != len(pe) {
			t.Fatalf("%s: %d events with the history, %d without", name, len(me), len(pe))
		}
		differ := 0
		for i := range me {
			a, b := decode(t, me[i]), decode(t, pe[i])
			for _, k := range []string{"id", "type", "created", "object", "request", "livemode", "pending_webhooks"} {
				if !reflect.DeepEqual(a[k], b[k]) {
					t.Fatalf("%s: event %d: %s %v with the history, %v without", name, i, k, a[k], b[k])
				}
			}
			if !bytes.Equal(me[i], pe[i]) {
				differ++
			}
		}
		if differ == 0 {
			t.Errorf("%s: no event differs with the history", name)
		}
	}
}

// A customer.subscription.updated in the second the subscription was created (a once coupon's
// discount removed by the first invoice) has the discount as its previous value, not the
// subscription before it existed; and no update has empty previous_attributes.
func TestUpdatesInTheCreationSecond(t *testing.T) {
	for _, version := range []string{"2020-08-27", "2024-06-20", "2026-03-25.dahlia"} {
		t.Run(version, func(t *testing.T) {
			p, err := generator.NamedProfile("small")
			if err != nil {
				t.Fatal(err)
			}
			p.APIVersions = []generator.APIVersionSpan{{FromDaysAgo: 0, Version: version}}
			a, err := NewFromProfile(p, 7, testNow)
			if err != nil {
				t.Fatal(err)
			}
			s := serve(t, a)
			m := a.Model
			n := 0
			for _, ev := range m.Events {
				if ev.Type != "customer.subscription.updated" {
					continue
				}
				e := decode(t, s.get("/v1/events/"+ev.ID))
				prev := e["data"].(obj)["previous_attributes"].(obj)
				if len(prev) == 0 || prev["status"] == "" {
					t.Errorf("%s: previous_attributes %v", ev.ID, prev)
				}
				sub := &m.Subscriptions[ev.Object.Index]
				if ev.Created != sub.Created {
					continue
				}
				n++
				d := sub.Discount
				if d == nil || d.RemovedAt != ev.Created {
					t.Fatalf("%s: an update in the creation second that is not a once coupon's removal", ev.ID)
				}
				var want obj
				switch version {
				case "2026-03-25.dahlia":
					want = obj{"discounts": []any{d.ID}}
				case "2024-06-20":
					want = obj{"discounts": []any{d.ID}, "discount": obj{}}
				case "2020-08-27":
					want = obj{"discount": obj{}}
				}
				if !reflect.DeepEqual(keys(prev), keys(want)) || want["discounts"] != nil && !reflect.DeepEqual(prev["discounts"], want["discounts"]) {
					t.Errorf("%s: previous_attributes %v, want %v", ev.ID, prev, want)
				}
				if _, legacy := want["discount"]; legacy {
					pd, _ := prev["discount"].(obj)
					coupon, _ := pd["coupon"].(obj)
					if pd["id"] != d.ID || coupon["id"] != m.Coupons[d.Coupon].ID || coupon["duration"] != "once" {
						t.Errorf("%s: previous discount %v, model %s with coupon %s", ev.ID, pd, d.ID, m.Coupons[d.Coupon].ID)
					}
				}
			}
			if n == 0 {
				t.Fatal("no update in a creation second among small's events")
			}
		})
	}
}
