package plugin

import (
	"context"
	"fmt"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// The activity sums behind the ledger, payment and dispute panels are shared by the panels that
// ask for the same buckets and selection over the same records (fetch.Summarize): a dashboard's
// net revenue, gross volume, fees and payouts panels sum the ledger once.

// balanceActivity is the balance ledger of the query's grid summed into its buckets.
func balanceActivity(ctx context.Context, d *Datasource, r metricRequest) (*metrics.BalanceActivity, error) {
	return fetch.Summarize(ctx, d.fetch.BalanceCache(), gridWindow(r), summaryKey(r, metrics.ChargeFilter{}),
		func() *metrics.BalanceActivity { return metrics.NewBalanceActivity(r.grid, r.query.Currencies) },
		(*metrics.BalanceActivity).Add)
}

// paymentActivity is the charges of the query's grid and selection summed into its buckets.
func paymentActivity(ctx context.Context, d *Datasource, r metricRequest) (*metrics.PaymentActivity, error) {
	filter := chargeFilter(r)
	return fetch.Summarize(ctx, d.fetch.ChargeCache(), gridWindow(r), summaryKey(r, filter),
		func() *metrics.PaymentActivity { return metrics.NewPaymentActivity(r.grid, r.query.Currencies) },
		func(a *metrics.PaymentActivity, c records.Charge) {
			if filter.Keep(c) {
				a.Add(c)
			}
		})
}

// disputeActivity is the disputes opened in the query's grid counted into its buckets.
func disputeActivity(ctx context.Context, d *Datasource, r metricRequest) (*metrics.DisputeActivity, error) {
	return fetch.Summarize(ctx, d.fetch.DisputeCache(), gridWindow(r), summaryKey(r, metrics.ChargeFilter{}),
		func() *metrics.DisputeActivity { return metrics.NewDisputeActivity(r.grid, r.query.Currencies) },
		(*metrics.DisputeActivity).Add)
}

func gridWindow(r metricRequest) stripeapi.Window {
	return stripeapi.WindowFor(r.grid.From(), r.grid.To())
}

// summaryKey names what makes two summaries of the same records differ: the buckets, the
// currencies and the charge selection.
func summaryKey(r metricRequest, f metrics.ChargeFilter) string {
	return fmt.Sprintf("%s|%q|%+v", r.grid.Key(), r.query.Currencies, f)
}
