package models

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/revops/stripe-datasource/pkg/money"
)

// ExchangeRate is one row of the admin's rate table (jsonData exchangeRates): from ValidFrom
// (a UTC date, YYYY-MM-DD) until the pair's next row, one unit of Currency is Rate units of To.
// To empty means the data source's reporting currency.
type ExchangeRate struct {
	Currency  string  `json:"currency"`
	To        string  `json:"to,omitempty"`
	Rate      float64 `json:"rate"`
	ValidFrom string  `json:"validFrom"`
}

// ValidFromUnix is the start of the row's UTC day.
func (r ExchangeRate) ValidFromUnix() int64 {
	t, err := time.Parse(time.DateOnly, r.ValidFrom)
	if err != nil { // validated in LoadSettings
		return math.MaxInt64
	}
	return t.Unix()
}

// ConvertDefault is the convertTo value that means the data source's reporting currency (what
// bundled dashboards store, so one dashboard fits every account).
const ConvertDefault = "default"

// checkExchangeRates validates the reporting currency and the rate table, normalising codes.
func (s *Settings) checkExchangeRates() error {
	s.ReportingCurrency = strings.ToLower(strings.TrimSpace(s.ReportingCurrency))
	if s.ReportingCurrency != "" && !money.Supported(s.ReportingCurrency) {
		return settingError("reportingCurrency", "is %q, which is not a currency code Stripe supports: use a three-letter ISO code such as usd, eur or jpy, or leave it empty for the account's default currency.", s.ReportingCurrency)
	}
	for i := range s.ExchangeRates {
		r := &s.ExchangeRates[i]
		r.Currency, r.To = strings.ToLower(strings.TrimSpace(r.Currency)), strings.ToLower(strings.TrimSpace(r.To))
		r.ValidFrom = strings.TrimSpace(r.ValidFrom)
		row := fmt.Sprintf("row %d (%s → %s)", i+1, strings.ToUpper(r.Currency), strings.ToUpper(r.To))
		if r.To == "" {
			row = fmt.Sprintf("row %d (%s → the reporting currency)", i+1, strings.ToUpper(r.Currency))
		}
		switch {
		case !money.Supported(r.Currency):
			return settingError("exchangeRates", "has %s whose currency %q is not a currency code Stripe supports (three-letter ISO codes such as eur, gbp or jpy).", row, r.Currency)
		case r.To != "" && !money.Supported(r.To):
			return settingError("exchangeRates", "has %s whose target currency %q is not a currency code Stripe supports; leave it empty for the reporting currency.", row, r.To)
		case r.To == r.Currency:
			return settingError("exchangeRates", "has %s converting a currency into itself.", row)
		case !(r.Rate > 0) || math.IsInf(r.Rate, 0):
			return settingError("exchangeRates", "has %s with rate %v: a rate is the positive number of target units one unit buys (for example 1.08 for EUR → USD).", row, r.Rate)
		}
		if _, err := time.Parse(time.DateOnly, r.ValidFrom); err != nil {
			return settingError("exchangeRates", "has %s valid from %q, which is not a date written YYYY-MM-DD (UTC).", row, r.ValidFrom)
		}
	}
	return nil
}
