package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
)

// failureTopN bounds the failure-reason dimension: the five most frequent reasons, then "other".
const failureTopN = 5

// failureDimensions maps the dimensioned payment metrics to the dimension they split by.
var failureDimensions = map[string]struct{ name, dimension string }{
	"payment_failures_by_reason":  {"Failed payments", metrics.DimensionReason},
	"payment_failures_by_outcome": {"Failed payments", metrics.DimensionOutcome},
}

// paymentSeries sums charges into the query's buckets while pages arrive.
func paymentSeries(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	agg := metrics.NewPaymentActivity(r.grid, r.query.Currencies)
	if err := d.fetch.Charges(ctx, r.grid.From(), r.grid.To(), agg.Add); err != nil {
		return nil, err
	}
	var series []metrics.Series
	if dim, ok := failureDimensions[r.metric.ID]; ok {
		series = agg.FailuresBy(r.metric.ID, dim.name, dim.dimension, failureTopN)
	} else {
		series = agg.Series(metrics.PaymentFields[r.metric.ID])
	}
	return frames.TimeSeries(r.refID, series, emptyNotice(series, "charges", r)...), nil
}

// failedPaymentsTable lists the failed attempts created in the panel's range.
func failedPaymentsTable(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	var charges []records.Charge
	if err := d.fetch.Charges(ctx, r.from, r.to, func(c records.Charge) { charges = append(charges, c) }); err != nil {
		return nil, err
	}
	return frames.FailedPaymentsTable(r.refID, metrics.FailedPayments(charges, r.query.Currencies), d.dashboardURL()), nil
}
