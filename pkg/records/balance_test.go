package records

import (
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

// FromBalanceTransaction keeps the ledger fields the balance metrics read, signs untouched, and
// the id of the expandable source (empty when the row has none).
func TestFromBalanceTransaction(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.BalanceTransaction
		want BalanceTxn
	}{
		{"charge with its source",
			&stripe.BalanceTransaction{ID: "txn_1", Created: 1782907200, Currency: "usd", ReportingCategory: "charge", Type: "charge",
				Amount: 2900, Fee: 114, Net: 2786, Description: "dropped", Source: &stripe.BalanceTransactionSource{ID: "ch_1", Type: "charge"}},
			BalanceTxn{ID: "txn_1", Created: 1782907200, Currency: "usd", Category: "charge", Type: "charge", Amount: 2900, Fee: 114, Net: 2786, Source: "ch_1"}},
		{"refund in yen keeps its negative amount",
			&stripe.BalanceTransaction{ID: "txn_2", Created: 1782907300, Currency: "jpy", ReportingCategory: "refund", Type: "refund",
				Amount: -5000, Net: -5000, Source: &stripe.BalanceTransactionSource{ID: "re_1", Refund: &stripe.Refund{ID: "re_1"}}},
			BalanceTxn{ID: "txn_2", Created: 1782907300, Currency: "jpy", Category: "refund", Type: "refund", Amount: -5000, Net: -5000, Source: "re_1"}},
		{"dispute reversal returns a negative fee",
			&stripe.BalanceTransaction{ID: "txn_3", Currency: "kwd", ReportingCategory: "dispute_reversal", Type: "adjustment",
				Amount: 1250, Fee: -150, Net: 1400, Source: &stripe.BalanceTransactionSource{ID: "dp_1"}},
			BalanceTxn{ID: "txn_3", Currency: "kwd", Category: "dispute_reversal", Type: "adjustment", Amount: 1250, Fee: -150, Net: 1400, Source: "dp_1"}},
		{"charge converted from yen keeps Stripe's exchange rate",
			&stripe.BalanceTransaction{ID: "txn_5", Created: 1782907400, Currency: "usd", ReportingCategory: "charge", Type: "charge",
				Amount: 670, Net: 670, ExchangeRate: 0.0067, Source: &stripe.BalanceTransactionSource{ID: "ch_5"}},
			BalanceTxn{ID: "txn_5", Created: 1782907400, Currency: "usd", Category: "charge", Type: "charge", Amount: 670, Net: 670, Source: "ch_5", ExchangeRate: 0.0067}},
		{"fee row without a source",
			&stripe.BalanceTransaction{ID: "txn_4", Currency: "usd", ReportingCategory: "fee", Type: "stripe_fee", Amount: -500, Net: -500},
			BalanceTxn{ID: "txn_4", Currency: "usd", Category: "fee", Type: "stripe_fee", Amount: -500, Net: -500}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FromBalanceTransaction(c.in); got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}
