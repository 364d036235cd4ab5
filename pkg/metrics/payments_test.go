package metrics

import (
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

func paymentFixture(t *testing.T) *PaymentActivity {
	g, d0 := dayGrid(t, 2)
	a := NewPaymentActivity(g, nil)
	for _, c := range []records.Charge{
		{ID: "ch_1", Created: d0 + 1, Currency: "usd", Amount: 1000, Status: "succeeded"},
		{ID: "ch_2", Created: d0 + 2, Currency: "usd", Amount: 2000, Status: "succeeded"},
		{ID: "ch_3", Created: d0 + 3, Currency: "usd", Amount: 1500, Status: "failed", PaymentIntent: "pi_1", OutcomeReason: "insufficient_funds", OutcomeType: "issuer_declined"},
		{ID: "ch_4", Created: d0 + 4, Currency: "usd", Amount: 1500, Status: "failed", PaymentIntent: "pi_1", OutcomeReason: "insufficient_funds", OutcomeType: "issuer_declined"}, // retry
		{ID: "ch_5", Created: d0 + 5, Currency: "usd", Amount: 700, Status: "failed", FailureCode: "card_declined"},
		{ID: "ch_6", Created: d0 + 6, Currency: "usd", Amount: 999, Status: "pending"},
		{ID: "ch_7", Created: d0 + daySecs, Currency: "jpy", Amount: 5000, Status: "failed", OutcomeType: "invalid"},
		{ID: "ch_8", Created: d0 - 1, Currency: "usd", Amount: 1, Status: "succeeded"}, // before the grid
	} {
		a.Add(c)
	}
	return a
}

// Each payment field by hand. usd day 0: 2 succeeded (3000), 3 failed (3700) of 2 payments
// (pi_1 twice, ch_5), success 2/5; day 1 nothing, no rate. jpy day 1: 1 failed, rate 0/1.
func TestPaymentFields(t *testing.T) {
	a := paymentFixture(t)
	cases := []struct {
		f    PaymentField
		unit Unit
		want []line
	}{
		{PaymentsSucceeded, UnitCount, []line{{Cur: "jpy", Values: []float64{0, 0}}, {Cur: "usd", Values: []float64{2, 0}}}},
		{PaymentsSucceededAmount, UnitMoney, []line{{Cur: "jpy", Minor: []int64{0, 0}}, {Cur: "usd", Minor: []int64{3000, 0}}}},
		{PaymentsFailed, UnitCount, []line{{Cur: "jpy", Values: []float64{0, 1}}, {Cur: "usd", Values: []float64{3, 0}}}},
		{PaymentsFailedAmount, UnitMoney, []line{{Cur: "jpy", Minor: []int64{0, 5000}}, {Cur: "usd", Minor: []int64{3700, 0}}}},
		{PaymentsFailedDistinct, UnitCount, []line{{Cur: "jpy", Values: []float64{0, 1}}, {Cur: "usd", Values: []float64{2, 0}}}},
		{PaymentSuccessRate, UnitRatio, []line{{Cur: "jpy", Values: []float64{nan, 0}}, {Cur: "usd", Values: []float64{0.4, nan}}}},
	}
	for _, c := range cases {
		got := a.Series(c.f)
		checkLines(t, c.f.Metric, got, c.want)
		if got[0].Unit != c.unit || got[0].Metric != c.f.Metric || PaymentFields[c.f.Metric].Metric != c.f.Metric {
			t.Errorf("%s: unit %s, want %s", c.f.Metric, got[0].Unit, c.unit)
		}
	}
	if len(PaymentFields) != len(cases) {
		t.Errorf("%d payment fields, want %d", len(PaymentFields), len(cases))
	}
}

// A payment that fails on two days counts as a distinct failure on each.
func TestDistinctFailuresArePerBucket(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	a := NewPaymentActivity(g, nil)
	for _, c := range []records.Charge{
		{ID: "ch_1", Created: d0, Currency: "eur", Status: "failed", PaymentIntent: "pi_1"},
		{ID: "ch_2", Created: d0 + daySecs, Currency: "eur", Status: "failed", PaymentIntent: "pi_1"},
		{ID: "ch_3", Created: d0 + daySecs + 1, Currency: "eur", Status: "failed", PaymentIntent: "pi_1"},
	} {
		a.Add(c)
	}
	checkLines(t, "distinct", a.Series(PaymentsFailedDistinct), []line{{Cur: "eur", Values: []float64{1, 1}}})
}

// The success rate is NaN (null in the frame) for a bucket without attempts, never 0; a listed
// currency without charges has zeros for counts and no rate.
func TestPaymentSuccessRateNullable(t *testing.T) {
	cases := []struct {
		t    PaymentTotals
		want float64
	}{
		{PaymentTotals{}, nan},
		{PaymentTotals{Succeeded: 0, Failed: 3}, 0},
		{PaymentTotals{Succeeded: 3, Failed: 1}, 0.75},
		{PaymentTotals{Succeeded: 2}, 1},
	}
	for _, c := range cases {
		if got := PaymentSuccessRate.Value(c.t); !sameFloats([]float64{got}, []float64{c.want}) {
			t.Errorf("rate(%+v) = %v, want %v", c.t, got, c.want)
		}
	}
	g, _ := dayGrid(t, 2)
	a := NewPaymentActivity(g, []string{"kwd"})
	a.Add(records.Charge{Created: g.From().Unix(), Currency: "usd", Status: "succeeded"})
	checkLines(t, "rate", a.Series(PaymentSuccessRate), []line{{Cur: "kwd", Values: []float64{nan, nan}}})
	checkLines(t, "count", a.Series(PaymentsSucceeded), []line{{Cur: "kwd", Values: []float64{0, 0}}})
	if got := a.Currencies(); len(got) != 1 || got[0] != "kwd" {
		t.Errorf("Currencies = %v", got)
	}
}

// Hourly buckets in New York on the fall-back night keep both 01:00 hours apart.
func TestPaymentActivityDSTHours(t *testing.T) {
	loc := ny(t)
	g, err := timebucket.NewGrid(time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC), timebucket.Hour, loc)
	if err != nil {
		t.Fatal(err)
	}
	a := NewPaymentActivity(g, nil)
	a.Add(records.Charge{ID: "edt", Created: utc(2026, 11, 1, 5, 30, 0), Currency: "usd", Status: "succeeded"}) // 01:30 EDT
	a.Add(records.Charge{ID: "est", Created: utc(2026, 11, 1, 6, 30, 0), Currency: "usd", Status: "succeeded"}) // 01:30 EST
	s := a.Series(PaymentsSucceeded)
	checkLines(t, "succeeded", s, []line{{Cur: "usd", Values: []float64{0, 1, 1, 0}}})
	for i, h := range []int{0, 1, 1, 2} {
		if got := s[0].Times[i].In(loc).Hour(); got != h {
			t.Errorf("bucket %d at local %d:00, want %d:00", i, got, h)
		}
	}
}

// topValues keeps the n largest counts, ties by name.
func TestTopValues(t *testing.T) {
	totals := map[string]int64{"insufficient_funds": 3, "expired_card": 2, "card_declined": 2, "do_not_honor": 2, "lost_card": 1}
	cases := []struct {
		n    int
		want []string
	}{
		{0, nil},
		{-1, nil},
		{1, []string{"insufficient_funds"}},
		{2, []string{"card_declined", "insufficient_funds"}},
		{3, []string{"card_declined", "do_not_honor", "insufficient_funds"}},
		{9, []string{"card_declined", "do_not_honor", "expired_card", "insufficient_funds", "lost_card"}},
	}
	for _, c := range cases {
		got := topValues(totals, c.n)
		keys := SortedKeys(got)
		if len(keys) != len(c.want) {
			t.Errorf("top %d = %v, want %v", c.n, keys, c.want)
			continue
		}
		for i := range keys {
			if keys[i] != c.want[i] {
				t.Errorf("top %d = %v, want %v", c.n, keys, c.want)
				break
			}
		}
	}
}

// FailuresBy: the top N values over the whole range and every currency keep their names, the
// rest is "other". Totals: insufficient_funds 3, card_declined 2, do_not_honor 2, expired_card 2,
// lost_card 1; top 2 is insufficient_funds and card_declined (the tie broken by name).
func TestFailuresByTopNAndOther(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	a := NewPaymentActivity(g, nil)
	add := func(cur string, at int64, reason, outcome string, n int) {
		for i := 0; i < n; i++ {
			a.Add(records.Charge{ID: reason + cur, Created: at, Currency: cur, Status: "failed", OutcomeReason: reason, OutcomeType: outcome})
		}
	}
	add("usd", d0, "insufficient_funds", "issuer_declined", 3)
	add("usd", d0, "card_declined", "issuer_declined", 2)
	add("usd", d0, "do_not_honor", "issuer_declined", 2)
	add("usd", d0+daySecs, "expired_card", "", 1)
	add("eur", d0, "expired_card", "issuer_declined", 1)
	add("eur", d0, "lost_card", "blocked", 1)

	byReason := a.FailuresBy("payments_failed_by_reason", "Failed payments", DimensionReason, 2)
	checkLines(t, "top 2 reasons", byReason, []line{
		{Cur: "eur", Labels: "reason=other ", Values: []float64{2, 0}},
		{Cur: "usd", Labels: "reason=card_declined ", Values: []float64{2, 0}},
		{Cur: "usd", Labels: "reason=insufficient_funds ", Values: []float64{3, 0}},
		{Cur: "usd", Labels: "reason=other ", Values: []float64{2, 1}},
	})
	if s := byReason[0]; s.Metric != "payments_failed_by_reason" || s.Name != "Failed payments" || s.Unit != UnitCount {
		t.Errorf("header %+v", s)
	}
	checkLines(t, "top 0: all other", a.FailuresBy("m", "n", DimensionReason, 0), []line{
		{Cur: "eur", Labels: "reason=other ", Values: []float64{2, 0}},
		{Cur: "usd", Labels: "reason=other ", Values: []float64{7, 1}},
	})
	// Outcomes: issuer_declined 8, blocked 1, unknown 1 (no outcome type); top 2 keeps
	// issuer_declined and blocked (ties by name: blocked < unknown).
	checkLines(t, "top 2 outcomes", a.FailuresBy("m", "n", DimensionOutcome, 2), []line{
		{Cur: "eur", Labels: "outcome_type=blocked ", Values: []float64{1, 0}},
		{Cur: "eur", Labels: "outcome_type=issuer_declined ", Values: []float64{1, 0}},
		{Cur: "usd", Labels: "outcome_type=issuer_declined ", Values: []float64{7, 0}},
		{Cur: "usd", Labels: "outcome_type=other ", Values: []float64{0, 1}},
	})
	checkLines(t, "no failures", NewPaymentActivity(g, nil).FailuresBy("m", "n", DimensionReason, 5), []line{})
}

// The failure reason falls back to failure_code, then "unknown".
func TestFailuresByReasonFallback(t *testing.T) {
	g, d0 := dayGrid(t, 1)
	a := NewPaymentActivity(g, nil)
	a.Add(records.Charge{ID: "1", Created: d0, Currency: "usd", Status: "failed", FailureCode: "card_declined"})
	a.Add(records.Charge{ID: "2", Created: d0, Currency: "usd", Status: "failed"})
	a.Add(records.Charge{ID: "3", Created: d0, Currency: "usd", Status: "succeeded", FailureCode: "ignored"})
	checkLines(t, "reasons", a.FailuresBy("m", "n", DimensionReason, 10), []line{
		{Cur: "usd", Labels: "reason=card_declined ", Values: []float64{1}},
		{Cur: "usd", Labels: "reason=unknown ", Values: []float64{1}},
	})
}
