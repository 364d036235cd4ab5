package metrics

import (
	"sort"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

// NewCustomers counts the customers created in each bucket (METRICS.md "Customers").
func NewCustomers(customers []records.Customer, grid timebucket.Grid, metric string) Series {
	values := make([]float64, grid.Len())
	for _, c := range customers {
		if i := grid.Index(c.Created); i >= 0 {
			values[i]++
		}
	}
	return Series{Metric: metric, Name: "New customers", Unit: UnitCount, Times: grid.Starts(), Values: values}
}

// TotalCustomers counts the customers created up to each bucket's end (now for the bucket in
// progress). Stripe lists no deleted customer, so neither does this count.
func TotalCustomers(customers []records.Customer, grid timebucket.Grid, now int64, metric string) Series {
	instants := grid.LevelInstants(now)
	created := make([]int64, len(customers))
	for i, c := range customers {
		created[i] = c.Created
	}
	sort.Slice(created, func(i, j int) bool { return created[i] < created[j] })
	values := make([]float64, len(instants))
	for i, x := range instants {
		values[i] = float64(sort.Search(len(created), func(k int) bool { return created[k] > x }))
	}
	return Series{Metric: metric, Name: "Total customers", Unit: UnitCount, Times: grid.Starts(), Values: values}
}

// PayingCustomers counts, per bucket, the customers with at least one succeeded charge created in
// it; a charge without a customer belongs to nobody and counts for no one.
func PayingCustomers(charges []records.Charge, grid timebucket.Grid, metric string) Series {
	paying := make([]map[string]struct{}, grid.Len())
	for _, c := range charges {
		i := grid.Index(c.Created)
		if i < 0 || c.Customer == "" || c.Status != "succeeded" {
			continue
		}
		if paying[i] == nil {
			paying[i] = map[string]struct{}{}
		}
		paying[i][c.Customer] = struct{}{}
	}
	values := make([]float64, len(paying))
	for i, p := range paying {
		values[i] = float64(len(p))
	}
	return Series{Metric: metric, Name: "Paying customers", Unit: UnitCount, Times: grid.Starts(), Values: values}
}

// CustomerRevenue is what one customer paid in one presentment currency over a range.
type CustomerRevenue struct {
	Customer, Currency string
	Net                int64 // succeeded charges' amounts less what was refunded of them, minor units
	Payments           int   // succeeded charges
	First, Last        int64 // created of the first and last of them
}

// TopCustomers sums the succeeded charges of each customer and currency (METRICS.md "Top
// customers"): largest net first, ties by customer id then currency, the first n of each
// currency (0: all).
func TopCustomers(charges []records.Charge, n int) []CustomerRevenue {
	type key struct{ customer, currency string }
	sums := map[key]*CustomerRevenue{}
	for _, c := range charges {
		if c.Customer == "" || c.Status != "succeeded" {
			continue
		}
		k := key{c.Customer, c.Currency}
		r := sums[k]
		if r == nil {
			r = &CustomerRevenue{Customer: c.Customer, Currency: c.Currency, First: c.Created, Last: c.Created}
			sums[k] = r
		}
		r.Net += c.Amount - c.AmountRefunded
		r.Payments++
		r.First, r.Last = min(r.First, c.Created), max(r.Last, c.Created)
	}
	out := make([]CustomerRevenue, 0, len(sums))
	for _, r := range sums {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Net != b.Net {
			return a.Net > b.Net
		}
		if a.Customer != b.Customer {
			return a.Customer < b.Customer
		}
		return a.Currency < b.Currency
	})
	if n <= 0 {
		return out
	}
	kept := out[:0]
	perCurrency := map[string]int{}
	for _, r := range out {
		if perCurrency[r.Currency] < n {
			perCurrency[r.Currency]++
			kept = append(kept, r)
		}
	}
	return kept
}
