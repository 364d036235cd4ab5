package truth

import (
	"math/big"
	"sort"
	"time"
)

// LTVPoint is lifetime value in one currency at one bucket's end.
type LTVPoint struct {
	Start time.Time
	// Minor is ARPU ÷ 30-day subscriber churn rate, rounded half up from the exact fraction;
	// Null when nobody churned in the 30 days or the currency had no subscriber.
	Minor int64
	Null  bool
}

// subscriberChange is a customer becoming a subscriber (MRR > 0 in some currency) or ceasing to
// be one (MRR 0 in every currency).
type subscriberChange struct {
	at    int64
	start bool
}

// subscriberChanges lists, from the truth's movements, when each customer started or stopped
// being a subscriber, in time order.
func (t *Truth) subscriberChanges() []subscriberChange {
	active := map[string]int{} // customer → currencies with MRR > 0
	var out []subscriberChange
	for _, mv := range t.Movements() {
		switch {
		case mv.Before == 0 && mv.After > 0:
			if active[mv.Customer] == 0 {
				out = append(out, subscriberChange{mv.At.Unix(), true})
			}
			active[mv.Customer]++
		case mv.Before > 0 && mv.After == 0:
			active[mv.Customer]--
			if active[mv.Customer] == 0 {
				out = append(out, subscriberChange{mv.At.Unix(), false})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out
}

// LTV is METRICS.md's lifetime value per currency at each bucket's end (the level convention of
// the package): MRR ÷ subscribers in the currency ÷ (customers who stopped being subscribers in
// the 30 days up to the end ÷ (subscribers 30 days before + customers who became subscribers in
// those 30 days)). Currencies are those any subscription had MRR in.
func (t *Truth) LTV(from, to time.Time, size Size, loc *time.Location) (map[string][]LTVPoint, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	changes := t.subscriberChanges()
	out := map[string][]LTVPoint{}
	for i := 0; i < b.Len(); i++ {
		x := min(b.unix[i+1]-1, t.now)
		churned, base := churnParts(changes, x)
		perCur, _ := t.ActiveSubscribers(time.Unix(x, 0))
		mrr := t.MRRAt(time.Unix(x, 0))
		for _, cur := range t.mrrCurrencies() {
			p := LTVPoint{Start: b.Starts[i], Null: true}
			if n := int64(perCur[cur]); n > 0 && churned > 0 {
				v := new(big.Rat).SetFrac(big.NewInt(mrr[cur]*base), big.NewInt(n*churned))
				p.Minor, p.Null = RoundHalfUp(v), false
			}
			out[cur] = append(out[cur], p)
		}
	}
	return out, nil
}

// SubscriberChurnParts are the 30-day subscriber churn rate's parts at instant at: the customers
// who stopped being subscribers in the 30 days up to at, and the subscribers 30 days before plus
// the customers who became subscribers in those 30 days.
func (t *Truth) SubscriberChurnParts(at time.Time) (churned, base int64) {
	return churnParts(t.subscriberChanges(), at.Unix())
}

// churnParts reads the churn rate's parts at x from the subscriber changes.
func churnParts(changes []subscriberChange, x int64) (churned, base int64) {
	const window = 30 * 24 * 60 * 60
	var before, started int64
	for _, c := range changes {
		switch {
		case c.at > x:
		case c.at <= x-window && c.start:
			before++
		case c.at <= x-window:
			before--
		case c.start:
			started++
		default:
			churned++
		}
	}
	return churned, before + started
}

// RoundHalfUp rounds a non-negative rational to the nearest integer, halves up.
func RoundHalfUp(v *big.Rat) int64 {
	n := new(big.Int).Mul(v.Num(), big.NewInt(2))
	n.Add(n, v.Denom())
	return n.Quo(n, new(big.Int).Mul(v.Denom(), big.NewInt(2))).Int64()
}

// mrrCurrencies are the currencies any subscription has had MRR in, sorted.
func (t *Truth) mrrCurrencies() []string {
	curs := map[string]bool{}
	for i, st := range t.steps() {
		if len(st) > 0 {
			curs[t.m.Subscriptions[i].Currency] = true
		}
	}
	return sortedSet(curs)
}
