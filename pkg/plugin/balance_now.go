package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
)

// balanceNow reads /v1/balance: a point-in-time value per currency and balance type.
func balanceNow(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
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
	return frames.Numeric(r.refID, metrics.BalanceNow(amounts, r.query.Currencies)), nil
}
