package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
)

// failureDimensions maps the dimensioned payment metrics to the dimension they split by.
var failureDimensions = map[string]struct{ name, dimension string }{
	"payment_failures_by_reason":  {"Failed payments", metrics.DimensionReason},
	"payment_failures_by_outcome": {"Failed payments", metrics.DimensionOutcome},
}

// paymentSeries sums charges into the query's buckets.
func paymentSeries(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	agg, err := paymentActivity(ctx, d, r)
	if err != nil {
		return nil, err
	}
	var series []metrics.Series
	if dim, ok := failureDimensions[r.metric.ID]; ok {
		series = agg.FailuresBy(r.metric.ID, dim.name, dim.dimension, r.query.TopN)
	} else {
		series = agg.Series(metrics.PaymentFields[r.metric.ID])
	}
	return frames.TimeSeries(r.refID, series, emptyNotice(series, "charges", r)...), nil
}

// failedPaymentsTable lists the failed attempts created in the panel's range.
func failedPaymentsTable(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	var charges []records.Charge
	keep := chargeFilter(r).Wrap(func(c records.Charge) {
		if metrics.Failed(c) { // only the rows, not every charge of the range
			charges = append(charges, c)
		}
	})
	if err := d.fetch.Charges(ctx, r.from, r.to, keep); err != nil {
		return nil, err
	}
	return frames.FailedPaymentsTable(r.refID, metrics.FailedPayments(charges, r.query.Currencies), d.dashboardURL()), nil
}

// chargeFilter is the query's customer and payment-method selection.
func chargeFilter(r metricRequest) metrics.ChargeFilter {
	return metrics.ChargeFilter{Customer: r.query.Customer, PaymentMethodType: r.query.PaymentMethodType}
}
