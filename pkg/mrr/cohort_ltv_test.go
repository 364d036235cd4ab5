package mrr_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/mrr"
	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

func zones(t *testing.T) []*time.Location {
	t.Helper()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return []*time.Location{time.UTC, ny}
}

// sameShare compares two retention shares (NaN: no value) exactly: both come from the same
// integer counts or sums divided once.
func sameShare(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// assumedUnpaid are, from the generator's model, the spans between when a subscription really
// became unpaid before the event window and when the reconstruction dates it (its documented
// assumption: the unpaid invoice's finalization plus mrr.DefaultRetrySpan; weekly plans retry
// over 4 days, not 7). A count of churned subscribers whose window starts inside such a span
// can differ from the truth by that subscriber, and nothing the API serves says otherwise.
func assumedUnpaid(a *account) [][2]int64 {
	m := a.acct.Model
	var out [][2]int64
	for i := range m.Subscriptions {
		s := &m.Subscriptions[i]
		for _, sp := range s.Statuses {
			if sp.Status != generator.StatusUnpaid || sp.At >= a.billing.EventsFrom {
				continue
			}
			var fin int64
			for _, ii := range s.Invoices {
				if inv := &m.Invoices[ii]; inv.FinalizedAt != 0 && inv.FinalizedAt <= sp.At && inv.PaidAt == 0 {
					fin = inv.FinalizedAt
				}
			}
			assumed := fin + int64(mrr.DefaultRetrySpan.Seconds())
			out = append(out, [2]int64{min(sp.At, assumed), max(sp.At, assumed)})
		}
	}
	return out
}

// TestLTVMatchesTruth: LTV per currency at each day's end of the event window, and at each
// month's end of the whole history, in UTC and New York, with metered prices excluded and
// valued, equals the truth's computed from the generator's model. Days whose 30-day churn
// window opens inside an assumed unpaid date's span (assumedUnpaid) are left out and counted.
func TestLTVMatchesTruth(t *testing.T) {
	a := simulated(t, "multi_currency")
	now := testNow.Unix()
	spans := assumedUnpaid(a)
	uncertain := func(x int64) bool {
		for _, sp := range spans {
			if x-30*24*3600 >= sp[0] && x-30*24*3600 < sp[1] {
				return true
			}
		}
		return false
	}
	for _, op := range []optionPair{optionPairs()[0], optionPairs()[len(optionPairs())-1]} {
		res := mrr.Reconstruct(a.input(), op.ours)
		movs := mrr.Movements(res.Subscriptions)
		tr := a.acct.Truth(op.truth)
		for _, loc := range zones(t) {
			for _, unit := range []string{"day", "month"} {
				from := time.Unix(a.billing.EventsFrom, 0).In(loc).AddDate(0, 0, 1)
				if unit == "month" {
					from = testNow.AddDate(-1, -1, 0)
				}
				g, err := timebucket.NewGrid(from, testNow, timebucket.Unit(unit), loc)
				if err != nil {
					t.Fatal(err)
				}
				want, err := tr.LTV(g.From(), g.To(), truth.Size(unit), loc)
				if err != nil {
					t.Fatal(err)
				}
				got := mrr.LTV(res.Subscriptions, movs, g, now, "ltv", nil)
				if len(got) != len(want) {
					t.Errorf("%s %s %s: %d currencies, truth %d", op.name, loc, unit, len(got), len(want))
				}
				values, nulls, skipped := 0, 0, 0
				for _, s := range got {
					w := want[s.Currency]
					for i, x := range g.LevelInstants(now) {
						if uncertain(x) {
							skipped++
							continue
						}
						if i >= len(w) || s.Null[i] != w[i].Null || s.Minor[i] != w[i].Minor {
							t.Errorf("%s %s %s %s %s: LTV %d (null %v), truth %+v", op.name, loc, unit, s.Currency, g.Start(i).Format(time.DateOnly), s.Minor[i], s.Null[i], w[i])
							continue
						}
						if s.Null[i] {
							nulls++
						} else {
							values++
						}
					}
				}
				t.Logf("%s %s %s: %d values and %d nulls equal the truth; %d left out (churn window opens on an assumed unpaid date)", op.name, loc, unit, values, nulls, skipped)
				if values == 0 {
					t.Errorf("%s %s %s: no LTV value to compare", op.name, loc, unit)
				}
			}
		}
	}
}

// TestLTVIsNullWhileNobodyChurned: one customer at $30/month since March, nobody churned, then
// a second customer who churns in May. LTV is null (not 0, not infinite) at the ends of March
// and April; at the end of May ARPU is $30 and the 30-day churn rate 1 / 2, so LTV is $60.
func TestLTVIsNullWhileNobodyChurned(t *testing.T) {
	at := func(m time.Month, d int) int64 { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC).Unix() }
	subs := []mrr.SubscriptionMRR{
		{ID: "sub_a", Customer: "cus_a", Currency: "usd", Steps: []mrr.Step{{At: at(3, 2), MRR: 3000}}},
		{ID: "sub_b", Customer: "cus_b", Currency: "usd", Steps: []mrr.Step{{At: at(5, 3), MRR: 5000}, {At: at(5, 20), MRR: 0}}},
	}
	g, err := timebucket.NewGrid(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), timebucket.Unit("month"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	got := mrr.LTV(subs, mrr.Movements(subs), g, at(12, 1), "ltv", nil)
	if len(got) != 1 || len(got[0].Minor) != 3 {
		t.Fatalf("got %+v, want one usd series of 3 months", got)
	}
	s := got[0]
	if !s.Null[0] || !s.Null[1] {
		t.Errorf("March and April: LTV %v (null %v), want no value while the churn rate is 0", s.Minor[:2], s.Null[:2])
	}
	// Churn in the 30 days to May 31: 1 churned ÷ (1 subscriber on May 1 + 1 new) = 1/2.
	if s.Null[2] || s.Minor[2] != 6000 {
		t.Errorf("May: LTV %d (null %v), want 6000 ($30 ÷ 0.5)", s.Minor[2], s.Null[2])
	}
}

// TestCohortRetentionMatchesTruth: logo and revenue retention, cell by cell, of the cohorts of
// the last 13 months in UTC and New York (where a customer who started in a month's last hours
// in UTC belongs to the month before), with metered prices excluded and valued.
func TestCohortRetentionMatchesTruth(t *testing.T) {
	a := simulated(t, "multi_currency")
	sizes := map[string][]int{} // logo cohort sizes by zone
	for _, op := range []optionPair{optionPairs()[0], optionPairs()[len(optionPairs())-1]} {
		res := mrr.Reconstruct(a.input(), op.ours)
		movs := mrr.Movements(res.Subscriptions)
		tr := a.acct.Truth(op.truth)
		for _, loc := range zones(t) {
			for _, revenue := range []bool{false, true} {
				from := testNow.AddDate(-1, -1, 0)
				got, err := mrr.CohortRetention(movs, mrr.CohortOptions{From: from, To: testNow, Loc: loc, Now: testNow.Unix(), Months: 12, Revenue: revenue})
				if err != nil {
					t.Fatal(err)
				}
				want, err := tr.Cohorts(from, testNow, loc, 12, revenue)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("%s %s revenue=%v: %d rows, truth %d", op.name, loc, revenue, len(got), len(want))
				}
				cells, off := 0, 0
				for i, w := range want {
					g := got[i]
					name := w.Month.In(loc).Format("2006-01") + " " + w.Currency
					if !g.Month.Equal(w.Month) || g.Currency != w.Currency || g.Size != w.Size || g.StartMRR != w.StartMRR {
						t.Errorf("%s %s revenue=%v %s: month %s, size %d, start MRR %d; truth size %d, start MRR %d", op.name, loc, revenue, name,
							g.Month.In(loc).Format("2006-01"), g.Size, g.StartMRR, w.Size, w.StartMRR)
					}
					for k := range w.Retained {
						if !math.IsNaN(w.Retained[k]) {
							cells++
						}
						if !sameShare(g.Retained[k], w.Retained[k]) {
							off++
							t.Errorf("%s %s revenue=%v %s month %d: retained %v, truth %v", op.name, loc, revenue, name, k, g.Retained[k], w.Retained[k])
						}
					}
				}
				t.Logf("%s %s revenue=%v: %d rows, %d cells with a value, %d off", op.name, loc, revenue, len(want), cells, off)
				if !revenue && op.name == "default" {
					for _, r := range got {
						sizes[loc.String()] = append(sizes[loc.String()], r.Size)
					}
				}
			}
		}
	}
	// The zones must disagree somewhere, or the New York run proved nothing about month edges.
	if fmt.Sprint(sizes["UTC"]) == fmt.Sprint(sizes["America/New_York"]) {
		t.Errorf("cohort sizes are the same in UTC and New York (%v): no customer started near a month's edge", sizes["UTC"])
	}
	t.Logf("cohort sizes UTC %v, New York %v", sizes["UTC"], sizes["America/New_York"])
}
