package plugin

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// subscriptionRange lies inside the 30 days of events, where the API states every change, so
// the served MRR must equal the truth exactly. It crosses the 2026-11-01 fall-back in New York.
func subscriptionRange() (from, to time.Time) {
	return time.Date(2026, 10, 24, 0, 0, 0, 0, newYork()), testNow
}

// seriesByLabels reads timeseries-multi frames into "currency/label" → bucket start → value.
func seriesByLabels(t *testing.T, frames data.Frames, label string) map[string]map[int64]int64 {
	t.Helper()
	out := map[string]map[int64]int64{}
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti {
			t.Fatalf("frame %q is not timeseries-multi", f.Name)
		}
		cur := f.Fields[1].Labels["currency"]
		k := cur + "/" + f.Fields[1].Labels[label]
		out[k] = map[int64]int64{}
		for i := 0; i < f.Rows(); i++ {
			ts := f.Fields[0].At(i).(time.Time)
			v := f.Fields[1].At(i).(float64)
			if cur != "" {
				out[k][ts.Unix()] = minorUnits(v, cur)
			} else {
				out[k][ts.Unix()] = int64(v)
			}
		}
	}
	return out
}

// subscriptionZones: every query reads the whole billing history (multi_currency: ~15 s), so
// the larger account is checked in the zone with a DST change only.
var subscriptionZones = map[string][]*time.Location{"tiny": truthZones(), "multi_currency": {newYork()}}

// The served MRR, its movements and the active subscribers equal the simulator's ground truth
// day by day in UTC and New York, and the subscriptions table's MRR equals each subscription's
// truth now.
func TestSubscriptionMetricsMatchGroundTruth(t *testing.T) {
	from, to := subscriptionRange()
	for _, profile := range []string{"tiny", "multi_currency"} {
		sim := simulate(t, profile, 7)
		ds := sim.datasource(t, map[string]any{"rateLimit": 10000, "endpointRateLimit": 10000}) // a local simulator: no need to pace requests
		tr := sim.acct.DefaultTruth()
		for _, loc := range subscriptionZones[profile] {
			want, err := tr.MRR(from, to, truth.Day, loc)
			if err != nil {
				t.Fatal(err)
			}
			levels := seriesByLabels(t, run(t, ds, map[string]any{"metric": "mrr", "bucket": "day", "timeZone": loc.String()}, from, to).Frames, "")
			moves := seriesByLabels(t, run(t, ds, map[string]any{"metric": "mrr_movements", "bucket": "day", "timeZone": loc.String()}, from, to).Frames, "movement")
			for _, ws := range want {
				for _, row := range ws.Rows {
					at := row.Start.Unix()
					if got := levels[ws.Currency+"/"][at]; got != row.MRR {
						t.Errorf("%s %s %s %s: MRR %d, truth %d", profile, loc, ws.Currency, row.Start.Format(time.DateOnly), got, row.MRR)
					}
					for kind, w := range map[string]int64{"new": row.New, "reactivation": row.Reactivation, "expansion": row.Expansion,
						"contraction": row.Contraction, "churn": row.Churn} {
						if got := moves[ws.Currency+"/"+kind][at]; got != w {
							t.Errorf("%s %s %s %s: %s MRR %d, truth %d", profile, loc, ws.Currency, row.Start.Format(time.DateOnly), kind, got, w)
						}
					}
				}
			}
		}
		if profile != "tiny" {
			continue
		}
		subs := run(t, ds, map[string]any{"metric": "active_subscribers", "bucket": "day"}, from, to).Frames
		active := seriesByLabels(t, subs, "")["/"]
		for at, got := range active {
			end := time.Unix(at, 0).AddDate(0, 0, 1)
			if end.After(testNow) {
				end = testNow.Add(time.Second)
			}
			if _, w := tr.ActiveSubscribers(end.Add(-time.Second)); int64(w) != got {
				t.Errorf("%s %s: active subscribers %d, truth %d", profile, time.Unix(at, 0).UTC().Format(time.DateOnly), got, w)
			}
		}
		table := run(t, ds, map[string]any{"metric": "subscriptions_table"}, from, to).Frames[0]
		for i := 0; i < table.Rows(); i++ {
			id, cur := table.Fields[0].At(i).(string), table.Fields[3].At(i).(string)
			w, ok := tr.SubscriptionMRRAt(id, testNow)
			if got := minorUnits(table.Fields[4].At(i).(float64), cur); !ok || got != w {
				t.Errorf("%s %s: table MRR %d, truth %d", profile, id, got, w)
			}
		}
		if n := len(sim.acct.Model.Subscriptions); table.Rows() != n {
			t.Errorf("%s: table has %d subscriptions, the account %d", profile, table.Rows(), n)
		}
	}
}

// The discounts option reaches the reconstruction: with every coupon subtracted MRR now equals
// the truth under the same choice.
func TestMRRDiscountOptionMatchesTruth(t *testing.T) {
	sim := simulate(t, "tiny", 7)
	ds := sim.datasource(t, map[string]any{"rateLimit": 10000, "endpointRateLimit": 10000}) // a local simulator: no need to pace requests
	from, to := subscriptionRange()
	tr := sim.acct.Truth(truth.Options{SubtractForeverDiscounts: true, SubtractTemporaryDiscounts: true})
	got := seriesByLabels(t, run(t, ds, map[string]any{"metric": "mrr", "bucket": "day", "discounts": "all", "timeZone": "UTC"}, from, to).Frames, "")
	today := time.Date(testNow.Year(), testNow.Month(), testNow.Day(), 0, 0, 0, 0, time.UTC).Unix()
	for cur, w := range tr.MRRAt(testNow) {
		if g := got[cur+"/"][today]; g != w {
			t.Errorf("%s: MRR now with every discount %d, truth %d", cur, g, w)
		}
	}
}
