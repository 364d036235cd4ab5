package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects/openapicheck"
)

// specPaths maps each served endpoint to its path template in Stripe's OpenAPI spec.
var specPaths = map[string]string{
	"GET /v1/account":                   "/v1/account",
	"GET /v1/balance":                   "/v1/balance",
	"GET /v1/balance_transactions":      "/v1/balance_transactions",
	"GET /v1/balance_transactions/{id}": "/v1/balance_transactions/{id}",
	"GET /v1/charges":                   "/v1/charges",
	"GET /v1/charges/{id}":              "/v1/charges/{charge}",
	"GET /v1/coupons":                   "/v1/coupons",
	"GET /v1/coupons/{id}":              "/v1/coupons/{coupon}",
	"GET /v1/customers":                 "/v1/customers",
	"GET /v1/customers/{id}":            "/v1/customers/{customer}",
	"GET /v1/disputes":                  "/v1/disputes",
	"GET /v1/disputes/{id}":             "/v1/disputes/{dispute}",
	"GET /v1/events":                    "/v1/events",
	"GET /v1/events/{id}":               "/v1/events/{id}",
	"GET /v1/invoices":                  "/v1/invoices",
	"GET /v1/invoices/{id}":             "/v1/invoices/{invoice}",
	"GET /v1/invoices/{id}/lines":       "/v1/invoices/{invoice}/lines",
	"GET /v1/invoiceitems":              "/v1/invoiceitems",
	"GET /v1/invoiceitems/{id}":         "/v1/invoiceitems/{invoiceitem}",
	"GET /v1/invoice_payments":          "/v1/invoice_payments",
	"GET /v1/invoice_payments/{id}":     "/v1/invoice_payments/{invoice_payment}",
	"GET /v1/refunds":                   "/v1/refunds",
	"GET /v1/refunds/{id}":              "/v1/refunds/{refund}",
	"GET /v1/payouts":                   "/v1/payouts",
	"GET /v1/payouts/{id}":              "/v1/payouts/{payout}",
	"GET /v1/prices":                    "/v1/prices",
	"GET /v1/prices/{id}":               "/v1/prices/{price}",
	"GET /v1/products":                  "/v1/products",
	"GET /v1/products/{id}":             "/v1/products/{id}",
	"GET /v1/subscription_items":        "/v1/subscription_items",
	"GET /v1/subscription_items/{id}":   "/v1/subscription_items/{item}",
	"GET /v1/subscriptions":             "/v1/subscriptions",
	"GET /v1/subscriptions/{id}":        "/v1/subscriptions/{subscription_exposed_id}",
}

// commonExpansions are the expansions a client of each resource typically asks for.
var commonExpansions = map[string][]string{
	"balance_transactions": {"source"},
	"charges":              {"customer", "balance_transaction", "refunds"},
	"disputes":             {"charge"},
	"subscriptions":        {"customer", "discounts", "latest_invoice", "items.data.price.product"},
	"subscription_items":   {"price.product", "discounts"},
	"invoices":             {"customer", "discounts", "parent.subscription_details.subscription", "total_discount_amounts.discount", "payments"},
	"invoice_payments":     {"invoice", "payment.charge"},
	"refunds":              {"charge", "balance_transaction"},
	"invoice_lines":        {"pricing.price_details.price", "subscription", "discount_amounts.discount"},
	"prices":               {"product", "tiers"},
	"products":             {"default_price"},
	"customers":            {"subscriptions", "discount.source.coupon"},
	"coupons":              nil,
	"payouts":              {"balance_transaction"},
	"events":               nil,
}

type fidelity struct {
	t    *testing.T
	spec *openapicheck.Spec
	hs   *harness
	n    int
}

// check requests path and validates the answer against the spec's schema for the endpoint.
func (f *fidelity) check(key, path string, wantStatus int) response {
	f.t.Helper()
	r := f.hs.get(f.t, key, path)
	if r.status != wantStatus {
		f.t.Errorf("%s: status %d, want %d: %.300s", path, r.status, wantStatus, r.body)
		return r
	}
	p := path
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	ro, ok := match(p)
	template := "/v1/charges" // unrecognized URLs: any operation's default (error) response
	if ok {
		template = specPaths[ro.endpoint]
	}
	problems, err := f.spec.ValidateResponse(http.MethodGet, template, r.status, r.body)
	if err != nil {
		f.t.Fatalf("%s: %v", path, err)
	}
	for _, pr := range problems {
		f.t.Errorf("%s (%d): %s", path, r.status, pr)
	}
	f.n++
	return r
}

func expandQuery(prefix string, paths []string) string {
	var b strings.Builder
	for _, p := range paths {
		b.WriteString("&expand[]=" + prefix + p)
	}
	return b.String()
}

// TestEveryEndpointConformsToTheSpec requests every endpoint, every object (both modes), with and
// without the common expansions, and checks each answer against Stripe's OpenAPI response schema;
// error answers are checked against the error schema.
func TestEveryEndpointConformsToTheSpec(t *testing.T) {
	spec, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, nil, Knobs{})
	f := &fidelity{t: t, spec: spec, hs: hs}
	for _, key := range []string{keyTest, keyLive} {
		st := hs.test
		if key == keyLive {
			st = hs.live
		}
		f.check(key, "/v1/balance", 200)
		f.check(key, "/v1/account", 200)
		for _, res := range []string{"balance_transactions", "charges", "disputes", "subscriptions", "invoices", "prices", "products", "customers", "coupons", "payouts", "events", "invoiceitems", "refunds", "invoice_payments"} {
			exp := commonExpansions[res]
			extra := ""
			if res == "subscriptions" {
				extra = "&status=all"
			}
			f.check(key, "/v1/"+res+"?limit=100"+extra, 200)
			// The list form of each expansion, where it fits in 4 segments with data.
			var listExp []string
			for _, e := range exp {
				if strings.Count(e, ".") < 3 {
					listExp = append(listExp, e)
				}
			}
			f.check(key, "/v1/"+res+"?limit=100"+extra+expandQuery("data.", listExp), 200)
			k := resources[res].kind
			coll := st.Collection(k)
			for i := 0; i < coll.Len(); i++ {
				_, id := coll.Key(i)
				f.check(key, "/v1/"+res+"/"+id, 200)
				if len(exp) > 0 {
					f.check(key, "/v1/"+res+"/"+id+"?"+expandQuery("", exp)[1:], 200)
				}
			}
		}
		for _, sub := range st.Subscriptions {
			f.check(key, "/v1/subscription_items?subscription="+sub.ID, 200)
			f.check(key, "/v1/subscription_items?subscription="+sub.ID+expandQuery("data.", commonExpansions["subscription_items"]), 200)
			for _, it := range sub.Items.Data {
				f.check(key, "/v1/subscription_items/"+it.ID, 200)
				f.check(key, "/v1/subscription_items/"+it.ID+"?"+expandQuery("", commonExpansions["subscription_items"])[1:], 200)
			}
		}
		for _, in := range st.Invoices {
			f.check(key, "/v1/invoices/"+in.ID+"/lines?limit=100", 200)
			f.check(key, "/v1/invoices/"+in.ID+"/lines?limit=3"+expandQuery("data.", commonExpansions["invoice_lines"]), 200)
		}
	}
	// Error answers, against the error schema.
	f.check("", "/v1/charges", 401)
	f.check("sk_test_nope1234", "/v1/charges", 401)
	f.check(keyRkNoAccess, "/v1/charges", 403)
	f.check(keyRkAll, "/v1/account", 403)
	f.check(keyTest, "/v1/charges/ch_missing", 404)
	f.check(keyTest, "/v1/nope", 404)
	f.check(keyTest, "/v1/charges?limit=1000", 400)
	f.check(keyTest, "/v1/charges?expand[]=data.customer.a.b.c", 400)
	hs.h.SetKnobs(Knobs{Faults: []Fault{{Kind: FaultServerError, Nth: 1}, {Kind: FaultLockTimeout, Nth: 2}}})
	f.check(keyTest, "/v1/charges", 500)
	f.check(keyTest, "/v1/charges", 429)
	hs.h.SetKnobs(Knobs{RateLimit: RateLimit{Test: 1}})
	f.check(keyTest, "/v1/charges", 200)
	f.check(keyTest, "/v1/charges", 429)
	if f.n < 150 {
		t.Errorf("only %d responses checked", f.n)
	}
	t.Logf("%d responses validated against the OpenAPI spec", f.n)
}

// TestEventPayloadsConform validates each event's data.object, served through the API, against
// the schema of its own type (the event schema leaves data.object free-form).
func TestEventPayloadsConform(t *testing.T) {
	spec, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, nil, Knobs{})
	for _, raw := range hs.get(t, keyTest, "/v1/events?limit=100").list(t).Data {
		ev := decode(t, raw)
		obj := member(t, ev, "data.object").(map[string]any)
		b := mustJSON(t, obj)
		problems, err := spec.ValidateComponent(obj["object"].(string), b)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("%s data.object: %s", ev["id"], p)
		}
	}
}

// TestExpandTableMatchesTheSpec checks the simulator's expand table against the spec: every member
// it treats as expandable must be expandable (x-expansionResources) in Stripe's schema, so the
// server neither refuses a legal expansion nor accepts an illegal one for these members.
func TestExpandTableMatchesTheSpec(t *testing.T) {
	spec, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	for k, def := range typeDefs {
		for name, f := range def.fields {
			if f.kind != fExpandable || f.nested != nil {
				continue
			}
			if !spec.IsExpandable(k.ObjectName(), name) {
				t.Errorf("%s.%s is expandable in the simulator but not in the spec", k, name)
			}
		}
	}
}
