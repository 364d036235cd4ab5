package mrr_test

import (
	"strings"
	"testing"

	"github.com/revops/stripe-datasource/pkg/mrr"
	"github.com/revops/stripe-datasource/pkg/records"
)

// A yearly subscriber since day 10 ($1,200/year: $100 MRR) downgraded to monthly ($50/month) on day 100,
// with prorations: the credit for the yearly price and the debit for the monthly one wait for
// the next invoice (day 375), so no invoice shows the change, and it is older than the events.
func downgradedYearly() ([]records.Subscription, []records.Invoice, []records.PendingItem, int64) {
	now := int64(200 * day)
	s := sub("sub_d", "cus_a", "monthly", "active", 10*day)
	invs := []records.Invoice{cycleInvoice("in_1", "sub_d", "yearly", 10*day, 375*day)}
	pending := []records.PendingItem{
		{ID: "ii_credit", Subscription: "sub_d", SubItem: "si_sub_d", Price: "yearly", Quantity: 1, Amount: -86795,
			PeriodStart: 100 * day, PeriodEnd: 375 * day, Proration: true},
		{ID: "ii_debit", Subscription: "sub_d", SubItem: "si_sub_d", Price: "monthly", Quantity: 1, Amount: 4342,
			PeriodStart: 100 * day, PeriodEnd: 375 * day, Proration: true},
	}
	return []records.Subscription{s}, invs, pending, now
}

func TestPendingProrationDatesTheChange(t *testing.T) {
	subs, invs, pending, now := downgradedYearly()
	in := handBuilt(subs, invs, now)
	in.PendingItems = pending
	res := mrr.Reconstruct(in, mrr.DefaultOptions())
	s := &res.Subscriptions[0]
	for _, c := range []struct {
		at   int64
		want int64
	}{{99 * day, 10000}, {100*day - 1, 10000}, {100 * day, 5000}, {150 * day, 5000}, {now, 5000}} {
		if got := s.At(c.at); got != c.want {
			t.Errorf("day %.2f: MRR %d, want %d", float64(c.at)/day, got, c.want)
		}
	}
	for _, n := range res.Notices {
		if strings.Contains(n, "halfway") {
			t.Errorf("the change is dated by its pending item, yet: %s", n)
		}
	}
}

// Without the pending items (a key that may not read them) the change is dated halfway
// between the last invoice's period start (day 10) and the event window's start (day 170): day
// 90, with a notice.
func TestWithoutPendingItemsTheChangeIsDatedHalfway(t *testing.T) {
	subs, invs, _, now := downgradedYearly()
	res := mrr.Reconstruct(handBuilt(subs, invs, now), mrr.DefaultOptions())
	s := &res.Subscriptions[0]
	if got := s.At(90*day - 1); got != 10000 {
		t.Errorf("just before day 90: MRR %d, want 10000", got)
	}
	if got := s.At(90 * day); got != 5000 {
		t.Errorf("day 90: MRR %d, want 5000", got)
	}
	found := false
	for _, n := range res.Notices {
		found = found || strings.Contains(n, "halfway")
	}
	if !found {
		t.Errorf("no notice says the change was dated halfway: %q", res.Notices)
	}
}

// A seat reduction (5 to 3 seats of the same price) leaves a credit for 5 seats and a debit for
// 3: the debit gives the new quantity.
func TestPendingProrationDatesASeatReduction(t *testing.T) {
	now := int64(200 * day)
	s := sub("sub_q", "cus_a", "monthly", "active", 0)
	s.Items[0].Quantity = 3
	inv := cycleInvoice("in_1", "sub_q", "monthly", 160*day, 190*day)
	inv.Lines[0].Quantity = 5
	in := handBuilt([]records.Subscription{s}, []records.Invoice{inv}, now)
	in.EventsFrom = 180 * day
	in.PendingItems = []records.PendingItem{
		{ID: "ii_c", Subscription: "sub_q", SubItem: "si_sub_q", Price: "monthly", Quantity: 5, Amount: -10000, PeriodStart: 172 * day, PeriodEnd: 190 * day, Proration: true},
		{ID: "ii_d", Subscription: "sub_q", SubItem: "si_sub_q", Price: "monthly", Quantity: 3, Amount: 6000, PeriodStart: 172 * day, PeriodEnd: 190 * day, Proration: true},
	}
	res := mrr.Reconstruct(in, mrr.DefaultOptions())
	// 5 × $50 = $250 before the change, 3 × $50 = $150 after.
	if got := res.Subscriptions[0].At(172*day - 1); got != 25000 {
		t.Errorf("before the change: MRR %d, want 25000", got)
	}
	if got := res.Subscriptions[0].At(172 * day); got != 15000 {
		t.Errorf("at the change: MRR %d, want 15000", got)
	}
}
