package objects_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
	"github.com/revops/stripe-datasource/pkg/simulator/objects/objectstest"
	"github.com/revops/stripe-datasource/pkg/simulator/objects/openapicheck"
)

func loadSpec(t *testing.T) *openapicheck.Spec {
	t.Helper()
	spec, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

func sampleStore(t testing.TB, livemode bool) *objects.Store {
	t.Helper()
	s, err := objectstest.NewSampleStore(livemode)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// expectConforms marshals v and fails the test with every schema problem found.
func expectConforms(t *testing.T, spec *openapicheck.Spec, component, label string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: marshal: %v", label, err)
	}
	problems, err := spec.ValidateComponent(component, b)
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	for _, p := range problems {
		t.Errorf("%s (%s): %s", label, component, p)
	}
}

// TestEveryObjectConformsToTheSpec checks every object of the sample account, in both modes,
// against Stripe's OpenAPI schema for its type: this is what proves the structs emit exactly the
// documented members, with the right types, nulls and enum values.
func TestEveryObjectConformsToTheSpec(t *testing.T) {
	spec := loadSpec(t)
	for _, live := range []bool{false, true} {
		s := sampleStore(t, live)
		expectConforms(t, spec, "account", "account", &s.Account)
		expectConforms(t, spec, "balance", "balance", &s.Balance)
		for i := range s.BalanceTransactions {
			expectConforms(t, spec, "balance_transaction", s.BalanceTransactions[i].ID, &s.BalanceTransactions[i])
		}
		for i := range s.Charges {
			expectConforms(t, spec, "charge", s.Charges[i].ID, &s.Charges[i])
		}
		for i := range s.Refunds {
			expectConforms(t, spec, "refund", s.Refunds[i].ID, &s.Refunds[i])
		}
		for i := range s.Disputes {
			expectConforms(t, spec, "dispute", s.Disputes[i].ID, &s.Disputes[i])
		}
		for i := range s.Subscriptions {
			sub := &s.Subscriptions[i]
			expectConforms(t, spec, "subscription", sub.ID, sub)
			for j := range sub.Items.Data {
				expectConforms(t, spec, "subscription_item", sub.Items.Data[j].ID, &sub.Items.Data[j])
			}
		}
		for i := range s.Prices {
			expectConforms(t, spec, "price", s.Prices[i].ID, &s.Prices[i])
		}
		for i := range s.Products {
			expectConforms(t, spec, "product", s.Products[i].ID, &s.Products[i])
		}
		for i := range s.Discounts {
			expectConforms(t, spec, "discount", s.Discounts[i].ID, &s.Discounts[i])
		}
		for i := range s.Coupons {
			expectConforms(t, spec, "coupon", s.Coupons[i].ID, &s.Coupons[i])
		}
		for i := range s.Invoices {
			in := &s.Invoices[i]
			expectConforms(t, spec, "invoice", in.ID, in)
			for j, l := range in.AllLines() {
				expectConforms(t, spec, "line_item", in.AllLines()[j].ID, &l)
			}
		}
		if len(s.InvoicePayments) == 0 {
			t.Error("the sample store has no invoice payments to check")
		}
		for i := range s.InvoicePayments {
			expectConforms(t, spec, "invoice_payment", s.InvoicePayments[i].ID, &s.InvoicePayments[i])
		}
		for i := range s.Customers {
			expectConforms(t, spec, "customer", s.Customers[i].ID, &s.Customers[i])
		}
		for i := range s.Payouts {
			expectConforms(t, spec, "payout", s.Payouts[i].ID, &s.Payouts[i])
		}
		if len(s.InvoiceItems) == 0 {
			t.Error("the sample store has no invoice items to check")
		}
		for i := range s.InvoiceItems {
			expectConforms(t, spec, "invoiceitem", s.InvoiceItems[i].ID, &s.InvoiceItems[i])
		}
		for i := range s.Events {
			ev := &s.Events[i]
			expectConforms(t, spec, "event", ev.ID, ev)
			// data.object is free-form in the event schema: check it against its own type.
			payload, _, err := ev.Data.Payload()
			if err != nil {
				t.Fatalf("%s: data.object: %v", ev.ID, err)
			}
			var head struct{ Object string }
			if err := json.Unmarshal(payload, &head); err != nil {
				t.Fatalf("%s: data.object: %v", ev.ID, err)
			}
			expectConforms(t, spec, head.Object, ev.ID+" data.object", payload)
		}
	}
}

// TestValidatorCatchesEachKindOfDeparture makes sure the conformance test above would fail for
// each kind of mistake a struct can make, by breaking a valid charge one way at a time.
func TestValidatorCatchesEachKindOfDeparture(t *testing.T) {
	spec := loadSpec(t)
	s := sampleStore(t, false)
	valid, err := json.Marshal(&s.Charges[0])
	if err != nil {
		t.Fatal(err)
	}
	if problems, _ := spec.ValidateComponent("charge", valid); len(problems) != 0 {
		t.Fatalf("the unbroken charge must be valid, got %v", problems)
	}
	cases := []struct {
		name     string
		mutate   func(m map[string]any)
		wantPath string
		wantMsg  string
	}{
		{"missing required member", func(m map[string]any) { delete(m, "status") }, "status", "required member is missing"},
		{"missing nullable member the SDK spec requires", func(m map[string]any) { delete(m, "failure_code") }, "failure_code", "required member is missing"},
		{"missing nested required member", func(m map[string]any) { delete(m["outcome"].(map[string]any), "type") }, "outcome.type", "required member is missing"},
		{"wrong type", func(m map[string]any) { m["amount"] = "2900" }, "amount", "want an integer"},
		{"float where integer", func(m map[string]any) { m["amount"] = 29.5 }, "amount", "want an integer"},
		{"non-nullable null", func(m map[string]any) { m["captured"] = nil }, "captured", "null is not allowed"},
		{"value outside the enum", func(m map[string]any) { m["status"] = "refunded" }, "status", "is not one of the enum"},
		{"unknown member removed in basil", func(m map[string]any) { m["invoice"] = "in_123" }, "invoice", "unknown member"},
		{"unknown nested member", func(m map[string]any) { m["outcome"].(map[string]any)["score"] = 3 }, "outcome.score", "unknown member"},
		{"expandable holding a wrong object", func(m map[string]any) { m["customer"] = map[string]any{"object": "customer"} }, "customer", "anyOf"},
		{"deprecated member on the wrong object", func(m map[string]any) { m["plan"] = nil }, "plan", "unknown member"},
		{"uppercase currency", func(m map[string]any) { m["currency"] = "USD" }, "currency", "not a lowercase ISO currency code"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(valid, &m); err != nil {
				t.Fatal(err)
			}
			tc.mutate(m)
			broken, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			problems, err := spec.ValidateComponent("charge", broken)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				if p.Path == tc.wantPath && strings.Contains(p.Message, tc.wantMsg) {
					return
				}
			}
			t.Fatalf("want a problem at %q containing %q, got %v", tc.wantPath, tc.wantMsg, problems)
		})
	}
}

// TestErrorEnvelopeSchema checks the validator on the error schema with the shapes doc's 404
// example, and that it rejects an error type outside Stripe's four.
func TestErrorEnvelopeSchema(t *testing.T) {
	spec := loadSpec(t)
	doc404 := `{"error":{"code":"resource_missing","doc_url":"https://stripe.com/docs/error-codes/resource-missing","message":"No such customer: 'cus_PD6LSQd0tEf6Dh'","param":"id","request_log_url":"https://dashboard.stripe.com/test/logs/req_zgxnSj0ZmjQvcL?t=1702903325","type":"invalid_request_error"}}`
	if problems, err := spec.ValidateComponent("error", []byte(doc404)); err != nil || len(problems) != 0 {
		t.Fatalf("documented 404 body: err=%v problems=%v", err, problems)
	}
	bad := `{"error":{"message":"x","type":"not_found"}}`
	problems, err := spec.ValidateComponent("error", []byte(bad))
	if err != nil || len(problems) == 0 {
		t.Fatalf("an unknown error type must be reported: err=%v problems=%v", err, problems)
	}
}
