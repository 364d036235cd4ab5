package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// member walks a decoded JSON object along dot-separated member names.
func member(t testing.TB, v any, path string) any {
	t.Helper()
	for _, seg := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("at %q in %q: not an object: %v", seg, path, v)
		}
		if v, ok = m[seg]; !ok {
			t.Fatalf("no member %q in %q", seg, path)
		}
	}
	return v
}

func decode(t testing.TB, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestExpandDataSourceOnList(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	l := hs.get(t, keyTest, "/v1/balance_transactions?limit=100&expand[]=data.source").list(t)
	if len(l.Data) != len(hs.test.BalanceTransactions) {
		t.Fatalf("%d objects, want %d", len(l.Data), len(hs.test.BalanceTransactions))
	}
	for i, raw := range l.Data {
		bt := hs.test.BalanceTransactions[i]
		got := decode(t, raw)["source"]
		if bt.Source == "" {
			if got != nil {
				t.Errorf("%s: null source expanded to %v", bt.ID, got)
			}
			continue
		}
		src, ok := got.(map[string]any)
		if !ok || src["id"] != string(bt.Source) {
			t.Fatalf("%s: source not expanded to %s: %v", bt.ID, bt.Source, got)
		}
		wantObject := map[string]string{"ch": "charge", "re": "refund", "dp": "dispute", "po": "payout"}[strings.Split(string(bt.Source), "_")[0]]
		if src["object"] != wantObject {
			t.Errorf("%s: source object %v, want %s", bt.ID, src["object"], wantObject)
		}
	}
	// Without expand the source stays an ID.
	plain := hs.get(t, keyTest, "/v1/balance_transactions?limit=100").list(t)
	for i, raw := range plain.Data {
		if src := decode(t, raw)["source"]; hs.test.BalanceTransactions[i].Source != "" && src != string(hs.test.BalanceTransactions[i].Source) {
			t.Errorf("unexpanded source = %v", src)
		}
	}
}

func TestExpandNestedPathsAndLevels(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	s := hs.test
	refunded := s.Charges[len(s.Charges)-1]
	// Two levels on a retrieve: the refund's charge's customer (via balance transaction source).
	bt := hs.get(t, keyTest, "/v1/balance_transactions/"+s.BalanceTransactions[len(s.BalanceTransactions)-1].ID+"?expand[]=source.customer").object(t)
	if member(t, bt, "source.customer.object") != "customer" || member(t, bt, "source.customer.id") != string(refunded.CustomerID()) {
		t.Errorf("source.customer: %v", member(t, bt, "source"))
	}
	// Four segments on a list: subscriptions' discounts' coupons (clover: source.coupon).
	l := hs.get(t, keyTest, "/v1/subscriptions?status=all&expand[]=data.discounts.source.coupon").list(t)
	found := false
	for _, raw := range l.Data {
		sub := decode(t, raw)
		for _, d := range sub["discounts"].([]any) {
			found = true
			if member(t, d, "object") != "discount" || member(t, d, "source.coupon.object") != "coupon" || member(t, d, "source.coupon.id") != "SPRING25" {
				t.Errorf("discount not expanded to its coupon: %v", d)
			}
		}
	}
	if !found {
		t.Fatal("the sample has a subscription with a discount")
	}
	// Through inline lists and objects: items.data.price.product on a retrieve (4 segments).
	sub := hs.get(t, keyTest, "/v1/subscriptions/"+s.Subscriptions[len(s.Subscriptions)-1].ID+"?expand[]=items.data.price.product&expand[]=customer").object(t)
	for _, it := range member(t, sub, "items.data").([]any) {
		if member(t, it, "price.product.object") != "product" {
			t.Errorf("item price product not expanded: %v", member(t, it, "price.product"))
		}
		if _, isString := member(t, it, "plan.product").(string); !isString {
			t.Error("the plan's product was not asked for and must stay an ID")
		}
	}
	if member(t, sub, "customer.object") != "customer" {
		t.Error("customer not expanded next to items")
	}
	// Invoice parent subscription and line prices on the lines endpoint (4 segments with data).
	inv := s.Invoices[0]
	in := hs.get(t, keyTest, "/v1/invoices/"+inv.ID+"?expand[]=parent.subscription_details.subscription&expand[]=total_discount_amounts.discount").object(t)
	if member(t, in, "parent.subscription_details.subscription.object") != "subscription" {
		t.Error("parent.subscription_details.subscription not expanded")
	}
	lines := hs.get(t, keyTest, "/v1/invoices/"+inv.ID+"/lines?expand[]=data.pricing.price_details.price").list(t)
	for _, raw := range lines.Data {
		if member(t, decode(t, raw), "pricing.price_details.price.object") != "price" {
			t.Error("line price not expanded")
		}
	}
	// Expanded objects conform too: the charge inside a dispute-free refund's source has an
	// unexpanded customer.
	if _, isString := member(t, bt, "source.balance_transaction").(string); !isString {
		t.Error("members not named in the path must stay IDs")
	}
}

func TestExpandErrors(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	s := hs.test
	for _, tc := range []struct {
		path string
		msg  string
	}{
		// Five segments: Stripe's limit is four (observed rejecting data.items.data.price.product).
		{"/v1/subscriptions?expand[]=data.items.data.price.product", "You cannot expand more than 4 levels of a property."},
		{"/v1/invoices/" + s.Invoices[0].ID + "?expand[]=lines.data.pricing.price_details.price", "You cannot expand more than 4 levels of a property."},
		{"/v1/balance_transactions?expand[]=data.amount", "This property cannot be expanded (amount)."},
		{"/v1/balance_transactions?expand[]=data.fee_details.type", "This property cannot be expanded (type)."},
		{"/v1/balance_transactions?expand[]=source", "This property cannot be expanded (source). You may want to try expanding 'data.source' instead."},
		{"/v1/balance_transactions?expand[]=nonsense", "This property cannot be expanded (nonsense)."},
		{"/v1/charges/" + s.Charges[0].ID + "?expand[]=data.customer", "This property cannot be expanded (data)."},
		{"/v1/subscriptions/" + s.Subscriptions[0].ID + "?expand[]=items.price", "This property cannot be expanded (price)."},
		{"/v1/subscriptions?expand[]=data.items.data.plan", "This property cannot be expanded (plan)."}, // deprecated: not in the spec
		{"/v1/invoices?expand[]=data.parent.quote_details.quote", "This property cannot be expanded (quote)."},
		{"/v1/charges?expand[]=data.customer..x", "This property cannot be expanded (data.customer..x)."},
	} {
		e := hs.get(t, keyTest, tc.path).apiErr(t, http.StatusBadRequest)
		if e.Error.Message != tc.msg || e.Error.Type != "invalid_request_error" {
			t.Errorf("%s: message %q, want %q", tc.path, e.Error.Message, tc.msg)
		}
	}
	// A member Stripe expands but the simulator holds no objects for, with a value.
	withPI := s.Charges[len(s.Charges)-1] // the oldest sample charge has a payment intent
	e := hs.get(t, keyTest, "/v1/charges/"+withPI.ID+"?expand[]=payment_intent").apiErr(t, http.StatusBadRequest)
	if !strings.Contains(e.Error.Message, "holds no payment_intent objects") {
		t.Errorf("payment_intent: %+v", e.Error)
	}
	// ... and when it is null there is nothing to refuse.
	var noPI string
	for _, c := range s.Charges {
		if c.PaymentIntent == "" {
			noPI = c.ID
		}
	}
	if r := hs.get(t, keyTest, "/v1/charges/"+noPI+"?expand[]=payment_intent"); r.status != http.StatusOK {
		t.Errorf("expanding a null payment_intent: %d %s", r.status, r.body)
	}
}

// Paths the spec allows through members that are always embedded are accepted and change
// nothing (a peer plugin sends expand[]=data.items.data.price on subscriptions).
func TestExpandThroughEmbeddedMembers(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	s := hs.test
	for _, path := range []string{
		"/v1/subscriptions?status=all&expand[]=data.items.data.price",
		"/v1/subscriptions?status=all&expand[]=data.items",
		"/v1/subscriptions/" + s.Subscriptions[0].ID + "?expand[]=items",
		"/v1/balance_transactions?expand[]=data.fee_details",
		"/v1/invoices?expand[]=data.status_transitions&expand[]=data.lines.data.period",
	} {
		plain := path[:strings.Index(path, "expand[]")]
		want, got := hs.get(t, keyTest, plain), hs.get(t, keyTest, path)
		if got.status != http.StatusOK {
			t.Errorf("%s: %d %s", path, got.status, got.body)
			continue
		}
		if string(normalizeJSON(t, got.body)) != string(normalizeJSON(t, want.body)) {
			t.Errorf("%s: expanding an embedded member changed the answer", path)
		}
	}
}

// normalizeJSON re-encodes a JSON document with sorted keys.
func normalizeJSON(t *testing.T, raw []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestIncludableOnlyWhenExpanded(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	s := hs.test
	var tiered objects.Price
	for _, p := range s.Prices {
		if p.BillingScheme == "tiered" {
			tiered = p
		}
	}
	plain := hs.get(t, keyTest, "/v1/prices/"+tiered.ID).object(t)
	if _, ok := plain["tiers"]; ok {
		t.Error("tiers must be absent unless expanded")
	}
	withTiers := hs.get(t, keyTest, "/v1/prices/"+tiered.ID+"?expand[]=tiers").object(t)
	tiers, ok := withTiers["tiers"].([]any)
	if !ok || len(tiers) != len(tiered.Tiers) {
		t.Fatalf("tiers = %v, want %d tiers", withTiers["tiers"], len(tiered.Tiers))
	}
	if member(t, tiers[0], "up_to") != float64(1000) || member(t, tiers[1], "up_to") != nil {
		t.Errorf("tier bounds: %v", tiers)
	}
	l := hs.get(t, keyTest, "/v1/prices?limit=100&expand[]=data.tiers").list(t)
	for _, raw := range l.Data {
		if _, ok := decode(t, raw)["tiers"]; !ok {
			t.Error("data.tiers must include tiers on every price (empty for per-unit prices)")
		}
	}

	refunded := s.Charges[len(s.Charges)-1]
	if _, ok := hs.get(t, keyTest, "/v1/charges/"+refunded.ID).object(t)["refunds"]; ok {
		t.Error("refunds must be absent unless expanded")
	}
	ch := hs.get(t, keyTest, "/v1/charges/"+refunded.ID+"?expand[]=refunds").object(t)
	if member(t, ch, "refunds.object") != "list" || member(t, ch, "refunds.url") != "/v1/charges/"+refunded.ID+"/refunds" {
		t.Errorf("refunds envelope: %v", ch["refunds"])
	}
	if data := member(t, ch, "refunds.data").([]any); len(data) != 1 || member(t, data[0], "id") != s.Refunds[0].ID {
		t.Errorf("refunds data: %v", data)
	}

	cus := s.Subscriptions[len(s.Subscriptions)-1].Customer
	c := hs.get(t, keyTest, "/v1/customers/"+cus+"?expand[]=subscriptions").object(t)
	subs := member(t, c, "subscriptions.data").([]any)
	if len(subs) != 1 || member(t, subs[0], "customer") != cus {
		t.Errorf("customer subscriptions: %v", subs)
	}
	if _, ok := hs.get(t, keyTest, "/v1/customers/"+cus).object(t)["subscriptions"]; ok {
		t.Error("subscriptions must be absent unless expanded")
	}
}

func TestExpandNeedsThePermissionOfTheExpandedKind(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	// rak_balance_transaction_source_read covers the sources themselves.
	if r := hs.get(t, keyRkBTOnly, "/v1/balance_transactions?expand[]=data.source"); r.status != http.StatusOK {
		t.Fatalf("BT-only key expanding data.source: %d %s", r.status, r.body)
	}
	// Going further, into customers, needs rak_customer_read.
	e := hs.get(t, keyRkBTOnly, "/v1/balance_transactions?limit=100&expand[]=data.source.customer").apiErr(t, http.StatusForbidden)
	if !strings.Contains(e.Error.Message, "Having the 'rak_customer_read' permission would allow this request to continue.") {
		t.Errorf("403 message: %q", e.Error.Message)
	}
}
