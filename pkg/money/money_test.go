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

// Hand-worked: Stripe's exponents decide the decimals both ways.
func TestMinorAndFormat(t *testing.T) {
	for _, c := range []struct {
		amount   float64
		currency string
		minor    int64
		text     string
	}{
		{100, "usd", 10000, "100.00 USD"},
		{19.99, "eur", 1999, "19.99 EUR"},
		{500, "jpy", 500, "500 JPY"},
		{1.25, "kwd", 1250, "1.250 KWD"},
		{0.1 + 0.2, "usd", 30, "0.30 USD"}, // float noise rounds to the nearest cent
	} {
		if got := Minor(c.amount, c.currency); got != c.minor {
			t.Errorf("Minor(%v, %s) = %d, want %d", c.amount, c.currency, got, c.minor)
		}
		if got := Format(c.minor, c.currency); got != c.text {
			t.Errorf("Format(%d, %s) = %q, want %q", c.minor, c.currency, got, c.text)
		}
	}
}

// Every currency the exponent table names is one Stripe supports, and what is not a currency
// code is not.
func TestSupported(t *testing.T) {
	for c := range zeroDecimal {
		if !Supported(c) {
			t.Errorf("zero-decimal %s is not supported", c)
		}
	}
	for c := range threeDecimal {
		if !Supported(c) {
			t.Errorf("three-decimal %s is not supported", c)
		}
	}
	for _, c := range []string{"usd", "eur", "gbp", "jpy", "kwd", "chf", "all"} {
		if !Supported(c) {
			t.Errorf("%s is not supported", c)
		}
	}
	for _, c := range []string{"usdd", "us dollar", "xyz", "", "USD", "[[currency]]"} {
		if Supported(c) {
			t.Errorf("%q is supported", c)
		}
	}
}
