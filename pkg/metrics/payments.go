package metrics

import (
	"math"
	"sort"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// OtherLabel is the dimension value that gathers everything outside the top N.
const OtherLabel = "other"

// PaymentTotals is one bucket of payment attempts in one presentment currency, by the charge's
// created time and its status when it was read (pending attempts are neither).
type PaymentTotals struct {
	Succeeded       int64
	SucceededAmount int64
	Failed          int64
	FailedAmount    int64
	DistinctFailed  int64
	failedPayments  map[string]struct{}
	byReason        map[string]int64
	byOutcome       map[string]int64
}

// PaymentActivity sums charges into buckets per presentment currency as pages arrive.
type PaymentActivity struct {
	grid   timebucket.Grid
	totals currencyBuckets[PaymentTotals]
}

// NewPaymentActivity starts an empty aggregation over grid for the listed currencies (all when
// none is listed).
func NewPaymentActivity(grid timebucket.Grid, currencies []string) *PaymentActivity {
	return &PaymentActivity{grid: grid, totals: newCurrencyBuckets[PaymentTotals](grid, currencies)}
}

// Add counts one charge.
func (a *PaymentActivity) Add(c records.Charge) {
	t := a.totals.at(c.Currency, c.Created)
	if t == nil {
		return
	}
	switch c.Status {
	case "succeeded":
		t.Succeeded++
		t.SucceededAmount += c.Amount
	case "failed":
		t.Failed++
		t.FailedAmount += c.Amount
		if t.failedPayments == nil {
			t.failedPayments, t.byReason, t.byOutcome = map[string]struct{}{}, map[string]int64{}, map[string]int64{}
		}
		if _, seen := t.failedPayments[c.PaymentKey()]; !seen {
			t.failedPayments[c.PaymentKey()] = struct{}{}
			t.DistinctFailed++
		}
		t.byReason[c.FailureReason()]++
		t.byOutcome[orUnknown(c.OutcomeType)]++
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// Currencies lists the currencies seen or asked for, sorted.
func (a *PaymentActivity) Currencies() []string { return a.totals.currencies() }

// PaymentField picks one value out of a payments bucket.
type PaymentField struct {
	Metric string
	Name   string
	Unit   Unit
	Value  func(PaymentTotals) float64
}

// Payment metrics that are one value per bucket, by catalog id.
var PaymentFields = map[string]PaymentField{}

func paymentField(metric, name string, unit Unit, value func(PaymentTotals) float64) PaymentField {
	f := PaymentField{Metric: metric, Name: name, Unit: unit, Value: value}
	PaymentFields[metric] = f
	return f
}

// The payment metrics.
var (
	PaymentsSucceeded       = paymentField("payments_succeeded", "Successful payments", UnitCount, func(t PaymentTotals) float64 { return float64(t.Succeeded) })
	PaymentsSucceededAmount = paymentField("payments_succeeded_amount", "Successful payments", UnitMoney, func(t PaymentTotals) float64 { return float64(t.SucceededAmount) })
	PaymentsFailed          = paymentField("payments_failed", "Failed payments", UnitCount, func(t PaymentTotals) float64 { return float64(t.Failed) })
	PaymentsFailedAmount    = paymentField("payments_failed_amount", "Failed payments", UnitMoney, func(t PaymentTotals) float64 { return float64(t.FailedAmount) })
	PaymentsFailedDistinct  = paymentField("payments_failed_distinct", "Distinct failed payments", UnitCount, func(t PaymentTotals) float64 { return float64(t.DistinctFailed) })
	PaymentSuccessRate      = paymentField("payment_success_rate", "Payment success rate", UnitRatio, func(t PaymentTotals) float64 {
		attempts := t.Succeeded + t.Failed
		if attempts == 0 {
			return math.NaN() // no attempts: no rate, rather than a 0% that would page someone
		}
		return float64(t.Succeeded) / float64(attempts)
	})
)

// Series returns one series per currency for a single-valued payment metric.
func (a *PaymentActivity) Series(f PaymentField) []Series {
	return a.totals.series(f.Metric, f.Name, f.Unit, func(t PaymentTotals) int64 { return int64(f.Value(t)) }, f.Value)
}

// Failure dimensions.
const (
	DimensionReason  = "reason"       // outcome.reason, else failure_code
	DimensionOutcome = "outcome_type" // outcome.type
)

// FailuresBy returns failed attempts split by a dimension: one series per currency and value,
// the topN values over the whole range kept by name and the rest summed as "other", so a panel
// or alert never sees an unbounded number of series.
func (a *PaymentActivity) FailuresBy(metric, name, dimension string, topN int) []Series {
	pick := func(t PaymentTotals) map[string]int64 {
		if dimension == DimensionOutcome {
			return t.byOutcome
		}
		return t.byReason
	}
	totals := map[string]int64{}
	for _, buckets := range a.totals.by {
		for _, t := range buckets {
			for v, n := range pick(t) {
				totals[v] += n
			}
		}
	}
	keep := topValues(totals, topN)
	times := a.grid.Starts()
	var out []Series
	for _, cur := range a.Currencies() {
		per := map[string][]float64{}
		for i, t := range a.totals.by[cur] {
			for v, n := range pick(t) {
				if !keep[v] {
					v = OtherLabel
				}
				if per[v] == nil {
					per[v] = make([]float64, len(times))
				}
				per[v][i] += float64(n)
			}
		}
		for _, v := range SortedKeys(per) {
			out = append(out, Series{Metric: metric, Name: name, Currency: cur, Unit: UnitCount, Times: times,
				Labels: map[string]string{dimension: v}, Values: per[v]})
		}
	}
	return out
}

// topValues keeps the n largest by count, ties broken by name so the choice is stable.
func topValues(totals map[string]int64, n int) map[string]bool {
	names := SortedKeys(totals)
	sort.SliceStable(names, func(i, j int) bool { return totals[names[i]] > totals[names[j]] })
	keep := map[string]bool{}
	for i, v := range names {
		if i < n {
			keep[v] = true
		}
	}
	return keep
}
