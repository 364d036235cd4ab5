package stripeapi

import (
	"context"

	"github.com/stripe/stripe-go/v85"
)

// RefundTransactionTypes are the balance transaction types of a refund: card refunds are
// "refund", refunds of other payment methods "payment_refund" (both reporting_category refund).
var RefundTransactionTypes = []string{"refund", "payment_refund"}

// ExpandBalanceTransactionSource turns balance_transaction.source into its object (here the
// refund, with its charge, reason and status). Covered by rak_balance_transaction_source_read.
const ExpandBalanceTransactionSource = "data.source"

// ListRefundTransactions reads the refund rows of the balance ledger created in w, each with its
// refund object expanded: the ledger dates and prices a refund in the settlement currency, the
// refund says which payment it gave back and why.
func (c *Client) ListRefundTransactions(ctx context.Context, w Window, fn func(*stripe.BalanceTransaction) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	for _, typ := range RefundTransactionTypes {
		err := readAll(ctx, c, list[*stripe.BalanceTransaction]{
			op: operation{path: "/v1/balance_transactions", resource: "balance_transactions"}, noun: "refund balance transactions",
			id: ident(func(o *stripe.BalanceTransaction) string { return o.ID }),
			fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.BalanceTransaction] {
				p := &stripe.BalanceTransactionListParams{ListParams: lp, CreatedRange: w.created(), Type: stripe.String(typ)}
				p.AddExpand(ExpandBalanceTransactionSource)
				return c.sc.V1BalanceTransactions.List(ctx, p)
			},
		}, fn)
		if err != nil {
			return err
		}
	}
	return nil
}
