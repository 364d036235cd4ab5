package metrics

import "testing"

func TestPriceLabel(t *testing.T) {
	for want, p := range map[string]PriceTerms{
		"Pro · 49.00 USD / month":         {Product: "Pro", UnitAmount: 4900, Currency: "usd", Interval: "month", IntervalCount: 1},
		"Team · tiered, EUR / 3 months":   {Product: "Team", Currency: "eur", Interval: "month", IntervalCount: 3, Tiered: true},
		"Setup · 100.00 USD once":         {Product: "Setup", UnitAmount: 10000, Currency: "usd"},
		"Basic · 1200 JPY / year":         {Product: "Basic", UnitAmount: 1200, Currency: "jpy", Interval: "year", IntervalCount: 1},
		"Gulf · 1.250 KWD / week":         {Product: "Gulf", UnitAmount: 1250, Currency: "kwd", Interval: "week", IntervalCount: 1},
		"Fortnight · 5.00 GBP / 2 weeks":  {Product: "Fortnight", UnitAmount: 500, Currency: "gbp", Interval: "week", IntervalCount: 2},
		"Yen tiers · tiered, JPY / month": {Product: "Yen tiers", Currency: "jpy", Interval: "month", IntervalCount: 1, Tiered: true},
		"Free · 0.00 USD / month":         {Product: "Free", Currency: "usd", Interval: "month", IntervalCount: 1},
	} {
		if got := PriceLabel(p); got != want {
			t.Errorf("PriceLabel(%+v) = %q, want %q", p, got, want)
		}
	}
}
