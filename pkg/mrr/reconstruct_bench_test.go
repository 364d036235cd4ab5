package mrr_test

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/mrr"
)

// BenchmarkReconstruct rebuilds every subscription's MRR of a simulated account from its
// billing history, as each MRR panel does; subscriptions per second is the figure.
func BenchmarkReconstruct(b *testing.B) {
	for _, profile := range []string{"small", "medium"} {
		b.Run(profile, func(b *testing.B) {
			in := simulated(b, profile).input()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				mrr.Reconstruct(in, mrr.DefaultOptions())
			}
			b.ReportMetric(float64(len(in.Subscriptions))*float64(b.N)/b.Elapsed().Seconds(), "subscriptions/s")
		})
	}
}
