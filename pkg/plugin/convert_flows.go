package plugin

import (
	"context"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/fx"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
)

// flowConversion converts the amounts of the records a flow metric reads, each at its own
// instant, and keeps the first missing rate (a read callback cannot return it).
type flowConversion struct {
	conv *fx.Converter
	// bucket is the bucket an instant falls in (−1: outside), counted for the notice when counted.
	bucket  func(int64) int
	counted bool
	want    func(string) bool
	err     error
}

func newFlowConversion(conv *fx.Converter, r metricRequest) *flowConversion {
	return &flowConversion{conv: conv, bucket: r.grid.Index, counted: true, want: metrics.InCurrencies(r.query.Currencies)}
}

// newRangeConversion is newFlowConversion for a table over the panel's range [from, to): one
// span, no buckets to count.
func newRangeConversion(conv *fx.Converter, r metricRequest) *flowConversion {
	from, to := r.from.Unix(), r.to.Unix()
	return &flowConversion{conv: conv, want: metrics.InCurrencies(r.query.Currencies), bucket: func(at int64) int {
		if at < from || at >= to {
			return -1
		}
		return 0
	}}
}

// amounts converts one record's amounts (made at instant at in currency cur; own: the rate on its
// own balance transaction, 0 for none), each rounded on its own; false when the record is outside
// the grid or the currencies asked for, or a rate is missing.
func (f *flowConversion) amounts(cur string, at int64, own float64, minor ...int64) ([]int64, bool) {
	i := f.bucket(at)
	if f.err != nil || i < 0 || !f.want(cur) {
		return nil, false
	}
	if !f.counted {
		i = -1
	}
	out := make([]int64, len(minor))
	for k, v := range minor {
		var err error
		if out[k], err = f.conv.Amount(v, cur, at, i, own); err != nil {
			f.err = err
			return nil, false
		}
	}
	return out, true
}

// done is the read's error, else the first missing rate as the query answers it.
func (f *flowConversion) done(readErr error) error {
	if readErr != nil {
		return readErr
	}
	return convertError(f.err)
}

// convertedBalanceSeries is a balance metric in one currency: every balance transaction's
// amount and fee converted at the rate of its own instant (rounded half away from zero each),
// its net their difference, then summed as the per-currency metric is.
func convertedBalanceSeries(ctx context.Context, d *Datasource, r metricRequest, target string) (data.Frames, error) {
	conv, err := d.converter(ctx, target, r.grid.From(), r.grid.To())
	if err != nil {
		return nil, err
	}
	agg := metrics.NewBalanceActivity(r.grid, []string{target})
	fc := newFlowConversion(conv, r)
	err = d.fetch.BalanceTxns(ctx, r.grid.From(), r.grid.To(), func(bt records.BalanceTxn) {
		if v, ok := fc.amounts(bt.Currency, bt.Created, 0, bt.Amount, bt.Fee); ok {
			bt.Currency, bt.Amount, bt.Fee, bt.Net = target, v[0], v[1], v[0]-v[1]
			agg.Add(bt)
		}
	})
	if err := fc.done(err); err != nil {
		return nil, err
	}
	var series []metrics.Series
	if r.metric.ID == balanceByCategory {
		series = agg.NetByCategory(r.metric.ID)
	} else {
		series = agg.Series(metrics.BalanceFields[r.metric.ID])
	}
	return convertedFrames(r.refID, series, conv), nil
}

// convertedPaymentSeries is a payment amount in one currency: each charge converted on its own,
// at the exchange rate of its own balance transaction when Stripe settled it in the target
// currency (METRICS.md's first source), else at its instant's rate.
func convertedPaymentSeries(ctx context.Context, d *Datasource, r metricRequest, target string) (data.Frames, error) {
	conv, own, err := converterWithOwnRates(ctx, d, r, target, "charge")
	if err != nil {
		return nil, err
	}
	agg := metrics.NewPaymentActivity(r.grid, []string{target})
	fc := newFlowConversion(conv, r)
	err = d.fetch.Charges(ctx, r.grid.From(), r.grid.To(), chargeFilter(r).Wrap(func(c records.Charge) {
		if c.Status != "succeeded" && !metrics.Failed(c) {
			return
		}
		if v, ok := fc.amounts(c.Currency, c.Created, own[c.ID], c.Amount); ok {
			c.Currency, c.Amount = target, v[0]
			agg.Add(c)
		}
	}))
	if err := fc.done(err); err != nil {
		return nil, err
	}
	return convertedFrames(r.refID, agg.Series(metrics.PaymentFields[r.metric.ID]), conv), nil
}

// converterWithOwnRates is what a flow converted object by object needs over the panel's grid:
// the converter (the day's rates, the admin's table) and the object's own rates (ownRatesIn) for
// one reporting category.
func converterWithOwnRates(ctx context.Context, d *Datasource, r metricRequest, target, category string) (*fx.Converter, map[string]float64, error) {
	conv, err := d.converter(ctx, target, r.grid.From(), r.grid.To())
	if err != nil {
		return nil, nil, err
	}
	own, err := ownRatesIn(ctx, d, r.grid.From(), r.grid.To(), target, category)
	if err != nil {
		return nil, nil, err
	}
	return conv, own, nil
}

// ownRatesIn are the exchange rates on the balance transactions created in [from, to) of one
// reporting category (charge, dispute, …) that settled into target, by the id of the object
// behind each: METRICS.md's first source for that object's own amount in its presentment currency.
func ownRatesIn(ctx context.Context, d *Datasource, from, to time.Time, target, category string) (map[string]float64, error) {
	own := map[string]float64{}
	err := d.fetch.BalanceTxns(ctx, from, to, func(bt records.BalanceTxn) {
		if bt.Category == category && bt.Currency == target && bt.ExchangeRate > 0 && bt.Source != "" {
			own[bt.Source] = bt.ExchangeRate
		}
	})
	return own, err
}

// convertedDisputesOpened is the amount of disputes opened in one currency: each dispute at the
// exchange rate of its own withdrawal balance transaction when it settled in the target currency,
// else at its opening instant's rate.
func convertedDisputesOpened(ctx context.Context, d *Datasource, r metricRequest, target string) (data.Frames, error) {
	conv, own, err := converterWithOwnRates(ctx, d, r, target, "dispute")
	if err != nil {
		return nil, err
	}
	agg := metrics.NewDisputeActivity(r.grid, []string{target})
	fc := newFlowConversion(conv, r)
	err = d.fetch.Disputes(ctx, gridWindow(r), func(x records.Dispute) {
		if v, ok := fc.amounts(x.Currency, x.Created, own[x.ID], x.Amount); ok {
			x.Currency, x.Amount = target, v[0]
			agg.Add(x)
		}
	})
	if err := fc.done(err); err != nil {
		return nil, err
	}
	return convertedFrames(r.refID, agg.Opened(r.metric.ID, true), conv), nil
}

// convertedInvoicesByStatus is the amount due of the invoices created in each bucket, by status,
// in one currency: each invoice at its creation instant's rate (an invoice has no balance
// transaction of its own), then split by status as per currency.
func convertedInvoicesByStatus(ctx context.Context, d *Datasource, r metricRequest, target string, all []records.Invoice) (data.Frames, error) {
	conv, err := d.converter(ctx, target, r.grid.From(), r.grid.To())
	if err != nil {
		return nil, err
	}
	fc := newFlowConversion(conv, r)
	var converted []records.Invoice
	for _, in := range all { // copies: the list is shared with every other query
		if v, ok := fc.amounts(in.Currency, in.Created, 0, in.AmountDue); ok {
			in.Currency, in.AmountDue = target, v[0]
			converted = append(converted, in)
		}
	}
	if err := fc.done(nil); err != nil {
		return nil, err
	}
	return convertedFrames(r.refID, metrics.InvoicesByStatus(converted, r.grid, []string{target}, true, r.metric.ID), conv), nil
}

// revenueConversion converts the payments and refunds revenue by product splits; nil converts
// nothing.
type revenueConversion struct {
	fc                     *flowConversion
	target                 string
	ownCharges, ownRefunds map[string]float64
}

// newRevenueConversion converts the payments and refunds made in [from, to): into the grid's
// buckets for the series, over the range as a whole for the table (byRange).
func newRevenueConversion(ctx context.Context, d *Datasource, r metricRequest, target string, from, to time.Time, byRange bool) (*revenueConversion, error) {
	conv, err := d.converter(ctx, target, from, to)
	if err != nil {
		return nil, err
	}
	c := &revenueConversion{fc: newFlowConversion(conv, r), target: target}
	if byRange {
		c.fc = newRangeConversion(conv, r)
	}
	if c.ownCharges, err = ownRatesIn(ctx, d, from, to, target, "charge"); err != nil {
		return nil, err
	}
	if c.ownRefunds, err = ownRatesIn(ctx, d, from, to, target, "refund"); err != nil {
		return nil, err
	}
	return c, nil
}

// charge converts a payment's captured amount (at its own balance transaction's rate where it
// settled in the target); false when it is left out.
func (c *revenueConversion) charge(ch *records.Charge) bool {
	if c == nil {
		return true
	}
	v, ok := c.fc.amounts(ch.Currency, ch.Created, c.ownCharges[ch.ID], ch.AmountCaptured)
	if ok {
		ch.Currency, ch.AmountCaptured = c.target, v[0]
	}
	return ok
}

// refund converts a refund's amount the same way (its own balance transaction: the refund row).
func (c *revenueConversion) refund(re *records.ChargeRefund) bool {
	if c == nil {
		return true
	}
	v, ok := c.fc.amounts(re.Currency, re.Created, c.ownRefunds[re.ID], re.Amount)
	if ok {
		re.Currency, re.Amount = c.target, v[0]
	}
	return ok
}

// convertedCustomerCharges are the succeeded charges of the range with what each kept (its amount
// less what was refunded of it) converted on its own into target: at its own balance
// transaction's rate where it settled in the target, else at its instant's rate. Top customers
// then rank every customer in the one currency.
func convertedCustomerCharges(ctx context.Context, d *Datasource, r metricRequest, target string, charges []records.Charge) ([]records.Charge, *tableConversion, error) {
	// Rates up to now: the table's MRR is now's, whatever the range.
	conv, err := d.converter(ctx, target, r.from, r.now)
	if err != nil {
		return nil, nil, err
	}
	own, err := ownRatesIn(ctx, d, r.from, r.to, target, "charge")
	if err != nil {
		return nil, nil, err
	}
	tc := &tableConversion{conv: conv}
	out := make([]records.Charge, len(charges))
	for i, c := range charges {
		c.Amount, c.AmountRefunded = tc.amountOwn(c.Amount-c.AmountRefunded, c.Currency, c.Created, own[c.ID]), 0
		c.Currency = target
		out[i] = c
	}
	if tc.err != nil {
		return nil, nil, convertError(tc.err)
	}
	return out, tc, nil
}

// byCustomer converts a "customer currency" → MRR map into "customer target": each currency's MRR
// at instant at, rounded on its own, summed per customer.
func (c *tableConversion) byCustomer(mrr map[string]int64, target string, at int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range mrr {
		customer, currency, _ := strings.Cut(k, " ")
		out[customer+" "+target] += c.amount(v, currency, at)
	}
	return out
}

// wonConversion converts the amount of the disputes won in the grid: a won dispute's money comes
// back on its reinstatement (the dispute_reversal balance transaction), so each is converted at
// that row's own exchange rate where it settled in the target, else at its decision's instant
// (metrics.DecisionTime: the reinstatement, the closing event, else the opening).
type wonConversion struct {
	conv *fx.Converter
	r    metricRequest
	want func(string) bool
	own  map[string]float64
	err  error
}

func newWonConversion(ctx context.Context, d *Datasource, r metricRequest, target string) (*wonConversion, error) {
	conv, own, err := converterWithOwnRates(ctx, d, r, target, "dispute_reversal")
	if err != nil {
		return nil, err
	}
	return &wonConversion{conv: conv, r: r, want: metrics.InCurrencies(r.query.Currencies), own: own}, nil
}

// dispute is x with its amount in the target currency; false when it is left out (not won in
// the grid, or not in the currencies asked for).
func (c *wonConversion) dispute(x records.Dispute, closings map[string]records.DisputeClosing) (records.Dispute, bool) {
	at, _, decided := metrics.DecisionTime(x, closings)
	i := c.r.grid.Index(at)
	if c.err != nil || !decided || i < 0 || x.Status != "won" || !c.want(x.Currency) {
		return x, false
	}
	v, err := c.conv.Amount(x.Amount, x.Currency, at, i, c.own[x.ID])
	if err != nil {
		c.err = err
		return x, false
	}
	x.Currency, x.Amount = c.conv.To, v
	return x, true
}
