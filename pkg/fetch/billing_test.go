package fetch

import (
	"context"
	"fmt"
	"testing"
)

// Whole histories read sharded hold every invoice and subscription the simulator's model has,
// each once, and cost at most 5% more requests than one cursor paging through them (the floor,
// ceil(n/100), plus the item and line sub-lists both readings make) and a few partly filled
// pages (a small history fills few shards).
func TestShardedBillingHistoriesAreCompleteAndNearTheFloor(t *testing.T) {
	a := demoAt(t, t0)
	model := a.acct.DefaultTruth().Model()
	wantInvoices, wantSubs := map[string]bool{}, map[string]bool{}
	for _, in := range model.Invoices {
		wantInvoices[in.ID] = true
	}
	for _, s := range model.Subscriptions {
		wantSubs[s.ID] = true
	}
	requests := map[bool][2]int{}
	for _, sequential := range []bool{true, false} {
		t.Run(fmt.Sprintf("sequential=%v", sequential), func(t *testing.T) {
			r := newRig(t, a, 1000, Options{})
			p := Paging{Sequential: sequential}
			lists, err := Invoices(context.Background(), r.client, t0, p)
			if err != nil {
				t.Fatal(err)
			}
			invoiceRequests := total(r.count.take())
			subs, err := Subscriptions(context.Background(), r.client, t0, p)
			if err != nil {
				t.Fatal(err)
			}
			requests[sequential] = [2]int{invoiceRequests, total(r.count.take())}
			got := map[string]bool{}
			for _, in := range lists.All() {
				if got[in.ID] {
					t.Errorf("invoice %s read twice", in.ID)
				}
				got[in.ID] = true
			}
			sameIDs(t, "invoices", got, wantInvoices)
			got = map[string]bool{}
			for _, s := range subs {
				if got[s.ID] {
					t.Errorf("subscription %s read twice", s.ID)
				}
				got[s.ID] = true
			}
			sameIDs(t, "subscriptions", got, wantSubs)
		})
	}
	for i, what := range []string{"invoices", "subscriptions"} {
		one, sharded := requests[true][i], requests[false][i]
		t.Logf("%s: %d requests sharded, %d with one cursor", what, sharded, one)
		if float64(sharded) > 1.05*float64(one)+8 {
			t.Errorf("%s: %d requests sharded, more than 1.05 × %d with one cursor + 8", what, sharded, one)
		}
	}
}
