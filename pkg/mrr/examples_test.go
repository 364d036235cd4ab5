package mrr_test

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/mrr"
	"github.com/revops/stripe-datasource/pkg/records"
)

// Hand-built accounts from Stripe's documented examples (docs.stripe.com/billing/subscriptions/
// analytics/glossary): expected values are hand calculations.

const day = 24 * 60 * 60

func handBuilt(subs []records.Subscription, invs []records.Invoice, now int64) mrr.Input {
	return mrr.Input{Now: now, EventsFrom: now - 30*day, Subscriptions: subs, Invoices: invs,
		Prices: map[string]records.Price{
			"yearly":  {ID: "yearly", Currency: "usd", Interval: "year", IntervalCount: 1, UnitAmount: 120000},
			"weekly":  {ID: "weekly", Currency: "usd", Interval: "week", IntervalCount: 1, UnitAmount: 1200},
			"monthly": {ID: "monthly", Currency: "usd", Interval: "month", IntervalCount: 1, UnitAmount: 5000},
		},
		Coupons: map[string]records.Coupon{}}
}

func sub(id, customer, price, status string, created int64) records.Subscription {
	return records.Subscription{ID: id, Customer: customer, Currency: "usd", Status: status, CollectionMethod: "charge_automatically",
		Created: created, Items: []records.SubscriptionItem{{ID: "si_" + id, Price: price, Quantity: 1}}}
}

func cycleInvoice(id, subID, price string, start, end int64) records.Invoice {
	return records.Invoice{ID: id, Subscription: subID, Currency: "usd", Status: "paid", BillingReason: "subscription_create",
		Created: start, FinalizedAt: start, PaidAt: start,
		Lines: []records.InvoiceLine{{SubItem: "si_" + subID, Price: price, Quantity: 1, PeriodStart: start, PeriodEnd: end}}}
}

func TestYearlyPlanCountsOneTwelfth(t *testing.T) {
	now := int64(400 * day)
	res := mrr.Reconstruct(handBuilt([]records.Subscription{sub("sub_y", "cus_a", "yearly", "active", 10*day)},
		[]records.Invoice{cycleInvoice("in_1", "sub_y", "yearly", 10*day, 375*day)}, now), mrr.DefaultOptions())
	if got := res.Subscriptions[0].At(now); got != 10000 {
		t.Fatalf("$1,200/year: MRR %d cents, want 10000 ($100)", got)
	}
	if got := res.Subscriptions[0].At(20 * day); got != 10000 {
		t.Fatalf("$1,200/year a year ago (from the invoice): MRR %d cents, want 10000", got)
	}
}

func TestWeeklyPlanCountsFiftyTwoTwelfths(t *testing.T) {
	now := int64(100 * day)
	res := mrr.Reconstruct(handBuilt([]records.Subscription{sub("sub_w", "cus_a", "weekly", "active", 90*day)},
		[]records.Invoice{cycleInvoice("in_1", "sub_w", "weekly", 97*day, 104*day)}, now), mrr.DefaultOptions())
	// $12/week × 52 / 12 = $52.
	if got := res.Subscriptions[0].At(now); got != 5200 {
		t.Fatalf("$12/week: MRR %d cents, want 5200", got)
	}
}

func TestTrialCountsZeroUntilItConverts(t *testing.T) {
	now := int64(100 * day)
	s := sub("sub_t", "cus_a", "monthly", "active", 20*day)
	s.TrialStart, s.TrialEnd = 20*day, 34*day
	trial := cycleInvoice("in_0", "sub_t", "monthly", 20*day, 34*day)
	trial.Lines[0].Amount = 0
	first := cycleInvoice("in_1", "sub_t", "monthly", 34*day, 64*day)
	first.BillingReason = "subscription_cycle"
	res := mrr.Reconstruct(handBuilt([]records.Subscription{s}, []records.Invoice{trial, first}, now), mrr.DefaultOptions())
	r := res.Subscriptions[0]
	if got := r.At(34*day - 1); got != 0 {
		t.Fatalf("during the trial: MRR %d, want 0", got)
	}
	if got := r.At(34 * day); got != 5000 {
		t.Fatalf("after conversion: MRR %d, want 5000", got)
	}
}

func TestUnpaidIsChurn(t *testing.T) {
	now := int64(100 * day)
	s := sub("sub_u", "cus_a", "monthly", "unpaid", 10*day)
	paid := cycleInvoice("in_1", "sub_u", "monthly", 10*day, 40*day)
	open := cycleInvoice("in_2", "sub_u", "monthly", 40*day, 70*day)
	open.BillingReason, open.Status, open.PaidAt = "subscription_cycle", "open", 0
	res := mrr.Reconstruct(handBuilt([]records.Subscription{s}, []records.Invoice{paid, open}, now), mrr.DefaultOptions())
	r := res.Subscriptions[0]
	if got := r.At(now); got != 0 {
		t.Fatalf("unpaid now: MRR %d, want 0", got)
	}
	if got := r.At(30 * day); got != 5000 {
		t.Fatalf("before the failed invoice: MRR %d, want 5000", got)
	}
	movs := mrr.Movements(res.Subscriptions)
	if len(movs) != 2 || movs[1].Kind != mrr.MoveChurn || movs[1].Before != 5000 {
		t.Fatalf("movements %+v: want new then churn of 5000", movs)
	}
	if len(res.Notices) == 0 {
		t.Fatalf("the unpaid date is assumed: want a notice")
	}
}

// A customer with two subscriptions cancels one (contraction), then the other (churn), then
// subscribes again (reactivation).
func TestMovementsCompareTheCustomerTotal(t *testing.T) {
	subs := []mrr.SubscriptionMRR{
		{ID: "sub_1", Customer: "cus_a", Currency: "usd", Steps: []mrr.Step{{At: 100, MRR: 5000}, {At: 300, MRR: 0}}},
		{ID: "sub_2", Customer: "cus_a", Currency: "usd", Steps: []mrr.Step{{At: 200, MRR: 2000}, {At: 400, MRR: 0}}},
		{ID: "sub_3", Customer: "cus_a", Currency: "usd", Steps: []mrr.Step{{At: 500, MRR: 1000}}},
	}
	want := []mrr.Movement{
		{At: 100, Kind: mrr.MoveNew, Before: 0, After: 5000},
		{At: 200, Kind: mrr.MoveExpansion, Before: 5000, After: 7000},
		{At: 300, Kind: mrr.MoveContraction, Before: 7000, After: 2000},
		{At: 400, Kind: mrr.MoveChurn, Before: 2000, After: 0},
		{At: 500, Kind: mrr.MoveReactivation, Before: 0, After: 1000},
	}
	got := mrr.Movements(subs)
	if len(got) != len(want) {
		t.Fatalf("movements %+v, want %+v", got, want)
	}
	for i, w := range want {
		g := got[i]
		if g.At != w.At || g.Kind != w.Kind || g.Before != w.Before || g.After != w.After || g.Customer != "cus_a" {
			t.Errorf("movement %d: %+v, want %+v", i, g, w)
		}
	}
}

// Two items of different products under a 10% forever coupon: the breakdown shares the
// discounted MRR by the items' value (hand calculation: 3000 and 1000 a month, less 10%).
func TestBreakdownSharesTheDiscountedValue(t *testing.T) {
	now := int64(100 * day)
	in := handBuilt(nil, nil, now)
	in.Prices["a"] = records.Price{ID: "a", Product: "prod_a", ProductName: "Alpha", Currency: "usd", Interval: "month", IntervalCount: 1, UnitAmount: 3000}
	in.Prices["b"] = records.Price{ID: "b", Product: "prod_b", ProductName: "Beta", Currency: "usd", Interval: "month", IntervalCount: 1, UnitAmount: 1000}
	in.Coupons["TEN"] = records.Coupon{ID: "TEN", Duration: "forever", PercentOff: 10}
	s := sub("sub_ab", "cus_a", "a", "active", 90*day)
	s.Items = append(s.Items, records.SubscriptionItem{ID: "si_b", Price: "b", Quantity: 1})
	s.DiscountIDs = []string{"di_1"}
	s.Discounts = []records.Discount{{ID: "di_1", Coupon: "TEN", Start: 90 * day}}
	in.Subscriptions = []records.Subscription{s}
	o := mrr.DefaultOptions()
	o.Breakdown = mrr.BreakdownProduct
	res := mrr.Reconstruct(in, o)
	got := map[string]int64{}
	for _, p := range res.Subscriptions[0].Parts {
		got[p.Key] = p.Steps[len(p.Steps)-1].MRR
	}
	if got["Alpha"] != 2700 || got["Beta"] != 900 || res.Subscriptions[0].At(now) != 3600 {
		t.Fatalf("parts %v of %d, want Alpha 2700 and Beta 900 of 3600", got, res.Subscriptions[0].At(now))
	}
}
