// Package money turns Stripe's integer minor units into amounts. Stripe's exponents are its own,
// not ISO 4217's (ISK and HUF have two decimals on Stripe), so the table follows
// docs.stripe.com/currencies as METRICS.md lists it.
package money

import (
	"math"
	"strconv"
	"strings"
)

var zeroDecimal = set("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf")

var threeDecimal = set("bhd", "jod", "kwd", "omr", "tnd")

func set(codes ...string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

// Exponent is the number of decimals Stripe uses for a currency's minor unit.
func Exponent(currency string) int {
	c := strings.ToLower(currency)
	switch {
	case zeroDecimal[c]:
		return 0
	case threeDecimal[c]:
		return 3
	default:
		return 2
	}
}

// Amount converts minor units to an amount in the currency's major unit. The conversion happens
// once, when a frame is built; every sum before it is an exact int64.
func Amount(minor int64, currency string) float64 {
	return float64(minor) / math.Pow10(Exponent(currency))
}

// GrafanaUnit is the field unit Grafana formats amounts with, for example "currency:USD".
func GrafanaUnit(currency string) string {
	return "currency:" + strings.ToUpper(currency)
}

// Minor converts an amount in the currency's major unit to minor units, rounded to the nearest
// unit (for thresholds typed by a person, such as "refunds of at least 100").
func Minor(amount float64, currency string) int64 {
	return int64(math.Round(amount * math.Pow10(Exponent(currency))))
}

// Format writes minor units as a plain amount with the currency's decimals and its upper-case
// code, for example "1234.50 USD", "500 JPY" or "1.250 KWD".
func Format(minor int64, currency string) string {
	return strconv.FormatFloat(Amount(minor, currency), 'f', Exponent(currency), 64) + " " + strings.ToUpper(currency)
}
