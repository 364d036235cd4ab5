package metrics

import (
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// One ledger row of each reporting category and what it adds to a bucket, by METRICS.md's
// formulas (every total reported positive).
func TestBalanceTotalsAddByCategory(t *testing.T) {
	cases := []struct {
		name string
		row  records.BalanceTxn
		want BalanceTotals
	}{
		{"charge: gross, its fee, net revenue",
			records.BalanceTxn{Category: "charge", Amount: 2900, Fee: 114, Net: 2786},
			BalanceTotals{Gross: 2900, Fees: 114, NetRevenue: 2786, BalanceChange: 2786, Charges: 1}},
		{"partial capture reversal lowers gross and is not a charge",
			records.BalanceTxn{Category: "partial_capture_reversal", Amount: -500, Net: -500},
			BalanceTotals{Gross: -500, NetRevenue: -500, BalanceChange: -500}},
		{"refund: reported positive",
			records.BalanceTxn{Category: "refund", Amount: -2900, Net: -2900},
			BalanceTotals{Refunds: 2900, NetRevenue: -2900, BalanceChange: -2900, RefundCount: 1}},
		{"refund failure gives a refund back and is not counted",
			records.BalanceTxn{Category: "refund_failure", Amount: 2900, Net: 2900},
			BalanceTotals{Refunds: -2900, NetRevenue: 2900, BalanceChange: 2900}},
		{"dispute: amount and its fee",
			records.BalanceTxn{Category: "dispute", Amount: -10000, Fee: 1500, Net: -11500},
			BalanceTotals{Disputes: 10000, Fees: 1500, NetRevenue: -11500, BalanceChange: -11500, DisputeCount: 1}},
		{"dispute reversal returns the amount and the fee (negative fee)",
			records.BalanceTxn{Category: "dispute_reversal", Amount: 10000, Fee: -1500, Net: 11500},
			BalanceTotals{Disputes: -10000, Fees: -1500, NetRevenue: 11500, BalanceChange: 11500}},
		{"fee row: its amount is a fee",
			records.BalanceTxn{Category: "fee", Amount: -500, Net: -500},
			BalanceTotals{Fees: 500, NetRevenue: -500, BalanceChange: -500}},
		{"tax row counts as a fee",
			records.BalanceTxn{Category: "tax", Amount: -95, Net: -95},
			BalanceTotals{Fees: 95, NetRevenue: -95, BalanceChange: -95}},
		{"charge failure",
			records.BalanceTxn{Category: "charge_failure", Amount: -1000, Net: -1000},
			BalanceTotals{ChargeFailures: 1000, NetRevenue: -1000, BalanceChange: -1000}},
		{"payout: not revenue, not balance change from activity",
			records.BalanceTxn{Category: "payout", Amount: -5000, Net: -5000},
			BalanceTotals{Payouts: 5000}},
		{"payout reversal",
			records.BalanceTxn{Category: "payout_reversal", Amount: 5000, Net: 5000},
			BalanceTotals{Payouts: -5000}},
		{"another category (transfer) moves the balance only",
			records.BalanceTxn{Category: "transfer", Amount: -300, Net: -300},
			BalanceTotals{BalanceChange: -300}},
	}
	for _, c := range cases {
		var got BalanceTotals
		got.add(c.row)
		if got != c.want {
			t.Errorf("%s:\n got  %+v\n want %+v", c.name, got, c.want)
		}
	}
}

// Net sales is gross − refunds − disputes (fees not taken off).
func TestBalanceTotalsNetSales(t *testing.T) {
	cases := []struct {
		t    BalanceTotals
		want int64
	}{
		{BalanceTotals{}, 0},
		{BalanceTotals{Gross: 12900, Refunds: 2900, Disputes: 10000, Fees: 2434}, 0},
		{BalanceTotals{Gross: 12900, Refunds: 2900, Disputes: -10000}, 20000}, // a dispute reinstated
		{BalanceTotals{Gross: 0, Refunds: 500}, -500},
	}
	for _, c := range cases {
		if got := c.t.NetSales(); got != c.want {
			t.Errorf("NetSales(%+v) = %d, want %d", c.t, got, c.want)
		}
	}
}

// Each catalog id names its total and unit.
func TestBalanceFields(t *testing.T) {
	tot := BalanceTotals{Gross: 1, Refunds: 2, Disputes: 3, Fees: 4, ChargeFailures: 5, NetRevenue: 6, Payouts: 7, BalanceChange: 8, RefundCount: 9}
	cases := []struct {
		id   string
		unit Unit
		want int64
	}{
		{"net_revenue", UnitMoney, 6}, {"gross_volume", UnitMoney, 1}, {"refunds", UnitMoney, 2}, {"refund_count", UnitCount, 9},
		{"disputes_lost", UnitMoney, 3}, {"fees", UnitMoney, 4}, {"net_sales", UnitMoney, 1 - 2 - 3}, {"charge_failures", UnitMoney, 5},
		{"payouts", UnitMoney, 7}, {"balance_change", UnitMoney, 8},
	}
	if len(BalanceFields) != len(cases) {
		t.Errorf("%d balance fields, want %d", len(BalanceFields), len(cases))
	}
	for _, c := range cases {
		f, ok := BalanceFields[c.id]
		if !ok || f.Metric != c.id || f.Unit != c.unit || f.Value(tot) != c.want {
			t.Errorf("%s: %+v ok=%v value %d, want unit %s value %d", c.id, f, ok, f.Value(tot), c.unit, c.want)
		}
	}
}

// Series: one per currency, every bucket present, money in Minor and counts in Values; rows
// outside the grid are ignored (the grid is [from, to)).
func TestBalanceActivitySeries(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	a := NewBalanceActivity(g, nil)
	for _, r := range []records.BalanceTxn{
		{Created: d0, Currency: "usd", Category: "refund", Amount: -2900, Net: -2900},
		{Created: d0 + daySecs - 1, Currency: "usd", Category: "refund", Amount: -100, Net: -100},
		{Created: d0 + daySecs, Currency: "kwd", Category: "refund", Amount: -1250, Net: -1250},
		{Created: d0 - 1, Currency: "usd", Category: "refund", Amount: -7, Net: -7},         // before
		{Created: d0 + 2*daySecs, Currency: "usd", Category: "refund", Amount: -7, Net: -7}, // at the end: outside
		{Created: d0 + 2*daySecs, Currency: "eur", Category: "refund", Amount: -7, Net: -7}, // makes no eur series
	} {
		a.Add(r)
	}
	checkLines(t, "refunds", a.Series(Refunds), []line{{Cur: "kwd", Minor: []int64{0, 1250}}, {Cur: "usd", Minor: []int64{3000, 0}}})
	checkLines(t, "refund count", a.Series(RefundCount), []line{{Cur: "kwd", Values: []float64{0, 1}}, {Cur: "usd", Values: []float64{2, 0}}})
	s := a.Series(Refunds)[0]
	if s.Metric != "refunds" || s.Name != "Refunds" || s.Unit != UnitMoney || s.Len() != 2 || !s.Times[1].Equal(g.Start(1)) {
		t.Errorf("series header %+v", s)
	}
	if got := a.Currencies(); len(got) != 2 || got[0] != "kwd" || got[1] != "usd" {
		t.Errorf("Currencies = %v", got)
	}
	if a.Totals("eur") != nil || a.Totals("usd")[0].RefundCount != 2 {
		t.Errorf("Totals eur %v usd %v", a.Totals("eur"), a.Totals("usd"))
	}
}

// With no rows: no series at all, unless currencies were asked for by name, which get zeros.
func TestBalanceActivityEmpty(t *testing.T) {
	g, _ := dayGrid(t, 2)
	if s := NewBalanceActivity(g, nil).Series(NetRevenue); len(s) != 0 {
		t.Errorf("no rows, no filter: %d series", len(s))
	}
	checkLines(t, "asked for jpy", NewBalanceActivity(g, []string{"jpy"}).Series(Fees), []line{{Cur: "jpy", Minor: []int64{0, 0}}})
	if s := NewBalanceActivity(g, []string{"jpy"}).NetByCategory("balance_by_category"); len(s) != 0 {
		t.Errorf("by category without rows: %d series", len(s))
	}
}

// NetByCategory: one series per currency and category seen, sorted, the net of each row.
func TestBalanceActivityNetByCategory(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	a := NewBalanceActivity(g, []string{"usd", "eur"})
	for _, r := range []records.BalanceTxn{
		{Created: d0 + 1, Currency: "usd", Category: "charge", Amount: 2900, Fee: 114, Net: 2786},
		{Created: d0 + daySecs, Currency: "usd", Category: "charge", Amount: 10000, Fee: 320, Net: 9680},
		{Created: d0 + daySecs + 1, Currency: "usd", Category: "refund", Amount: -2900, Net: -2900},
		{Created: d0 + 2, Currency: "eur", Category: "fee", Amount: -50, Net: -50},
		{Created: d0 + 3, Currency: "gbp", Category: "charge", Amount: 100, Net: 97, Fee: 3}, // not asked for
	} {
		a.Add(r)
	}
	got := a.NetByCategory("balance_by_category")
	checkLines(t, "net by category", got, []line{
		{Cur: "eur", Labels: "reporting_category=fee ", Minor: []int64{-50, 0}},
		{Cur: "usd", Labels: "reporting_category=charge ", Minor: []int64{2786, 9680}},
		{Cur: "usd", Labels: "reporting_category=refund ", Minor: []int64{0, -2900}},
	})
	if got[0].Metric != "balance_by_category" || got[0].Name != "Balance activity" || got[0].Unit != UnitMoney {
		t.Errorf("header %+v", got[0])
	}
}

// Day buckets in New York across the fall-back night: Nov 1 is 25 hours, so 23:30 EST on Nov 1
// (04:30 UTC Nov 2) is still Nov 1, and the buckets are stamped at local midnight.
func TestBalanceActivityDSTDays(t *testing.T) {
	g := nyFallBackDays(t)
	a := NewBalanceActivity(g, nil)
	for _, r := range []records.BalanceTxn{
		{Created: utc(2026, 11, 1, 3, 59, 59), Currency: "usd", Category: "charge", Amount: 1, Net: 1},     // Oct 31 23:59:59 EDT
		{Created: utc(2026, 11, 1, 4, 0, 0), Currency: "usd", Category: "charge", Amount: 10, Net: 10},     // Nov 1 00:00 EDT
		{Created: utc(2026, 11, 2, 4, 30, 0), Currency: "usd", Category: "charge", Amount: 100, Net: 100},  // Nov 1 23:30 EST
		{Created: utc(2026, 11, 2, 5, 0, 0), Currency: "usd", Category: "charge", Amount: 1000, Net: 1000}, // Nov 2 00:00 EST
	} {
		a.Add(r)
	}
	s := a.Series(GrossVolume)
	checkLines(t, "gross", s, []line{{Cur: "usd", Minor: []int64{1, 110, 1000}}})
	loc := ny(t)
	for i, d := range []int{31, 1, 2} {
		if tm := s[0].Times[i].In(loc); tm.Day() != d || tm.Hour() != 0 {
			t.Errorf("bucket %d stamped %s", i, tm)
		}
	}
}

// A fixed-offset sanity check of the grid the DST test relies on.
func TestNYFallBackGridEdges(t *testing.T) {
	g := nyFallBackDays(t)
	want := []time.Time{time.Date(2026, 10, 31, 4, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC), time.Date(2026, 11, 2, 5, 0, 0, 0, time.UTC)}
	for i, w := range want {
		if !g.Start(i).Equal(w) {
			t.Errorf("start %d = %s, want %s", i, g.Start(i).UTC(), w)
		}
	}
	if !g.To().Equal(time.Date(2026, 11, 3, 5, 0, 0, 0, time.UTC)) || g.Unit != timebucket.Day {
		t.Errorf("to %s", g.To().UTC())
	}
}
