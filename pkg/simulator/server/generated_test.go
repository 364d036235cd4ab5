package server

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/objects/openapicheck"
)

// TestGeneratedAccountConformsToTheSpec serves a generated "tiny" account and checks every list
// (all pages, with the common list expansions) and a sample of retrieves against the spec. It
// covers the generator's objects, which the hand-made sample cannot anticipate. The spec is the
// pinned version's, so the account's events are all in it (no API version history); the older
// versions' event payloads are checked in the generator's tests.
func TestGeneratedAccountConformsToTheSpec(t *testing.T) {
	p, err := generator.NamedProfile("tiny")
	if err != nil {
		t.Skipf("generator profile unavailable: %v", err)
	}
	p.APIVersions = nil
	m, err := generator.Generate(p, 7, time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	st, err := generator.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	if st.Livemode {
		t.Skip("the generator rendered a live-mode store; this test serves test mode")
	}
	spec, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, st, Knobs{})
	f := &fidelity{t: t, spec: spec, hs: hs}
	f.check(keyTest, "/v1/balance", 200)
	f.check(keyTest, "/v1/account", 200)
	for _, res := range []string{"balance_transactions", "charges", "disputes", "subscriptions", "invoices", "prices", "products", "customers", "coupons", "payouts", "events", "refunds", "invoice_payments"} {
		k := resources[res].kind
		coll := st.Collection(k)
		extra := ""
		if res == "subscriptions" {
			extra = "&status=all"
		}
		var listExp string
		for _, e := range commonExpansions[res] {
			if len(e) > 0 && countDots(e) < 3 {
				listExp += "&expand[]=data." + e
			}
		}
		// Every page, so every object is checked, expanded.
		after := ""
		for pages := 0; ; pages++ {
			if pages > 10000 {
				t.Fatalf("%s: pagination does not end", res)
			}
			r := f.check(keyTest, "/v1/"+res+"?limit=100"+extra+listExp+after, 200)
			if r.status != http.StatusOK {
				break
			}
			l := r.list(t)
			ids := l.ids(t)
			if !l.HasMore || len(ids) == 0 {
				break
			}
			after = "&starting_after=" + ids[len(ids)-1]
		}
		// A sample of retrieves with the common expansions.
		step := max(1, coll.Len()/20)
		for i := 0; i < coll.Len(); i += step {
			_, id := coll.Key(i)
			q := ""
			for j, e := range commonExpansions[res] {
				sep := "&"
				if j == 0 {
					sep = "?"
				}
				q += sep + "expand[]=" + e
			}
			f.check(keyTest, fmt.Sprintf("/v1/%s/%s%s", res, id, q), 200)
		}
	}
	for i := range st.Invoices {
		if i%10 == 0 {
			f.check(keyTest, "/v1/invoices/"+st.Invoices[i].ID+"/lines?limit=100&expand[]=data.pricing.price_details.price", 200)
		}
	}
	for i := range st.Subscriptions {
		if i%10 == 0 {
			f.check(keyTest, "/v1/subscription_items?subscription="+st.Subscriptions[i].ID, 200)
		}
	}
	// Event payloads are free-form in the event schema: check each against its own type.
	for i := range st.Events {
		ev := &st.Events[i]
		payload, _, err := ev.Data.Payload()
		if err != nil {
			t.Fatalf("%s (%s): %v", ev.ID, ev.Type, err)
		}
		obj := decode(t, payload)
		name, _ := obj["object"].(string)
		problems, err := spec.ValidateComponent(name, payload)
		if err != nil {
			t.Fatalf("%s (%s): %v", ev.ID, ev.Type, err)
		}
		for _, p := range problems {
			t.Errorf("%s (%s) data.object: %s", ev.ID, ev.Type, p)
		}
	}
	t.Logf("%d responses and %d event payloads of a generated account validated", f.n, len(st.Events))
}

func countDots(s string) int {
	n := 0
	for i := range s {
		if s[i] == '.' {
			n++
		}
	}
	return n
}
