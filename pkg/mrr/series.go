package mrr

import (
	"sort"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// MRRSeries is MRR (factor 1) or ARR (factor 12) per currency at each bucket's end. With by
// set (a breakdown the reconstruction was asked for) there is one series per currency and
// breakdown value, labelled by.
func MRRSeries(subs []SubscriptionMRR, grid timebucket.Grid, now int64, metric, name string, factor int64, currencies []string, by ...string) []metrics.Series {
	type group struct{ currency, key string }
	// Each step's change is added at the first level instant it reaches, and the levels are the
	// running sums: no list of every step of every subscription to sort.
	instants := grid.LevelInstants(now)
	groups := map[group][]int64{}
	want := metrics.InCurrencies(currencies)
	if len(by) == 0 {
		for _, c := range currencies {
			groups[group{c, ""}] = make([]int64, len(instants))
		}
	}
	addSteps := func(g group, steps []Step) {
		changes := groups[g]
		if changes == nil {
			changes = make([]int64, len(instants))
			groups[g] = changes
		}
		prev := int64(0)
		for _, st := range steps {
			if k := sort.Search(len(instants), func(i int) bool { return instants[i] >= st.At }); k < len(instants) {
				changes[k] += st.MRR - prev
			}
			prev = st.MRR
		}
	}
	for i := range subs {
		s := &subs[i]
		if !want(s.Currency) {
			continue
		}
		if len(by) == 0 {
			addSteps(group{s.Currency, ""}, s.Steps)
			continue
		}
		for _, p := range s.Parts {
			addSteps(group{s.Currency, p.Key}, p.Steps)
		}
	}
	keys := make([]group, 0, len(groups))
	for g := range groups {
		keys = append(keys, g)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].currency != keys[j].currency {
			return keys[i].currency < keys[j].currency
		}
		return keys[i].key < keys[j].key
	})
	var out []metrics.Series
	for _, g := range keys {
		s := metrics.Series{Metric: metric, Name: name, Currency: g.currency, Unit: metrics.UnitMoney, Times: grid.Starts()}
		if len(by) > 0 {
			s.Labels = map[string]string{by[0]: g.key}
		}
		var level int64
		for _, d := range groups[g] {
			level += d
			s.Minor = append(s.Minor, level*factor)
		}
		out = append(out, s)
	}
	return out
}

// Flows are the movements summed per bucket and currency.
type Flows struct {
	grid timebucket.Grid
	by   map[string][]flow
}

type flow struct {
	amount [5]int64 // by MovementKinds index
	count  [5]int
}

// BucketMovements sums the movements that happened in each bucket, per currency.
func BucketMovements(movs []Movement, grid timebucket.Grid, currencies []string) *Flows {
	f := &Flows{grid: grid, by: map[string][]flow{}}
	want := metrics.InCurrencies(currencies)
	for _, c := range currencies {
		f.by[c] = make([]flow, grid.Len())
	}
	for _, m := range movs {
		i := grid.Index(m.At)
		if i < 0 || !want(m.Currency) {
			continue
		}
		b, ok := f.by[m.Currency]
		if !ok {
			b = make([]flow, grid.Len())
			f.by[m.Currency] = b
		}
		k := kindIndex(m.Kind)
		b[i].amount[k] += m.Amount()
		b[i].count[k]++
	}
	return f
}

func kindIndex(kind string) int {
	for i, k := range MovementKinds {
		if k == kind {
			return i
		}
	}
	return 0
}

// signed is the movement's contribution to net new MRR.
func signed(kindIdx int, amount int64) int64 {
	if MovementKinds[kindIdx] == MoveContraction || MovementKinds[kindIdx] == MoveChurn {
		return -amount
	}
	return amount
}

// Series is one series per movement kind per currency (label movement), amounts positive.
func (f *Flows) Series(metric string) []metrics.Series {
	var out []metrics.Series
	for _, cur := range metrics.SortedKeys(f.by) {
		for k, kind := range MovementKinds {
			s := metrics.Series{Metric: metric, Name: "MRR " + kind, Currency: cur, Labels: map[string]string{"movement": kind},
				Unit: metrics.UnitMoney, Times: f.grid.Starts()}
			for _, b := range f.by[cur] {
				s.Minor = append(s.Minor, b.amount[k])
			}
			out = append(out, s)
		}
	}
	return out
}

// NetNew is new + reactivation + expansion − contraction − churn per bucket and currency.
func (f *Flows) NetNew(metric string) []metrics.Series {
	return f.money(metric, "Net new MRR", func(b flow) int64 {
		var n int64
		for k := range MovementKinds {
			n += signed(k, b.amount[k])
		}
		return n
	})
}

// RevenueChurn is churn + contraction MRR per bucket and currency.
func (f *Flows) RevenueChurn(metric string) []metrics.Series {
	return f.money(metric, "Revenue churn", func(b flow) int64 {
		return b.amount[kindIndex(MoveChurn)] + b.amount[kindIndex(MoveContraction)]
	})
}

// NetRevenueChurn is (churn + contraction − expansion) / MRR at the bucket's start, per
// currency; no value where MRR at the start was 0.
func (f *Flows) NetRevenueChurn(metric string, subs []SubscriptionMRR, now int64) []metrics.Series {
	starts := map[string][]int64{}
	for _, s := range MRRSeries(subs, f.grid, now, "", "", 1, metrics.SortedKeys(f.by)) {
		// The level at the end of bucket i-1 is the level at the start of bucket i.
		starts[s.Currency] = append([]int64{levelBefore(subs, s.Currency, f.grid.Start(0).Unix()-1)}, s.Minor[:len(s.Minor)-1]...)
	}
	var out []metrics.Series
	for _, cur := range metrics.SortedKeys(f.by) {
		s := metrics.Series{Metric: metric, Name: "Net revenue churn", Currency: cur, Unit: metrics.UnitRatio, Times: f.grid.Starts()}
		for i, b := range f.by[cur] {
			lost := b.amount[kindIndex(MoveChurn)] + b.amount[kindIndex(MoveContraction)] - b.amount[kindIndex(MoveExpansion)]
			s.Values = append(s.Values, ratio(float64(lost), float64(starts[cur][i])))
		}
		out = append(out, s)
	}
	return out
}

func (f *Flows) money(metric, name string, v func(flow) int64) []metrics.Series {
	var out []metrics.Series
	for _, cur := range metrics.SortedKeys(f.by) {
		s := metrics.Series{Metric: metric, Name: name, Currency: cur, Unit: metrics.UnitMoney, Times: f.grid.Starts()}
		for _, b := range f.by[cur] {
			s.Minor = append(s.Minor, v(b))
		}
		out = append(out, s)
	}
	return out
}

// levelBefore is the MRR of one currency at instant at.
func levelBefore(subs []SubscriptionMRR, currency string, at int64) int64 {
	var sum int64
	for i := range subs {
		if subs[i].Currency == currency {
			sum += subs[i].At(at)
		}
	}
	return sum
}
