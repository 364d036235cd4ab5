package metrics

import (
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// BalanceHistory walks the balance back in time: Stripe only says what the balance is now, and
// every balance transaction moved it by its net when it was created, so the balance at a past
// instant is today's balance minus the net of everything created since. Feed it every balance
// transaction created from the grid's start until now.
type BalanceHistory struct {
	grid timebucket.Grid
	now  int64
	// after[cur][i] is the net of transactions created at or after the end of bucket i (and
	// before now); summed from the end it gives the correction for each bucket end.
	after map[string][]int64
}

// NewBalanceHistory starts a walk over grid ending at now.
func NewBalanceHistory(grid timebucket.Grid, now int64) *BalanceHistory {
	return &BalanceHistory{grid: grid, now: now, after: map[string][]int64{}}
}

// Add takes one balance transaction.
func (h *BalanceHistory) Add(r records.BalanceTxn) {
	if r.Created >= h.now {
		return
	}
	i := h.grid.Index(r.Created)
	if i < 0 {
		if r.Created < h.grid.From().Unix() {
			return // before the first bucket: it is in every value already
		}
		i = h.grid.Len() // after the last bucket (the range ends before now)
	}
	nets, ok := h.after[r.Currency]
	if !ok {
		nets = make([]int64, h.grid.Len()+1)
		h.after[r.Currency] = nets
	}
	nets[i] += r.Net
}

// Series returns the balance per currency at each bucket's end, or now for the bucket in
// progress; buckets that start after now have no value yet and repeat the present balance.
// current is the total balance (available + pending) per currency from /v1/balance.
func (h *BalanceHistory) Series(current map[string]int64, currencies []string) []Series {
	keep := map[string]bool{}
	for _, c := range currencies {
		keep[c] = true
	}
	all := map[string]bool{}
	for c := range current {
		all[c] = true
	}
	for c := range h.after {
		all[c] = true
	}
	for c := range keep { // asked for by name and never held: 0 throughout, as flows answer
		all[c] = true
	}
	times := h.grid.Starts()
	var out []Series
	for _, cur := range SortedKeys(all) {
		if len(keep) > 0 && !keep[cur] {
			continue
		}
		nets := h.after[cur]
		if nets == nil {
			nets = make([]int64, h.grid.Len()+1)
		}
		values := make([]int64, h.grid.Len())
		level := current[cur]
		// Walk from the newest bucket back: the value at the end of bucket i is the balance now
		// minus what bucket i+1 onwards added.
		for i := h.grid.Len() - 1; i >= 0; i-- {
			level -= nets[i+1]
			values[i] = level
		}
		out = append(out, Series{Metric: "balance_over_time", Name: "Balance", Currency: cur, Unit: UnitMoney, Times: times, Minor: values})
	}
	return out
}
