package mrr_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/mrr"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// windowGrid is the daily grid of the event window (where the API states everything), in UTC.
func windowGrid(t *testing.T, a *account) timebucket.Grid {
	from := time.Unix(a.billing.EventsFrom, 0).UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
	g, err := timebucket.NewGrid(from, testNow, timebucket.Unit("day"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func byCurrency(series []metrics.Series) map[string]metrics.Series {
	out := map[string]metrics.Series{}
	for _, s := range series {
		out[s.Currency+"/"+s.Labels["movement"]] = s
	}
	return out
}

// TestSeriesMatchTruthInTheEventWindow: MRR, movements per kind, net new MRR, subscribers,
// subscriptions by status and trial conversion per day over the event window equal the truth's.
func TestSeriesMatchTruthInTheEventWindow(t *testing.T) {
	for _, profile := range []string{"small", "multi_currency"} {
		t.Run(profile, func(t *testing.T) {
			a := simulated(t, profile)
			res := mrr.Reconstruct(a.input(), mrr.DefaultOptions())
			movs := mrr.Movements(res.Subscriptions)
			g := windowGrid(t, a)
			now := testNow.Unix()
			tr := a.acct.DefaultTruth()
			want, err := tr.MRR(g.From(), g.To(), truth.Day, time.UTC)
			if err != nil {
				t.Fatal(err)
			}
			levels := byCurrency(mrr.MRRSeries(res.Subscriptions, g, now, "mrr", "MRR", 1, nil))
			flows := mrr.BucketMovements(movs, g, nil)
			kinds := byCurrency(flows.Series("mrr_movements"))
			netNew := byCurrency(flows.NetNew("net_new_mrr"))
			for _, ws := range want {
				for i, row := range ws.Rows {
					day := row.Start.Format("2006-01-02")
					if got := levels[ws.Currency+"/"].Minor[i]; got != row.MRR {
						t.Errorf("%s %s: MRR %d, truth %d", ws.Currency, day, got, row.MRR)
					}
					for kind, w := range map[string]int64{mrr.MoveNew: row.New, mrr.MoveReactivation: row.Reactivation,
						mrr.MoveExpansion: row.Expansion, mrr.MoveContraction: row.Contraction, mrr.MoveChurn: row.Churn} {
						if got := kinds[ws.Currency+"/"+kind].Minor[i]; got != w {
							t.Errorf("%s %s: %s %d, truth %d", ws.Currency, day, kind, got, w)
						}
					}
					if got := netNew[ws.Currency+"/"].Minor[i]; got != row.NetNew {
						t.Errorf("%s %s: net new %d, truth %d", ws.Currency, day, got, row.NetNew)
					}
				}
			}
			active := mrr.ActiveSubscribers(movs, g, now, "active_subscribers")[0]
			status := mrr.SubscriptionsByStatus(res.Subscriptions, g, now, "subscriptions_by_status")
			trials := mrr.TrialConversion(res.Subscriptions, g, now, "trial_conversion")[0]
			for i, start := range g.Starts() {
				end := g.To()
				if i+1 < g.Len() {
					end = g.Start(i + 1)
				}
				at := time.Unix(min(end.Unix()-1, now), 0)
				if _, total := tr.ActiveSubscribers(at); float64(total) != active.Values[i] {
					t.Errorf("%s: active subscribers %v, truth %d", start.Format("2006-01-02"), active.Values[i], total)
				}
				wantStatus := tr.SubscriptionsByStatus(at)
				for _, s := range status {
					if w := wantStatus[s.Labels["status"]]; float64(w) != s.Values[i] {
						t.Errorf("%s: %s subscriptions %v, truth %d", start.Format("2006-01-02"), s.Labels["status"], s.Values[i], w)
					}
				}
				ended, converted := tr.TrialConversions(start, end)
				w := math.NaN()
				if ended > 0 {
					w = float64(converted) / float64(ended)
				}
				if got := trials.Values[i]; !(got == w || math.IsNaN(got) && math.IsNaN(w)) {
					t.Errorf("%s: trial conversion %v, truth %v", start.Format("2006-01-02"), got, w)
				}
			}
		})
	}
}

// TestMovementIdentityHoldsEveryBucket: MRR(end) = MRR(start) + new + reactivation + expansion
// − contraction − churn for every bucket and currency, over the whole history, in UTC and New
// York, by day and by month.
func TestMovementIdentityHoldsEveryBucket(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	a := simulated(t, "multi_currency")
	res := mrr.Reconstruct(a.input(), mrr.DefaultOptions())
	movs := mrr.Movements(res.Subscriptions)
	now := testNow.Unix()
	for _, loc := range []*time.Location{time.UTC, ny} {
		for _, unit := range []string{"day", "month"} {
			g, err := timebucket.NewGrid(testNow.AddDate(-1, -2, 0), testNow, timebucket.Unit(unit), loc)
			if err != nil {
				t.Fatal(err)
			}
			levels := mrr.MRRSeries(res.Subscriptions, g, now, "mrr", "MRR", 1, nil)
			netNew := byCurrency(mrr.BucketMovements(movs, g, nil).NetNew("net_new_mrr"))
			for _, l := range levels {
				prev := int64(0) // the grid starts before the account's first subscription
				for i, v := range l.Minor {
					if got := prev + netNew[l.Currency+"/"].Minor[i]; got != v {
						t.Errorf("%s %s %s %s: start %d + net new %d = %d, end %d", loc, unit, l.Currency,
							g.Start(i).Format("2006-01-02"), prev, netNew[l.Currency+"/"].Minor[i], got, v)
					}
					prev = v
				}
			}
		}
	}
}

// TestIntervalBreakdownMatchesTruth: MRR by billing interval at each day's end of the event
// window equals the truth's subscription MRR grouped by the interval of the model's prices
// (every item of a subscription shares one interval).
func TestIntervalBreakdownMatchesTruth(t *testing.T) {
	a := simulated(t, "small")
	o := mrr.DefaultOptions()
	o.Breakdown = mrr.BreakdownInterval
	res := mrr.Reconstruct(a.input(), o)
	g := windowGrid(t, a)
	got := map[string]metrics.Series{}
	for _, s := range mrr.MRRSeries(res.Subscriptions, g, testNow.Unix(), "mrr", "MRR", 1, nil, mrr.BreakdownInterval) {
		got[s.Currency+"/"+s.Labels[mrr.BreakdownInterval]] = s
	}
	m := a.acct.Model
	interval := map[string]string{}
	for i := range m.Subscriptions {
		s := &m.Subscriptions[i]
		p := m.Prices[s.Items[0].Items[0].Price]
		interval[s.ID] = p.Interval
		if p.IntervalCount > 1 {
			interval[s.ID] = fmt.Sprintf("%d %ss", p.IntervalCount, p.Interval)
		}
	}
	tr := a.acct.DefaultTruth()
	for i := range g.Starts() {
		end := g.To()
		if i+1 < g.Len() {
			end = g.Start(i + 1)
		}
		at := time.Unix(min(end.Unix()-1, testNow.Unix()), 0)
		want := map[string]int64{}
		for _, ts := range tr.SubscriptionMRRs() {
			if v, _ := tr.SubscriptionMRRAt(ts.ID, at); v != 0 {
				want[ts.Currency+"/"+interval[ts.ID]] += v
			}
		}
		for k, w := range want {
			if s, ok := got[k]; !ok || s.Minor[i] != w {
				t.Errorf("%s %s: MRR %v, truth %d", g.Start(i).Format("2006-01-02"), k, s.Minor, w)
			}
		}
	}
}
