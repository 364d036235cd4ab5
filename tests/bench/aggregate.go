package main

import (
	"context"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// aggregationRate is the in-process throughput from the warm cache: every balance record of the
// closed days of the range (no request: the open edge is left out), summed into daily buckets,
// five times, in records per second.
func aggregationRate(st *fetch.Store, from time.Time) float64 {
	grid, err := timebucket.NewGrid(from, now.Truncate(24*time.Hour), timebucket.Day, time.UTC)
	check(err)
	agg := metrics.NewBalanceActivity(grid, nil)
	n := 0
	t := time.Now()
	for range 5 {
		check(st.BalanceTxns(context.Background(), grid.From(), grid.To(), func(b records.BalanceTxn) { n++; agg.Add(b) }))
	}
	return float64(n) / time.Since(t).Seconds()
}
