package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
)

// balanceNow reads /v1/balance: a point-in-time value per currency and balance type.
func balanceNow(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	amounts, err := currentBalance(ctx, d)
	if err != nil {
		return nil, err
	}
	target, err := d.convertTarget(ctx, r.query)
	if err != nil || target == "" {
		return frames.Numeric(r.refID, metrics.BalanceNow(amounts, r.query.Currencies)), err
	}
	// One balance in the target: each currency's available and pending at now's rate, summed,
	// each rounded once (a level at the instant now).
	conv, err := d.converter(ctx, target, r.now.Add(-24*time.Hour), r.now)
	if err != nil {
		return nil, err
	}
	want := metrics.InCurrencies(r.query.Currencies)
	var levels []metrics.Series
	for _, a := range amounts {
		if want(a.Currency) {
			levels = append(levels, metrics.Series{Currency: a.Currency, Minor: []int64{a.Available}, Labels: map[string]string{"type": "available"}},
				metrics.Series{Currency: a.Currency, Minor: []int64{a.Pending}, Labels: map[string]string{"type": "pending"}})
		}
	}
	converted, err := metrics.ConvertLevels(levels, []int64{r.now.Unix()}, conv)
	if err != nil {
		return nil, convertError(err)
	}
	total := metrics.BalanceAmounts{Currency: target}
	for _, s := range converted {
		if s.Labels["type"] == "available" {
			total.Available = s.Minor[0]
		} else {
			total.Pending = s.Minor[0]
		}
	}
	return frames.Numeric(r.refID, metrics.BalanceNow([]metrics.BalanceAmounts{total}, nil), fxNotices(conv)...), nil
}

// balanceOverTime walks the present balance back through the ledger to each bucket's end.
func balanceOverTime(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	amounts, err := currentBalance(ctx, d)
	if err != nil {
		return nil, err
	}
	now := r.now.Unix()
	walk := metrics.NewBalanceHistory(r.grid, now)
	// Everything from the first bucket to now moved the balance between then and today; a range
	// that starts after now repeats the present balance and needs nothing read.
	if r.grid.From().Before(r.now) {
		if err := d.fetch.BalanceTxns(ctx, r.grid.From(), r.now, walk.Add); err != nil {
			return nil, err
		}
	}
	current := map[string]int64{}
	for _, a := range amounts {
		current[a.Currency] = a.Available + a.Pending
	}
	series := walk.Series(current, r.query.Currencies)
	if target, err := d.convertTarget(ctx, r.query); err != nil || target != "" {
		if err != nil {
			return nil, err
		}
		return convertLevelSeries(ctx, d, r, target, series)
	}
	return frames.TimeSeries(r.refID, series, emptyNotice(series, "balance", r)...), nil
}

// currentBalance reads /v1/balance into one entry per currency.
func currentBalance(ctx context.Context, d *Datasource) ([]metrics.BalanceAmounts, error) {
	b, err := d.client.Balance(ctx)
	if err != nil {
		return nil, err
	}
	byCurrency := map[string]*metrics.BalanceAmounts{}
	get := func(cur string) *metrics.BalanceAmounts {
		if a, ok := byCurrency[cur]; ok {
			return a
		}
		a := &metrics.BalanceAmounts{Currency: cur}
		byCurrency[cur] = a
		return a
	}
	for _, a := range b.Available {
		get(string(a.Currency)).Available += a.Amount
	}
	for _, a := range b.Pending {
		get(string(a.Currency)).Pending += a.Amount
	}
	amounts := make([]metrics.BalanceAmounts, 0, len(byCurrency))
	for _, a := range byCurrency {
		amounts = append(amounts, *a)
	}
	return amounts, nil
}
