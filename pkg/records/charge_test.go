package records

import (
	"testing"

	stripe "github.com/stripe/stripe-go/v85"
)

// FromCharge keeps the ids of its expandable members (payment intent, customer), the outcome's
// reason and type and the payment method type; nil members leave their fields empty.
func TestFromCharge(t *testing.T) {
	cases := []struct {
		name string
		in   *stripe.Charge
		want Charge
	}{
		{"failed card charge, every member present",
			&stripe.Charge{ID: "ch_1", Created: 1782907200, Currency: "usd", Amount: 2900, Status: "failed", FailureCode: "card_declined",
				PaymentIntent: &stripe.PaymentIntent{ID: "pi_1"}, Customer: &stripe.Customer{ID: "cus_1", Email: "dropped@example.com"},
				Outcome:              &stripe.ChargeOutcome{Reason: "insufficient_funds", Type: "issuer_declined"},
				PaymentMethodDetails: &stripe.ChargePaymentMethodDetails{Type: "card"}},
			Charge{ID: "ch_1", Created: 1782907200, Currency: "usd", Amount: 2900, Status: "failed", PaymentIntent: "pi_1", Customer: "cus_1",
				FailureCode: "card_declined", OutcomeReason: "insufficient_funds", OutcomeType: "issuer_declined", PaymentMethodType: "card"}},
		{"succeeded yen charge without intent, customer, outcome or method, captured in part",
			&stripe.Charge{ID: "ch_2", Created: 1782907300, Currency: "jpy", Amount: 5000, AmountCaptured: 3000, Status: "succeeded"},
			Charge{ID: "ch_2", Created: 1782907300, Currency: "jpy", Amount: 5000, AmountCaptured: 3000, Status: "succeeded"}},
		{"pending sepa debit",
			&stripe.Charge{ID: "ch_3", Currency: "eur", Amount: 1999, Status: "pending", Customer: &stripe.Customer{ID: "cus_2"},
				PaymentMethodDetails: &stripe.ChargePaymentMethodDetails{Type: "sepa_debit"}},
			Charge{ID: "ch_3", Currency: "eur", Amount: 1999, Status: "pending", Customer: "cus_2", PaymentMethodType: "sepa_debit"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FromCharge(c.in); got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// METRICS.md: the failure reason is outcome.reason, else failure_code (else "unknown").
func TestChargeFailureReason(t *testing.T) {
	cases := []struct {
		c    Charge
		want string
	}{
		{Charge{OutcomeReason: "insufficient_funds", FailureCode: "card_declined"}, "insufficient_funds"},
		{Charge{FailureCode: "card_declined"}, "card_declined"},
		{Charge{OutcomeReason: "highest_risk_level"}, "highest_risk_level"},
		{Charge{}, "unknown"},
	}
	for _, c := range cases {
		if got := c.c.FailureReason(); got != c.want {
			t.Errorf("FailureReason(%+v) = %q, want %q", c.c, got, c.want)
		}
	}
}

// Retries of one payment share its payment intent; a charge without one is its own payment.
func TestChargePaymentKey(t *testing.T) {
	cases := []struct {
		c    Charge
		want string
	}{
		{Charge{ID: "ch_1", PaymentIntent: "pi_1"}, "pi_1"},
		{Charge{ID: "ch_2", PaymentIntent: "pi_1"}, "pi_1"},
		{Charge{ID: "ch_3"}, "ch_3"},
	}
	for _, c := range cases {
		if got := c.c.PaymentKey(); got != c.want {
			t.Errorf("PaymentKey(%+v) = %q, want %q", c.c, got, c.want)
		}
	}
}
