// Package records holds the compact form of the Stripe objects the metrics read. A record keeps
// only what a metric needs, so caches and aggregations grow with the number of objects, not with
// the size of Stripe's JSON.
package records

import stripe "github.com/stripe/stripe-go/v85"

// BalanceTxn is one row of the balance ledger (/v1/balance_transactions), in the account's
// settlement currency.
type BalanceTxn struct {
	ID       string
	Created  int64 // Unix seconds
	Currency string
	Category string // reporting_category
	Type     string
	Amount   int64
	Fee      int64
	Net      int64
	Source   string // id of the charge, refund, dispute or payout behind the row
	// ExchangeRate is the rate Stripe applied converting the source object's presentment currency
	// into Currency (major unit to major unit); 0 when there was no conversion (Stripe's null).
	ExchangeRate float64
}

// FromBalanceTransaction keeps what the balance metrics use.
func FromBalanceTransaction(bt *stripe.BalanceTransaction) BalanceTxn {
	r := BalanceTxn{
		ID:       bt.ID,
		Created:  bt.Created,
		Currency: string(bt.Currency),
		Category: string(bt.ReportingCategory),
		Type:     string(bt.Type),
		Amount:   bt.Amount,
		Fee:      bt.Fee,
		Net:      bt.Net,

		ExchangeRate: bt.ExchangeRate,
	}
	if bt.Source != nil {
		r.Source = bt.Source.ID
	}
	return r.Interned()
}
