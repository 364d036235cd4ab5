package mrr

import (
	"fmt"
	"sort"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
)

// Breakdowns of MRR (the query option breakdown).
const (
	BreakdownProduct  = "product"
	BreakdownPrice    = "price"
	BreakdownInterval = "interval"
)

// Part is the share of a subscription's MRR that comes from its items of one breakdown value.
type Part struct {
	Key   string
	Steps []Step
}

// breakdownKey is the value an item's price falls under.
func breakdownKey(p *records.Price, by string) string {
	switch by {
	case BreakdownProduct:
		if p.ProductName != "" {
			return p.ProductName
		}
		return p.Product
	case BreakdownPrice:
		return p.ID
	default:
		if p.IntervalCount > 1 {
			return fmt.Sprintf("%d %ss", p.IntervalCount, p.Interval)
		}
		return p.Interval
	}
}

// split shares v, the subscription's MRR in state st, among the breakdown values of its items
// in proportion to their value before discounts; largest remainders get the leftover minor
// units, so the parts add up to v exactly.
func split(st *state, v, at int64, prices map[string]records.Price, usage usageBills, by string) map[string]int64 {
	out := map[string]int64{}
	if st == nil || v == 0 {
		return out
	}
	weights := map[string]int64{}
	var total int64
	for i := range st.items {
		p, ok := prices[st.items[i].Price]
		if !ok {
			continue
		}
		w, counts := itemTotal(&st.items[i], &p, at, usage)
		if !counts {
			continue
		}
		weights[breakdownKey(&p, by)] += w
		total += w
	}
	if total == 0 {
		return out
	}
	keys := metrics.SortedKeys(weights)
	type rem struct {
		key string
		r   int64
	}
	rems := make([]rem, 0, len(keys))
	var given int64
	for _, k := range keys {
		share := v * weights[k] / total
		out[k] = share
		given += share
		rems = append(rems, rem{k, v * weights[k] % total})
	}
	sort.SliceStable(rems, func(i, j int) bool { return rems[i].r > rems[j].r })
	for i := 0; given < v; i++ {
		out[rems[i%len(rems)].key]++
		given++
	}
	return out
}

// partSteps records each breakdown value's share as steps, like Steps for the whole.
type partSteps struct {
	prev  map[string]int64
	steps map[string][]Step
}

func (p *partSteps) add(at int64, parts map[string]int64) {
	if p.prev == nil {
		p.prev, p.steps = map[string]int64{}, map[string][]Step{}
	}
	for k, v := range parts {
		if v != p.prev[k] {
			p.steps[k] = append(p.steps[k], Step{At: at, MRR: v})
			p.prev[k] = v
		}
	}
	for k, v := range p.prev {
		if _, ok := parts[k]; !ok && v != 0 {
			p.steps[k] = append(p.steps[k], Step{At: at, MRR: 0})
			p.prev[k] = 0
		}
	}
}

func (p *partSteps) parts() []Part {
	var out []Part
	for _, k := range metrics.SortedKeys(p.steps) {
		out = append(out, Part{Key: k, Steps: p.steps[k]})
	}
	return out
}
