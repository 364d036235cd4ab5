package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/mrr"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// eventSources reads the events of each catalog annotation kind in the dashboard's range.
// TestEveryAnnotationAndVariableIsServed checks that the catalog and this map agree.
var eventSources = map[string]func(ctx context.Context, d *Datasource, r metricRequest, f metrics.EventFilter) ([]metrics.Event, error){
	"disputes_opened": func(ctx context.Context, d *Datasource, r metricRequest, f metrics.EventFilter) ([]metrics.Event, error) {
		var all []records.Dispute
		err := d.fetch.Disputes(ctx, stripeapi.WindowFor(r.from, r.to), func(x records.Dispute) { all = append(all, x) })
		return metrics.DisputeEvents(all, f), err
	},
	"payouts": func(ctx context.Context, d *Datasource, r metricRequest, f metrics.EventFilter) ([]metrics.Event, error) {
		payouts, err := fetch.Payouts(ctx, d.client, stripeapi.WindowFor(r.from, r.to))
		return metrics.PayoutEvents(payouts, f), err
	},
	"large_refunds": func(ctx context.Context, d *Datasource, r metricRequest, f metrics.EventFilter) ([]metrics.Event, error) {
		refunds, err := fetch.Refunds(ctx, d.client, r.from, r.to)
		return metrics.RefundEvents(refunds, f), err
	},
	"churn": func(ctx context.Context, d *Datasource, r metricRequest, f metrics.EventFilter) ([]metrics.Event, error) {
		rec, _, err := reconstruct(ctx, d, r)
		if err != nil {
			return nil, err
		}
		return mrr.ChurnEvents(rec.movements(), f), nil
	},
}

// annotations answers an annotation query: the events of one kind in the dashboard's range,
// each with a link to its object in the Stripe Dashboard.
func annotations(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	f := metrics.EventFilter{From: r.from.Unix(), To: r.to.Unix(), Currencies: r.query.Currencies, MinAmount: r.query.MinAmount}
	events, err := eventSources[r.query.Annotation](ctx, d, r, f)
	if err != nil {
		return nil, err
	}
	return frames.Annotations(r.refID, events, d.dashboardURL()), nil
}
