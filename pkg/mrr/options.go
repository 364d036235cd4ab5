package mrr

import "time"

// Options are the MRR choices METRICS.md leaves to the merchant.
type Options struct {
	// SubtractForeverDiscounts subtracts forever coupons (default on).
	SubtractForeverDiscounts bool
	// SubtractTemporaryDiscounts subtracts once and repeating coupons while they apply (default off).
	SubtractTemporaryDiscounts bool
	// ChurnAtCancellation drops MRR when cancellation is requested rather than when the
	// subscription ends (default: when it ends).
	ChurnAtCancellation bool
	// PausedCountsMRR counts paused subscriptions at their value (default: 0).
	PausedCountsMRR bool
	// RetrySpan is how long after an invoice is finalized its last automatic payment retry is
	// assumed to fail, dating the move to unpaid when no event (older than 30 days) dates it.
	// Stripe's retry schedule is an account setting the API does not expose.
	RetrySpan time.Duration
	// Breakdown splits each subscription's MRR by product, price or interval (BreakdownProduct,
	// ...); empty for none.
	Breakdown string
}

// DefaultRetrySpan is the assumed retry schedule: the last of Stripe's retries a week after the
// invoice was finalized, plus the hour Stripe takes to act on the final failure.
const DefaultRetrySpan = 7*24*time.Hour + time.Hour

// DefaultOptions are METRICS.md's defaults.
func DefaultOptions() Options {
	return Options{SubtractForeverDiscounts: true, RetrySpan: DefaultRetrySpan}
}
