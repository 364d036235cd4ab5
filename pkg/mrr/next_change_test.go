package mrr_test

import (
	"reflect"
	"testing"

	"github.com/revops/stripe-datasource/pkg/mrr"
)

// Reconstructing the same input later gives the same result until Result.NextChange (which
// lets the plugin reuse one reconstruction across reloads while no event arrives). NextChange
// may be early (an instant at which nothing turns out to change), never late. The result does
// depend on the time for some input (temporary discounts running out): thirty days later it
// differs, so the comparison can see a difference.
func TestSameInputGivesTheSameResultUntilNextChange(t *testing.T) {
	differed := 0
	for _, profile := range []string{"tiny", "small"} {
		in := simulated(t, profile).input()
		for _, o := range []mrr.Options{mrr.DefaultOptions(), {SubtractTemporaryDiscounts: true, SubtractForeverDiscounts: true, RetrySpan: mrr.DefaultRetrySpan}} {
			now := mrr.Reconstruct(in, o)
			if now.NextChange == 0 {
				t.Logf("%s: no change scheduled", profile)
				continue
			}
			if now.NextChange <= in.Now {
				t.Fatalf("%s: next change %d is not after now %d", profile, now.NextChange, in.Now)
			}
			later := in
			later.Now = now.NextChange - 1
			if got := mrr.Reconstruct(later, o); !reflect.DeepEqual(got.Subscriptions, now.Subscriptions) {
				t.Errorf("%s: reconstructed a second before the next change (%d s after now), the result differs", profile, now.NextChange-in.Now)
			}
			later.Now = max(now.NextChange, in.Now+30*24*3600)
			if got := mrr.Reconstruct(later, o); !reflect.DeepEqual(got.Subscriptions, now.Subscriptions) {
				differed++
			}
		}
	}
	if differed == 0 {
		t.Error("no reconstruction changed over thirty days: the comparison proves nothing")
	}
}
