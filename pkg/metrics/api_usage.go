package metrics

import (
	"math"
	"sort"
	"time"

	"github.com/revops/stripe-datasource/pkg/timebucket"
	"github.com/revops/stripe-datasource/pkg/usage"
)

// The data source's own use of Stripe (stripe_api_requests, stripe_api_budget_used), from the
// plugin's counters (pkg/usage). Only the buckets the counters cover are returned: a bucket
// before counting began (or before the window kept) has no value rather than a 0 that would
// pass for "no request".

// APIRequests is stripe_api_requests: the attempts sent in each bucket (retries included), one
// series per endpoint and outcome seen in the grid, 0 where that pair had none.
func APIRequests(s usage.Snapshot, grid timebucket.Grid) []Series {
	covered := coveredBuckets(s, grid)
	if len(covered) == 0 {
		return nil
	}
	pos := make(map[int]int, len(covered)) // bucket index → point index
	times := make([]time.Time, len(covered))
	for i, b := range covered {
		pos[b], times[i] = i, grid.Start(b)
	}
	by := map[usage.Pair][]float64{}
	for _, c := range s.Counts {
		p, ok := pos[grid.Index(c.Minute)]
		if !ok {
			continue
		}
		v := by[c.Pair]
		if v == nil {
			v = make([]float64, len(covered))
			by[c.Pair] = v
		}
		v[p] += float64(c.N)
	}
	pairs := make([]usage.Pair, 0, len(by))
	for p := range by {
		pairs = append(pairs, p)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].Endpoint != pairs[j].Endpoint {
			return pairs[i].Endpoint < pairs[j].Endpoint
		}
		return pairs[i].Status < pairs[j].Status
	})
	out := make([]Series, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, Series{Metric: "stripe_api_requests", Name: "Stripe API requests", Unit: UnitCount,
			Labels: map[string]string{"endpoint": p.Endpoint, "status": p.Status}, Times: times, Values: by[p]})
	}
	return out
}

// APIBudgetUsed is stripe_api_budget_used: the attempts of each bucket divided by what the
// request budget allowed in the part of the bucket the counters cover (budget × seconds, the
// budget in force at each moment). One series; a bucket without any budget time has no value.
func APIBudgetUsed(s usage.Snapshot, grid timebucket.Grid) []Series {
	covered := coveredBuckets(s, grid)
	if len(covered) == 0 {
		return nil
	}
	sent := map[int]float64{}
	for _, c := range s.Counts {
		sent[grid.Index(c.Minute)] += float64(c.N)
	}
	series := Series{Metric: "stripe_api_budget_used", Name: "Stripe request budget used", Unit: UnitRatio}
	for _, b := range covered {
		from, to := span(s, grid, b)
		allowed := allowedRequests(s.Budgets, from, to)
		v := math.NaN()
		if allowed > 0 {
			v = sent[b] / allowed
		}
		series.Times = append(series.Times, grid.Start(b))
		series.Values = append(series.Values, v)
	}
	return []Series{series}
}

// coveredBuckets lists the buckets that overlap [From, Now): those the counters know about.
func coveredBuckets(s usage.Snapshot, grid timebucket.Grid) []int {
	var out []int
	for i := range grid.Len() {
		if from, to := span(s, grid, i); to.After(from) {
			out = append(out, i)
		}
	}
	return out
}

// span is the part of bucket i the counters cover.
func span(s usage.Snapshot, grid timebucket.Grid, i int) (from, to time.Time) {
	from, to = grid.Start(i), bucketEnd(grid, i)
	if from.Before(s.From) {
		from = s.From
	}
	if to.After(s.Now) {
		to = s.Now
	}
	return from, to
}

func bucketEnd(grid timebucket.Grid, i int) time.Time {
	if i+1 < grid.Len() {
		return grid.Start(i + 1)
	}
	return grid.To()
}

// allowedRequests is ∫ budget dt over [from, to): each budget applies from its From until the
// next one's.
func allowedRequests(budgets []usage.Budget, from, to time.Time) float64 {
	total := 0.0
	for i, b := range budgets {
		start, end := b.From, to
		if i+1 < len(budgets) {
			end = budgets[i+1].From
		}
		if start.Before(from) {
			start = from
		}
		if end.After(to) {
			end = to
		}
		if end.After(start) {
			total += b.Rate * end.Sub(start).Seconds()
		}
	}
	return total
}
