package records

import stripe "github.com/stripe/stripe-go/v85"

// Charge is one payment attempt (/v1/charges), in its presentment currency.
type Charge struct {
	ID                string
	Created           int64
	Currency          string
	Amount            int64
	AmountCaptured    int64  // what was taken: less than Amount when captured in part, 0 until captured
	AmountRefunded    int64  // presentment currency, as of the last charge.refunded event read
	Status            string // succeeded, pending or failed, as of when it was read
	PaymentIntent     string // empty for charges made without one
	Customer          string
	FailureCode       string
	OutcomeReason     string // outcome.reason: the issuer decline code or Radar rule
	OutcomeType       string // outcome.type: authorized, issuer_declined, blocked, invalid, ...
	PaymentMethodType string
}

// FromCharge keeps what the payment metrics and tables use.
func FromCharge(c *stripe.Charge) Charge {
	r := Charge{
		ID:             c.ID,
		Created:        c.Created,
		Currency:       string(c.Currency),
		Amount:         c.Amount,
		Status:         string(c.Status),
		AmountCaptured: c.AmountCaptured,
		AmountRefunded: c.AmountRefunded,
		FailureCode:    string(c.FailureCode),
	}
	if c.PaymentIntent != nil {
		r.PaymentIntent = c.PaymentIntent.ID
	}
	if c.Customer != nil {
		r.Customer = c.Customer.ID
	}
	if c.Outcome != nil {
		r.OutcomeReason = string(c.Outcome.Reason)
		r.OutcomeType = string(c.Outcome.Type)
	}
	if c.PaymentMethodDetails != nil {
		r.PaymentMethodType = string(c.PaymentMethodDetails.Type)
	}
	return r.Interned()
}

// FailureReason is the failure dimension METRICS.md defines: outcome.reason, else failure_code.
func (c Charge) FailureReason() string {
	if c.OutcomeReason != "" {
		return c.OutcomeReason
	}
	if c.FailureCode != "" {
		return c.FailureCode
	}
	return "unknown"
}

// PaymentKey identifies the payment an attempt belongs to: retries share a payment intent.
func (c Charge) PaymentKey() string {
	if c.PaymentIntent != "" {
		return c.PaymentIntent
	}
	return c.ID
}
