package metrics

import "github.com/revops/stripe-datasource/pkg/timebucket"

// currencyBuckets holds one slice of per-bucket totals per currency, made on first use. Every
// flow aggregation (balance, payments, disputes) keeps its totals in one.
type currencyBuckets[T any] struct {
	grid timebucket.Grid
	only map[string]bool // nil: every currency
	by   map[string][]T
}

// newCurrencyBuckets keeps only the listed currencies (all when none is listed). A currency
// asked for by name gets its buckets at once, so it yields zeros rather than no series and an
// alert on it still evaluates.
func newCurrencyBuckets[T any](grid timebucket.Grid, currencies []string) currencyBuckets[T] {
	c := currencyBuckets[T]{grid: grid, by: map[string][]T{}}
	if len(currencies) > 0 {
		c.only = map[string]bool{}
		for _, cur := range currencies {
			c.only[cur] = true
			c.by[cur] = make([]T, grid.Len())
		}
	}
	return c
}

// at returns the totals of the bucket holding created in currency, or nil when the currency is
// filtered out or the time is outside the grid.
func (c *currencyBuckets[T]) at(currency string, created int64) *T {
	if c.only != nil && !c.only[currency] {
		return nil
	}
	i := c.grid.Index(created)
	if i < 0 {
		return nil
	}
	buckets, ok := c.by[currency]
	if !ok {
		buckets = make([]T, c.grid.Len())
		c.by[currency] = buckets
	}
	return &buckets[i]
}

// currencies lists the currencies seen or asked for, sorted.
func (c *currencyBuckets[T]) currencies() []string { return sortedKeys(c.by) }
