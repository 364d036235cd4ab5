package truth

import (
	"sort"
	"sync"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
)

// Options are the MRR choices METRICS.md leaves to the merchant.
type Options struct {
	// SubtractForeverDiscounts subtracts discounts of forever coupons (default on).
	SubtractForeverDiscounts bool
	// SubtractTemporaryDiscounts subtracts once and repeating coupons while they apply (default
	// off). A once coupon applies during the service period of the first invoice it reduced; a
	// repeating one from its start until discount.end.
	SubtractTemporaryDiscounts bool
	// ChurnAtCancellation drops a subscription's MRR when cancellation is requested instead of
	// when the subscription actually ends (default: at period end).
	ChurnAtCancellation bool
	// PausedCountsMRR counts paused subscriptions at their value (default: paused counts 0).
	PausedCountsMRR bool
	// MeteredLastInvoice counts a metered item at what the latest invoice finalized so far billed
	// for its usage, normalised like a licensed price (default: metered items count 0).
	MeteredLastInvoice bool
}

// DefaultOptions are METRICS.md's defaults.
func DefaultOptions() Options { return Options{SubtractForeverDiscounts: true} }

// Truth answers ground-truth questions about one generated account.
type Truth struct {
	m    *generator.Model
	opts Options
	now  int64

	// Built on first use; the mutex makes a Truth safe for concurrent use.
	mu        sync.Mutex
	subSteps  [][]Step // per subscription
	movements []Movement
}

// New returns the truth of m under opts.
func New(m *generator.Model, opts Options) *Truth {
	return &Truth{m: m, opts: opts, now: m.Now.Unix()}
}

// Model is the model the truth is computed from.
func (t *Truth) Model() *generator.Model { return t.m }

// currencies returns the sorted distinct values of f over n items.
func sortedSet(vals map[string]bool) []string {
	out := make([]string, 0, len(vals))
	for v := range vals {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
