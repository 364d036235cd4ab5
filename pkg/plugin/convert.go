package plugin

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/fx"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// accountCurrency is the account's default currency (/v1/account), asked once per instance: it
// is what convertTo "default" means when the settings name no reporting currency.
type accountCurrency struct {
	mu  sync.Mutex
	cur string
}

// reportingCurrency is the data source's reporting currency: the setting, else the account's
// default currency.
func (d *Datasource) reportingCurrency(ctx context.Context) (string, error) {
	if d.settings.ReportingCurrency != "" {
		return d.settings.ReportingCurrency, nil
	}
	if d.settings.Source == models.SourceDemo {
		return simulator.DemoCurrency(), nil // the demo's key may not read /v1/account either
	}
	d.account.mu.Lock()
	defer d.account.mu.Unlock()
	if d.account.cur != "" {
		return d.account.cur, nil
	}
	acct, err := d.client.Account(ctx)
	if stripeapi.KindOf(err) == stripeapi.KindPermission {
		// Restricted keys may not read /v1/account unless they hold rak_connected_account_read.
		return "", queryError("Convert to \"default\" is the data source's reporting currency, and none is set: Stripe refused this key the account's default currency (GET /v1/account needs the permission rak_connected_account_read, which most restricted keys lack). Set Reporting currency in the data source settings, or give the query a currency code.")
	}
	if err != nil {
		return "", err
	}
	if acct == nil || acct.DefaultCurrency == "" {
		return "", queryError("Stripe names no default currency for this account, so Convert to \"default\" has nothing to convert into: set Reporting currency in the data source settings, or give the query a currency code.")
	}
	d.account.cur = strings.ToLower(string(acct.DefaultCurrency))
	return d.account.cur, nil
}

// convertTarget is the currency the query converts into; empty for one series per currency.
func (d *Datasource) convertTarget(ctx context.Context, q models.Query) (string, error) {
	if q.ConvertTo == models.ConvertDefault {
		return d.reportingCurrency(ctx)
	}
	return q.ConvertTo, nil
}

// rateDays is how far before an instant the day's rates are read: the lookback and the day itself.
const rateDays = fx.Lookback + 1

// converter reads the rates Stripe applied on the account's balance transactions from rateDays
// before from until to (each charge row's rate, its pair named by the charge's presentment
// currency) and joins them with the settings' table.
func (d *Datasource) converter(ctx context.Context, target string, from, to time.Time) (*fx.Converter, error) {
	from = from.Add(-rateDays * 24 * time.Hour)
	if now := d.now(); to.After(now) {
		to = now
	}
	var rows []records.BalanceTxn
	if err := d.fetch.BalanceTxns(ctx, from, to, func(bt records.BalanceTxn) {
		if bt.Category == "charge" && bt.ExchangeRate > 0 && bt.Source != "" {
			rows = append(rows, bt)
		}
	}); err != nil {
		return nil, err
	}
	presented := map[string]string{}
	if len(rows) > 0 {
		// A charge's balance transaction is made when it is: a day's margin covers the seconds between.
		if err := d.fetch.Charges(ctx, from.Add(-24*time.Hour), to, func(c records.Charge) { presented[c.ID] = c.Currency }); err != nil {
			return nil, err
		}
	}
	obs := make([]fx.Observation, 0, len(rows))
	for _, bt := range rows {
		if cur := presented[bt.Source]; cur != "" && cur != bt.Currency {
			obs = append(obs, fx.Observation{From: cur, To: bt.Currency, At: bt.Created, Rate: bt.ExchangeRate, Weight: bt.Amount})
		}
	}
	table := make([]fx.TableEntry, 0, len(d.settings.ExchangeRates))
	for _, e := range d.settings.ExchangeRates {
		to := e.To
		if to == "" {
			var err error
			if to, err = d.reportingCurrency(ctx); err != nil {
				return nil, err
			}
		}
		table = append(table, fx.TableEntry{From: e.Currency, To: to, Rate: e.Rate, ValidFrom: e.ValidFromUnix()})
	}
	if d.settings.Source == models.SourceDemo && len(table) == 0 {
		table = demoRateTable(target, from, to)
	}
	return fx.NewConverter(target, fx.NewRates(obs, table)), nil
}

// demoRateTable stands in for the admin's table on the demo account: the simulated market's own
// rate of each of its currencies into target, one row per UTC day of the range.
func demoRateTable(target string, from, to time.Time) []fx.TableEntry {
	var out []fx.TableEntry
	for d := fx.Day(from.Unix()); d <= fx.Day(to.Unix()); d++ {
		for _, c := range simulator.DemoCurrencies() {
			if c != target {
				out = append(out, fx.TableEntry{From: c, To: target, Rate: simulator.DemoRate(d, c, target), ValidFrom: d * 86400})
			}
		}
	}
	return out
}

// convertError is a conversion's error as the query answers it: a missing rate is a 400 naming
// the pair and the setting.
func convertError(err error) error {
	if _, ok := err.(*fx.MissingRateError); ok {
		return queryError(err.Error())
	}
	return err
}

// fxNotices says, per source currency, which rate source served it and in how many buckets.
func fxNotices(conv *fx.Converter) []data.Notice {
	out := []data.Notice{{Severity: data.NoticeSeverityInfo, Text: fmt.Sprintf(
		"Converted into %s, each amount at the rate of its own time: that of its own balance transaction, else the rates Stripe applied that day (or up to %d days before) on the account's balance transactions, else the rate table in the data source settings.",
		strings.ToUpper(conv.To), fx.Lookback)}}
	for _, u := range conv.Usage() {
		out = append(out, data.Notice{Severity: data.NoticeSeverityInfo, Text: u.Describe(conv.To) + "."})
	}
	return out
}

// convertedFrames builds the frames of converted series: each named as converted (beside the
// per-currency series of the same metric a legend must tell "MRR (USD)" of US customers from
// everyone's MRR in dollars), with the rate notices.
func convertedFrames(refID string, series []metrics.Series, conv *fx.Converter, notices ...data.Notice) data.Frames {
	for i := range series {
		series[i].Name += ", converted"
	}
	return frames.TimeSeries(refID, series, append(notices, fxNotices(conv)...)...)
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
	want := metrics.InCurrencies(r.query.Currencies)
	var convErr error
	err = d.fetch.BalanceTxns(ctx, r.grid.From(), r.grid.To(), func(bt records.BalanceTxn) {
		i := r.grid.Index(bt.Created)
		if convErr != nil || i < 0 || !want(bt.Currency) {
			return
		}
		amount, err := conv.Amount(bt.Amount, bt.Currency, bt.Created, i, 0)
		if err != nil {
			convErr = err
			return
		}
		fee, err := conv.Amount(bt.Fee, bt.Currency, bt.Created, i, 0)
		if err != nil {
			convErr = err
			return
		}
		bt.Currency, bt.Amount, bt.Fee, bt.Net = target, amount, fee, amount-fee
		agg.Add(bt)
	})
	if err != nil {
		return nil, err
	}
	if convErr != nil {
		return nil, convertError(convErr)
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
	conv, err := d.converter(ctx, target, r.grid.From(), r.grid.To())
	if err != nil {
		return nil, err
	}
	own, err := ownRates(ctx, d, r, target, "charge")
	if err != nil {
		return nil, err
	}
	agg := metrics.NewPaymentActivity(r.grid, []string{target})
	want := metrics.InCurrencies(r.query.Currencies)
	var convErr error
	err = d.fetch.Charges(ctx, r.grid.From(), r.grid.To(), chargeFilter(r).Wrap(func(c records.Charge) {
		i := r.grid.Index(c.Created)
		if convErr != nil || i < 0 || !want(c.Currency) || (c.Status != "succeeded" && !metrics.Failed(c)) {
			return
		}
		amount, err := conv.Amount(c.Amount, c.Currency, c.Created, i, own[c.ID])
		if err != nil {
			convErr = err
			return
		}
		c.Currency, c.Amount = target, amount
		agg.Add(c)
	}))
	if err != nil {
		return nil, err
	}
	if convErr != nil {
		return nil, convertError(convErr)
	}
	return convertedFrames(r.refID, agg.Series(metrics.PaymentFields[r.metric.ID]), conv), nil
}

// convertLevelSeries answers a level metric (a value per currency at each bucket's end) in one
// currency when the query asks for it: each currency's level at the bucket's level instant times
// its rate then (metrics.ConvertLevels). target empty: the series as they are.
func convertLevelSeries(ctx context.Context, d *Datasource, r metricRequest, target string, series []metrics.Series, notices ...data.Notice) (data.Frames, error) {
	conv, err := d.converter(ctx, target, r.grid.From(), r.grid.To())
	if err != nil {
		return nil, err
	}
	converted, err := metrics.ConvertLevels(series, r.grid.LevelInstants(r.now.Unix()), conv)
	if err != nil {
		return nil, convertError(err)
	}
	if len(converted) == 0 { // nothing held in any currency: a zero series in the target, not a gap
		converted = []metrics.Series{{Metric: r.metric.ID, Name: r.metric.Label, Currency: target, Unit: metrics.UnitMoney,
			Times: r.grid.Starts(), Minor: make([]int64, r.grid.Len())}}
	}
	return convertedFrames(r.refID, converted, conv, notices...), nil
}

// ownRates are the exchange rates on the balance transactions of one reporting category (charge,
// dispute) that settled into target, by the id of the object behind each: METRICS.md's first
// source for that object's own amount in its presentment currency.
func ownRates(ctx context.Context, d *Datasource, r metricRequest, target, category string) (map[string]float64, error) {
	own := map[string]float64{}
	err := d.fetch.BalanceTxns(ctx, r.grid.From(), r.grid.To(), func(bt records.BalanceTxn) {
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
	conv, err := d.converter(ctx, target, r.grid.From(), r.grid.To())
	if err != nil {
		return nil, err
	}
	own, err := ownRates(ctx, d, r, target, "dispute")
	if err != nil {
		return nil, err
	}
	agg := metrics.NewDisputeActivity(r.grid, []string{target})
	want := metrics.InCurrencies(r.query.Currencies)
	var convErr error
	err = d.fetch.Disputes(ctx, gridWindow(r), func(x records.Dispute) {
		i := r.grid.Index(x.Created)
		if convErr != nil || i < 0 || !want(x.Currency) {
			return
		}
		amount, err := conv.Amount(x.Amount, x.Currency, x.Created, i, own[x.ID])
		if err != nil {
			convErr = err
			return
		}
		x.Currency, x.Amount = target, amount
		agg.Add(x)
	})
	if err != nil {
		return nil, err
	}
	if convErr != nil {
		return nil, convertError(convErr)
	}
	return convertedFrames(r.refID, agg.Opened(r.metric.ID, true), conv), nil
}
