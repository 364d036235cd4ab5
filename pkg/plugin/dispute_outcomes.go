package plugin

import (
	"context"
	"errors"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// disputeOutcomeMetrics are the won and lost series, by catalog id.
var disputeOutcomeMetrics = map[string]struct {
	won, amount bool
}{
	"disputes_won":        {won: true},
	"disputes_won_amount": {won: true, amount: true},
	"disputes_lost_count": {},
}

// disputeOutcomes counts disputes by when they were decided. Every dispute is read (one opened
// long ago may be decided inside the range); decisions are dated by the reinstated funds, the
// closed events of the last 30 days, or else by when the dispute was opened, which the panel says.
func disputeOutcomes(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	var notices []data.Notice
	closings, err := fetch.DisputeClosings(ctx, d.client, stripeapi.WindowFor(r.grid.From(), r.grid.To()))
	var se *stripeapi.Error
	if errors.As(err, &se) && se.Kind == stripeapi.KindPermission {
		// The outcomes can still be counted; only their dating gets coarser. Say which permission would fix it.
		closings, err = nil, nil
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityWarning, Text: fmt.Sprintf(
			"The key cannot read events (%s), so lost disputes are dated by when they were opened. Add that permission to date them by their decision.", se.Permission)})
	}
	if err != nil {
		return nil, err
	}
	m := disputeOutcomeMetrics[r.metric.ID]
	target, err := d.convertTarget(ctx, r.query)
	if err != nil {
		return nil, err
	}
	currencies, add := r.query.Currencies, func(x records.Dispute) (records.Dispute, bool) { return x, true }
	var conv *wonConversion
	if target != "" { // only the won amount takes convertTo
		if conv, err = newWonConversion(ctx, d, r, target); err != nil {
			return nil, err
		}
		currencies = []string{target}
		add = func(x records.Dispute) (records.Dispute, bool) { return conv.dispute(x, closings) }
	}
	agg := metrics.NewDisputeOutcomes(r.grid, currencies)
	if err := d.fetch.Disputes(ctx, stripeapi.Window{}, func(x records.Dispute) {
		if x, ok := add(x); ok {
			agg.Add(x, closings)
		}
	}); err != nil {
		return nil, err
	}
	if conv != nil && conv.err != nil {
		return nil, convertError(conv.err)
	}
	series := agg.Lost(r.metric.ID, m.amount)
	if m.won {
		series = agg.Won(r.metric.ID, m.amount)
	}
	if agg.DatedByCreation > 0 && len(notices) == 0 {
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(
			"%d decisions in this range are older than the 30 days of events Stripe keeps and are counted when the dispute was opened.", agg.DatedByCreation)})
	}
	if conv != nil {
		return convertedFrames(r.refID, series, conv.conv, notices...), nil
	}
	return frames.TimeSeries(r.refID, series, append(notices, emptyNotice(series, "decided disputes", r)...)...), nil
}

// disputeRate is disputes opened over successful charges, per bucket and presentment currency.
func disputeRate(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	disputes, err := disputeActivity(ctx, d, r)
	if err != nil {
		return nil, err
	}
	payments, err := paymentActivity(ctx, d, r)
	if err != nil {
		return nil, err
	}
	series := metrics.DisputeRate(r.metric.ID, disputes, payments)
	return frames.TimeSeries(r.refID, series, emptyNotice(series, "charges", r)...), nil
}

// refundsTable lists the refunds booked in the panel's range.
func refundsTable(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	refunds, err := fetch.Refunds(ctx, d.client, r.from, r.to)
	if err != nil {
		return nil, err
	}
	rows := metrics.RefundRows(refunds, r.query.Currencies)
	table := frames.RefundsTable(r.refID, rows, d.dashboardURL())
	target, err := d.convertTarget(ctx, r.query)
	if err != nil || target == "" {
		return table, err
	}
	return convertedTable(ctx, d, r, target, table, r.from, r.to, func(c *tableConversion) []frames.ConvertedColumn {
		amounts := make([]int64, len(rows))
		for i, re := range rows {
			amounts[i] = c.amount(re.Amount, re.Currency, re.Created)
		}
		return []frames.ConvertedColumn{{After: "Amount", Name: "Amount", Minor: amounts}}
	})
}
