package metrics

import (
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// Reporting categories Stripe assigns to balance transactions (docs.stripe.com/reports/reporting-categories).
const (
	rcCharge                 = "charge"
	rcPartialCaptureReversal = "partial_capture_reversal"
	rcRefund                 = "refund"
	rcRefundFailure          = "refund_failure"
	rcDispute                = "dispute"
	rcDisputeReversal        = "dispute_reversal"
	rcChargeFailure          = "charge_failure"
	rcFee                    = "fee"
	rcTax                    = "tax"
	rcPayout                 = "payout"
	rcPayoutReversal         = "payout_reversal"
)

// BalanceTotals is one bucket of balance activity in one settlement currency, in minor units,
// each total reported positive the way METRICS.md defines it.
type BalanceTotals struct {
	Gross          int64
	Refunds        int64
	Disputes       int64
	Fees           int64
	ChargeFailures int64
	NetRevenue     int64
	Payouts        int64
	BalanceChange  int64
	Charges        int64 // count of charge rows
	RefundCount    int64 // count of refund rows
	DisputeCount   int64 // count of dispute rows
}

// NetSales is revenue before fees: gross − refunds − disputes.
func (t BalanceTotals) NetSales() int64 { return t.Gross - t.Refunds - t.Disputes }

// add counts one row. Every category named in the switch except payouts makes up net revenue
// (METRICS.md, Balance activity); payouts and any other category (transfers, adjustments, …) do not.
func (t *BalanceTotals) add(r records.BalanceTxn) {
	revenue := true
	switch r.Category {
	case rcCharge, rcPartialCaptureReversal:
		t.Gross += r.Amount
		t.Fees += r.Fee
		if r.Category == rcCharge {
			t.Charges++
		}
	case rcRefund, rcRefundFailure:
		t.Refunds -= r.Amount
		t.Fees += r.Fee
		if r.Category == rcRefund {
			t.RefundCount++
		}
	case rcDispute, rcDisputeReversal:
		t.Disputes -= r.Amount
		t.Fees += r.Fee
		if r.Category == rcDispute {
			t.DisputeCount++
		}
	case rcFee, rcTax:
		t.Fees -= r.Amount
	case rcChargeFailure:
		t.ChargeFailures -= r.Net
	case rcPayout, rcPayoutReversal:
		t.Payouts -= r.Amount
		revenue = false
	default:
		revenue = false
	}
	if revenue {
		t.NetRevenue += r.Net
	}
	if r.Category != rcPayout && r.Category != rcPayoutReversal {
		t.BalanceChange += r.Net
	}
}

// BalanceActivity sums balance transactions into buckets per settlement currency. Add can be
// called while pages arrive, so memory grows with buckets × currencies, not with rows.
type BalanceActivity struct {
	grid       timebucket.Grid
	totals     currencyBuckets[BalanceTotals]
	byCategory map[string]map[string][]int64 // currency → reporting category → net per bucket
}

// NewBalanceActivity starts an empty aggregation over grid, keeping only the listed currencies
// (all when none is listed).
func NewBalanceActivity(grid timebucket.Grid, currencies []string) *BalanceActivity {
	return &BalanceActivity{grid: grid, totals: newCurrencyBuckets[BalanceTotals](grid, currencies), byCategory: map[string]map[string][]int64{}}
}

// Add counts one ledger row. Rows outside the grid or in other currencies are ignored.
func (a *BalanceActivity) Add(r records.BalanceTxn) {
	t, i := a.totals.atIndex(r.Currency, r.Created)
	if t == nil {
		return
	}
	t.add(r)
	cats := a.byCategory[r.Currency]
	if cats == nil {
		cats = map[string][]int64{}
		a.byCategory[r.Currency] = cats
	}
	if cats[r.Category] == nil {
		cats[r.Category] = make([]int64, a.grid.Len())
	}
	cats[r.Category][i] += r.Net
}

// DimensionCategory labels the breakdown of balance activity by reporting category.
const DimensionCategory = "reporting_category"

// NetByCategory splits the net of every balance transaction by reporting category: one series
// per currency and category seen (Stripe's categories are a fixed, small set).
func (a *BalanceActivity) NetByCategory(metric string) []Series {
	times := a.grid.Starts()
	var out []Series
	for _, cur := range SortedKeys(a.byCategory) {
		for _, cat := range SortedKeys(a.byCategory[cur]) {
			out = append(out, Series{Metric: metric, Name: "Balance activity", Currency: cur, Unit: UnitMoney, Times: times,
				Labels: map[string]string{DimensionCategory: cat}, Minor: a.byCategory[cur][cat]})
		}
	}
	return out
}

// Currencies lists the currencies seen or asked for, sorted.
func (a *BalanceActivity) Currencies() []string { return a.totals.currencies() }

// Totals returns the buckets of one currency (nil when the currency had no rows and was not asked for).
func (a *BalanceActivity) Totals(currency string) []BalanceTotals { return a.totals.by[currency] }

// BalanceField picks one total out of a bucket.
type BalanceField struct {
	Metric string
	Name   string
	Unit   Unit
	Value  func(BalanceTotals) int64
}

// Series returns one series per currency for a field, every bucket present (0 when nothing
// happened) so that alert rules see a value rather than a gap.
func (a *BalanceActivity) Series(f BalanceField) []Series {
	return a.totals.series(f.Metric, f.Name, f.Unit, f.Value, func(t BalanceTotals) float64 { return float64(f.Value(t)) })
}

// BalanceFields are the metrics read from the balance ledger, by catalog id.
var BalanceFields = map[string]BalanceField{}

func balanceField(metric, name string, unit Unit, value func(BalanceTotals) int64) BalanceField {
	f := BalanceField{Metric: metric, Name: name, Unit: unit, Value: value}
	BalanceFields[metric] = f
	return f
}

// The balance metrics. Names are the series names people read; ids are catalog.json's.
var (
	NetRevenue     = balanceField("net_revenue", "Net revenue", UnitMoney, func(t BalanceTotals) int64 { return t.NetRevenue })
	GrossVolume    = balanceField("gross_volume", "Gross volume", UnitMoney, func(t BalanceTotals) int64 { return t.Gross })
	Refunds        = balanceField("refunds", "Refunds", UnitMoney, func(t BalanceTotals) int64 { return t.Refunds })
	RefundCount    = balanceField("refund_count", "Refunds", UnitCount, func(t BalanceTotals) int64 { return t.RefundCount })
	DisputesLost   = balanceField("disputes_lost", "Disputes lost", UnitMoney, func(t BalanceTotals) int64 { return t.Disputes })
	Fees           = balanceField("fees", "Fees", UnitMoney, func(t BalanceTotals) int64 { return t.Fees })
	NetSales       = balanceField("net_sales", "Net sales", UnitMoney, BalanceTotals.NetSales)
	ChargeFailures = balanceField("charge_failures", "Charge failures", UnitMoney, func(t BalanceTotals) int64 { return t.ChargeFailures })
	Payouts        = balanceField("payouts", "Payouts", UnitMoney, func(t BalanceTotals) int64 { return t.Payouts })
	BalanceChange  = balanceField("balance_change", "Balance change", UnitMoney, func(t BalanceTotals) int64 { return t.BalanceChange })
)
