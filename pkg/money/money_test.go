package money

import "testing"

// Expected values from docs.stripe.com/currencies: 1000 JPY is ¥1000, 1000 KWD minor units are
// 1.000 KWD, and ISK/HUF count in hundredths on Stripe even though ISO gives ISK no decimals.
func TestAmountUsesStripeExponents(t *testing.T) {
	cases := []struct {
		minor    int64
		currency string
		want     float64
	}{
		{2900, "usd", 29.00},
		{2900, "USD", 29.00},
		{1000, "jpy", 1000},
		{1234, "kwd", 1.234},
		{-4400, "eur", -44.00},
		{50000, "isk", 500.00},
		{12345, "huf", 123.45},
		{777, "bhd", 0.777},
		{999, "krw", 999},
	}
	for _, c := range cases {
		if got := Amount(c.minor, c.currency); got != c.want {
			t.Errorf("Amount(%d, %s) = %v, want %v", c.minor, c.currency, got, c.want)
		}
	}
}

func TestGrafanaUnit(t *testing.T) {
	if got := GrafanaUnit("jpy"); got != "currency:JPY" {
		t.Errorf("GrafanaUnit(jpy) = %q", got)
	}
}
