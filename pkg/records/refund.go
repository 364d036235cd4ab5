package records

import stripe "github.com/stripe/stripe-go/v85"

// Refund is one refund as the balance ledger booked it (settlement currency), with what the
// refund object says about it.
type Refund struct {
	ID       string // re_…
	Created  int64  // when the ledger booked it
	Currency string // settlement currency
	Amount   int64  // positive, settlement currency minor units
	Charge   string // the payment given back
	Reason   string // duplicate, fraudulent, requested_by_customer, …; empty when none was given
	Status   string // succeeded, pending, failed, canceled, requires_action
}

// FromRefundTransaction reads a refund balance transaction whose source was expanded.
func FromRefundTransaction(bt *stripe.BalanceTransaction) Refund {
	r := Refund{Created: bt.Created, Currency: string(bt.Currency), Amount: -bt.Amount}
	if bt.Source == nil {
		return r
	}
	r.ID = bt.Source.ID
	if re := bt.Source.Refund; re != nil {
		r.Reason, r.Status = string(re.Reason), string(re.Status)
		if re.Charge != nil {
			r.Charge = re.Charge.ID
		}
	}
	return r
}
