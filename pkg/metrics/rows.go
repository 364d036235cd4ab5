package metrics

import (
	"sort"

	"github.com/revops/stripe-datasource/pkg/records"
)

// InCurrencies says whether a currency passes a query's currency list (every currency when the
// list is empty).
func InCurrencies(currencies []string) func(string) bool {
	keep := map[string]bool{}
	for _, c := range currencies {
		keep[c] = true
	}
	return func(c string) bool { return len(keep) == 0 || keep[c] }
}

// SortedKeys lists a map's keys in order, so series and labels come out in a stable order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// newestFirst orders table rows by time, newest first, ties by id so the order is stable.
func newestFirst[T any](rows []T, created func(T) int64, id func(T) string) {
	sort.Slice(rows, func(i, j int) bool {
		if ci, cj := created(rows[i]), created(rows[j]); ci != cj {
			return ci > cj
		}
		return id(rows[i]) > id(rows[j])
	})
}

// FailedPayments keeps the failed attempts among charges, newest first, in the listed currencies
// (all when none is listed): the rows of the failed-payments table.
func FailedPayments(charges []records.Charge, currencies []string) []records.Charge {
	keep := InCurrencies(currencies)
	var out []records.Charge
	for _, c := range charges {
		if Failed(c) && keep(c.Currency) {
			out = append(out, c)
		}
	}
	newestFirst(out, func(c records.Charge) int64 { return c.Created }, func(c records.Charge) string { return c.ID })
	return out
}

// Failed says whether a charge is a failed payment attempt (a row of the failed payments table).
func Failed(c records.Charge) bool { return c.Status == "failed" }

// RefundRows keeps the refunds in the listed currencies, newest first: the rows of the refunds table.
func RefundRows(refunds []records.Refund, currencies []string) []records.Refund {
	keep := InCurrencies(currencies)
	var out []records.Refund
	for _, r := range refunds {
		if keep(r.Currency) {
			out = append(out, r)
		}
	}
	newestFirst(out, func(r records.Refund) int64 { return r.Created }, func(r records.Refund) string { return r.ID })
	return out
}
