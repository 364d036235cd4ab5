package generator

import (
	"math"
	"testing"
)

// The multi_currency profile's rates follow a market path: they move from day to day (so MRR in
// one reporting currency moves with rates alone), cross rates agree with the dollar rates within
// the 6-digit rounding, and every conversion the generator makes uses the path's rate of the
// charge's UTC day.
func TestMultiCurrencyRatesFollowTheMarketPath(t *testing.T) {
	m := generateNamed(t, "multi_currency", 3, testNow)
	if !m.Profile.MarketRates {
		t.Fatal("multi_currency has no market path")
	}
	first := dayOf(m.Start.Unix())
	moved := 0
	for d := first + 1; d < first+60; d++ {
		if m.Rate(d, "eur", "usd") != m.Rate(d-1, "eur", "usd") {
			moved++
		}
		cross := m.Rate(d, "eur", "usd") / m.Rate(d, "gbp", "usd")
		if got := m.Rate(d, "eur", "gbp"); math.Abs(got/cross-1) > 2e-5 {
			t.Fatalf("day %d: eur→gbp %v, eur→usd / gbp→usd %v", d, got, cross)
		}
	}
	if moved < 55 {
		t.Errorf("eur→usd moved on %d of 59 days", moved)
	}
	lo, hi := math.Inf(1), 0.0
	for d := first; d < first+365; d++ {
		r := m.Rate(d, "eur", "usd")
		lo, hi = min(lo, r), max(hi, r)
	}
	if hi/lo < 1.05 {
		t.Errorf("eur→usd spans only %v..%v in a year: a market path moves more", lo, hi)
	}
	converted := 0
	for i := range m.Charges {
		c := &m.Charges[i]
		if c.ExchangeRate == 0 {
			continue
		}
		converted++
		if want := m.Rate(dayOf(c.Created), c.Currency, c.SettleCurrency); c.ExchangeRate != want {
			t.Fatalf("charge %s %s→%s at %v, the path's rate that day is %v", c.ID, c.Currency, c.SettleCurrency, c.ExchangeRate, want)
		}
	}
	if converted == 0 {
		t.Fatal("no charge was converted")
	}
}
