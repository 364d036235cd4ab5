package mrr

import "github.com/revops/stripe-datasource/pkg/records"

// Bytes estimates the heap a result keeps (its strings are the subscriptions' records' own), for
// the data source's memory budget.
func (r Result) Bytes() int64 {
	n := records.SliceCost[SubscriptionMRR](len(r.Subscriptions))
	for i := range r.Subscriptions {
		s := &r.Subscriptions[i]
		n += records.SliceCost[Step](len(s.Steps)) + records.SliceCost[StatusStep](len(s.Statuses)) + records.SliceCost[Part](len(s.Parts))
		for _, p := range s.Parts {
			n += records.SliceCost[Step](len(p.Steps))
		}
	}
	return int64(n)
}
