package plugin

import (
	"context"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/mrr"
)

// subscriptionMetrics are the catalog ids answered by subscriptionMetric.
var subscriptionMetrics = []string{"mrr", "arr", "mrr_movements", "net_new_mrr", "active_subscribers", "subscriptions_by_status",
	"new_subscriptions", "churned_subscriptions", "subscriber_churn_rate", "revenue_churn", "net_revenue_churn", "arpu",
	"trial_conversion", "subscriptions_table", "mrr_movements_table", "ltv", "cohort_retention"}

// mrrOptions turns the query's subscription options into the reconstruction's.
func mrrOptions(q models.Query) mrr.Options {
	o := mrr.DefaultOptions()
	o.SubtractForeverDiscounts = q.Discounts != models.DiscountsNone
	o.SubtractTemporaryDiscounts = q.Discounts == models.DiscountsAll
	o.ChurnAtCancellation = q.ChurnMoment == models.ChurnAtCancellation
	o.PausedCountsMRR = q.Paused == models.PausedValue
	if q.Metered == models.MeteredLastInvoice {
		o.Metered = mrr.MeteredLastInvoice
	}
	if q.Breakdown != models.BreakdownNone && (q.Metric == "mrr" || q.Metric == "arr") {
		o.Breakdown = q.Breakdown
	}
	return o
}

// reconstruct reads the account's billing history and rebuilds every subscription's MRR.
func reconstruct(ctx context.Context, d *Datasource, r metricRequest) (*reconstruction, []data.Notice, error) {
	// The invoices and the rest of the history are separate shared reads (the invoice metrics
	// need only the first), read at the same time.
	var lists fetch.InvoiceLists
	invoicesRead := make(chan error, 1)
	go func() {
		var err error
		lists, err = d.invoiceLists(ctx, r.now)
		invoicesRead <- err
	}()
	b, err := d.billing.get(ctx, r.now, func(ctx context.Context, now time.Time) (*fetch.Billing, error) {
		return fetch.ReadBilling(ctx, d.client, now, d.fetch.Paging())
	}, func(ctx context.Context, since, now time.Time, old *fetch.Billing) (*fetch.Billing, error) {
		// The events are listed while the invoices are brought up to date beside this.
		return fetch.UpdateBilling(ctx, d.client, since, now, old, func() (fetch.InvoiceLists, error) { return d.invoiceLists(ctx, now) })
	})
	if ierr := <-invoicesRead; err == nil {
		err = ierr
	}
	if err != nil {
		return nil, nil, err
	}
	rec := d.reconstructions.get(b, lists.Subscription, mrrOptions(r.query), r.now)
	notices := make([]data.Notice, 0, len(rec.res.Notices))
	for _, n := range rec.res.Notices {
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: n})
	}
	return rec, notices, nil
}

// subscriptionMetric answers every subscription metric from one reconstruction.
func subscriptionMetric(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	target, err := d.convertTarget(ctx, r.query)
	if err != nil {
		return nil, err
	}
	if target != "" && mrrOptions(r.query).Breakdown != "" {
		return nil, queryError("MRR broken down by " + r.query.Breakdown + " cannot be converted into one currency yet: set Breakdown to none, or clear Convert to.")
	}
	rec, notices, err := reconstruct(ctx, d, r)
	if err != nil {
		return nil, err
	}
	if target != "" && r.metric.Kind != catalog.KindTable {
		return convertedSubscriptionMetric(ctx, d, r, rec, target, notices)
	}
	subs, now, id, cur := rec.res.Subscriptions, r.now.Unix(), r.metric.ID, r.query.Currencies
	switch id {
	case "subscriptions_table":
		rows := subscriptionRows(subs, now, cur)
		table := frames.SubscriptionsTable(r.refID, rows, d.dashboardURL(), notices...)
		if target == "" {
			return table, nil
		}
		return convertedTable(ctx, d, r, target, table, r.now.Add(-24*time.Hour), r.now, func(c *tableConversion) []frames.ConvertedColumn {
			mrr := make([]int64, len(rows))
			for i, row := range rows {
				mrr[i] = c.amount(row.MRR, row.Currency, now)
			}
			return []frames.ConvertedColumn{{After: "MRR", Name: "MRR", Minor: mrr}}
		})
	case "mrr_movements_table":
		rows := movementRows(rec.movements(), r.from, r.to, cur)
		table := frames.MovementsTable(r.refID, rows, notices...)
		if target == "" {
			return table, nil
		}
		return convertedTable(ctx, d, r, target, table, r.from, r.to, func(c *tableConversion) []frames.ConvertedColumn {
			before, after := make([]int64, len(rows)), make([]int64, len(rows))
			for i, row := range rows {
				before[i], after[i] = c.amount(row.Before, row.Currency, row.At.Unix()), c.amount(row.After, row.Currency, row.At.Unix())
			}
			return []frames.ConvertedColumn{{After: "MRR before", Name: "MRR before", Minor: before}, {After: "MRR after", Name: "MRR after", Minor: after}}
		})
	case "cohort_retention":
		return cohortRetention(rec, r, notices)
	}
	var series []metrics.Series
	switch id {
	case "mrr", "arr":
		factor, name := int64(1), "MRR"
		if id == "arr" {
			factor, name = 12, "ARR"
		}
		var by []string
		if b := mrrOptions(r.query).Breakdown; b != "" {
			by = []string{b}
		}
		series = mrr.MRRSeries(subs, r.grid, now, id, name, factor, cur, by...)
	case "subscriptions_by_status":
		series = mrr.SubscriptionsByStatus(subs, r.grid, now, id)
	case "trial_conversion":
		series = mrr.TrialConversion(subs, r.grid, now, id)
	case "new_subscriptions":
		series, _ = mrr.StartsAndEnds(subs, r.grid, cur, id, id)
	case "churned_subscriptions":
		_, series = mrr.StartsAndEnds(subs, r.grid, cur, id, id)
	default:
		series = movementMetric(id, subs, rec.movements(), r)
	}
	return frames.TimeSeries(r.refID, series, append(notices, emptyNotice(series, "subscriptions", r)...)...), nil
}

// movementMetric answers the metrics read from customer movements.
func movementMetric(id string, subs []mrr.SubscriptionMRR, movs []mrr.Movement, r metricRequest) []metrics.Series {
	now, cur := r.now.Unix(), r.query.Currencies
	switch id {
	case "active_subscribers":
		return mrr.ActiveSubscribers(movs, r.grid, now, id)
	case "subscriber_churn_rate":
		return mrr.SubscriberChurnRate(movs, r.grid, now, id)
	case "arpu":
		return mrr.ARPU(subs, movs, r.grid, now, id, cur)
	case "ltv":
		return mrr.LTV(subs, movs, r.grid, now, id, cur)
	}
	flows := mrr.BucketMovements(movs, r.grid, cur)
	switch id {
	case "mrr_movements":
		return flows.Series(id)
	case "net_new_mrr":
		return flows.NetNew(id)
	case "revenue_churn":
		return flows.RevenueChurn(id)
	default: // net_revenue_churn
		return flows.NetRevenueChurn(id, subs, now)
	}
}

// subscriptionRows lists every subscription in the asked currencies, largest MRR first.
func subscriptionRows(subs []mrr.SubscriptionMRR, now int64, currencies []string) []frames.SubscriptionRow {
	keep := metrics.InCurrencies(currencies)
	var rows []frames.SubscriptionRow
	for i := range subs {
		s := &subs[i]
		if !keep(s.Currency) {
			continue
		}
		rows = append(rows, frames.SubscriptionRow{ID: s.ID, Customer: s.Customer, Status: s.Status, Currency: s.Currency, MRR: s.At(now)})
	}
	// Largest MRR first, ties by id: the rows' order must not depend on the order the
	// subscriptions were read in (shards finish in any order).
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].MRR != rows[j].MRR {
			return rows[i].MRR > rows[j].MRR
		}
		return rows[i].ID < rows[j].ID
	})
	return rows
}

// movementRows lists the movements in [from, to), newest first.
func movementRows(movs []mrr.Movement, from, to time.Time, currencies []string) []frames.MovementRow {
	keep := metrics.InCurrencies(currencies)
	var rows []frames.MovementRow
	for i := len(movs) - 1; i >= 0; i-- {
		m := movs[i]
		if m.At < from.Unix() || m.At >= to.Unix() || !keep(m.Currency) {
			continue
		}
		rows = append(rows, frames.MovementRow{At: time.Unix(m.At, 0).UTC(), Customer: m.Customer, Subscription: m.Subscription,
			Kind: m.Kind, Currency: m.Currency, Before: m.Before, After: m.After})
	}
	return rows
}

// convertedSubscriptionMetric answers MRR, ARR, the movements (with fx) and net new MRR in one
// currency, each subscription's MRR converted per instant (mrr.Convert).
func convertedSubscriptionMetric(ctx context.Context, d *Datasource, r metricRequest, rec *reconstruction, target string, notices []data.Notice) (data.Frames, error) {
	conv, err := d.converter(ctx, target, r.grid.From(), r.grid.To())
	if err != nil {
		return nil, err
	}
	c, err := mrr.Convert(rec.res.Subscriptions, rec.movements(), r.grid, r.now.Unix(), r.query.Currencies, conv)
	if err != nil {
		return nil, convertError(err)
	}
	var series []metrics.Series
	switch r.metric.ID {
	case "mrr":
		series = c.Levels(r.metric.ID, "MRR", 1)
	case "arr":
		series = c.Levels(r.metric.ID, "ARR", 12)
	case "mrr_movements":
		series = c.Series(r.metric.ID)
	case "net_new_mrr":
		series = c.NetNew(r.metric.ID)
	case "revenue_churn":
		series = c.RevenueChurn(r.metric.ID)
	case "arpu":
		series = c.ARPU(r.metric.ID, rec.movements(), r.now.Unix(), r.query.Currencies)
	case "ltv":
		series = c.LTV(r.metric.ID, rec.movements(), r.now.Unix(), r.query.Currencies)
	default:
		return nil, queryError(r.metric.Label + " cannot be converted into one currency yet: clear Convert to.")
	}
	return convertedFrames(r.refID, series, conv, notices...), nil
}

// cohortRetention answers cohort_retention: the cohorts of the months the panel's range overlaps,
// as a table or as heatmap rows (option format).
func cohortRetention(rec *reconstruction, r metricRequest, notices []data.Notice) (data.Frames, error) {
	q := r.query
	revenue := q.Retention == models.RetentionRevenue
	rows, err := mrr.CohortRetention(rec.movements(), mrr.CohortOptions{From: r.from, To: r.to, Loc: r.loc, Now: r.now.Unix(),
		Months: q.CohortMonths, Revenue: revenue, Currencies: q.Currencies})
	if err != nil {
		return nil, queryError(err.Error())
	}
	if q.Format == models.FormatHeatmap {
		return frames.CohortHeatmap(r.refID, rows, q.CohortMonths, notices...), nil
	}
	return frames.CohortTable(r.refID, rows, q.CohortMonths, revenue, notices...), nil
}
