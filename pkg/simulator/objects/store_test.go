package objects_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

func TestFinalizeSortsNewestFirstWithIDTieBreak(t *testing.T) {
	s := objects.NewStore(false)
	// Appended in no particular order; two pairs share a created second.
	s.BalanceTransactions = []objects.BalanceTransaction{
		{ID: "txn_b", Created: 200}, {ID: "txn_a", Created: 300}, {ID: "txn_d", Created: 200}, {ID: "txn_c", Created: 100}, {ID: "txn_e", Created: 300},
	}
	if err := s.Finalize(); err != nil {
		t.Fatal(err)
	}
	// Hand-sorted: created descending, then id descending.
	want := []string{"txn_e", "txn_a", "txn_d", "txn_b", "txn_c"}
	var got []string
	for _, bt := range s.BalanceTransactions {
		got = append(got, bt.ID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("order = %v, want %v", got, want)
	}
	c := s.Collection(objects.KindBalanceTransaction)
	for i, id := range want {
		if j, ok := c.IndexOf(id); !ok || j != i {
			t.Errorf("IndexOf(%s) = %d,%v want %d", id, j, ok, i)
		}
	}
	if _, ok := c.IndexOf("txn_zz"); ok {
		t.Error("IndexOf of a missing id must fail")
	}
}

func TestFinalizeReversesAscendingInput(t *testing.T) {
	s := objects.NewStore(false)
	for i := 0; i < 1000; i++ {
		s.Charges = append(s.Charges, objects.Charge{ID: "ch_" + string(rune('A'+i%26)) + strings.Repeat("x", i/26), Created: int64(i / 3)})
	}
	// Make the input ascending by (created, id) so the reverse path is taken.
	ascending := func(a, b objects.Charge) bool {
		return a.Created < b.Created || (a.Created == b.Created && a.ID < b.ID)
	}
	for i := 1; i < len(s.Charges); i++ {
		for j := i; j > 0 && ascending(s.Charges[j], s.Charges[j-1]); j-- {
			s.Charges[j], s.Charges[j-1] = s.Charges[j-1], s.Charges[j]
		}
	}
	if err := s.Finalize(); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(s.Charges); i++ {
		if ascending(s.Charges[i-1], s.Charges[i]) {
			t.Fatalf("not newest first at %d: %s(%d) before %s(%d)", i, s.Charges[i-1].ID, s.Charges[i-1].Created, s.Charges[i].ID, s.Charges[i].Created)
		}
	}
}

// Unordered input of many objects (the path that sorts positions, then moves each struct once)
// ends up in list order, with every id found at its position.
func TestFinalizeSortsShuffledInput(t *testing.T) {
	s := objects.NewStore(false)
	for i := range 5000 {
		s.Invoices = append(s.Invoices, objects.Invoice{ID: fmt.Sprintf("in_%05d", (i*7919)%5000), Created: int64((i * 31) % 97)})
	}
	if err := s.Finalize(); err != nil {
		t.Fatal(err)
	}
	c := s.Collection(objects.KindInvoice)
	for i := range s.Invoices {
		in := &s.Invoices[i]
		if i > 0 {
			prev := &s.Invoices[i-1]
			if prev.Created < in.Created || prev.Created == in.Created && prev.ID < in.ID {
				t.Fatalf("not newest first at %d: %s(%d) before %s(%d)", i, prev.ID, prev.Created, in.ID, in.Created)
			}
		}
		if j, ok := c.IndexOf(in.ID); !ok || j != i {
			t.Fatalf("IndexOf(%s) = %d,%v want %d", in.ID, j, ok, i)
		}
	}
}

func TestFinalizeRejectsDuplicateAndEmptyIDs(t *testing.T) {
	s := objects.NewStore(false)
	s.Customers = []objects.Customer{{ID: "cus_1", Created: 1}, {ID: "cus_1", Created: 2}}
	if err := s.Finalize(); err == nil || !strings.Contains(err.Error(), `duplicate id "cus_1"`) {
		t.Fatalf("want a duplicate id error, got %v", err)
	}
	s = objects.NewStore(false)
	s.Prices = []objects.Price{{Created: 1}}
	if err := s.Finalize(); err == nil || !strings.Contains(err.Error(), "without an id") {
		t.Fatalf("want an empty id error, got %v", err)
	}
}

func TestFinalizeStampsLivemodeAndDerivedMembers(t *testing.T) {
	live := sampleStore(t, true)
	for _, c := range live.Charges {
		if !c.Livemode {
			t.Errorf("%s: livemode false in a live store", c.ID)
		}
	}
	for _, sub := range live.Subscriptions {
		if sub.Items.URL != "/v1/subscription_items?subscription="+sub.ID {
			t.Errorf("%s: items url %q", sub.ID, sub.Items.URL)
		}
		for _, it := range sub.Items.Data {
			if !it.Price.Livemode || it.Subscription != sub.ID {
				t.Errorf("%s: item %s not stamped: livemode=%v subscription=%q", sub.ID, it.ID, it.Price.Livemode, it.Subscription)
			}
		}
	}
	test := sampleStore(t, false)
	if test.Charges[0].Livemode || test.Balance.Livemode {
		t.Error("test store objects must have livemode false")
	}
}

func TestInvoiceEmbedsTenLinesAndKeepsAll(t *testing.T) {
	s := sampleStore(t, false)
	var big *objects.Invoice
	for i := range s.Invoices {
		if len(s.Invoices[i].AllLines()) == 12 {
			big = &s.Invoices[i]
		}
	}
	if big == nil {
		t.Fatal("the sample has an invoice with 12 lines")
	}
	if len(big.Lines.Data) != 10 || !big.Lines.HasMore {
		t.Fatalf("embedded %d lines has_more=%v, want 10 and true", len(big.Lines.Data), big.Lines.HasMore)
	}
	for _, l := range big.AllLines() {
		if string(l.Invoice) != big.ID {
			t.Errorf("line %s invoice = %q", l.ID, l.Invoice)
		}
	}
	big.FillDefaults() // idempotent: a second call must not lose the two lines past the first page
	if len(big.AllLines()) != 12 || len(big.Lines.Data) != 10 {
		t.Fatalf("after a second FillDefaults: all=%d embedded=%d", len(big.AllLines()), len(big.Lines.Data))
	}
}

func TestLookupAndRelations(t *testing.T) {
	s := sampleStore(t, false)
	ch := s.Charges[len(s.Charges)-1] // the oldest charge: the refunded one
	got, ok := s.Lookup(objects.KindCharge, ch.ID)
	if !ok || got.(*objects.Charge).ID != ch.ID {
		t.Fatalf("Lookup(charge %s) = %v, %v", ch.ID, got, ok)
	}
	if _, ok := s.Lookup(objects.KindCharge, s.Refunds[0].ID); ok {
		t.Error("a refund id must not be found as a charge")
	}
	refunds := s.RefundsOfCharge(ch.ID)
	if len(refunds) != 1 || string(refunds[0].Charge) != ch.ID {
		t.Fatalf("RefundsOfCharge = %v", refunds)
	}
	if len(s.RefundsOfCharge("ch_none")) != 0 {
		t.Error("a charge without refunds has none")
	}
	item := s.Subscriptions[0].Items.Data[0]
	si, ok := s.SubscriptionItem(item.ID)
	if !ok || si.ID != item.ID {
		t.Fatalf("SubscriptionItem(%s) = %v, %v", item.ID, si, ok)
	}
	if v, ok := s.Lookup(objects.KindSubscriptionItem, item.ID); !ok || v.(*objects.SubscriptionItem).ID != item.ID {
		t.Fatal("Lookup(subscription_item) must find items inside subscriptions")
	}
	subs := s.SubscriptionsOfCustomer(s.Subscriptions[0].Customer)
	if len(subs) != 1 || subs[0].ID != s.Subscriptions[0].ID {
		t.Fatalf("SubscriptionsOfCustomer = %v", subs)
	}
	if c, ok := s.Lookup(objects.KindCoupon, "SPRING25"); !ok || c.(*objects.Coupon).PercentOff == nil {
		t.Fatal("coupons are found by their merchant-chosen id")
	}
}

// TestNullVersusZero pins the member encodings that a careless struct gets wrong.
func TestNullVersusZero(t *testing.T) {
	free := objects.Price{ID: "price_free", Product: "prod_1", UnitAmount: objects.Int64(0), UnitAmountDecimal: "0", Tiers: []objects.PriceTier{{}}}
	tiered := objects.Price{ID: "price_tiered", Product: "prod_1", BillingScheme: "tiered"}
	cases := []struct {
		v    any
		want []string
		not  []string
	}{
		{&free, []string{`"unit_amount":0`, `"unit_amount_decimal":"0"`, `"recurring":null`, `"metadata":{}`}, []string{`"tiers"`}},
		{&tiered, []string{`"unit_amount":null`, `"unit_amount_decimal":null`, `"tiers_mode":null`}, nil},
		{&objects.BalanceTransaction{ID: "txn_1"}, []string{`"fee_details":[]`, `"source":null`, `"exchange_rate":null`, `"description":null`}, []string{"PayoutID", "payout"}},
		{&objects.Charge{ID: "ch_1"}, []string{`"fraud_details":{}`, `"outcome":null`, `"billing_details":{"address":null`}, []string{`"refunds"`, `"invoice"`}},
		{&objects.Customer{ID: "cus_1"}, []string{`"discount":null`, `"preferred_locales":[]`}, []string{`"subscriptions"`}},
		{&objects.Subscription{ID: "sub_1"}, []string{`"discounts":[]`, `"items":{"object":"list","data":[]`}, []string{`"current_period_start"`, `"discount"`}},
		{&objects.Invoice{ID: "in_1"}, []string{`"parent":null`, `"status":null`}, []string{`"subscription"`, `"charge"`, `"payment_intent"`, `"paid"`, `"discount"`, `"tax"`, `"total_tax_amounts"`}},
		{&objects.LineItem{ID: "il_1"}, []string{`"pricing":null`}, []string{`"price"`, `"plan"`, `"proration"`, `"type"`, `"subscription_item"`, `"invoice_item"`, `"tax_amounts"`, `"tax_rates"`}},
		{&objects.Discount{ID: "di_1"}, []string{`"source":{"coupon":null,"type":"coupon"}`, `"end":null`}, []string{`"coupon":"`}},
		{&objects.Recurring{Interval: "month"}, []string{`"meter":null`}, []string{`"aggregate_usage"`}},
		{objects.Metadata{{Key: "a\u0001", Value: "ü"}}, []string{`{"a\u0001":"ü"}`}, nil},
	}
	for _, tc := range cases {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%T: want %s in %s", tc.v, w, b)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(string(b), n) {
				t.Errorf("%T: must not contain %s: %s", tc.v, n, b)
			}
		}
	}
}

// TestObjectSizes documents bytes per object (excluding string bytes and slices' backing arrays)
// and guards the large lists against growth: the large profile holds >= 1,000,000 balance
// transactions.
func TestObjectSizes(t *testing.T) {
	sizes := []struct {
		name string
		size uintptr
		max  uintptr
	}{
		{"BalanceTransaction", unsafe.Sizeof(objects.BalanceTransaction{}), 256},
		{"FeeDetail", unsafe.Sizeof(objects.FeeDetail{}), 80},
		{"Charge", unsafe.Sizeof(objects.Charge{}), 200},
		{"Refund", unsafe.Sizeof(objects.Refund{}), 256},
		{"Dispute", unsafe.Sizeof(objects.Dispute{}), 0},
		{"Subscription", unsafe.Sizeof(objects.Subscription{}), 0},
		{"SubscriptionItem", unsafe.Sizeof(objects.SubscriptionItem{}), 0},
		{"Price", unsafe.Sizeof(objects.Price{}), 0},
		{"Invoice", unsafe.Sizeof(objects.Invoice{}), 480},
		{"LineItem", unsafe.Sizeof(objects.LineItem{}), 0},
		{"Customer", unsafe.Sizeof(objects.Customer{}), 0},
		{"Payout", unsafe.Sizeof(objects.Payout{}), 0},
		{"Event", unsafe.Sizeof(objects.Event{}), 192},
		{"DisputeEvidence", unsafe.Sizeof(objects.DisputeEvidence{}), 0},
	}
	for _, s := range sizes {
		t.Logf("%-18s %4d bytes", s.name, s.size)
		if s.max > 0 && s.size > s.max {
			t.Errorf("%s is %d bytes, over its budget of %d", s.name, s.size, s.max)
		}
	}
	if unsafe.Sizeof(objects.DisputeEvidence{}) != 0 || unsafe.Sizeof(objects.Null{}) != 0 {
		t.Error("Null members must cost no memory")
	}
}
