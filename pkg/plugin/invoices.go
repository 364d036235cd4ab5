package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
)

// invoiceMetrics are the catalog ids answered by invoiceMetric.
var invoiceMetrics = []string{"invoices_outstanding", "invoices_past_due", "invoices_by_status", "invoices_by_status_amount"}

// invoiceMetric reads every invoice (an invoice created long ago may still be open) and answers
// amounts outstanding at each bucket's end or invoices by status by creation. It needs only
// rak_invoice_read, so it does not go through the subscription history read.
func invoiceMetric(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	lists, err := d.invoiceLists(ctx, r.now)
	if err != nil {
		return nil, err
	}
	all := lists.All()
	var series []metrics.Series
	switch id := r.metric.ID; id {
	case "invoices_outstanding", "invoices_past_due":
		series = metrics.InvoicesOutstanding(all, r.grid, r.now.Unix(), r.query.Currencies, id == "invoices_past_due", id)
		if target, err := d.convertTarget(ctx, r.query); err != nil || target != "" {
			if err != nil {
				return nil, err
			}
			return convertLevelSeries(ctx, d, r, target, series)
		}
	case "invoices_by_status_amount":
		if target, err := d.convertTarget(ctx, r.query); err != nil || target != "" {
			if err != nil {
				return nil, err
			}
			return convertedInvoicesByStatus(ctx, d, r, target, all)
		}
		series = metrics.InvoicesByStatus(all, r.grid, r.query.Currencies, true, id)
	default:
		series = metrics.InvoicesByStatus(all, r.grid, r.query.Currencies, false, id)
	}
	return frames.TimeSeries(r.refID, series, emptyNotice(series, "invoices", r)...), nil
}

// invoiceLists is every invoice of the account, read once and shared by the invoice metrics and
// the MRR reconstruction (shared_read.go).
func (d *Datasource) invoiceLists(ctx context.Context, now time.Time) (fetch.InvoiceLists, error) {
	return d.invoiceListsAsOf(ctx, now, time.Time{})
}

// invoiceListsAsOf is invoiceLists current at least as of notBefore (a payment made then must
// find its invoice's payment): a read reused for being young enough must also be that recent.
func (d *Datasource) invoiceListsAsOf(ctx context.Context, now, notBefore time.Time) (fetch.InvoiceLists, error) {
	return d.invoices.getAsOf(ctx, now, notBefore, func(ctx context.Context, now time.Time) (fetch.InvoiceLists, error) {
		return fetch.Invoices(ctx, d.client, now, d.fetch.Paging())
	}, func(ctx context.Context, since, _ time.Time, old fetch.InvoiceLists) (fetch.InvoiceLists, error) {
		var subs []records.Subscription // their discounts resolve those invoice events name by id
		if b, ok := d.billing.latest(); ok {
			subs = b.Subscriptions
		}
		return fetch.UpdateInvoices(ctx, d.client, since, old, subs)
	})
}
