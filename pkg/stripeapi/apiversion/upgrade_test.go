package apiversion_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi/apiversion"
)

// The fixtures in testdata are objects as the named versions render them (shapes from Stripe's
// API reference of those versions and the changelog entries STRIPE-IN-THE-WILD.md cites); the
// expected records below are read off the fixtures by hand.

func fixture(t *testing.T, name string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// decodeAs upgrades obj from version v and decodes it with stripe-go's pinned types.
func decodeAs[T any](t *testing.T, obj map[string]any, v string) *T {
	t.Helper()
	apiversion.Upgrade(obj, v)
	raw, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	out := new(T)
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("decoding the upgraded object: %v", err)
	}
	return out
}

var spring = records.Discount{ID: "di_1PgW3qLkdIwHu7ixkQ6Xo1d2", Coupon: "SPRING25", Start: 1719878400, End: 1727740800}

func TestSubscriptionBeforeBasil(t *testing.T) {
	s := decodeAs[stripe.Subscription](t, fixture(t, "subscription_2024-06-20.json"), "2024-06-20")
	got := records.FromSubscription(s)
	want := records.Subscription{
		ID: "sub_1PgW3qLkdIwHu7ix0ZK2mOeD", Customer: "cus_QXiv3zYzUJpKgA", Currency: "usd", Status: "active",
		CollectionMethod: "charge_automatically", Created: 1719878400,
		Items:       []records.SubscriptionItem{{ID: "si_QXivpEHkMmvHhL", Price: "price_1PgVzXLkdIwHu7ixProMonth", Quantity: 3}},
		DiscountIDs: []string{spring.ID}, Discounts: []records.Discount{spring},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record\n got %+v\nwant %+v", got, want)
	}
	// The subscription's period moves onto its item, as basil renders it.
	it := s.Items.Data[0]
	if it.CurrentPeriodStart != 1719878400 || it.CurrentPeriodEnd != 1722556800 {
		t.Errorf("item period %d..%d, want the subscription's 1719878400..1722556800", it.CurrentPeriodStart, it.CurrentPeriodEnd)
	}
}

// 2020-08-27 had no discounts array: the legacy discount is the only one.
func TestSubscriptionLegacyDiscountOnly(t *testing.T) {
	obj := fixture(t, "subscription_2024-06-20.json")
	delete(obj, "discounts")
	got := records.FromSubscription(decodeAs[stripe.Subscription](t, obj, "2020-08-27"))
	if !reflect.DeepEqual(got.Discounts, []records.Discount{spring}) || !reflect.DeepEqual(got.DiscountIDs, []string{spring.ID}) {
		t.Errorf("discounts %+v (ids %v), want the legacy discount", got.Discounts, got.DiscountIDs)
	}
	obj = fixture(t, "subscription_2024-06-20.json")
	obj["discount"], obj["discounts"] = nil, nil
	if got := records.FromSubscription(decodeAs[stripe.Subscription](t, obj, "2020-08-27")); len(got.DiscountIDs) != 0 {
		t.Errorf("no discount: %v", got.DiscountIDs)
	}
}

// Discount ids beside the legacy one stay ids (the plugin resolves ids from its reads); an item
// that names only its plan gets the plan's id as its price.
func TestSubscriptionSeveralDiscountsAndPlanOnlyItem(t *testing.T) {
	obj := fixture(t, "subscription_2024-06-20.json")
	obj["discounts"] = []any{"di_other", spring.ID}
	item := obj["items"].(map[string]any)["data"].([]any)[0].(map[string]any)
	delete(item, "price")
	got := records.FromSubscription(decodeAs[stripe.Subscription](t, obj, "2023-10-16"))
	if !reflect.DeepEqual(got.DiscountIDs, []string{"di_other", spring.ID}) || !reflect.DeepEqual(got.Discounts, []records.Discount{spring}) {
		t.Errorf("discounts %+v ids %v", got.Discounts, got.DiscountIDs)
	}
	if got.Items[0].Price != "price_1PgVzXLkdIwHu7ixProMonth" {
		t.Errorf("price %q, want the plan's id", got.Items[0].Price)
	}
}

func TestInvoiceBeforeBasil(t *testing.T) {
	in := decodeAs[stripe.Invoice](t, fixture(t, "invoice_2023-10-16.json"), "2023-10-16")
	got := records.FromInvoice(in)
	if got.Subscription != "sub_1NzYxWLkdIwHu7ixSubOne1" || got.Status != "paid" || got.PaidAt != 1705000200 || got.FinalizedAt != 1705000100 {
		t.Errorf("invoice %+v", got)
	}
	if in.Parent.SubscriptionDetails.Metadata["plan"] != "pro" {
		t.Errorf("subscription_details metadata %v", in.Parent.SubscriptionDetails.Metadata)
	}
	wantLines := []records.InvoiceLine{
		{ID: "il_1OaBcDLkdIwHu7ixLine0001", SubItem: "si_PQRitem00001", Price: "price_Starter", Product: "prod_Starter", Quantity: 1, Amount: -2450,
			PeriodStart: 1705000000, PeriodEnd: 1706745600, Proration: true},
		{ID: "il_1OaBcDLkdIwHu7ixLine0002", SubItem: "si_PQRitem00001", Price: "price_Pro", Product: "prod_Pro", Quantity: 2, Amount: 12860,
			PeriodStart: 1705000000, PeriodEnd: 1706745600, Proration: true},
		{ID: "il_1OaBcDLkdIwHu7ixLine0003", SubItem: "si_PQRitem00001", Price: "price_Pro", Product: "prod_Pro", Quantity: 2,
			PeriodStart: 1706745600, PeriodEnd: 1708000000},
		{ID: "il_1OaBcDLkdIwHu7ixLine0004", Price: "price_SetupFee", Product: "prod_Setup", Quantity: 1, PeriodStart: 1705000000, PeriodEnd: 1705000000},
	}
	if !reflect.DeepEqual(got.Lines, wantLines) {
		t.Errorf("lines\n got %+v\nwant %+v", got.Lines, wantLines)
	}
	l := in.Lines.Data
	if d := l[0].Parent.SubscriptionItemDetails; d.InvoiceItem != "ii_1OaBcDLkdIwHu7ixCredit01" || d.ProrationDetails.CreditedItems.Invoice != "in_1NzZzZLkdIwHu7ixPrevious" {
		t.Errorf("proration credit details %+v", d)
	}
	if l[2].Parent.SubscriptionItemDetails.InvoiceItem != "" {
		t.Errorf("a regular line names invoice item %q", l[2].Parent.SubscriptionItemDetails.InvoiceItem)
	}
	if d := l[3].Parent.InvoiceItemDetails; d == nil || d.InvoiceItem != "ii_1OaBcDLkdIwHu7ixSetup001" || l[3].Pricing.PriceDetails.Product != "prod_Setup" {
		t.Errorf("one-off line %+v %+v", l[3].Parent, l[3].Pricing)
	}
	if l[1].Pricing.PriceDetails.Product != "prod_Pro" || l[1].Pricing.UnitAmountDecimal != 9900 {
		t.Errorf("pricing %+v", l[1].Pricing)
	}
}

func TestOneOffInvoiceBeforeBasil(t *testing.T) {
	obj := fixture(t, "invoice_2023-10-16.json")
	obj["subscription"], obj["subscription_details"] = nil, nil
	in := decodeAs[stripe.Invoice](t, obj, "2024-06-20")
	if in.Parent != nil || records.FromInvoice(in).Subscription != "" {
		t.Errorf("one-off invoice parent %+v", in.Parent)
	}
}

func TestLegacyInvoiceDiscount(t *testing.T) {
	obj := fixture(t, "invoice_2023-10-16.json")
	obj["discount"] = map[string]any{"id": "di_inv", "object": "discount", "coupon": map[string]any{"id": "WELCOME", "object": "coupon"},
		"start": 1704000000.0, "end": nil}
	obj["discounts"] = []any{"di_inv"}
	got := records.FromInvoice(decodeAs[stripe.Invoice](t, obj, "2024-06-20"))
	if want := []records.Discount{{ID: "di_inv", Coupon: "WELCOME", Start: 1704000000}}; !reflect.DeepEqual(got.Discounts, want) {
		t.Errorf("discounts %+v, want %+v", got.Discounts, want)
	}
}

func TestPendingInvoiceItemBeforeBasil(t *testing.T) {
	got := records.FromInvoiceItem(decodeAs[stripe.InvoiceItem](t, fixture(t, "invoiceitem_2024-06-20.json"), "2024-06-20"))
	want := records.PendingItem{ID: "ii_1PhPendLkdIwHu7ixProrat1", Subscription: "sub_1PgW3qLkdIwHu7ix0ZK2mOeD",
		SubItem: "si_QXivpEHkMmvHhL", Price: "price_1PgVzXLkdIwHu7ixProMonth", Quantity: 2, Amount: 1633,
		PeriodStart: 1720483200, PeriodEnd: 1722556800, Proration: true}
	if got != want {
		t.Errorf("pending item\n got %+v\nwant %+v", got, want)
	}
}

// A discount object of basil still carries its coupon expanded; clover moved the id under source.
func TestDiscountBeforeClover(t *testing.T) {
	obj := map[string]any{"id": "di_9", "object": "discount", "coupon": map[string]any{"id": "VIP", "object": "coupon", "percent_off": 10.0},
		"start": 1750000000.0, "end": 1760000000.0}
	got := records.FromDiscount(decodeAs[stripe.Discount](t, obj, "2025-03-31.basil"))
	if want := (records.Discount{ID: "di_9", Coupon: "VIP", Start: 1750000000, End: 1760000000}); got != want {
		t.Errorf("discount %+v, want %+v", got, want)
	}
	clover := map[string]any{"id": "di_9", "object": "discount", "source": map[string]any{"type": "coupon", "coupon": "VIP"}, "start": 1750000000.0}
	apiversion.Upgrade(clover, "2025-09-30.clover")
	if clover["source"].(map[string]any)["coupon"] != "VIP" {
		t.Errorf("clover discount changed: %v", clover)
	}
}

// Basil objects already have the pinned shapes of what the plugin reads.
func TestBasilSubscriptionUnchanged(t *testing.T) {
	obj := map[string]any{"id": "sub_b", "object": "subscription", "discounts": []any{"di_1"}, "status": "active",
		"items": map[string]any{"object": "list", "data": []any{map[string]any{"id": "si_1", "object": "subscription_item",
			"current_period_end": 1760000000.0, "price": map[string]any{"id": "price_1", "object": "price"}, "quantity": 1.0}}}}
	want, _ := json.Marshal(obj)
	apiversion.Upgrade(obj, "2025-03-31.basil")
	if got, _ := json.Marshal(obj); string(got) != string(want) {
		t.Errorf("basil subscription changed:\n%s\n%s", got, want)
	}
}

func TestChargeBeforeBasil(t *testing.T) {
	obj := map[string]any{"id": "ch_1", "object": "charge", "amount": 2000.0, "currency": "eur", "status": "succeeded",
		"invoice": "in_1", "customer": "cus_1", "payment_intent": "pi_1",
		"refunds": map[string]any{"object": "list", "data": []any{map[string]any{"id": "re_1", "object": "refund", "amount": 500.0}}, "has_more": false},
		"outcome": map[string]any{"type": "authorized", "reason": nil}, "payment_method_details": map[string]any{"type": "card"}}
	c := decodeAs[stripe.Charge](t, obj, "2020-08-27")
	if _, ok := obj["invoice"]; ok {
		t.Error("charge.invoice kept")
	}
	want := records.Charge{ID: "ch_1", Currency: "eur", Amount: 2000, Status: "succeeded", PaymentIntent: "pi_1", Customer: "cus_1",
		OutcomeType: "authorized", PaymentMethodType: "card"}
	if got := records.FromCharge(c); got != want {
		t.Errorf("charge %+v, want %+v", got, want)
	}
}

func TestReadable(t *testing.T) {
	for v, want := range map[string]bool{
		"2020-08-27": true, "2023-10-16": true, "2024-06-20": true, "2024-09-30.acacia": true, "2025-03-31.basil": true,
		"2025-09-30.clover": true, apiversion.Pinned: true, "2026-07-29.dahlia": true,
		"2020-03-02": false, "2017-04-06": false, "2026-09-30.elm": false, "": false, "latest": false, "2024-6-20": false,
	} {
		if got := apiversion.Readable(v); got != want {
			t.Errorf("Readable(%q) = %v, want %v", v, got, want)
		}
	}
	for v, want := range map[string]bool{"2017-04-06": false, "2015-10-16": false, "2017-05-25": true, "2024-06-20": true, "": false} {
		if got := apiversion.PreviousComplete(v); got != want {
			t.Errorf("PreviousComplete(%q) = %v, want %v", v, got, want)
		}
	}
}
