package plugin

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// exponents are Stripe's (docs.stripe.com/currencies), written out here rather than taken from
// pkg/money so the test checks the conversion instead of repeating it.
var exponents = map[string]int{"jpy": 0, "kwd": 3}

func minorUnits(v float64, currency string) int64 {
	exp, ok := exponents[currency]
	if !ok {
		exp = 2
	}
	return int64(math.Round(v * math.Pow10(exp)))
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

// The proof: on three seeded accounts, net revenue equals the simulator's ground truth
// bucket by bucket, in UTC and in New York across the 2026-11-01 fall-back.
func TestNetRevenueMatchesGroundTruth(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	from := time.Date(2026, 10, 20, 0, 0, 0, 0, ny)
	to := time.Date(2026, 11, 12, 0, 0, 0, 0, ny)
	for _, profile := range []string{"multi_currency", "zero_and_three_decimal", "heavy_refunds_disputes"} {
		sim := simulate(t, profile, 7)
		ds := sim.datasource(t, nil)
		for _, loc := range []*time.Location{time.UTC, ny} {
			for _, bucket := range []truth.Size{truth.Hour, truth.Day, truth.Week, truth.Month} {
				t.Run(fmt.Sprintf("%s/%s/%s", profile, loc, bucket), func(t *testing.T) {
					want, err := sim.acct.DefaultTruth().BalanceActivity(from, to, bucket, loc)
					if err != nil {
						t.Fatal(err)
					}
					r := run(t, ds, map[string]any{"metric": "net_revenue", "bucket": string(bucket), "timeZone": loc.String()}, from, to)
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
							if v != row.NetRevenue {
								t.Errorf("%s %s: net revenue %d, truth %d", s.Currency, row.Start, v, row.NetRevenue)
							}
							if row.NetRevenue != 0 {
								checked++
							}
						}
					}
					if len(got) != len(want) {
						t.Errorf("currencies %v, truth has %d", keys(got), len(want))
					}
					if checked == 0 {
						t.Fatal("every bucket is zero: the test would not catch a wrong sum")
					}
				})
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

func TestNetRevenueCurrencyFilter(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	ds := sim.datasource(t, nil)
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	r := run(t, ds, map[string]any{"metric": "net_revenue", "bucket": "day", "currencies": []string{"EUR", "xyz"}}, from, from.AddDate(0, 0, 7))
	got := framesByCurrency(t, r.Frames)
	if len(got) != 2 || got["eur"] == nil || got["xyz"] == nil {
		t.Fatalf("want eur and an all-zero xyz series, got %v", keys(got))
	}
	for ts, v := range got["xyz"] {
		if v != 0 {
			t.Errorf("xyz at %d = %d", ts, v)
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
