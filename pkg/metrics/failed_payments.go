package metrics

import (
	"sort"

	"github.com/revops/stripe-datasource/pkg/records"
)

// FailedPayments keeps the failed attempts among charges, newest first, in the listed currencies
// (all when none is listed): the rows of the failed-payments table.
func FailedPayments(charges []records.Charge, currencies []string) []records.Charge {
	keep := map[string]bool{}
	for _, c := range currencies {
		keep[c] = true
	}
	var out []records.Charge
	for _, c := range charges {
		if c.Status == "failed" && (len(keep) == 0 || keep[c.Currency]) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Created != out[j].Created {
			return out[i].Created > out[j].Created
		}
		return out[i].ID > out[j].ID
	})
	return out
}
