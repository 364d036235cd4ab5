package records

import stripe "github.com/stripe/stripe-go/v85"

// ChargeRefund is one refund as /v1/refunds lists it: in the presentment currency of the payment
// it gives back, and naming that payment (the ledger's Refund is in the settlement currency).
type ChargeRefund struct {
	ID            string // re_…
	Created       int64
	Currency      string
	Amount        int64 // positive, presentment minor units
	Charge        string
	PaymentIntent string // "" for a charge made without one
	Status        string // pending, requires_action, succeeded, failed or canceled
}

// FromRefund keeps what revenue by product takes back from a payment.
func FromRefund(re *stripe.Refund) ChargeRefund {
	r := ChargeRefund{ID: re.ID, Created: re.Created, Currency: string(re.Currency), Amount: re.Amount, Status: string(re.Status)}
	if re.Charge != nil {
		r.Charge = re.Charge.ID
	}
	if re.PaymentIntent != nil {
		r.PaymentIntent = re.PaymentIntent.ID
	}
	return r.Interned()
}

// GivesBack reports whether the refund takes money back: it is done or on its way (a refund that
// failed or was canceled gave nothing back, one that requires action not yet).
func (r ChargeRefund) GivesBack() bool { return r.Status == "succeeded" || r.Status == "pending" }

// PaymentKey is the payment the refund belongs to, as an invoice payment names it: the payment
// intent, or the charge when it has none.
func (r ChargeRefund) PaymentKey() string {
	if r.PaymentIntent != "" {
		return r.PaymentIntent
	}
	return r.Charge
}
