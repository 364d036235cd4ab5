package mrr

import (
	"math"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// ratio is a/b, NaN (no value) when there is nothing to divide by.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// subscriberSweep replays the movements that cross zero: per currency the customers with MRR
// > 0 in it, and in total the customers with MRR > 0 in any currency (counted once).
type subscriberSweep struct {
	movs     []Movement
	next     int
	perCur   map[string]int
	curCount map[string]int // customer -> currencies with MRR > 0
	total    int
	churned  int // customers whose last MRR > 0 went to 0, so far
	started  int // customers going from no MRR to some, so far
}

func newSweep(movs []Movement) *subscriberSweep {
	return &subscriberSweep{movs: movs, perCur: map[string]int{}, curCount: map[string]int{}}
}

// advance applies every movement at or before x.
func (w *subscriberSweep) advance(x int64) {
	for ; w.next < len(w.movs) && w.movs[w.next].At <= x; w.next++ {
		m := w.movs[w.next]
		switch {
		case m.Before == 0 && m.After > 0:
			w.perCur[m.Currency]++
			if w.curCount[m.Customer] == 0 {
				w.total++
				w.started++
			}
			w.curCount[m.Customer]++
		case m.Before > 0 && m.After == 0:
			w.perCur[m.Currency]--
			w.curCount[m.Customer]--
			if w.curCount[m.Customer] == 0 {
				w.total--
				w.churned++
			}
		}
	}
}

// ActiveSubscribers counts customers with MRR > 0 at each bucket's end (a customer with several
// subscriptions or currencies counts once).
func ActiveSubscribers(movs []Movement, grid timebucket.Grid, now int64, metric string) []metrics.Series {
	w := newSweep(movs)
	s := metrics.Series{Metric: metric, Name: "Active subscribers", Unit: metrics.UnitCount, Times: grid.Starts()}
	for _, x := range grid.LevelInstants(now) {
		w.advance(x)
		s.Values = append(s.Values, float64(w.total))
	}
	return []metrics.Series{s}
}

// ARPU is MRR / active subscribers per currency at each bucket's end (subscribers with MRR in
// that currency); the value is in minor units per subscriber.
func ARPU(subs []SubscriptionMRR, movs []Movement, grid timebucket.Grid, now int64, metric string, currencies []string) []metrics.Series {
	levels, counts := arpuParts(subs, movs, grid, now, metric, "ARPU", currencies)
	for i := range levels {
		l := &levels[i]
		for j, v := range l.Minor {
			if n := counts[l.Currency][j]; n > 0 {
				l.Minor[j] = (v + int64(n)/2) / int64(n)
			} else {
				l.Minor[j] = 0
			}
		}
	}
	return levels
}

// arpuParts are ARPU's numerator and denominator: the MRR series per currency, and per currency
// the customers with MRR in it, at each bucket's end.
func arpuParts(subs []SubscriptionMRR, movs []Movement, grid timebucket.Grid, now int64, metric, name string, currencies []string) ([]metrics.Series, map[string][]int) {
	levels := MRRSeries(subs, grid, now, metric, name, 1, currencies)
	w := newSweep(movs)
	counts := map[string][]int{}
	for _, x := range grid.LevelInstants(now) {
		w.advance(x)
		for _, l := range levels {
			counts[l.Currency] = append(counts[l.Currency], w.perCur[l.Currency])
		}
	}
	return levels, counts
}

// churnWindow is the subscriber churn rate's window.
const churnWindow = 30 * secondsPerDay

// SubscriberChurnRate is, at each bucket's end t, churned subscribers in (t−30d, t] divided by
// active subscribers at t−30d plus new subscribers in (t−30d, t].
func SubscriberChurnRate(movs []Movement, grid timebucket.Grid, now int64, metric string) []metrics.Series {
	s := metrics.Series{Metric: metric, Name: "Subscriber churn rate (30 days)", Unit: metrics.UnitRatio, Times: grid.Starts()}
	churned, base := churnParts(movs, grid.LevelInstants(now))
	for i := range churned {
		s.Values = append(s.Values, ratio(float64(churned[i]), float64(base[i])))
	}
	return []metrics.Series{s}
}

// churnParts are the churn rate's numerator and denominator at each instant x: the customers
// whose last MRR > 0 went to 0 in (x−30d, x], and the customers with MRR > 0 at x−30d plus
// those whose MRR became > 0 in the window. instants are nondecreasing (level instants), so two
// sweeps, one 30 days behind the other, read every movement once each.
func churnParts(movs []Movement, instants []int64) (churned, base []int) {
	before, after := newSweep(movs), newSweep(movs)
	for _, x := range instants {
		before.advance(x - churnWindow)
		after.advance(x)
		churned = append(churned, after.churned-before.churned)
		base = append(base, before.total+after.started-before.started)
	}
	return churned, base
}

// SubscriptionsByStatus counts subscriptions by reconstructed status at each bucket's end
// (label status), for every status seen.
func SubscriptionsByStatus(subs []SubscriptionMRR, grid timebucket.Grid, now int64, metric string) []metrics.Series {
	instants := grid.LevelInstants(now)
	by := map[string][]float64{}
	for i := range subs {
		for j, x := range instants {
			st := subs[i].StatusAt(x)
			if st == statusNone {
				continue
			}
			if by[st] == nil {
				by[st] = make([]float64, len(instants))
			}
			by[st][j]++
		}
	}
	var out []metrics.Series
	for _, st := range metrics.SortedKeys(by) {
		out = append(out, metrics.Series{Metric: metric, Name: "Subscriptions " + st, Labels: map[string]string{"status": st},
			Unit: metrics.UnitCount, Times: grid.Starts(), Values: by[st]})
	}
	return out
}

// StartsAndEnds counts, per bucket and currency, the subscriptions whose MRR became > 0 for the
// first time (new) and those whose MRR fell to 0 for good (churned).
func StartsAndEnds(subs []SubscriptionMRR, grid timebucket.Grid, currencies []string, newMetric, churnMetric string) (started, churned []metrics.Series) {
	type counts struct{ n, c []float64 }
	by := map[string]*counts{}
	want := metrics.InCurrencies(currencies)
	get := func(cur string) *counts {
		if by[cur] == nil {
			by[cur] = &counts{make([]float64, grid.Len()), make([]float64, grid.Len())}
		}
		return by[cur]
	}
	for _, c := range currencies {
		get(c)
	}
	for i := range subs {
		s := &subs[i]
		if !want(s.Currency) || len(s.Steps) == 0 {
			continue
		}
		for _, st := range s.Steps {
			if st.MRR > 0 {
				if k := grid.Index(st.At); k >= 0 {
					get(s.Currency).n[k]++
				}
				break
			}
		}
		if last := s.Steps[len(s.Steps)-1]; last.MRR == 0 {
			if k := grid.Index(last.At); k >= 0 {
				get(s.Currency).c[k]++
			}
		}
	}
	for _, cur := range metrics.SortedKeys(by) {
		started = append(started, metrics.Series{Metric: newMetric, Name: "New subscriptions", Currency: cur, Unit: metrics.UnitCount, Times: grid.Starts(), Values: by[cur].n})
		churned = append(churned, metrics.Series{Metric: churnMetric, Name: "Churned subscriptions", Currency: cur, Unit: metrics.UnitCount, Times: grid.Starts(), Values: by[cur].c})
	}
	return started, churned
}

// TrialConversion is, per bucket, the trials that turned active at their end divided by the
// trials that ended in the bucket (by now).
func TrialConversion(subs []SubscriptionMRR, grid timebucket.Grid, now int64, metric string) []metrics.Series {
	ended := make([]float64, grid.Len())
	converted := make([]float64, grid.Len())
	for i := range subs {
		s := &subs[i]
		if s.TrialEnd == 0 || s.TrialEnd > now {
			continue
		}
		k := grid.Index(s.TrialEnd)
		if k < 0 {
			continue
		}
		ended[k]++
		if s.StatusAt(s.TrialEnd) == statusActive {
			converted[k]++
		}
	}
	s := metrics.Series{Metric: metric, Name: "Trial conversion", Unit: metrics.UnitRatio, Times: grid.Starts()}
	for k := range ended {
		s.Values = append(s.Values, ratio(converted[k], ended[k]))
	}
	return []metrics.Series{s}
}
