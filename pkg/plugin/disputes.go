package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// disputesOpened counts disputes by when they were opened.
func disputesOpened(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	if target, err := d.convertTarget(ctx, r.query); err != nil || target != "" {
		if err != nil {
			return nil, err
		}
		return convertedDisputesOpened(ctx, d, r, target)
	}
	agg, err := disputeActivity(ctx, d, r)
	if err != nil {
		return nil, err
	}
	var series []metrics.Series
	switch r.metric.ID {
	case "disputes_opened_amount":
		series = agg.Opened(r.metric.ID, true)
	case "disputes_opened_by_reason":
		series = agg.OpenedByReason(r.metric.ID)
	default:
		series = agg.Opened(r.metric.ID, false)
	}
	return frames.TimeSeries(r.refID, series, emptyNotice(series, "disputes", r)...), nil
}

// openDisputes reads every dispute (a dispute opened long ago can still be open) and answers
// the number open now per currency, or the table of them.
func openDisputes(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	var all []records.Dispute
	if err := d.fetch.Disputes(ctx, stripeapi.Window{}, func(x records.Dispute) { all = append(all, x) }); err != nil {
		return nil, err
	}
	open := metrics.OpenDisputes(all, r.query.Currencies)
	if days := r.query.DueWithinDays; days > 0 {
		open = metrics.DueWithin(open, r.now.AddDate(0, 0, days).Unix())
	}
	if r.metric.ID == "open_disputes_table" {
		table := frames.OpenDisputesTable(r.refID, open, r.now, d.dashboardURL())
		target, err := d.convertTarget(ctx, r.query)
		if err != nil || target == "" || len(open) == 0 {
			return table, err
		}
		return convertedOpenDisputes(ctx, d, r, target, open, table)
	}
	return frames.Numeric(r.refID, metrics.OpenDisputeCounts(open, r.query.Currencies)), nil
}

// dashboardURL is the Stripe Dashboard's address for the key's mode, for links in tables.
func (d *Datasource) dashboardURL() string {
	if d.settings.Source == models.SourceDemo || !d.client.Key().Live() {
		return "https://dashboard.stripe.com/test/"
	}
	return "https://dashboard.stripe.com/"
}

// convertedOpenDisputes adds the amount in the target currency to the open disputes table: each
// dispute at its withdrawal's own exchange rate where Stripe settled it in the target, else at
// its opening instant's rate, like the amount of disputes opened.
func convertedOpenDisputes(ctx context.Context, d *Datasource, r metricRequest, target string, open []records.Dispute, table data.Frames) (data.Frames, error) {
	first := open[0].Created
	for _, x := range open {
		first = min(first, x.Created)
	}
	from := time.Unix(first, 0)
	own, err := ownRatesIn(ctx, d, from, r.now, target, "dispute")
	if err != nil {
		return nil, err
	}
	return convertedTable(ctx, d, r, target, table, from, r.now, func(c *tableConversion) []frames.ConvertedColumn {
		amounts := make([]int64, len(open))
		for i, x := range open {
			amounts[i] = c.amountOwn(x.Amount, x.Currency, x.Created, own[x.ID])
		}
		return []frames.ConvertedColumn{{After: "Amount", Name: "Amount", Minor: amounts}}
	})
}
