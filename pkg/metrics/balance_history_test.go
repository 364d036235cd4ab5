package metrics

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/records"
)

// The balance at each bucket's end is today's balance minus the net of everything created since;
// the bucket in progress and those after now show the balance now.
func TestBalanceHistoryWalksBack(t *testing.T) {
	g, d0 := dayGrid(t, 4)
	now := d0 + 2*daySecs + 12*3600 // noon of day 2: bucket 2 in progress, bucket 3 ahead
	h := NewBalanceHistory(g, now)
	for _, r := range []records.BalanceTxn{
		{Created: d0 + 100, Currency: "usd", Net: 1000},
		{Created: d0 + daySecs + 100, Currency: "usd", Net: 2000},
		{Created: d0 + 2*daySecs + 100, Currency: "usd", Net: -500},
		{Created: now, Currency: "usd", Net: 700},          // at now: not yet in the balance read
		{Created: d0 - 1, Currency: "usd", Net: 9999},      // before the grid: in every value already
		{Created: d0 + daySecs, Currency: "jpy", Net: 400}, // day 1, a currency the balance no longer lists
	} {
		h.Add(r)
	}
	// usd: end of day 0 = 10000 − (−500) − 2000 = 8500; end of day 1 = 10000 − (−500) = 10500;
	// day 2 (now) and day 3 = 10000.
	// jpy: 0 now; end of day 0 = 0 − 400.
	got := h.Series(map[string]int64{"usd": 10000}, nil)
	checkLines(t, "balance", got, []line{
		{Cur: "jpy", Minor: []int64{-400, 0, 0, 0}},
		{Cur: "usd", Minor: []int64{8500, 10500, 10000, 10000}},
	})
	if s := got[1]; s.Metric != "balance_over_time" || s.Name != "Balance" || s.Unit != UnitMoney || s.Len() != 4 {
		t.Errorf("header %+v", s)
	}
}

// A range that ends before now: what was created after the grid (and before now) is taken off
// the last bucket too.
func TestBalanceHistoryRangeEndingBeforeNow(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	h := NewBalanceHistory(g, d0+5*daySecs)
	h.Add(records.BalanceTxn{Created: d0 + daySecs + 5, Currency: "kwd", Net: 200})
	h.Add(records.BalanceTxn{Created: d0 + 3*daySecs, Currency: "kwd", Net: 300})
	// end of day 1 = 10000 − 300; end of day 0 = 9700 − 200.
	checkLines(t, "kwd", h.Series(map[string]int64{"kwd": 10000}, nil), []line{{Cur: "kwd", Minor: []int64{9500, 9700}}})
}

func TestBalanceHistoryCurrenciesAndEmpty(t *testing.T) {
	g, d0 := dayGrid(t, 2)
	now := d0 + 10*daySecs
	cases := []struct {
		name       string
		rows       []records.BalanceTxn
		current    map[string]int64
		currencies []string
		want       []line
	}{
		{"nothing at all: no series", nil, nil, nil, []line{}},
		{"a balance without activity is flat", nil, map[string]int64{"eur": -300}, nil, []line{{Cur: "eur", Minor: []int64{-300, -300}}}},
		{"the filter keeps the listed currencies",
			[]records.BalanceTxn{{Created: d0, Currency: "usd", Net: 5}},
			map[string]int64{"usd": 100, "eur": 50}, []string{"eur"}, []line{{Cur: "eur", Minor: []int64{50, 50}}}},
		{"a listed currency never held is 0 throughout", nil, map[string]int64{"usd": 100}, []string{"chf", "usd"},
			[]line{{Cur: "chf", Minor: []int64{0, 0}}, {Cur: "usd", Minor: []int64{100, 100}}}},
	}
	for _, c := range cases {
		h := NewBalanceHistory(g, now)
		for _, r := range c.rows {
			h.Add(r)
		}
		checkLines(t, c.name, h.Series(c.current, c.currencies), c.want)
	}
}
