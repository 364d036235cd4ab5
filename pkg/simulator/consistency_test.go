package simulator

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// The rendered subscriptions, read the way a client reads them now (status, items' prices and
// quantities, forever discounts), give the MRR the truth computes from the model: the objects
// and the truth tell the same story.
func TestServedSubscriptionsGiveTruthMRR(t *testing.T) {
	for _, profile := range []string{"tiny", "multi_currency"} {
		a, err := New(profile, 4, testNow)
		if err != nil {
			t.Fatal(err)
		}
		coupons := map[string]*objects.Coupon{}
		for i := range a.Store.Coupons {
			coupons[a.Store.Coupons[i].ID] = &a.Store.Coupons[i]
		}
		discounts := map[string]*objects.Discount{}
		for i := range a.Store.Discounts {
			discounts[a.Store.Discounts[i].ID] = &a.Store.Discounts[i]
		}
		got := map[string]int64{}
		for i := range a.Store.Subscriptions {
			s := &a.Store.Subscriptions[i]
			if s.Status != "active" && s.Status != "past_due" {
				continue
			}
			var units, factor, count int64 // MRR = units / (12 × count)
			for _, it := range s.Items.Data {
				p := it.Price
				if p.Recurring.UsageType == "metered" {
					continue
				}
				factor = map[string]int64{"month": 12, "year": 1, "week": 52, "day": 365}[p.Recurring.Interval]
				count = p.Recurring.IntervalCount
				units += servedItemAmount(t, &p, *it.Quantity) * factor
			}
			if units == 0 {
				continue
			}
			for _, id := range s.Discounts {
				c := coupons[string(discounts[id].Source.Coupon)]
				if c.Duration == "forever" && c.PercentOff != nil {
					units = units * (100 - int64(*c.PercentOff)) / 100
				}
			}
			got[s.Currency] += units / (12 * count)
		}
		want := a.DefaultTruth().MRRAt(a.Model.Now)
		for cur, v := range want {
			if got[cur] != v {
				t.Errorf("%s %s: served subscriptions give %d, truth %d", profile, cur, got[cur], v)
			}
		}
		if len(want) == 0 {
			t.Errorf("%s: no MRR", profile)
		}
	}
}

// servedItemAmount prices a quantity from the served price (tiers come from the includable tiers).
func servedItemAmount(t *testing.T, p *objects.Price, qty int64) int64 {
	if p.UnitAmount != nil {
		return *p.UnitAmount * qty
	}
	var total, lower int64
	for _, tier := range p.Tiers {
		upper := qty
		if tier.UpTo != nil && *tier.UpTo < qty {
			upper = *tier.UpTo
		}
		flat := int64(0)
		if tier.FlatAmount != nil {
			flat = *tier.FlatAmount
		}
		if string(p.TiersMode) == "volume" {
			if tier.UpTo == nil || qty <= *tier.UpTo {
				return qty**tier.UnitAmount + flat
			}
			continue
		}
		if qty <= lower {
			break
		}
		total += (upper-lower)**tier.UnitAmount + flat
		lower = upper
	}
	return total
}
