package truth

import (
	"testing"
	"time"

	g "github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// Worked examples from Stripe's MRR glossary (docs.stripe.com/billing/subscriptions/analytics/
// glossary) and hand calculation, on hand-built models: the expected values come from the
// examples, not from the code under test.

var t0 = time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)

func day(n int) int64 { return t0.Unix() + int64(n)*86400 }

func handModel(prices []g.Price, coupons []g.Coupon, subs ...g.Subscription) *g.Model {
	return &g.Model{
		Now:           t0.AddDate(0, 6, 0),
		Start:         t0,
		Customers:     []g.Customer{{ID: "cus_a", Currency: "usd"}, {ID: "cus_b", Currency: "usd"}},
		Prices:        prices,
		Coupons:       coupons,
		Subscriptions: subs,
	}
}

func price(interval string, count, amount int64) g.Price {
	return g.Price{Currency: "usd", Interval: interval, IntervalCount: count, UnitAmount: amount}
}

func sub(id string, cust int32, items []g.SubItem, statuses ...g.StatusSpan) g.Subscription {
	return g.Subscription{ID: id, Customer: cust, Currency: "usd", Created: statuses[0].At, Statuses: statuses,
		Items: []g.ItemSpan{{At: statuses[0].At, Items: items}}}
}

func at(d int, status string) g.StatusSpan { return g.StatusSpan{At: day(d), Status: status} }

func mrrAt(tr *Truth, d int) int64 { return tr.MRRAt(time.Unix(day(d), 0))["usd"] }

func TestYearlyPlanIsTwelfth(t *testing.T) {
	// "$1,200/year plan contributes $100 MRR".
	m := handModel([]g.Price{price("year", 1, 120000)}, nil, sub("sub_1", 0, []g.SubItem{{Price: 0, Quantity: 1}}, at(0, "active")))
	if got := mrrAt(New(m, DefaultOptions()), 1); got != 10000 {
		t.Fatalf("MRR = %d, want 10000", got)
	}
}

func TestIntervalNormalisation(t *testing.T) {
	cases := []struct {
		p    g.Price
		qty  int64
		want int64
	}{
		{price("month", 1, 2900), 3, 8700},   // 3 seats × $29
		{price("week", 1, 1500), 1, 6500},    // $15 × 52 / 12
		{price("month", 3, 30000), 1, 10000}, // $300 per quarter
		{price("day", 1, 1200), 1, 36500},    // $12 × 365 / 12
		{price("year", 2, 240000), 1, 10000}, // $2,400 per two years
		{price("month", 1, 0), 1, 0},         // free plan
	}
	for _, c := range cases {
		m := handModel([]g.Price{c.p}, nil, sub("sub_1", 0, []g.SubItem{{Quantity: c.qty}}, at(0, "active")))
		if got := mrrAt(New(m, DefaultOptions()), 1); got != c.want {
			t.Errorf("%s/%d × %d at %d: MRR %d, want %d", c.p.Interval, c.p.IntervalCount, c.qty, c.p.UnitAmount, got, c.want)
		}
	}
}

func TestTieredAndMeteredPrices(t *testing.T) {
	volume := g.Price{Currency: "usd", Interval: "month", IntervalCount: 1, TiersMode: "volume",
		Tiers: []g.Tier{{UpTo: 5, UnitAmount: 1500}, {UpTo: 20, UnitAmount: 1200}, {UnitAmount: 900}}}
	graduated := g.Price{Currency: "usd", Interval: "month", IntervalCount: 1, TiersMode: "graduated",
		Tiers: []g.Tier{{UpTo: 10, UnitAmount: 1000, FlatAmount: 2000}, {UnitAmount: 800}}}
	metered := g.Price{Currency: "usd", Interval: "month", IntervalCount: 1, UnitAmount: 2, Metered: true}
	m := handModel([]g.Price{volume, graduated, metered}, nil,
		sub("sub_v", 0, []g.SubItem{{Price: 0, Quantity: 7}, {Price: 2}}, at(0, "active")),
		sub("sub_g", 1, []g.SubItem{{Price: 1, Quantity: 14}}, at(0, "active")))
	tr := New(m, DefaultOptions())
	// volume: 7 seats all at the 6–20 tier: 7 × 12 = $84; metered item excluded.
	if v, _ := tr.SubscriptionMRRAt("sub_v", time.Unix(day(1), 0)); v != 8400 {
		t.Errorf("volume: %d, want 8400", v)
	}
	// graduated: 10 × $10 + $20 flat + 4 × $8 = $152.
	if v, _ := tr.SubscriptionMRRAt("sub_g", time.Unix(day(1), 0)); v != 15200 {
		t.Errorf("graduated: %d, want 15200", v)
	}
}

func TestTrialCountsZeroUntilConversion(t *testing.T) {
	m := handModel([]g.Price{price("month", 1, 2900)}, nil,
		sub("sub_1", 0, []g.SubItem{{Quantity: 1}}, at(0, "trialing"), at(14, "active")))
	tr := New(m, DefaultOptions())
	if got := mrrAt(tr, 13); got != 0 {
		t.Fatalf("during trial: %d, want 0", got)
	}
	if got := mrrAt(tr, 14); got != 2900 {
		t.Fatalf("after conversion: %d, want 2900", got)
	}
	mv := tr.Movements()
	if len(mv) != 1 || mv[0].Kind != MoveNew || mv[0].At.Unix() != day(14) || mv[0].Amount() != 2900 {
		t.Fatalf("movements %+v, want one new 2900 at conversion", mv)
	}
}

func TestPastDueKeepsAndUnpaidChurns(t *testing.T) {
	m := handModel([]g.Price{price("month", 1, 2900)}, nil,
		sub("sub_1", 0, []g.SubItem{{Quantity: 1}}, at(0, "active"), at(31, "past_due"), at(39, "unpaid"), at(70, "canceled")))
	tr := New(m, DefaultOptions())
	if got := mrrAt(tr, 35); got != 2900 {
		t.Fatalf("past_due: %d, want 2900", got)
	}
	if got := mrrAt(tr, 39); got != 0 {
		t.Fatalf("unpaid: %d, want 0", got)
	}
	mv := tr.Movements()
	if len(mv) != 2 || mv[1].Kind != MoveChurn || mv[1].At.Unix() != day(39) {
		t.Fatalf("movements %+v, want new then churn when unpaid", mv)
	}
}

func TestChurnMomentOption(t *testing.T) {
	s := sub("sub_1", 0, []g.SubItem{{Quantity: 1}}, at(0, "active"), at(31, "canceled"))
	s.CancelAtPeriodEnd, s.CanceledAt, s.CancelAt, s.EndedAt = true, day(20), day(31), day(31)
	m := handModel([]g.Price{price("month", 1, 2900)}, nil, s)
	if got := mrrAt(New(m, DefaultOptions()), 25); got != 2900 {
		t.Errorf("default (period end): %d at day 25, want 2900", got)
	}
	opt := DefaultOptions()
	opt.ChurnAtCancellation = true
	if got := mrrAt(New(m, opt), 25); got != 0 {
		t.Errorf("at cancellation: %d at day 25, want 0", got)
	}
	for _, o := range []Options{DefaultOptions(), opt} {
		mv := New(m, o).Movements()
		want := day(31)
		if o.ChurnAtCancellation {
			want = day(20)
		}
		if len(mv) != 2 || mv[1].Kind != MoveChurn || mv[1].At.Unix() != want {
			t.Errorf("churn at cancellation=%v: movements %+v", o.ChurnAtCancellation, mv)
		}
	}
}

func TestDiscountOptions(t *testing.T) {
	coupons := []g.Coupon{
		{ID: "F20", Duration: g.DurationForever, PercentOff: 20},
		{ID: "R25", Duration: g.DurationRepeating, DurationInMonths: 3, PercentOff: 25},
		{ID: "O12", Duration: g.DurationOnce, AmountOff: 1200, Currency: "usd"},
	}
	forever := sub("sub_f", 0, []g.SubItem{{Quantity: 1}}, at(0, "active"))
	forever.Discount = &g.SubDiscount{Coupon: 0, Start: day(0)}
	repeating := sub("sub_r", 1, []g.SubItem{{Quantity: 1}}, at(0, "active"))
	repeating.Discount = &g.SubDiscount{Coupon: 1, Start: day(0), End: day(90), AppliesUntil: day(90)}
	once := sub("sub_o", 1, []g.SubItem{{Price: 1, Quantity: 1}}, at(0, "active"))
	once.Discount = &g.SubDiscount{Coupon: 2, Start: day(0), AppliesUntil: day(100), RemovedAt: day(0)}
	m := handModel([]g.Price{price("month", 1, 2900), price("year", 1, 24000)}, coupons, forever, repeating, once)

	def := New(m, DefaultOptions())
	all := New(m, Options{SubtractForeverDiscounts: true, SubtractTemporaryDiscounts: true})
	none := New(m, Options{})
	check := func(tr *Truth, id string, d int, want int64) {
		t.Helper()
		if v, _ := tr.SubscriptionMRRAt(id, time.Unix(day(d), 0)); v != want {
			t.Errorf("%s day %d: %d, want %d", id, d, v, want)
		}
	}
	check(def, "sub_f", 10, 2320)  // 20% off forever, subtracted by default
	check(none, "sub_f", 10, 2900) // unless the option is off
	check(def, "sub_r", 10, 2900)  // repeating not subtracted by default
	check(all, "sub_r", 10, 2175)  // 25% off while it lasts
	check(all, "sub_r", 90, 2900)  // ...then full price
	check(def, "sub_o", 10, 2000)  // $240/year
	check(all, "sub_o", 10, 1900)  // ($240 − $12) / 12
	check(all, "sub_o", 100, 2000) // once applies only to the period its first invoice billed
	// The repeating discount's end is an expansion under the "all" option.
	var found bool
	for _, mv := range all.Movements() {
		if mv.Customer == "cus_b" && mv.Kind == MoveExpansion && mv.At.Unix() == day(90) && mv.Amount() == 725 {
			found = true
		}
	}
	if !found {
		t.Errorf("no 725 expansion when the repeating discount ended: %+v", all.Movements())
	}
}

func TestPausedCountsZeroUnlessOption(t *testing.T) {
	m := handModel([]g.Price{price("month", 1, 2900)}, nil,
		sub("sub_1", 0, []g.SubItem{{Quantity: 1}}, at(0, "active"), at(10, "paused"), at(40, "active")))
	if got := mrrAt(New(m, DefaultOptions()), 20); got != 0 {
		t.Errorf("paused: %d, want 0", got)
	}
	if got := mrrAt(New(m, Options{PausedCountsMRR: true}), 20); got != 2900 {
		t.Errorf("paused with option: %d, want 2900", got)
	}
	mv := New(m, DefaultOptions()).Movements()
	if len(mv) != 3 || mv[1].Kind != MoveChurn || mv[2].Kind != MoveReactivation {
		t.Errorf("movements %+v, want new, churn, reactivation", mv)
	}
}

// Movements are per customer: with two subscriptions, losing one is a contraction, not churn.
func TestMovementsArePerCustomer(t *testing.T) {
	a := sub("sub_a", 0, []g.SubItem{{Quantity: 1}}, at(0, "active"), at(50, "canceled"))
	b := sub("sub_b", 0, []g.SubItem{{Price: 1, Quantity: 1}}, at(10, "active"), at(80, "canceled"))
	b.Items = append(b.Items, g.ItemSpan{At: day(30), Items: []g.SubItem{{Price: 1, Quantity: 3}}})
	c := sub("sub_c", 0, []g.SubItem{{Quantity: 1}}, at(100, "active"))
	m := handModel([]g.Price{price("month", 1, 2900), price("month", 1, 1000)}, nil, a, b, c)
	var kinds []string
	var amounts []int64
	for _, mv := range New(m, DefaultOptions()).Movements() {
		kinds = append(kinds, mv.Kind)
		amounts = append(amounts, mv.Amount())
	}
	wantK := []string{MoveNew, MoveExpansion, MoveExpansion, MoveContraction, MoveChurn, MoveReactivation}
	wantA := []int64{2900, 1000, 2000, 2900, 3000, 2900}
	if len(kinds) != len(wantK) {
		t.Fatalf("kinds %v, want %v", kinds, wantK)
	}
	for i := range wantK {
		if kinds[i] != wantK[i] || amounts[i] != wantA[i] {
			t.Fatalf("movements %v %v, want %v %v", kinds, amounts, wantK, wantA)
		}
	}
}
