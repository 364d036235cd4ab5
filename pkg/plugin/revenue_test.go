package plugin

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// exponents are Stripe's (docs.stripe.com/currencies), written out here rather than taken from
// pkg/money so the test checks the conversion instead of repeating it.
var exponents = map[string]int{
	"bif": 0, "clp": 0, "djf": 0, "gnf": 0, "jpy": 0, "kmf": 0, "krw": 0, "mga": 0, "pyg": 0, "rwf": 0,
	"ugx": 0, "vnd": 0, "vuv": 0, "xaf": 0, "xof": 0, "xpf": 0,
	"bhd": 3, "jod": 3, "kwd": 3, "omr": 3, "tnd": 3,
}

func expOf(currency string) int {
	if exp, ok := exponents[currency]; ok {
		return exp
	}
	return 2
}

func minorUnits(v float64, currency string) int64 {
	return int64(math.Round(v * math.Pow10(expOf(currency))))
}

// framesByCurrency reads a timeseries-multi response into currency → bucket start → minor units.
func framesByCurrency(t *testing.T, frames data.Frames) map[string]map[int64]int64 {
	t.Helper()
	out := map[string]map[int64]int64{}
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti {
			t.Fatalf("frame %q is not timeseries-multi", f.Name)
		}
		cur := f.Fields[1].Labels["currency"]
		out[cur] = map[int64]int64{}
		for i := 0; i < f.Rows(); i++ {
			ts := f.Fields[0].At(i).(time.Time)
			out[cur][ts.Unix()] = minorUnits(f.Fields[1].At(i).(float64), cur)
		}
	}
	return out
}

// truthOf reads the ground-truth value of each balance metric out of a truth row.
var truthOf = map[string]func(truth.BalanceRow) int64{
	"net_revenue":     func(r truth.BalanceRow) int64 { return r.NetRevenue },
	"gross_volume":    func(r truth.BalanceRow) int64 { return r.Gross },
	"refunds":         func(r truth.BalanceRow) int64 { return r.Refunds },
	"refund_count":    func(r truth.BalanceRow) int64 { return int64(r.Rows["refund"]) },
	"disputes_lost":   func(r truth.BalanceRow) int64 { return r.Disputes },
	"fees":            func(r truth.BalanceRow) int64 { return r.Fees },
	"net_sales":       func(r truth.BalanceRow) int64 { return r.NetSales },
	"charge_failures": func(r truth.BalanceRow) int64 { return r.ChargeFailures },
	"payouts":         func(r truth.BalanceRow) int64 { return r.Payouts },
	"balance_change":  func(r truth.BalanceRow) int64 { return r.BalanceChange },
}

// The proof: on three seeded accounts, every balance metric equals the simulator's
// ground truth bucket by bucket, in UTC and in New York across the 2026-11-01 fall-back.
func TestBalanceMetricsMatchGroundTruth(t *testing.T) {
	from, to := truthRange()
	for _, profile := range truthProfiles {
		sim := simulate(t, profile, 7)
		ds := sim.datasource(t, nil)
		for _, loc := range truthZones() {
			for _, bucket := range []truth.Size{truth.Hour, truth.Day, truth.Week, truth.Month} {
				want, err := sim.acct.DefaultTruth().BalanceActivity(from, to, bucket, loc)
				if err != nil {
					t.Fatal(err)
				}
				for metric, value := range truthOf {
					if bucket != truth.Day && metric != "net_revenue" {
						continue // every metric by day; every bucket size on net revenue
					}
					t.Run(fmt.Sprintf("%s/%s/%s/%s", profile, loc, bucket, metric), func(t *testing.T) {
						r := run(t, ds, map[string]any{"metric": metric, "bucket": string(bucket), "timeZone": loc.String()}, from, to)
						got := framesByCurrency(t, r.Frames)
						checked := 0
						for _, s := range want {
							g, ok := got[s.Currency]
							if !ok {
								t.Fatalf("no %s series; got %v", s.Currency, keys(got))
							}
							if len(g) != len(s.Rows) {
								t.Errorf("%s: %d buckets, truth has %d", s.Currency, len(g), len(s.Rows))
							}
							for _, row := range s.Rows {
								v, ok := g[row.Start.Unix()]
								if !ok {
									t.Errorf("%s: no bucket at %s", s.Currency, row.Start)
									continue
								}
								if metric == "refund_count" {
									v = int64(math.Round(float64(v) / math.Pow10(expOf(s.Currency)))) // counts are not amounts
								}
								if v != value(row) {
									t.Errorf("%s %s: %s %d, truth %d", s.Currency, row.Start, metric, v, value(row))
								}
								if value(row) != 0 {
									checked++
								}
							}
						}
						if len(got) != len(want) {
							t.Errorf("currencies %v, truth has %d", keys(got), len(want))
						}
						if checked == 0 && metric != "charge_failures" {
							t.Fatal("every bucket is zero: the test would not catch a wrong sum")
						}
					})
				}
			}
		}
	}
}

func keys(m map[string]map[int64]int64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A currency filter keeps the currencies asked for; a real currency the account never used is an
// all-zero series (codes Stripe does not have are refused: TestCurrencyOptionRefusesCodesStripeDoesNotHave).
func TestNetRevenueCurrencyFilter(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, nil)
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	r := run(t, ds, map[string]any{"metric": "net_revenue", "bucket": "day", "currencies": []string{"EUR", "chf"}}, from, from.AddDate(0, 0, 7))
	got := framesByCurrency(t, r.Frames)
	if len(got) != 2 || got["eur"] == nil || got["chf"] == nil {
		t.Fatalf("want eur and an all-zero chf series, got %v", keys(got))
	}
	for ts, v := range got["chf"] {
		if v != 0 {
			t.Errorf("chf at %d = %d", ts, v)
		}
	}
}

// Golden file of the frame shape: names, labels, units, decimals, data-plane type.
func TestNetRevenueGoldenFrames(t *testing.T) {
	sim := simulate(t, "zero_and_three_decimal", 7)
	ds := sim.datasource(t, map[string]any{"timeZone": "America/New_York"})
	from := time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC)
	r := run(t, ds, map[string]any{"metric": "net_revenue", "bucket": "day"}, from, from.AddDate(0, 0, 4))
	experimental.CheckGoldenJSONResponse(t, "testdata", "net_revenue_day_new_york", &r, *updateGolden)
}

func TestEveryCatalogMetricHasAHandler(t *testing.T) {
	for _, m := range catalog.Get().Metrics {
		if _, ok := handlers[m.ID]; !ok {
			t.Errorf("catalog metric %s has no handler", m.ID)
		}
	}
	for id := range handlers {
		if _, ok := catalog.Get().Metric(id); !ok {
			t.Errorf("handler %s is not in the catalog, so no editor can ask for it", id)
		}
	}
	for id := range truthOf {
		if _, ok := handlers[id]; !ok {
			t.Errorf("the truth test checks %s, which has no handler", id)
		}
	}
	if len(truthOf) != len(metrics.BalanceFields) {
		t.Errorf("%d balance metrics but %d are checked against the truth", len(metrics.BalanceFields), len(truthOf))
	}
}

func TestBalanceByCategoryMatchesGroundTruth(t *testing.T) {
	ny := newYork()
	from, to := truthRange()
	sim := simulate(t, "heavy_refunds_disputes", 7)
	want, b, err := sim.acct.DefaultTruth().NetByCategory(from, to, truth.Day, ny)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, sim.datasource(t, nil), map[string]any{"metric": "balance_by_category", "bucket": "day", "timeZone": ny.String()}, from, to)
	seen := 0
	for _, f := range r.Frames {
		cur, cat := f.Fields[1].Labels["currency"], f.Fields[1].Labels["reporting_category"]
		w := want[cur][cat]
		if w == nil {
			t.Errorf("series %s/%s has no truth", cur, cat)
			continue
		}
		seen++
		for i := range w {
			if !f.Fields[0].At(i).(time.Time).Equal(b.Starts[i]) || minorUnits(f.Fields[1].At(i).(float64), cur) != w[i] {
				t.Errorf("%s/%s %s: %v, truth %d", cur, cat, b.Starts[i], f.Fields[1].At(i), w[i])
			}
		}
	}
	total := 0
	for _, cats := range want {
		total += len(cats)
	}
	if seen != total || total < 4 {
		t.Errorf("%d series, truth has %d (currency, category) pairs", seen, total)
	}
}
