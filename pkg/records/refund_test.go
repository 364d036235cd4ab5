package records

import (
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

// A refund row of the ledger has a negative amount; the record keeps it positive, in the
// settlement currency, with the refund's id, reason, status and charge from the expanded source.
func TestFromRefundTransaction(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.BalanceTransaction
		want Refund
	}{
		{"expanded refund",
			&stripe.BalanceTransaction{Created: 1782907200, Currency: "usd", Amount: -2900, Net: -2900,
				Source: &stripe.BalanceTransactionSource{ID: "re_1", Refund: &stripe.Refund{ID: "re_1", Reason: "requested_by_customer", Status: "succeeded",
					Charge: &stripe.Charge{ID: "ch_1"}}}},
			Refund{ID: "re_1", Created: 1782907200, Currency: "usd", Amount: 2900, Charge: "ch_1", Reason: "requested_by_customer", Status: "succeeded"}},
		{"three-decimal currency, refund without charge or reason",
			&stripe.BalanceTransaction{Created: 1782907300, Currency: "kwd", Amount: -1005,
				Source: &stripe.BalanceTransactionSource{ID: "re_2", Refund: &stripe.Refund{ID: "re_2", Status: "pending"}}},
			Refund{ID: "re_2", Created: 1782907300, Currency: "kwd", Amount: 1005, Status: "pending"}},
		{"source not expanded",
			&stripe.BalanceTransaction{Created: 1782907400, Currency: "jpy", Amount: -500, Source: &stripe.BalanceTransactionSource{ID: "re_3"}},
			Refund{ID: "re_3", Created: 1782907400, Currency: "jpy", Amount: 500}},
		{"no source",
			&stripe.BalanceTransaction{Created: 1782907500, Currency: "jpy", Amount: -500},
			Refund{Created: 1782907500, Currency: "jpy", Amount: 500}},
	}
	for _, c := range cases {
		if got := FromRefundTransaction(c.in); got != c.want {
			t.Errorf("%s: got %+v\nwant %+v", c.name, got, c.want)
		}
	}
}
