package generator

import (
	"bytes"
	"encoding/json"
	"sync"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
	"github.com/revops/stripe-datasource/pkg/simulator/objects/openapicheck"
)

// Every rendered object of "tiny" (which has every kind and variant) conforms to Stripe's OpenAPI
// spec for its component.
func TestRenderedObjectsConformToSpec(t *testing.T) {
	spec, err := openapicheck.Load()
	if err != nil {
		t.Skipf("OpenAPI spec not available: %v", err)
	}
	m := generateNamed(t, "tiny", 7, testNow)
	st, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	check := func(component string, v any) {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		problems, err := spec.ValidateComponent(component, b)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range problems {
			if i == 3 {
				t.Errorf("%s: ... %d problems in all", component, len(problems))
				break
			}
			t.Errorf("%s: %s\n%.400s", component, p, b)
		}
	}
	check("account", &st.Account)
	check("balance", &st.Balance)
	each := func(component string, n int, at func(i int) any) {
		for i := 0; i < n; i++ {
			check(component, at(i))
		}
	}
	each("balance_transaction", len(st.BalanceTransactions), func(i int) any { return &st.BalanceTransactions[i] })
	each("charge", len(st.Charges), func(i int) any { return &st.Charges[i] })
	each("refund", len(st.Refunds), func(i int) any { return &st.Refunds[i] })
	each("dispute", len(st.Disputes), func(i int) any { return &st.Disputes[i] })
	each("subscription", len(st.Subscriptions), func(i int) any { return &st.Subscriptions[i] })
	each("price", len(st.Prices), func(i int) any { return &st.Prices[i] })
	each("product", len(st.Products), func(i int) any { return &st.Products[i] })
	each("discount", len(st.Discounts), func(i int) any { return &st.Discounts[i] })
	each("coupon", len(st.Coupons), func(i int) any { return &st.Coupons[i] })
	each("invoice", len(st.Invoices), func(i int) any { return &st.Invoices[i] })
	each("customer", len(st.Customers), func(i int) any { return &st.Customers[i] })
	each("payout", len(st.Payouts), func(i int) any { return &st.Payouts[i] })
	each("event", len(st.Events), func(i int) any { return &st.Events[i] })
	_ = objects.KindCharge
}

// Events and invoices render their payloads and lines when marshalled; concurrent requests
// must get the same bytes as one at a time (and, under -race, not race on the renderer's caches).
func TestLazyPayloadsAreSafeConcurrently(t *testing.T) {
	st, err := Render(generateNamed(t, "tiny", 7, testNow))
	if err != nil {
		t.Fatal(err)
	}
	marshalAll := func() []byte {
		var out []byte
		for i := range st.Events {
			b, err := json.Marshal(&st.Events[i])
			if err != nil {
				t.Error(err)
			}
			out = append(out, b...)
		}
		for i := range st.Invoices {
			b, err := json.Marshal(&st.Invoices[i])
			if err != nil {
				t.Error(err)
			}
			out = append(out, b...)
		}
		return out
	}
	want := marshalAll()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := marshalAll(); !bytes.Equal(got, want) {
				t.Error("concurrent rendering gave different bytes")
			}
		})
	}
	wg.Wait()
}

// objects.Marshal, which the server uses, writes exactly json.Marshal's bytes for every object
// of a generated account, lazily rendered payloads and lines included.
func TestFastMarshalMatchesEncodingJSON(t *testing.T) {
	st, err := Render(generateNamed(t, "tiny", 7, testNow))
	if err != nil {
		t.Fatal(err)
	}
	check := func(v any) {
		t.Helper()
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := objects.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("objects.Marshal:\n%s\njson.Marshal:\n%s", got, want)
		}
	}
	for i := range st.Charges {
		check(&st.Charges[i])
	}
	for i := range st.Invoices {
		check(&st.Invoices[i])
	}
	for i := range st.Events {
		check(&st.Events[i])
	}
}
