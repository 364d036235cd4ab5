package metrics

import (
	"sort"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// DimensionDisputeReason is the label of the dispute-reason dimension.
const DimensionDisputeReason = "reason"

// disputeBucket is one bucket of disputes opened in one currency.
type disputeBucket struct {
	opened   int64
	amount   int64
	byReason map[string]int64
}

// DisputeActivity counts disputes opened per bucket and presentment currency.
type DisputeActivity struct {
	grid   timebucket.Grid
	totals currencyBuckets[disputeBucket]
}

// NewDisputeActivity starts an empty aggregation (listed currencies get zeros, not no series).
func NewDisputeActivity(grid timebucket.Grid, currencies []string) *DisputeActivity {
	return &DisputeActivity{grid: grid, totals: newCurrencyBuckets[disputeBucket](grid, currencies)}
}

// Add counts one dispute by when it was opened.
func (a *DisputeActivity) Add(d records.Dispute) {
	b := a.totals.at(d.Currency, d.Created)
	if b == nil {
		return
	}
	b.opened++
	b.amount += d.Amount
	if b.byReason == nil {
		b.byReason = map[string]int64{}
	}
	b.byReason[orUnknown(d.Reason)]++
}

// Opened is the count (or, with amount, the sum) of disputes opened, one series per currency.
func (a *DisputeActivity) Opened(metric string, amount bool) []Series {
	unit := UnitCount
	if amount {
		unit = UnitMoney
	}
	return a.totals.series(metric, "Disputes opened", unit,
		func(b disputeBucket) int64 { return b.amount }, func(b disputeBucket) float64 { return float64(b.opened) })
}

// OpenedByReason splits the count of disputes opened by reason. Stripe has 15 reasons, a bounded
// set, so every reason seen gets its own series.
func (a *DisputeActivity) OpenedByReason(metric string) []Series {
	times := a.grid.Starts()
	var out []Series
	for _, cur := range a.totals.currencies() {
		per := map[string][]float64{}
		for i, b := range a.totals.by[cur] {
			for reason, n := range b.byReason {
				if per[reason] == nil {
					per[reason] = make([]float64, len(times))
				}
				per[reason][i] += float64(n)
			}
		}
		for _, reason := range SortedKeys(per) {
			out = append(out, Series{Metric: metric, Name: "Disputes opened", Currency: cur, Unit: UnitCount, Times: times,
				Labels: map[string]string{DimensionDisputeReason: reason}, Values: per[reason]})
		}
	}
	return out
}

// OpenDisputes are the disputes still open, earliest evidence deadline first (a dispute without a
// deadline last), the order in which someone should answer them.
func OpenDisputes(all []records.Dispute, currencies []string) []records.Dispute {
	keep := InCurrencies(currencies)
	var out []records.Dispute
	for _, d := range all {
		if d.Open() && keep(d.Currency) {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := out[i].DueBy, out[j].DueBy
		if (di == 0) != (dj == 0) {
			return dj == 0
		}
		if di != dj {
			return di < dj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// DueWithin keeps the disputes that still need a response and whose evidence is due before
// deadline (Unix seconds): what an alert "a dispute needs an answer within N days" counts. A
// deadline already passed counts too: the answer is late, not unneeded.
func DueWithin(open []records.Dispute, deadline int64) []records.Dispute {
	var out []records.Dispute
	for _, d := range open {
		if d.NeedsResponse() && d.DueBy != 0 && d.DueBy <= deadline {
			out = append(out, d)
		}
	}
	return out
}

// OpenDisputeCounts is the number of open disputes per currency now, for alert rules. Listed
// currencies without an open dispute get 0.
func OpenDisputeCounts(open []records.Dispute, currencies []string) []Value {
	counts := map[string]int64{}
	for _, c := range currencies {
		counts[c] = 0
	}
	for _, d := range open {
		counts[d.Currency]++
	}
	var out []Value
	for _, cur := range SortedKeys(counts) {
		out = append(out, Value{Metric: "open_disputes", Name: "Open disputes", Currency: cur, Unit: UnitCount, Number: float64(counts[cur])})
	}
	return out
}
