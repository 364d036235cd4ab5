package truth

import (
	"testing"
	"time"

	g "github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// A hand-built account: an invoice of two products (one discounted) paid by one charge, refunded
// in part later; an invoice paid partly by credit balance; a charge of no invoice; a declined
// attempt. Expected values by hand.
func revenueModel() *g.Model {
	m := &g.Model{
		Now: t0.AddDate(0, 1, 0), Start: t0,
		Customers: []g.Customer{{ID: "cus_a", Currency: "usd"}},
		Products:  []g.Product{{ID: "prod_a", Name: "Alpha"}, {ID: "prod_b", Name: "Beta"}},
		Prices:    []g.Price{{ID: "price_a", Product: 0, Currency: "usd"}, {ID: "price_b", Product: 1, Currency: "usd"}, {ID: "price_b2", Product: 1, Currency: "usd"}},
	}
	m.Invoices = []g.Invoice{
		// 1000 + (2000 − 500): paid in full by charge 0.
		{ID: "in_1", Currency: "usd", Lines: []g.InvoiceLine{{Price: 0, Amount: 1000}, {Price: 1, Amount: 2000, DiscountAmount: 500}}},
		// Three lines of 1 each, 2 paid (1 from credit balance): 2·1/3 = 0.67 → 1, 2·2/3 = 1.33 → 1, 2 → 2.
		{ID: "in_2", Currency: "usd", Lines: []g.InvoiceLine{{Price: 0, Amount: 1}, {Price: 1, Amount: 1}, {Price: 2, Amount: 1}}},
	}
	m.Charges = []g.Charge{
		{ID: "ch_1", Invoice: 0, Created: day(1), Currency: "usd", Amount: 2500, AmountCaptured: 2500, Succeeded: true, Refunds: []int32{0}},
		{ID: "ch_2", Invoice: 1, Created: day(2), Currency: "usd", Amount: 2, AmountCaptured: 2, Succeeded: true},
		{ID: "ch_3", Invoice: -1, Created: day(2), Currency: "usd", Amount: 700, AmountCaptured: 400, Succeeded: true}, // captured in part
		{ID: "ch_4", Invoice: 0, Created: day(1), Currency: "usd", Amount: 2500},                                       // declined
	}
	// 1001 refunded: 1001·1000/2500 = 400.4 → 400 from Alpha, the other 601 from Beta.
	m.Refunds = []g.Refund{{ID: "re_1", Charge: 0, Created: day(5), Amount: 1001}}
	return m
}

func TestRevenueByProductByHand(t *testing.T) {
	tr := New(revenueModel(), DefaultOptions())
	got, err := tr.RevenueByKey(ByProduct, time.Unix(day(0), 0), time.Unix(day(7), 0), Week, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int64{ // paid, refunded over the week
		"prod_a": {1000 + 1, 400}, "prod_b": {1500 + 1, 601}, KeyNoInvoice: {400, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("%d series, want %d: %+v", len(got), len(want), got)
	}
	for _, s := range got {
		var paid, refunded int64
		for _, r := range s.Rows {
			paid, refunded = paid+r.Paid, refunded+r.Refunded
		}
		if w := want[s.Key]; s.Currency != "usd" || paid != w[0] || refunded != w[1] {
			t.Errorf("%s %s: paid %d refunded %d, want %v", s.Currency, s.Key, paid, refunded, w)
		}
	}
	byPrice, err := tr.RevenueByKey(ByPrice, time.Unix(day(0), 0), time.Unix(day(7), 0), Week, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	// The second invoice's 2 by line: round(2·1/3) = 1, round(2·2/3) − 1 = 0, 2 − 1 = 1.
	wantPrice := map[string][2]int64{"price_a": {1001, 400}, "price_b": {1500, 601}, "price_b2": {1, 0}, KeyNoInvoice: {400, 0}}
	for _, s := range byPrice {
		var paid, refunded int64
		for _, r := range s.Rows {
			paid, refunded = paid+r.Paid, refunded+r.Refunded
		}
		if w := wantPrice[s.Key]; paid != w[0] || refunded != w[1] {
			t.Errorf("%s: paid %d refunded %d, want %v", s.Key, paid, refunded, w)
		}
	}
	sums, err := tr.PaymentsLessRefunds(time.Unix(day(0), 0), time.Unix(day(7), 0), Week, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, v := range sums["usd"] {
		sum += v
	}
	if w := int64(2500 + 2 + 400 - 1001); sum != w {
		t.Errorf("payments less refunds %d, want %d", sum, w)
	}
}

// Products and prices add up to the payments less refunds of each bucket and currency, on a
// generated account with two currencies.
func TestRevenueByProductAddsUp(t *testing.T) {
	tr := New(model(t, "multi_currency"), DefaultOptions())
	from, to := testNow.AddDate(0, -3, 0), testNow
	loc := mustLoc(t, "America/New_York")
	sums, err := tr.PaymentsLessRefunds(from, to, Day, loc)
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range []RevenueBy{ByProduct, ByPrice} {
		series, err := tr.RevenueByKey(by, from, to, Day, loc)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]int64{}
		for _, s := range series {
			if got[s.Currency] == nil {
				got[s.Currency] = make([]int64, len(s.Rows))
			}
			for i, r := range s.Rows {
				got[s.Currency][i] += r.Net()
			}
		}
		if len(got) < 2 {
			t.Fatalf("revenue in %d currencies, want at least 2", len(got))
		}
		for cur, want := range sums {
			for i, w := range want {
				if g := got[cur]; (g == nil && w != 0) || (g != nil && g[i] != w) {
					t.Errorf("by %d, %s bucket %d: products add up to %v, payments less refunds %d", by, cur, i, g, w)
				}
			}
		}
	}
}
