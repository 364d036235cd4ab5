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
	// Metered is how metered (usage-based) prices count: MeteredExclude ("" too, Stripe's
	// definition: 0) or MeteredLastInvoice.
	Metered string
	// Breakdown splits each subscription's MRR by product, price or interval (BreakdownProduct,
	// ...); empty for none.
	Breakdown string
}

// Values of Options.Metered (METRICS.md "Usage-based prices in MRR").
const (
	MeteredExclude = "exclude"
	// MeteredLastInvoice values a metered item at what its most recent finalized invoice billed
	// for it, from that invoice's finalization until the next one's, normalised by its interval
	// like a licensed price (and reduced by the subscription's coupons like one).
	MeteredLastInvoice = "last_invoice"
)

// DefaultRetrySpan is the assumed retry schedule: the last of Stripe's retries a week after the
// invoice was finalized, plus the hour Stripe takes to act on the final failure.
const DefaultRetrySpan = 7*24*time.Hour + time.Hour

// DefaultOptions are METRICS.md's defaults.
func DefaultOptions() Options {
	return Options{SubtractForeverDiscounts: true, RetrySpan: DefaultRetrySpan}
}
