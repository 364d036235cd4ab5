package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// failureDimensions maps the dimensioned payment metrics to the dimension they split by.
var failureDimensions = map[string]struct{ name, dimension string }{
	"payment_failures_by_reason":  {"Failed payments", metrics.DimensionReason},
	"payment_failures_by_outcome": {"Failed payments", metrics.DimensionOutcome},
}

// paymentSeries sums charges into the query's buckets.
func paymentSeries(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	if target, err := d.convertTarget(ctx, r.query); err != nil || target != "" {
		if err != nil {
			return nil, err
		}
		return convertedPaymentSeries(ctx, d, r, target)
	}
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
	notices := emptyNotice(series, "charges", r)
	if len(series) == 0 && r.query.Customer != "" {
		if notices, err = customerNotice(ctx, d, r, "charges"); err != nil {
			return nil, err
		}
	}
	return frames.TimeSeries(r.refID, series, notices...), nil
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
	rows := metrics.FailedPayments(charges, r.query.Currencies)
	table := frames.FailedPaymentsTable(r.refID, rows, d.dashboardURL())
	if len(charges) == 0 && r.query.Customer != "" {
		notices, err := customerNotice(ctx, d, r, "failed payments")
		if err != nil {
			return nil, err
		}
		table[0].AppendNotices(notices...)
	}
	target, err := d.convertTarget(ctx, r.query)
	if err != nil || target == "" {
		return table, err
	}
	// A failed payment moved no money: no balance transaction of its own, its instant's rate.
	return convertedTable(ctx, d, r, target, table, r.from, r.to, func(c *tableConversion) []frames.ConvertedColumn {
		amounts := make([]int64, len(rows))
		for i, ch := range rows {
			amounts[i] = c.amount(ch.Amount, ch.Currency, ch.Created)
		}
		return []frames.ConvertedColumn{{After: "Amount", Name: "Amount", Minor: amounts}}
	})
}

// customerNotice explains an empty answer to a query filtered by customer: a customer id that
// names no customer is an error (a typo must not read as "no charges", nor an alert rule as 0);
// an existing customer without any in the range gets a notice saying so.
func customerNotice(ctx context.Context, d *Datasource, r metricRequest, what string) ([]data.Notice, error) {
	id := r.query.Customer
	_, err := d.client.RetrieveObject(ctx, "customer", id)
	between := fmt.Sprintf("between %s and %s", r.from.UTC().Format(time.RFC3339), r.to.UTC().Format(time.RFC3339))
	switch stripeapi.KindOf(err) {
	case "":
		if err != nil {
			return nil, err
		}
		return []data.Notice{{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf("Customer %s has no %s %s.", id, what, between)}}, nil
	case stripeapi.KindNotFound:
		return nil, queryError(fmt.Sprintf("Stripe has no customer %s in this account: check the customer id (cus_…) in the query options.", id))
	case stripeapi.KindPermission:
		return []data.Notice{{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(
			"Customer %s has no %s %s, or no such customer exists: the key may not read customers ('rak_customer_read'), so the plugin cannot tell.", id, what, between)}}, nil
	}
	return nil, err
}

// chargeFilter is the query's customer and payment-method selection.
func chargeFilter(r metricRequest) metrics.ChargeFilter {
	return metrics.ChargeFilter{Customer: r.query.Customer, PaymentMethodType: r.query.PaymentMethodType}
}
