package plugin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/fx"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/simulator"
)

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

// tableConversion converts the amounts of a table's rows, each at its own instant, rounded on its
// own; the first missing rate is kept. Rows are no buckets: the notice names each source uncounted.
type tableConversion struct {
	conv *fx.Converter
	err  error
}

func (c *tableConversion) amount(minor int64, currency string, at int64) int64 {
	return c.amountOwn(minor, currency, at, 0)
}

// amountOwn is amount with the rate on the row's own balance transaction (0: none).
func (c *tableConversion) amountOwn(minor int64, currency string, at int64, own float64) int64 {
	if c.err != nil || minor == 0 { // nothing needs no rate
		return 0
	}
	v, err := c.conv.Amount(minor, currency, at, -1, own)
	if err != nil {
		c.err = err
	}
	return v
}

// convertedTable adds to a table the columns columns converts (rates read for [from, to]), after
// the per-currency ones, with the rate notices.
func convertedTable(ctx context.Context, d *Datasource, r metricRequest, target string, table data.Frames, from, to time.Time,
	columns func(*tableConversion) []frames.ConvertedColumn) (data.Frames, error) {
	conv, err := d.converter(ctx, target, from, to)
	if err != nil {
		return nil, err
	}
	c := &tableConversion{conv: conv}
	cols := columns(c)
	if c.err != nil {
		return nil, convertError(c.err)
	}
	return frames.WithConvertedColumns(table, target, cols, fxNotices(conv)...), nil
}
