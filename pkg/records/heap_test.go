package records

import (
	"strings"
	"testing"
	"unsafe"

	stripe "github.com/stripe/stripe-go/v85"
)

// id is an id of n bytes (Stripe ids are ASCII, so length is what the heap sees).
func id(prefix string, n int) string { return prefix + strings.Repeat("x", n-len(prefix)) }

// The element sizes the SliceCost expectations below are computed from, by hand on a 64-bit
// platform: a string header is 16 bytes, an int64 8, a slice header 24.
func TestRecordElementSizes(t *testing.T) {
	cases := []struct {
		name      string
		got, want uintptr
	}{
		{"SubscriptionItem: 2 strings + int64", unsafe.Sizeof(SubscriptionItem{}), 40},
		{"Discount: 2 strings + 2 int64", unsafe.Sizeof(Discount{}), 48},
		{"InvoiceLine: 4 strings + 7 int64 + bool, padded to 8", unsafe.Sizeof(InvoiceLine{}), 128},
		{"InvoicePayment: 2 strings + int64", unsafe.Sizeof(InvoicePayment{}), 40},
		{"PriceTier: 3 int64", unsafe.Sizeof(PriceTier{}), 24},
		{"Subscription: 6 strings + 6 int64 + 3 bools (8) + 3 slices", unsafe.Sizeof(Subscription{}), 224},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %d bytes, want %d", c.name, c.got, c.want)
		}
	}
}

// StringCost: strings under 16 bytes cost their length (tiny blocks are shared), longer ones the
// runtime's size class, beyond the small sizes whole 8 KiB pages.
func TestStringCost(t *testing.T) {
	cases := []struct {
		n, want int
	}{
		{0, 0},
		{1, 1},
		{15, 15},
		{16, 16},
		{17, 24},
		{28, 32}, // txn_… ids
		{33, 48},
		{100, 112},
		{257, 288},
		{8192, 8192},
		{40000, 40960}, // large: 5 pages
	}
	for _, c := range cases {
		if got := StringCost(strings.Repeat("a", c.n)); got != c.want {
			t.Errorf("StringCost(%d bytes) = %d, want %d", c.n, got, c.want)
		}
	}
}

// runtime/sizeclasses.go (internal/runtime/gc in Go 1.26) has small size classes up to 32768
// bytes: 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760,
// 24576, 27264, 28672, 32768. sizeClasses stops at 8192, so 8193..32768 bytes are rounded to
// whole pages instead.
func TestStringCostBetween8And32KiBUsesSizeClasses(t *testing.T) {
	cases := []struct{ n, want int }{{8193, 9472}, {9000, 9472}, {10000, 10240}, {20000, 20480}, {32768, 32768}}
	for _, c := range cases {
		if got := StringCost(strings.Repeat("a", c.n)); got != c.want {
			t.Errorf("StringCost(%d bytes) = %d, want %d", c.n, got, c.want)
		}
	}
	// 100 invoice lines of 128 bytes are 12800 bytes, size class 13568.
	if got := SliceCost[InvoiceLine](100); got != 13568 {
		t.Errorf("SliceCost[InvoiceLine](100) = %d, want 13568", got)
	}
}

// SliceCost is n × the element size rounded up to a size class (0 for no elements).
func TestSliceCost(t *testing.T) {
	cases := []struct {
		name      string
		got, want int
	}{
		{"no strings", SliceCost[string](0), 0},
		{"1 string: 16", SliceCost[string](1), 16},
		{"3 strings: 48", SliceCost[string](3), 48},
		{"5 strings: 80", SliceCost[string](5), 80},
		{"1 item: 40 → 48", SliceCost[SubscriptionItem](1), 48},
		{"2 items: 80", SliceCost[SubscriptionItem](2), 80},
		{"3 items: 120 → 128", SliceCost[SubscriptionItem](3), 128},
		{"3 discounts: 144", SliceCost[Discount](3), 144},
		{"2 lines: 256", SliceCost[InvoiceLine](2), 256},
		{"10 lines: 1280", SliceCost[InvoiceLine](10), 1280},
		{"63 lines: 8064 → 8192", SliceCost[InvoiceLine](63), 8192},
		{"85 lines: 10880", SliceCost[InvoiceLine](85), 10880},
		{"3 tiers: 72 → 80", SliceCost[PriceTier](3), 80},
		{"40000 bytes: 5 pages", SliceCost[byte](40000), 40960},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
}

// Heap counts the strings a record holds alone (ids) and its slices; interned fields are free.
func TestRecordHeap(t *testing.T) {
	sub := Subscription{ID: id("sub_", 28), Customer: "cus_shared", Currency: "usd",
		Items:       []SubscriptionItem{{ID: "si_1", Price: "price_1"}, {ID: "si_2", Price: "price_2"}},
		DiscountIDs: []string{"di_1"}, Discounts: []Discount{{ID: "di_1", Coupon: "co_1"}}}
	cases := []struct {
		name      string
		got, want int
	}{
		{"balance txn: id 28 → 32, source 27 → 32", BalanceTxn{ID: id("txn_", 28), Source: id("ch_", 27), Currency: "usd", Category: "charge"}.Heap(), 64},
		{"balance txn without source", BalanceTxn{ID: id("txn_", 28)}.Heap(), 32},
		{"charge: id 32 + intent 32 + customer 18 → 24", Charge{ID: id("ch_", 27), PaymentIntent: id("pi_", 27), Customer: id("cus_", 18), Currency: "usd", Status: "failed"}.Heap(), 88},
		{"charge without intent or customer", Charge{ID: id("ch_", 27)}.Heap(), 32},
		{"dispute: tiny id 10 + charge 32", Dispute{ID: id("dp_", 10), Charge: id("ch_", 27), Reason: "fraudulent"}.Heap(), 42},
		{"subscription: id 32 + 2 items 80 + 1 id 16 + 1 discount 48", sub.Heap(), 176},
		{"bare subscription: tiny id", Subscription{ID: "sub_1"}.Heap(), 5},
		{"invoice: id 32 + 1 discount 48 + 2 lines 256 + line ids 32 + 0",
			Invoice{ID: id("in_", 27), Customer: "cus_1", Discounts: []Discount{{ID: "di_1"}}, Lines: []InvoiceLine{{ID: id("il_", 27), Price: "price_1"}, {}}}.Heap(), 368},
		{"invoice with a payment: id 32 + 1 payment 40 → 48 + its intent 27 → 32",
			Invoice{ID: id("in_", 27), Payments: []InvoicePayment{{Payment: id("pi_", 27), Status: "paid"}}}.Heap(), 112},
		{"refund: id 32 + charge 32 + intent 32", ChargeRefund{ID: id("re_", 27), Charge: id("ch_", 27), PaymentIntent: id("pi_", 27), Currency: "usd"}.Heap(), 96},
		{"product: tiny id 14 + name 20 → 24", Product{ID: id("prod_", 14), Name: "Professional monthly"}.Heap(), 38},
		{"event without before: id 18 → 24 + after (32 + 1 item 48)",
			SubscriptionEvent{ID: id("evt_", 18), After: Subscription{ID: id("sub_", 28), Items: []SubscriptionItem{{ID: "si_1"}}}}.Heap(), 104},
		{"event with before: + its struct 224 + its id 32",
			SubscriptionEvent{ID: id("evt_", 18), After: Subscription{ID: id("sub_", 28), Items: []SubscriptionItem{{ID: "si_1"}}}, Before: &Subscription{ID: id("sub_", 28)}}.Heap(), 360},
		{"pending item: id 27 → 32", PendingItem{ID: id("ii_", 27), Subscription: "sub_1", Price: "price_1"}.Heap(), 32},
		{"price with 3 tiers: 72 → 80", Price{ID: "price_1", Tiers: make([]PriceTier, 3)}.Heap(), 80},
		{"price per unit", Price{ID: "price_1"}.Heap(), 0},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: Heap = %d, want %d", c.name, c.got, c.want)
		}
	}
}

// Price.Heap counts its tiers as SliceCost of their number, which SliceCost prices "when its
// capacity is n". FromPrice appends the tiers one by one, so three tiers sit in an array with
// room for four (96 bytes, not 80).
func TestFromPriceHeapCountsTheTiersItKeeps(t *testing.T) {
	p := FromPrice(&stripe.Price{ID: "price_t", Currency: "usd", TiersMode: "volume",
		Tiers: []*stripe.PriceTier{{UpTo: 10, UnitAmount: 500}, {UpTo: 100, UnitAmount: 400}, {UnitAmount: 300}}})
	if want := SliceCost[PriceTier](cap(p.Tiers)); p.Heap() != want {
		t.Errorf("Heap = %d with %d tiers in an array of %d, want %d", p.Heap(), len(p.Tiers), cap(p.Tiers), want)
	}
}

func TestInternedCountsEachDistinctIDOnce(t *testing.T) {
	cases := []struct {
		name string
		ids  [][]string
		n    int
		cost int
	}{
		{"nothing", nil, 0, 0},
		{"empty ids are not counted", [][]string{{"", ""}}, 0, 0},
		{"one id added twice", [][]string{{"cus_1"}, {"cus_1"}}, 1, 5 + InternOverhead},
		{"a tiny and a 28-byte id", [][]string{{"cus_1", id("sub_", 28), "cus_1"}}, 2, 5 + InternOverhead + 32 + InternOverhead},
	}
	for _, c := range cases {
		in := Interned{}
		for _, ids := range c.ids {
			in.Add(ids...)
		}
		if len(in) != c.n || in.Cost() != c.cost {
			t.Errorf("%s: %d ids costing %d, want %d costing %d", c.name, len(in), in.Cost(), c.n, c.cost)
		}
	}
	if InternOverhead != 112 {
		t.Errorf("InternOverhead = %d", InternOverhead)
	}
}

// fresh is a copy of s in its own allocation, as a JSON decoder would make it.
func fresh(s string) string { return strings.Clone(s) }

func sameString(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }

// Interned makes records share one copy of each enum value: two records decoded separately hold
// two copies before and one after.
func TestInternedRecordsShareTheirEnumStrings(t *testing.T) {
	type pair struct{ a, b string }
	cases := []struct {
		name  string
		pairs func() []pair
	}{
		{"balance txn", func() []pair {
			mk := func() BalanceTxn {
				return BalanceTxn{ID: fresh("txn_1"), Currency: fresh("usd"), Category: fresh("charge"), Type: fresh("payment")}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.Currency, b.Currency}, {a.Category, b.Category}, {a.Type, b.Type}}
		}},
		{"charge", func() []pair {
			mk := func() Charge {
				return Charge{Currency: fresh("eur"), Status: fresh("failed"), FailureCode: fresh("card_declined"), OutcomeReason: fresh("do_not_honor"),
					OutcomeType: fresh("issuer_declined"), PaymentMethodType: fresh("card")}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.Currency, b.Currency}, {a.Status, b.Status}, {a.FailureCode, b.FailureCode}, {a.OutcomeReason, b.OutcomeReason},
				{a.OutcomeType, b.OutcomeType}, {a.PaymentMethodType, b.PaymentMethodType}}
		}},
		{"dispute", func() []pair {
			mk := func() Dispute {
				return Dispute{Currency: fresh("jpy"), Status: fresh("needs_response"), Reason: fresh("fraudulent")}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.Currency, b.Currency}, {a.Status, b.Status}, {a.Reason, b.Reason}}
		}},
		{"subscription, its items and discounts", func() []pair {
			mk := func() Subscription {
				return Subscription{Customer: fresh("cus_1"), Currency: fresh("usd"), Status: fresh("active"), CollectionMethod: fresh("send_invoice"),
					CancellationReason: fresh("payment_failed"), Items: []SubscriptionItem{{ID: fresh("si_1"), Price: fresh("price_1")}},
					DiscountIDs: []string{fresh("di_1")}, Discounts: []Discount{{ID: fresh("di_1"), Coupon: fresh("co_1")}}}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.Customer, b.Customer}, {a.Currency, b.Currency}, {a.Status, b.Status}, {a.CollectionMethod, b.CollectionMethod},
				{a.CancellationReason, b.CancellationReason}, {a.Items[0].ID, b.Items[0].ID}, {a.Items[0].Price, b.Items[0].Price},
				{a.DiscountIDs[0], b.DiscountIDs[0]}, {a.Discounts[0].ID, b.Discounts[0].ID}, {a.Discounts[0].Coupon, b.Discounts[0].Coupon}}
		}},
		{"invoice and its lines", func() []pair {
			mk := func() Invoice {
				return Invoice{Customer: fresh("cus_1"), Subscription: fresh("sub_1"), Currency: fresh("usd"), Status: fresh("paid"), BillingReason: fresh("subscription_cycle"),
					Discounts: []Discount{{ID: fresh("di_1"), Coupon: fresh("co_1")}}, Lines: []InvoiceLine{{SubItem: fresh("si_1"), Price: fresh("price_1")}}}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.Customer, b.Customer}, {a.Subscription, b.Subscription}, {a.Currency, b.Currency}, {a.Status, b.Status},
				{a.BillingReason, b.BillingReason}, {a.Discounts[0].ID, b.Discounts[0].ID}, {a.Discounts[0].Coupon, b.Discounts[0].Coupon},
				{a.Lines[0].SubItem, b.Lines[0].SubItem}, {a.Lines[0].Price, b.Lines[0].Price}}
		}},
		{"pending item", func() []pair {
			mk := func() PendingItem {
				return PendingItem{Subscription: fresh("sub_1"), SubItem: fresh("si_1"), Price: fresh("price_1")}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.Subscription, b.Subscription}, {a.SubItem, b.SubItem}, {a.Price, b.Price}}
		}},
		{"price", func() []pair {
			mk := func() Price {
				return Price{ID: fresh("price_1"), Product: fresh("prod_1"), ProductName: fresh("Pro"), Currency: fresh("usd"), Interval: fresh("month"), TiersMode: fresh("volume")}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.ID, b.ID}, {a.Product, b.Product}, {a.ProductName, b.ProductName}, {a.Currency, b.Currency}, {a.Interval, b.Interval}, {a.TiersMode, b.TiersMode}}
		}},
		{"coupon", func() []pair {
			mk := func() Coupon {
				return Coupon{ID: fresh("co_1"), Duration: fresh("forever"), Currency: fresh("usd")}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.ID, b.ID}, {a.Duration, b.Duration}, {a.Currency, b.Currency}}
		}},
		{"subscription event, before and after", func() []pair {
			mk := func() SubscriptionEvent {
				return SubscriptionEvent{After: Subscription{Status: fresh("active")}, Before: &Subscription{Status: fresh("trialing")}}.Interned()
			}
			a, b := mk(), mk()
			return []pair{{a.After.Status, b.After.Status}, {a.Before.Status, b.Before.Status}}
		}},
	}
	if sameString(fresh("usd"), fresh("usd")) {
		t.Fatal("fresh does not make separate copies")
	}
	for _, c := range cases {
		for i, p := range c.pairs() {
			if p.a != p.b || !sameString(p.a, p.b) {
				t.Errorf("%s: field %d (%q) is not one shared copy", c.name, i, p.a)
			}
		}
	}
}

// The constructors intern: two charges decoded separately share their currency.
func TestConstructorsIntern(t *testing.T) {
	a := FromCharge(&stripe.Charge{ID: "ch_1", Currency: stripe.Currency(fresh("usd")), Status: stripe.ChargeStatus(fresh("succeeded"))})
	b := FromCharge(&stripe.Charge{ID: "ch_2", Currency: stripe.Currency(fresh("usd")), Status: stripe.ChargeStatus(fresh("succeeded"))})
	if !sameString(a.Currency, b.Currency) || !sameString(a.Status, b.Status) {
		t.Error("FromCharge does not intern currency and status")
	}
	s1 := FromSubscription(&stripe.Subscription{Customer: &stripe.Customer{ID: fresh("cus_1")}})
	s2 := FromSubscription(&stripe.Subscription{Customer: &stripe.Customer{ID: fresh("cus_1")}})
	if !sameString(s1.Customer, s2.Customer) {
		t.Error("FromSubscription does not intern the customer id")
	}
	if got := (BalanceTxn{}).Interned(); got != (BalanceTxn{}) {
		t.Errorf("empty strings stay empty: %+v", got)
	}
}

// Interned copies slices and the before-subscription; the record it was called on is untouched,
// and nil slices stay nil.
func TestInternedCopiesNeverChangesInPlace(t *testing.T) {
	sub := Subscription{Items: []SubscriptionItem{{ID: fresh("si_1"), Quantity: 1}}, DiscountIDs: []string{fresh("di_1")}, Discounts: []Discount{{ID: fresh("di_1")}}}
	itemID := sub.Items[0].ID
	in := sub.Interned()
	in.Items[0].Quantity, in.DiscountIDs[0], in.Discounts[0].End = 9, "changed", 9
	if sub.Items[0].Quantity != 1 || sub.DiscountIDs[0] != "di_1" || sub.Discounts[0].End != 0 {
		t.Errorf("subscription slices shared with the interned copy: %+v", sub)
	}
	if !sameString(sub.Items[0].ID, itemID) {
		t.Error("the original item id was replaced in place")
	}
	if n := (Subscription{}).Interned(); n.Items != nil || n.DiscountIDs != nil || n.Discounts != nil {
		t.Errorf("nil slices became %+v", n)
	}

	inv := Invoice{Lines: []InvoiceLine{{ID: "il_1", Amount: 100}}, Discounts: []Discount{{ID: "di_1"}}}
	ii := inv.Interned()
	ii.Lines[0].Amount, ii.Discounts[0].Start = 7, 7
	if inv.Lines[0].Amount != 100 || inv.Discounts[0].Start != 0 {
		t.Errorf("invoice slices shared with the interned copy: %+v", inv)
	}
	if n := (Invoice{}).Interned(); n.Lines != nil || n.Discounts != nil {
		t.Errorf("nil invoice slices became %+v", n)
	}

	before := &Subscription{Status: "trialing"}
	ev := SubscriptionEvent{Before: before}
	ie := ev.Interned()
	if ie.Before == before {
		t.Fatal("the interned event shares the original's Before")
	}
	ie.Before.Status = "active"
	if before.Status != "trialing" {
		t.Error("interning the event changed the original's Before")
	}
	if (SubscriptionEvent{}).Interned().Before != nil {
		t.Error("an event without Before gained one")
	}
}

// Heap counts what a record holds alone; an event's type (customer.subscription.updated, 29
// bytes) is neither interned by SubscriptionEvent.Interned nor counted by its Heap, though the
// fetcher sets it from the decoded event (string(ev.Type)), a copy of its own.
func TestSubscriptionEventTypeIsSharedOrCounted(t *testing.T) {
	mk := func() SubscriptionEvent {
		return SubscriptionEvent{ID: "evt_1", Type: fresh("customer.subscription.updated")}.Interned()
	}
	a, b := mk(), mk()
	if !sameString(a.Type, b.Type) && a.Heap() < StringCost("evt_1")+StringCost(a.Type) {
		t.Errorf("Type neither shared nor counted: Heap = %d", a.Heap())
	}
}
