package metrics

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// mulDivRound rounds half away from zero, exactly, also where a·b needs 128 bits.
func TestMulDivRound(t *testing.T) {
	cases := []struct{ a, b, c, want int64 }{
		{2, 1, 3, 1},   // 0.67
		{2, 2, 3, 1},   // 1.33
		{1, 1, 2, 1},   // 0.5 → 1
		{-1, 1, 2, -1}, // −0.5 → −1
		{3, -1, 2, -2}, // −1.5 → −2
		{1001, 1000, 2500, 400},
		{7, 0, 9, 0},
		{math.MaxInt64 / 2, 6, 4, (math.MaxInt64 / 2) / 4 * 6}, // a·b beyond 64 bits
	}
	for _, c := range cases {
		want := c.want
		if c.a == math.MaxInt64/2 { // the big-number answer, by math/big
			num := new(big.Int).Mul(big.NewInt(c.a), big.NewInt(c.b))
			q, r := new(big.Int).QuoRem(num, big.NewInt(c.c), new(big.Int))
			if new(big.Int).Lsh(r, 1).Cmp(big.NewInt(c.c)) >= 0 {
				q.Add(q, big.NewInt(1))
			}
			want = q.Int64()
		}
		if got := mulDivRound(c.a, c.b, c.c); got != want {
			t.Errorf("mulDivRound(%d, %d, %d) = %d, want %d", c.a, c.b, c.c, got, want)
		}
	}
}

// invoice is a paid invoice of lines (product, price, amount, discount, tax, inclusive tax),
// paid by the payments named.
func invoice(id string, payments []string, lines ...records.InvoiceLine) records.Invoice {
	in := records.Invoice{ID: id, Currency: "usd", Status: "paid", Lines: lines}
	for _, p := range payments {
		in.Payments = append(in.Payments, records.InvoicePayment{Payment: p, Status: "paid"})
	}
	return in
}

func ln(product, price string, amount, discount int64) records.InvoiceLine {
	return records.InvoiceLine{Product: product, Price: price, Amount: amount, DiscountAmount: discount}
}

type share struct {
	product, price string
	amount         int64
}

func splitOfPayment(s *RevenueSplits, payment string, amount int64) []share {
	var out []share
	s.Split(payment, amount, func(product, price string, n int64) { out = append(out, share{product, price, n}) })
	return out
}

// Worked by hand: a payment of the whole invoice gives each line its amount less discounts and
// the tax its own part; part of it (credit balance paid the rest) is split in proportion, rounded
// so the shares add up; a payment no invoice names, and one of an invoice of nothing, each stay
// whole.
func TestRevenueSplitsByHand(t *testing.T) {
	taxed := ln("prod_b", "price_b", 1200, 0)
	taxed.Tax, taxed.TaxIncluded = 200+30, 200 // 200 inside the inclusive price, 30 added on top
	s := NewRevenueSplits([]records.Invoice{
		invoice("in_1", []string{"pi_1"}, ln("prod_a", "price_a", 1000, 0), ln("prod_b", "price_b", 2000, 500)),
		invoice("in_2", []string{"pi_2", "ch_2"}, ln("prod_a", "price_a", 1, 0), ln("prod_b", "price_b", 1, 0), ln("", "", 1, 0)),
		invoice("in_3", []string{"pi_3"}, ln("prod_a", "price_a", 1000, 0), taxed),
		invoice("in_4", []string{"pi_4"}, ln("prod_a", "price_a", 500, 0), ln("prod_a", "price_a2", -500, 0)),
		invoice("in_5", nil, ln("prod_z", "price_z", 100, 0)), // no payment: never split
	})
	cases := []struct {
		name    string
		payment string
		amount  int64
		want    []share
	}{
		{"whole invoice: 1000 and 2000 − 500", "pi_1", 2500, []share{{"prod_a", "price_a", 1000}, {"prod_b", "price_b", 1500}}},
		{"a refund of 1001: 400.4 → 400, the rest 601", "pi_1", -1001, []share{{"prod_a", "price_a", -400}, {"prod_b", "price_b", -601}}},
		{"2 of 3 (credit paid the rest): 0.67 → 1, 1.33 → 1 less 1, 2 less 1", "pi_2", 2,
			[]share{{"prod_a", "price_a", 1}, {"prod_b", "price_b", 0}, {NoProduct, NoPrice, 1}}},
		{"the same invoice by its charge", "ch_2", 3, []share{{"prod_a", "price_a", 1}, {"prod_b", "price_b", 1}, {NoProduct, NoPrice, 1}}},
		{"tax excluded: 1000, 1200 − 200, and the 230 of tax (the invoice is 1000 + 1200 + 30)", "pi_3", 2230,
			[]share{{"prod_a", "price_a", 1000}, {"prod_b", "price_b", 1000}, {TaxPart, TaxPart, 230}}},
		{"an invoice of nothing", "pi_4", 700, []share{{NoProduct, NoPrice, 700}}},
		{"no invoice", "pi_9", 700, []share{{NoInvoice, NoInvoice, 700}}},
	}
	for _, c := range cases {
		got := splitOfPayment(s, c.payment, c.amount)
		var sum int64
		for _, g := range got {
			sum += g.amount
		}
		if len(got) != len(c.want) || sum != c.amount {
			t.Errorf("%s: %v (sum %d), want %v", c.name, got, sum, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}

// Products per bucket: succeeded charges at their captured amount when created, refunds when
// created while they give money back; failed, pending or uncaptured charges and failed refunds
// count nothing; a currency not asked for is left out.
func TestProductRevenueBuckets(t *testing.T) {
	g, err := timebucket.NewGrid(time.Unix(utc(2026, 3, 1, 0, 0, 0), 0), time.Unix(utc(2026, 3, 3, 0, 0, 0), 0), timebucket.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	s := NewRevenueSplits([]records.Invoice{invoice("in_1", []string{"pi_1"}, ln("prod_a", "price_a", 1000, 0), ln("prod_b", "price_b", 2000, 500))})
	d1, d2 := utc(2026, 3, 1, 12, 0, 0), utc(2026, 3, 2, 12, 0, 0)
	a := NewProductRevenue(g, []string{"usd"}, DimensionProduct, s)
	for _, c := range []records.Charge{
		{ID: "ch_1", PaymentIntent: "pi_1", Currency: "usd", Created: d1, Status: "succeeded", Amount: 2500, AmountCaptured: 2500},
		{ID: "ch_0", PaymentIntent: "pi_1", Currency: "usd", Created: d1, Status: "failed", Amount: 2500},
		{ID: "ch_2", Currency: "usd", Created: d2, Status: "succeeded", Amount: 900, AmountCaptured: 600}, // captured in part, no invoice
		{ID: "ch_3", Currency: "usd", Created: d2, Status: "pending", Amount: 900},
		{ID: "ch_4", Currency: "usd", Created: d2, Status: "succeeded", Amount: 900}, // authorized, not captured
		{ID: "ch_5", Currency: "eur", Created: d2, Status: "succeeded", Amount: 900, AmountCaptured: 900},
	} {
		a.AddCharge(c)
	}
	a.AddRefund(records.ChargeRefund{ID: "re_1", PaymentIntent: "pi_1", Charge: "ch_1", Currency: "usd", Created: d2, Amount: 1001, Status: "succeeded"})
	a.AddRefund(records.ChargeRefund{ID: "re_2", PaymentIntent: "pi_1", Currency: "usd", Created: d2, Amount: 500, Status: "failed"})
	a.AddRefund(records.ChargeRefund{ID: "re_3", Charge: "ch_2", Currency: "usd", Created: d2, Amount: 100, Status: "pending"})
	names := RevenueNames{Products: map[string]string{"prod_a": "Alpha", "prod_b": "Beta"}}
	checkLines(t, "revenue by product", a.Series("revenue_by_product", "Revenue", 5, names), []line{
		{Cur: "usd", Labels: "product=(no invoice) ", Minor: []int64{0, 500}},
		{Cur: "usd", Labels: "product=Alpha product_id=prod_a ", Minor: []int64{1000, -400}},
		{Cur: "usd", Labels: "product=Beta product_id=prod_b ", Minor: []int64{1500, -601}},
	})
	// Each bucket adds up to the succeeded payments less the refunds: 2500; 600 − 1001 − 100.
	sums := make([]int64, 2)
	for _, s := range a.Series("revenue_by_product", "Revenue", 5, names) {
		for i, v := range s.Minor {
			sums[i] += v
		}
	}
	if !sameInts(sums, []int64{2500, 600 - 1001 - 100}) {
		t.Errorf("buckets add up to %v", sums)
	}
}

// The topN products of each currency by net revenue keep their names, the rest sum as other;
// ids label the series without names; two products of one name get their ids in it.
func TestProductRevenueTopNAndLabels(t *testing.T) {
	g, err := timebucket.NewGrid(time.Unix(utc(2026, 3, 1, 0, 0, 0), 0), time.Unix(utc(2026, 3, 2, 0, 0, 0), 0), timebucket.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var invs []records.Invoice
	for i, p := range []string{"prod_a", "prod_b", "prod_c", "prod_d"} {
		invs = append(invs, invoice("in_"+p, []string{"pi_" + p}, ln(p, "price_"+p, int64(1000*(i+1)), 0)))
	}
	a := NewProductRevenue(g, nil, DimensionProduct, NewRevenueSplits(invs))
	for i, p := range []string{"prod_a", "prod_b", "prod_c", "prod_d"} {
		a.AddCharge(records.Charge{ID: "ch_" + p, PaymentIntent: "pi_" + p, Currency: "usd", Created: utc(2026, 3, 1, 1, 0, 0),
			Status: "succeeded", AmountCaptured: int64(1000 * (i + 1))})
	}
	names := RevenueNames{Products: map[string]string{"prod_c": "Same", "prod_d": "Same"}}
	checkLines(t, "top 2", a.Series("m", "Revenue", 2, names), []line{
		{Cur: "usd", Labels: "product=other ", Minor: []int64{1000 + 2000}},
		{Cur: "usd", Labels: "product=Same (prod_c) product_id=prod_c ", Minor: []int64{3000}},
		{Cur: "usd", Labels: "product=Same (prod_d) product_id=prod_d ", Minor: []int64{4000}},
	})
	checkLines(t, "top 5, no names", a.Series("m", "Revenue", 5, RevenueNames{}), []line{
		{Cur: "usd", Labels: "product=prod_a product_id=prod_a ", Minor: []int64{1000}},
		{Cur: "usd", Labels: "product=prod_b product_id=prod_b ", Minor: []int64{2000}},
		{Cur: "usd", Labels: "product=prod_c product_id=prod_c ", Minor: []int64{3000}},
		{Cur: "usd", Labels: "product=prod_d product_id=prod_d ", Minor: []int64{4000}},
	})
}

// By price: a price reads as PriceLabel does, with its product's name and both ids.
func TestProductRevenueByPrice(t *testing.T) {
	g, err := timebucket.NewGrid(time.Unix(utc(2026, 3, 1, 0, 0, 0), 0), time.Unix(utc(2026, 3, 2, 0, 0, 0), 0), timebucket.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	s := NewRevenueSplits([]records.Invoice{invoice("in_1", []string{"pi_1"}, ln("prod_a", "price_m", 2900, 0), ln("prod_a", "price_y", 29000, 0))})
	a := NewProductRevenue(g, nil, DimensionPrice, s)
	a.AddCharge(records.Charge{ID: "ch_1", PaymentIntent: "pi_1", Currency: "usd", Created: utc(2026, 3, 1, 1, 0, 0), Status: "succeeded", AmountCaptured: 31900})
	names := RevenueNames{Products: map[string]string{"prod_a": "Pro"},
		Prices: map[string]PriceTerms{"price_m": {UnitAmount: 2900, Currency: "usd", Interval: "month", IntervalCount: 1}}}
	checkLines(t, "by price", a.Series("m", "Revenue", 5, names), []line{
		{Cur: "usd", Labels: "price=Pro · 29.00 USD / month price_id=price_m product_id=prod_a ", Minor: []int64{2900}},
		{Cur: "usd", Labels: "price=price_y price_id=price_y product_id=prod_a ", Minor: []int64{29000}},
	})
}

// The table: per currency, largest net first, with what was paid and refunded and the share of
// the currency's net; a currency whose net is 0 has no shares.
func TestProductRevenueRows(t *testing.T) {
	s := NewRevenueSplits([]records.Invoice{invoice("in_1", []string{"pi_1"}, ln("prod_a", "price_a", 1000, 0), ln("prod_b", "price_b", 3000, 0))})
	from, to := time.Unix(utc(2026, 3, 1, 0, 0, 0), 0), time.Unix(utc(2026, 3, 8, 0, 0, 0), 0)
	a := NewProductRevenueTotals(from, to, nil, s)
	a.AddCharge(records.Charge{ID: "ch_1", PaymentIntent: "pi_1", Currency: "usd", Created: utc(2026, 3, 2, 0, 0, 0), Status: "succeeded", AmountCaptured: 4000})
	a.AddRefund(records.ChargeRefund{ID: "re_1", PaymentIntent: "pi_1", Currency: "usd", Created: utc(2026, 3, 3, 0, 0, 0), Amount: 2000, Status: "succeeded"})
	a.AddCharge(records.Charge{ID: "ch_2", Currency: "usd", Created: utc(2026, 3, 9, 0, 0, 0), Status: "succeeded", AmountCaptured: 50}) // after the range
	a.AddCharge(records.Charge{ID: "ch_3", Currency: "eur", Created: utc(2026, 3, 4, 0, 0, 0), Status: "succeeded", AmountCaptured: 70})
	a.AddRefund(records.ChargeRefund{ID: "re_3", Charge: "ch_3", Currency: "eur", Created: utc(2026, 3, 5, 0, 0, 0), Amount: 70, Status: "succeeded"})
	rows := a.Rows(RevenueNames{Products: map[string]string{"prod_a": "Alpha", "prod_b": "Beta"}})
	// 2000 refunded: 500 from Alpha, 1500 from Beta. Nets 500 and 1500 of 2000.
	want := []ProductRevenueRow{
		{Product: NoInvoice, Currency: "eur", RevenueCell: RevenueCell{Paid: 70, Refunded: 70}, Share: math.NaN()},
		{Product: "Beta", ProductID: "prod_b", Currency: "usd", RevenueCell: RevenueCell{Paid: 3000, Refunded: 1500}, Share: 0.75},
		{Product: "Alpha", ProductID: "prod_a", Currency: "usd", RevenueCell: RevenueCell{Paid: 1000, Refunded: 500}, Share: 0.25},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %+v, want %+v", rows, want)
	}
	for i := range rows {
		g, w := rows[i], want[i]
		if g.Product != w.Product || g.ProductID != w.ProductID || g.Currency != w.Currency || g.RevenueCell != w.RevenueCell ||
			!sameFloats([]float64{g.Share}, []float64{w.Share}) {
			t.Errorf("row %d: %+v, want %+v", i, g, w)
		}
	}
}
