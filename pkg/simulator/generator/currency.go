package generator

import (
	"fmt"
	"math"
)

// currencyInfo is what the generator needs to know about one currency. The exponents follow
// Stripe's list (docs.stripe.com/currencies), not ISO 4217: the simulator must speak Stripe's units.
type currencyInfo struct {
	exponent int
	// usdPerUnit is the value of one major unit in US dollars; it drives FX conversion and how
	// catalog prices are scaled per currency.
	usdPerUnit float64
	// priceFactor scales a price in US cents to this currency's minor units before rounding to a
	// "round" amount (100 minor units).
	priceFactor float64
	// Settlement-only facts (used when the currency is one of the account's settlement currencies).
	feeBps       int64 // percentage part of the card processing fee, in basis points
	feeFixed     int64 // fixed part of the card processing fee, minor units
	disputeFee   int64 // chargeback fee, minor units
	availableDay int   // days until card funds become available
	country      string
}

var currencyTable = map[string]currencyInfo{
	"usd": {exponent: 2, usdPerUnit: 1, priceFactor: 1, feeBps: 290, feeFixed: 30, disputeFee: 1500, availableDay: 2, country: "US"},
	"eur": {exponent: 2, usdPerUnit: 1.08, priceFactor: 1, feeBps: 150, feeFixed: 25, disputeFee: 2000, availableDay: 3, country: "DE"},
	"gbp": {exponent: 2, usdPerUnit: 1.27, priceFactor: 0.8, feeBps: 150, feeFixed: 20, disputeFee: 2000, availableDay: 3, country: "GB"},
	"cad": {exponent: 2, usdPerUnit: 0.73, priceFactor: 1.35, feeBps: 290, feeFixed: 30, disputeFee: 1500, availableDay: 2, country: "CA"},
	"aud": {exponent: 2, usdPerUnit: 0.66, priceFactor: 1.5, feeBps: 175, feeFixed: 30, disputeFee: 2500, availableDay: 2, country: "AU"},
	"jpy": {exponent: 0, usdPerUnit: 0.0067, priceFactor: 1.5, feeBps: 360, feeFixed: 0, disputeFee: 1500, availableDay: 4, country: "JP"},
	"kwd": {exponent: 3, usdPerUnit: 3.25, priceFactor: 3.07, feeBps: 290, feeFixed: 100, disputeFee: 5000, availableDay: 4, country: "KW"},
	"bhd": {exponent: 3, usdPerUnit: 2.65, priceFactor: 3.77, feeBps: 290, feeFixed: 100, disputeFee: 6000, availableDay: 4, country: "BH"},
}

// knownCurrency reports whether the generator can price and settle in cur.
func knownCurrency(cur string) bool {
	_, ok := currencyTable[cur]
	return ok
}

// Exponent is the number of decimals Stripe uses for cur (0 for JPY, 3 for KWD, 2 for most).
func Exponent(cur string) (int, error) {
	ci, ok := currencyTable[cur]
	if !ok {
		return 0, fmt.Errorf("generator: unknown currency %q", cur)
	}
	return ci.exponent, nil
}

// fxRate is the rate Stripe would apply to convert one major unit of from into to, on a given day.
// It wiggles by up to ±1.5% per day, derived from (seed, day), so rates differ between days but a
// day's rate never depends on anything else.
func fxRate(seed uint64, day int64, from, to string) float64 {
	f, t := currencyTable[from], currencyTable[to]
	base := f.usdPerUnit / t.usdPerUnit
	wiggle := float64(mix64(seed^uint64(day)*0x9E3779B97F4A7C15^hashString(from+to))%3001)/100000 - 0.015
	return sixDigits(base * (1 + wiggle))
}

// sixDigits rounds a rate to 6 significant digits, as Stripe publishes them.
func sixDigits(r float64) float64 {
	mag := math.Pow(10, 5-math.Floor(math.Log10(r)))
	return math.Round(r*mag) / mag
}

// marketUSD is the value of one major unit of cur in US dollars on a day, on a market path: a slow
// swing (period 120 days, ±4%), a faster one (17 days, ±1.5%) and a daily jitter (±0.3%), their
// phases drawn from (seed, currency), so the path is the same for every pair that uses it.
func marketUSD(seed uint64, day int64, cur string) float64 {
	if cur == "usd" {
		return 1
	}
	h := hashString(cur)
	phase := func(k uint64) float64 { return float64(mix64(seed^h^k)%10000) / 10000 * 2 * math.Pi }
	jitter := float64(mix64(seed^h^uint64(day)*0x9E3779B97F4A7C15)%601)/100000 - 0.003
	d := float64(day)
	return currencyTable[cur].usdPerUnit * (1 + 0.04*math.Sin(2*math.Pi*d/120+phase(1)) + 0.015*math.Sin(2*math.Pi*d/17+phase(2)) + jitter)
}

// MarketRate is the market path's rate for one major unit of from in to on a day (UTC day number).
func MarketRate(seed uint64, day int64, from, to string) float64 {
	return sixDigits(marketUSD(seed, day, from) / marketUSD(seed, day, to))
}

// Rate is the rate the generator applies to convert one major unit of from into to on a day (UTC
// day number): the market path for a profile with MarketRates, the daily wiggle otherwise. Every
// conversion the generator makes uses it; the truth reads it from here.
func (m *Model) Rate(day int64, from, to string) float64 {
	return ProfileRate(m.Profile, m.Seed, day, from, to)
}

// ProfileRate is Model.Rate without the model: rates depend only on the profile and the seed.
// 0 for a currency the generator does not know.
func ProfileRate(p Profile, seed uint64, day int64, from, to string) float64 {
	if !knownCurrency(from) || !knownCurrency(to) {
		return 0
	}
	if p.MarketRates {
		return MarketRate(seed, day, from, to)
	}
	return fxRate(seed, day, from, to)
}

// convertMinor converts amount minor units of from into minor units of to at rate (major to major).
func convertMinor(amount int64, from, to string, rate float64) int64 {
	ef, et := currencyTable[from].exponent, currencyTable[to].exponent
	v := float64(amount) * rate * math.Pow(10, float64(et-ef))
	return int64(math.Round(v))
}
