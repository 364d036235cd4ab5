package metrics

import (
	"fmt"
	"strings"

	"github.com/revops/stripe-datasource/pkg/money"
)

// PriceTerms is what a price variable's text says about a price.
type PriceTerms struct {
	Product       string // product name (or id when it has none)
	UnitAmount    int64
	Currency      string
	Interval      string // day, week, month, year; empty for one-time prices
	IntervalCount int64
	Tiered        bool
}

// PriceLabel reads a price the way a person would name it: "Pro · 49.00 USD / month",
// "Team · tiered, USD / 3 months", "Setup · 100.00 USD once".
func PriceLabel(p PriceTerms) string {
	amount := money.Format(p.UnitAmount, p.Currency)
	if p.Tiered {
		amount = "tiered, " + strings.ToUpper(p.Currency)
	}
	switch {
	case p.Interval == "":
		return fmt.Sprintf("%s · %s once", p.Product, amount)
	case p.IntervalCount > 1:
		return fmt.Sprintf("%s · %s / %d %ss", p.Product, amount, p.IntervalCount, p.Interval)
	default:
		return fmt.Sprintf("%s · %s / %s", p.Product, amount, p.Interval)
	}
}
