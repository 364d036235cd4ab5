package plugin

import (
	"fmt"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// paymentTruth reads the ground truth of each single-valued payment metric from a truth row;
// NaN stands for "no value" (the success rate of a bucket without attempts).
var paymentTruth = map[string]func(truth.PaymentRow) float64{
	"payments_succeeded":        func(r truth.PaymentRow) float64 { return float64(r.Succeeded) },
	"payments_succeeded_amount": func(r truth.PaymentRow) float64 { return float64(r.SucceededAmount) },
	"payments_failed":           func(r truth.PaymentRow) float64 { return float64(r.Failed) },
	"payments_failed_amount":    func(r truth.PaymentRow) float64 { return float64(r.FailedAmount) },
	"payments_failed_distinct":  func(r truth.PaymentRow) float64 { return float64(r.DistinctFailed) },
	"payment_success_rate": func(r truth.PaymentRow) float64 {
		if r.Succeeded+r.Failed == 0 {
			return math.NaN()
		}
		return float64(r.Succeeded) / float64(r.Succeeded+r.Failed)
	},
}

var moneyMetrics = map[string]bool{"payments_succeeded_amount": true, "payments_failed_amount": true}

// frameValue reads point i of a value field as minor units (money) or as a plain number,
// NaN for null.
func frameValue(f *data.Frame, i int, currency string, money bool) float64 {
	v := f.Fields[1].At(i)
	var x float64
	switch v := v.(type) {
	case *float64:
		if v == nil {
			return math.NaN()
		}
		x = *v
	case float64:
		x = v
	}
	if money {
		return float64(minorUnits(x, currency))
	}
	return x
}

func sameValue(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) < 1e-12
}

func TestPaymentMetricsMatchGroundTruth(t *testing.T) {
	from, to := truthRange()
	for _, profile := range truthProfiles {
		sim := simulate(t, profile, 7)
		ds := sim.datasource(t, nil)
		for _, loc := range truthZones() {
			want, err := sim.acct.DefaultTruth().Payments(from, to, truth.Day, loc)
			if err != nil {
				t.Fatal(err)
			}
			for metric, value := range paymentTruth {
				t.Run(fmt.Sprintf("%s/%s/%s", profile, loc, metric), func(t *testing.T) {
					r := run(t, ds, map[string]any{"metric": metric, "bucket": "day", "timeZone": loc.String()}, from, to)
					if comparePaymentSeries(t, r.Frames, want, metric, value) == 0 {
						t.Fatal("no non-zero bucket: the comparison would not catch a wrong count")
					}
				})
			}
		}
	}
}

// comparePaymentSeries checks one series per currency against the truth's rows, bucket by
// bucket, and returns how many buckets had a non-zero expected value.
func comparePaymentSeries(t *testing.T, frames data.Frames, want []truth.PaymentSeries, metric string, value func(truth.PaymentRow) float64) int {
	t.Helper()
	got := map[string]*data.Frame{}
	for _, f := range frames {
		got[f.Fields[1].Labels["currency"]] = f
	}
	nonZero := 0
	for _, s := range want {
		f, ok := got[s.Currency]
		if !ok {
			// The plugin only knows currencies with a charge in the range.
			for _, row := range s.Rows {
				if row.Succeeded+row.Failed != 0 {
					t.Fatalf("no %s series although truth has attempts on %s", s.Currency, row.Start)
				}
			}
			continue
		}
		if f.Rows() != len(s.Rows) {
			t.Fatalf("%s: %d rows, truth %d", s.Currency, f.Rows(), len(s.Rows))
		}
		for i, row := range s.Rows {
			g, w := frameValue(f, i, s.Currency, moneyMetrics[metric]), value(row)
			if !f.Fields[0].At(i).(time.Time).Equal(row.Start) || !sameValue(g, w) {
				t.Errorf("%s %s: %v, truth %v", s.Currency, row.Start, g, w)
			}
			if w != 0 && !math.IsNaN(w) {
				nonZero++
			}
		}
	}
	return nonZero
}

// The expected top N is worked out here from the truth's per-bucket reasons, independently of
// the plugin's ranking code.
func TestFailureReasonsMatchGroundTruthWithTopN(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	ds := sim.datasource(t, nil)
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	want, err := sim.acct.DefaultTruth().Payments(from, to, truth.Week, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	totals := map[string]int{}
	for _, s := range want {
		for _, row := range s.Rows {
			for reason, n := range row.FailuresByReason {
				totals[reason] += n
			}
		}
	}
	reasons := make([]string, 0, len(totals))
	for r := range totals {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if totals[reasons[i]] != totals[reasons[j]] {
			return totals[reasons[i]] > totals[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	if len(reasons) <= 5 {
		t.Fatalf("the account has only %d failure reasons: the test needs more than 5 to exercise 'other'", len(reasons))
	}
	// Absent, topN means 5; any other value is honoured.
	for _, topN := range []int{0, 3} {
		n, model := 5, map[string]any{"metric": "payment_failures_by_reason", "bucket": "week"}
		if topN != 0 {
			n, model["topN"] = topN, topN
		}
		t.Run(fmt.Sprint("top ", n), func(t *testing.T) {
			top := map[string]bool{}
			for _, r := range reasons[:n] {
				top[r] = true
			}
			expected := map[string]map[string][]float64{} // currency → reason → per bucket
			for _, s := range want {
				for i, row := range s.Rows {
					for reason, n := range row.FailuresByReason {
						if !top[reason] {
							reason = "other"
						}
						if expected[s.Currency] == nil {
							expected[s.Currency] = map[string][]float64{}
						}
						if expected[s.Currency][reason] == nil {
							expected[s.Currency][reason] = make([]float64, len(s.Rows))
						}
						expected[s.Currency][reason][i] += float64(n)
					}
				}
			}
			r := run(t, ds, model, from, to)
			seen := 0
			for _, f := range r.Frames {
				cur, reason := f.Fields[1].Labels["currency"], f.Fields[1].Labels["reason"]
				w, ok := expected[cur][reason]
				if !ok {
					t.Errorf("unexpected series %s/%s", cur, reason)
					continue
				}
				seen++
				for i := range w {
					if g := frameValue(f, i, cur, false); g != w[i] {
						t.Errorf("%s/%s bucket %d: %v, truth %v", cur, reason, i, g, w[i])
					}
				}
				if name := f.Fields[1].Config.DisplayNameFromDS; name == "" {
					t.Errorf("%s/%s has no display name", cur, reason)
				}
			}
			want2 := 0
			for _, m := range expected {
				want2 += len(m)
			}
			if seen != want2 {
				t.Errorf("%d series, truth implies %d", seen, want2)
			}
		})
	}
}

func TestFailedPaymentsTableMatchesGroundTruth(t *testing.T) {
	sim := simulate(t, "heavy_refunds_disputes", 7)
	from, to := testNow.AddDate(0, 0, -10), testNow
	want := sim.acct.DefaultTruth().FailedCharges(from, to)
	if len(want) < 5 {
		t.Fatalf("only %d failed charges in the range", len(want))
	}
	r := run(t, sim.datasource(t, nil), map[string]any{"metric": "failed_payments_table"}, from, to)
	f := r.Frames[0]
	if f.Rows() != len(want) {
		t.Fatalf("%d rows, truth has %d failed charges", f.Rows(), len(want))
	}
	for i, w := range want {
		got := struct {
			created           time.Time
			amount            int64
			cur, cust, reason string
			id, link          string
		}{f.Fields[0].At(i).(time.Time), minorUnits(f.Fields[1].At(i).(float64), w.Currency), f.Fields[2].At(i).(string),
			f.Fields[3].At(i).(string), f.Fields[4].At(i).(string), f.Fields[8].At(i).(string), f.Fields[9].At(i).(string)}
		if !got.created.Equal(w.Created) || got.amount != w.Amount || got.cur != w.Currency || got.cust != w.Customer ||
			got.reason != w.Reason || got.id != w.ID || got.link != "https://dashboard.stripe.com/test/payments/"+w.ID {
			t.Errorf("row %d: %+v, truth %+v", i, got, w)
		}
	}
}
