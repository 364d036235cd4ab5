package plugin

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
)

// balanceByCategory is the breakdown of balance activity by reporting category.
const balanceByCategory = "balance_by_category"

// balanceSeries sums balance transactions into the query's buckets.
func balanceSeries(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	if target, err := d.convertTarget(ctx, r.query); err != nil || target != "" {
		if err != nil {
			return nil, err
		}
		return convertedBalanceSeries(ctx, d, r, target)
	}
	field := metrics.BalanceFields[r.metric.ID]
	agg, err := balanceActivity(ctx, d, r)
	if err != nil {
		return nil, err
	}
	var series []metrics.Series
	if r.metric.ID == balanceByCategory {
		series = agg.NetByCategory(r.metric.ID)
	} else {
		series = agg.Series(field)
	}
	return frames.TimeSeries(r.refID, series, emptyNotice(series, "balance transactions", r)...), nil
}

// emptyNotice tells the panel why it has no series: Stripe had nothing of the kind in the range.
func emptyNotice(series []metrics.Series, what string, r metricRequest) []data.Notice {
	if len(series) > 0 {
		return nil
	}
	return []data.Notice{{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf("Stripe has no %s between %s and %s.",
		what, r.grid.From().Format(time.RFC3339), r.grid.To().Format(time.RFC3339))}}
}
