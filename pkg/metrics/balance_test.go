package metrics

import (
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

func dayGrid(t *testing.T, days int) (timebucket.Grid, int64) {
	t.Helper()
	from := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	g, err := timebucket.NewGrid(from, from.AddDate(0, 0, days), timebucket.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return g, from.Unix()
}

// A hand-made day of ledger rows; the expected totals below are worked out by hand from
// METRICS.md's formulas, row by row.
func TestBalanceActivityByHand(t *testing.T) {
	g, day0 := dayGrid(t, 2)
	rows := []records.BalanceTxn{
		{ID: "txn_1", Created: day0 + 10, Currency: "usd", Category: "charge", Amount: 2900, Fee: 114, Net: 2786},
		{ID: "txn_2", Created: day0 + 20, Currency: "usd", Category: "charge", Amount: 10000, Fee: 320, Net: 9680},
		{ID: "txn_3", Created: day0 + 30, Currency: "usd", Category: "refund", Amount: -2900, Fee: 0, Net: -2900},
		{ID: "txn_4", Created: day0 + 40, Currency: "usd", Category: "dispute", Amount: -10000, Fee: 1500, Net: -11500},
		{ID: "txn_5", Created: day0 + 50, Currency: "usd", Category: "fee", Amount: -500, Fee: 0, Net: -500},
		{ID: "txn_6", Created: day0 + 60, Currency: "usd", Category: "payout", Amount: -5000, Fee: 0, Net: -5000},
		{ID: "txn_7", Created: day0 + 70, Currency: "usd", Category: "charge_failure", Amount: -1000, Fee: 0, Net: -1000},
		{ID: "txn_8", Created: day0 + 80, Currency: "usd", Category: "dispute_reversal", Amount: 10000, Fee: 0, Net: 10000},
		{ID: "txn_9", Created: day0 + 86400 + 5, Currency: "jpy", Category: "charge", Amount: 5000, Fee: 180, Net: 4820},
		{ID: "txn_x", Created: day0 - 1, Currency: "usd", Category: "charge", Amount: 99999, Fee: 0, Net: 99999}, // before the grid
	}
	a := NewBalanceActivity(g, nil)
	for _, r := range rows {
		a.Add(r)
	}
	usd := a.Totals("usd")[0]
	// gross = 2900 + 10000; refunds = 2900; disputes = 10000 − 10000 (reinstated)
	// fees = 114 + 320 + 1500 + 500; charge failures = 1000
	// net revenue = 2786 + 9680 − 2900 − 11500 − 500 − 1000 + 10000 = 6566
	want := BalanceTotals{Gross: 12900, Refunds: 2900, Disputes: 0, Fees: 2434, ChargeFailures: 1000,
		NetRevenue: 6566, Payouts: 5000, BalanceChange: 6566, Charges: 2, RefundCount: 1, DisputeCount: 1}
	if usd != want {
		t.Errorf("usd day 0 = %+v\nwant           %+v", usd, want)
	}
	if got := usd.Gross - usd.Refunds - usd.Disputes - usd.Fees - usd.ChargeFailures; got != usd.NetRevenue {
		t.Errorf("gross − refunds − disputes − fees − failures = %d, net revenue %d", got, usd.NetRevenue)
	}
	if a.Totals("usd")[1] != (BalanceTotals{}) {
		t.Errorf("usd day 1 should be empty, got %+v", a.Totals("usd")[1])
	}
	if jpy := a.Totals("jpy"); jpy[0] != (BalanceTotals{}) || jpy[1].NetRevenue != 4820 {
		t.Errorf("jpy = %+v", jpy)
	}

	series := a.Series(NetRevenue)
	if len(series) != 2 || series[0].Currency != "jpy" || series[1].Currency != "usd" {
		t.Fatalf("want jpy and usd series, got %d", len(series))
	}
	if got := series[1].Minor; len(got) != 2 || got[0] != 6566 || got[1] != 0 {
		t.Errorf("usd net revenue series = %v, want [6566 0]", got)
	}
}

func TestBalanceActivityCurrencyFilterKeepsAskedCurrencies(t *testing.T) {
	g, day0 := dayGrid(t, 3)
	a := NewBalanceActivity(g, []string{"eur", "usd"})
	a.Add(records.BalanceTxn{ID: "a", Created: day0, Currency: "usd", Category: "charge", Amount: 100, Net: 97, Fee: 3})
	a.Add(records.BalanceTxn{ID: "b", Created: day0, Currency: "gbp", Category: "charge", Amount: 100, Net: 97, Fee: 3})
	s := a.Series(NetRevenue)
	if len(s) != 2 || s[0].Currency != "eur" || s[1].Currency != "usd" {
		t.Fatalf("series currencies: %v", s)
	}
	if s[0].Minor[0] != 0 || len(s[0].Minor) != 3 || s[1].Minor[0] != 97 {
		t.Errorf("eur %v usd %v", s[0].Minor, s[1].Minor)
	}
}
