package mrr

import (
	"math/big"

	"github.com/revops/stripe-datasource/pkg/fx"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// MoveFX is the sixth movement of MRR in one reporting currency: the change that comes only from
// rates moving (METRICS.md "One reporting currency").
const MoveFX = "fx"

// ConvertedKinds are the movements of converted MRR in the order series show them.
var ConvertedKinds = append(append([]string(nil), MovementKinds...), MoveFX)

// Converted is MRR and its movements in one reporting currency, per bucket.
type Converted struct {
	grid       timebucket.Grid
	currency   string
	start, end []int64
	kinds      [][6]int64 // by ConvertedKinds index, amounts positive except fx (signed)
}

// Convert converts MRR per instant, as Stripe's Billing analytics does: the level at a bucket's
// start and end is each currency's MRR at that instant times its rate then, summed exactly and
// rounded once; each movement is converted at the rate of its own instant and the five kinds are
// summed exactly per bucket and rounded once. The fx movement is what is left, so that
// MRR(end) = MRR(start) + new + reactivation + expansion − contraction − churn + fx holds in
// every bucket in the displayed minor units; it is the revaluation of the MRR held while rates
// moved, up to the rounding of the other six figures. Conversions are counted per bucket for the
// frame notice (the start of the first bucket in the first).
func Convert(subs []SubscriptionMRR, movs []Movement, grid timebucket.Grid, now int64, currencies []string, conv *fx.Converter) (*Converted, error) {
	n := grid.Len()
	c := &Converted{grid: grid, currency: conv.To, start: make([]int64, n), end: make([]int64, n), kinds: make([][6]int64, n)}
	if n == 0 {
		return c, nil
	}
	instants := grid.LevelInstants(now)
	before := min(grid.Start(0).Unix()-1, now)
	startSum, endSums := new(big.Rat), make([]*big.Rat, n)
	for i := range endSums {
		endSums[i] = new(big.Rat)
	}
	for _, s := range MRRSeries(subs, grid, now, "", "", 1, currencies) {
		for i, v := range s.Minor {
			if v == 0 {
				continue
			}
			x, err := conv.Exact(v, s.Currency, instants[i], i)
			if err != nil {
				return nil, err
			}
			endSums[i].Add(endSums[i], x)
		}
		if v := levelBefore(subs, s.Currency, before); v != 0 {
			x, err := conv.Exact(v, s.Currency, before, 0)
			if err != nil {
				return nil, err
			}
			startSum.Add(startSum, x)
		}
	}
	moved := make([][5]*big.Rat, n)
	for i := range moved {
		for k := range moved[i] {
			moved[i][k] = new(big.Rat)
		}
	}
	want := metrics.InCurrencies(currencies)
	for _, m := range movs {
		i := grid.Index(m.At)
		if i < 0 || m.At > now || !want(m.Currency) {
			continue
		}
		x, err := conv.Exact(m.Amount(), m.Currency, m.At, i)
		if err != nil {
			return nil, err
		}
		k := kindIndex(m.Kind)
		moved[i][k].Add(moved[i][k], x)
	}
	prev := fx.Round(startSum)
	for i := range n {
		c.start[i], c.end[i] = prev, fx.Round(endSums[i])
		var net int64
		for k := range MovementKinds {
			c.kinds[i][k] = fx.Round(moved[i][k])
			net += signed(k, c.kinds[i][k])
		}
		c.kinds[i][5] = c.end[i] - c.start[i] - net
		prev = c.end[i]
	}
	return c, nil
}

// Levels is MRR (factor 1) or ARR (factor 12) at each bucket's end, one series in the reporting
// currency.
func (c *Converted) Levels(metric, name string, factor int64) []metrics.Series {
	s := metrics.Series{Metric: metric, Name: name, Currency: c.currency, Unit: metrics.UnitMoney, Times: c.grid.Starts()}
	for _, v := range c.end {
		s.Minor = append(s.Minor, v*factor)
	}
	return []metrics.Series{s}
}

// Series is one series per movement kind, fx included (label movement).
func (c *Converted) Series(metric string) []metrics.Series {
	var out []metrics.Series
	for k, kind := range ConvertedKinds {
		s := metrics.Series{Metric: metric, Name: "MRR " + kind, Currency: c.currency, Labels: map[string]string{"movement": kind},
			Unit: metrics.UnitMoney, Times: c.grid.Starts()}
		for _, b := range c.kinds {
			s.Minor = append(s.Minor, b[k])
		}
		out = append(out, s)
	}
	return out
}

// NetNew is the change of converted MRR over each bucket: the five movements and fx.
func (c *Converted) NetNew(metric string) []metrics.Series {
	s := metrics.Series{Metric: metric, Name: "Net new MRR", Currency: c.currency, Unit: metrics.UnitMoney, Times: c.grid.Starts()}
	for i := range c.end {
		s.Minor = append(s.Minor, c.end[i]-c.start[i])
	}
	return []metrics.Series{s}
}

// StartLevels is converted MRR at each bucket's start (the previous bucket's end).
func (c *Converted) StartLevels() []int64 { return c.start }

// RevenueChurn is churn + contraction MRR per bucket in the reporting currency.
func (c *Converted) RevenueChurn(metric string) []metrics.Series {
	s := metrics.Series{Metric: metric, Name: "Revenue churn", Currency: c.currency, Unit: metrics.UnitMoney, Times: c.grid.Starts()}
	for _, b := range c.kinds {
		s.Minor = append(s.Minor, b[kindIndex(MoveChurn)]+b[kindIndex(MoveContraction)])
	}
	return []metrics.Series{s}
}

// ARPU is converted MRR / active subscribers at each bucket's end, a customer with MRR in several
// of the currencies counted once; 0 without subscribers, like the per-currency ARPU.
func (c *Converted) ARPU(metric string, movs []Movement, now int64, currencies []string) []metrics.Series {
	s := metrics.Series{Metric: metric, Name: "ARPU", Currency: c.currency, Unit: metrics.UnitMoney, Times: c.grid.Starts()}
	for i, n := range c.subscribers(movs, now, currencies) {
		v := int64(0)
		if n > 0 {
			v = fx.Round(big.NewRat(c.end[i], int64(n)))
		}
		s.Minor = append(s.Minor, v)
	}
	return []metrics.Series{s}
}

// LTV is lifetime value in the reporting currency at each bucket's end: the converted ARPU
// divided by the 30-day subscriber churn rate, from their exact parts as LTV computes them per
// currency (converted MRR × (active 30 days before + new in the window) ÷ (subscribers in any of
// the currencies × churned in the window)), rounded half up once; no value while nobody churned
// or nobody subscribes.
func (c *Converted) LTV(metric string, movs []Movement, now int64, currencies []string) []metrics.Series {
	s := metrics.Series{Metric: metric, Name: "LTV", Currency: c.currency, Unit: metrics.UnitMoney, Times: c.grid.Starts()}
	churned, base := churnParts(movs, c.grid.LevelInstants(now))
	for i, n := range c.subscribers(movs, now, currencies) {
		if n == 0 || churned[i] == 0 {
			s.Minor, s.Null = append(s.Minor, 0), append(s.Null, true)
			continue
		}
		s.Minor, s.Null = append(s.Minor, roundedQuo(c.end[i], int64(base[i]), int64(n)*int64(churned[i]))), append(s.Null, false)
	}
	return []metrics.Series{s}
}

// subscribers counts, at each bucket's end, the customers with MRR > 0 in any of the currencies
// (each once): the denominator of converted ARPU.
func (c *Converted) subscribers(movs []Movement, now int64, currencies []string) []int {
	want := metrics.InCurrencies(currencies)
	var kept []Movement
	for _, m := range movs {
		if want(m.Currency) {
			kept = append(kept, m)
		}
	}
	w := newSweep(kept)
	var counts []int
	for _, x := range c.grid.LevelInstants(now) {
		w.advance(x)
		counts = append(counts, w.total)
	}
	return counts
}
