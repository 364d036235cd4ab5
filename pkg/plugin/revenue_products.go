package plugin

import (
	"context"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// productRevenueMetrics are the revenue series split by a dimension, by catalog id.
var productRevenueMetrics = map[string]string{
	"revenue_by_product": metrics.DimensionProduct,
	"revenue_by_price":   metrics.DimensionPrice,
}

// revenueByProduct splits the payments and refunds of the panel's buckets by product or price.
func revenueByProduct(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	dim := productRevenueMetrics[r.metric.ID]
	conv, currencies, err := revenueTarget(ctx, d, r, r.grid.From(), r.grid.To(), false)
	if err != nil {
		return nil, err
	}
	var agg *metrics.ProductRevenue
	names, notices, err := d.productRevenue(ctx, r, dim, r.grid.From(), r.grid.To(), conv, func(s *metrics.RevenueSplits) *metrics.ProductRevenue {
		agg = metrics.NewProductRevenue(r.grid, currencies, dim, s)
		return agg
	})
	if err != nil {
		return nil, err
	}
	series := agg.Series(r.metric.ID, "Revenue", r.query.TopN, names)
	if conv != nil {
		return convertedFrames(r.refID, series, conv.fc.conv, notices...), nil
	}
	return frames.TimeSeries(r.refID, series, append(emptyNotice(series, "payments or refunds", r), notices...)...), nil
}

// revenueTarget is the conversion the query asks for (nil: none) and the currencies the
// aggregation keeps: the target alone when converting, else the query's.
func revenueTarget(ctx context.Context, d *Datasource, r metricRequest, from, to time.Time, byRange bool) (*revenueConversion, []string, error) {
	target, err := d.convertTarget(ctx, r.query)
	if err != nil || target == "" {
		return nil, r.query.Currencies, err
	}
	conv, err := newRevenueConversion(ctx, d, r, target, from, to, byRange)
	return conv, []string{target}, err
}

// revenueByProductTable sums the payments and refunds of the panel's range by product.
func revenueByProductTable(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	conv, currencies, err := revenueTarget(ctx, d, r, r.from, r.to, true)
	if err != nil {
		return nil, err
	}
	var agg *metrics.ProductRevenue
	names, notices, err := d.productRevenue(ctx, r, metrics.DimensionProduct, r.from, r.to, conv, func(s *metrics.RevenueSplits) *metrics.ProductRevenue {
		agg = metrics.NewProductRevenueTotals(r.from, r.to, currencies, s)
		return agg
	})
	if err != nil {
		return nil, err
	}
	table := frames.RevenueByProductTable(r.refID, agg.Rows(names), d.dashboardURL())
	table[0].AppendNotices(notices...)
	if conv != nil {
		table[0].AppendNotices(fxNotices(conv.fc.conv)...)
	}
	return table, nil
}

// productRevenue reads what revenue by product needs, at once: every invoice with its lines and
// payments (the shared whole-history read MRR and the invoice metrics use), the charges and the
// refunds created in [from, to) (the Store), and the names of products (and prices). Once the
// invoices are read, start makes the aggregation that the charges and refunds are added to.
// Names the key may not read leave ids in the labels and a notice naming the permission. With conv,
// each payment and refund is converted before it is split.
func (d *Datasource) productRevenue(ctx context.Context, r metricRequest, dim string, from, to time.Time, conv *revenueConversion,
	start func(*metrics.RevenueSplits) *metrics.ProductRevenue) (metrics.RevenueNames, []data.Notice, error) {
	var (
		wg                sync.WaitGroup
		charges           []records.Charge
		refunds           []records.ChargeRefund
		names             metrics.RevenueNames
		notices           []data.Notice
		chargeErr, refErr error
		nameErr           error
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		chargeErr = d.fetch.Charges(ctx, from, to, func(c records.Charge) {
			if c.Status == "succeeded" {
				charges = append(charges, c)
			}
		})
	}()
	go func() {
		defer wg.Done()
		refErr = d.fetch.Refunds(ctx, from, to, func(re records.ChargeRefund) { refunds = append(refunds, re) })
	}()
	go func() {
		defer wg.Done()
		names, notices, nameErr = d.revenueNames(ctx, dim)
	}()
	lists, err := d.invoiceLists(ctx, r.now)
	wg.Wait()
	for _, e := range []error{err, chargeErr, refErr, nameErr} {
		if e != nil {
			return names, nil, e
		}
	}
	splits := metrics.NewRevenueSplits(lists.All())
	// A payment made since the invoices were last brought up to date may be of an invoice paid
	// since: bring them up to date (the events since, one request) rather than call it no invoice.
	if newest := unmatchedSince(splits, charges, refunds, d.invoices.checked()); !newest.IsZero() {
		if lists, err = d.invoiceListsAsOf(ctx, r.now, newest); err != nil {
			return names, nil, err
		}
		splits = metrics.NewRevenueSplits(lists.All())
	}
	agg := start(splits)
	for _, c := range charges {
		if conv.charge(&c) {
			agg.AddCharge(c)
		}
	}
	for _, re := range refunds {
		if conv.refund(&re) {
			agg.AddRefund(re)
		}
	}
	if conv != nil {
		return names, notices, conv.fc.done(nil)
	}
	return names, notices, nil
}

// unmatchedSince is the end of the second in which the newest payment or refund no invoice names
// was created, of those created at or after checked less a second (created has second
// resolution); zero when there is none.
func unmatchedSince(s *metrics.RevenueSplits, charges []records.Charge, refunds []records.ChargeRefund, checked time.Time) time.Time {
	from := checked.Unix() - 1
	var newest int64
	for _, c := range charges {
		if c.Created >= from && c.Created > newest && !s.Knows(c.PaymentKey()) {
			newest = c.Created
		}
	}
	for _, re := range refunds {
		if re.Created >= from && re.Created > newest && !s.Knows(re.PaymentKey()) {
			newest = re.Created
		}
	}
	if newest == 0 {
		return time.Time{}
	}
	return time.Unix(newest+1, 0)
}

// revenueNames are the products' names and, by price, the prices' terms. A key that may not read
// them is no failure: the labels keep the ids, and a notice says which permission names them.
func (d *Datasource) revenueNames(ctx context.Context, dim string) (metrics.RevenueNames, []data.Notice, error) {
	names := metrics.RevenueNames{Products: map[string]string{}}
	var notices []data.Notice
	missing := func(err error, what, permission string) error {
		if stripeapi.KindOf(err) != stripeapi.KindPermission {
			return err
		}
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: "The key may not read " + what + " ('" + permission + "'): the series are labelled with their ids."})
		return nil
	}
	err := d.fetch.Products(ctx, func(p records.Product) { names.Products[p.ID] = p.Name })
	if err = missing(err, "products", "rak_product_read"); err != nil {
		return names, nil, err
	}
	if dim != metrics.DimensionPrice {
		return names, notices, nil
	}
	names.Prices = map[string]metrics.PriceTerms{}
	err = d.fetch.Prices(ctx, func(p records.Price) {
		names.Prices[p.ID] = metrics.PriceTerms{Product: p.ProductName, UnitAmount: p.UnitAmount, Currency: p.Currency,
			Interval: p.Interval, IntervalCount: p.IntervalCount, Tiered: p.TiersMode != "" || len(p.Tiers) > 0}
	})
	if err = missing(err, "prices", "rak_plan_read"); err != nil {
		return names, nil, err
	}
	return names, notices, nil
}
