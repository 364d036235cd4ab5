package metrics

import "github.com/revops/stripe-datasource/pkg/timebucket"

// currencyBuckets holds one slice of per-bucket totals per currency, made on first use. Every
// flow aggregation (balance, payments, disputes) keeps its totals in one.
type currencyBuckets[T any] struct {
	grid timebucket.Grid
	only map[string]bool // nil: every currency
	by   map[string][]T
	// The last currency looked up and its buckets: records mostly come in runs of one currency,
	// and this skips two map lookups per record on the aggregation's hot path.
	lastCur     string
	lastBuckets []T
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
	t, _ := c.atIndex(currency, created)
	return t
}

// atIndex is at that also returns the bucket's index (-1 with nil).
func (c *currencyBuckets[T]) atIndex(currency string, created int64) (*T, int) {
	i := c.grid.Index(created)
	if i < 0 {
		return nil, -1
	}
	if c.lastBuckets != nil && currency == c.lastCur {
		return &c.lastBuckets[i], i
	}
	if c.only != nil && !c.only[currency] {
		return nil, -1
	}
	buckets, ok := c.by[currency]
	if !ok {
		buckets = make([]T, c.grid.Len())
		c.by[currency] = buckets
	}
	c.lastCur, c.lastBuckets = currency, buckets
	return &buckets[i], i
}

// currencies lists the currencies seen or asked for, sorted.
func (c *currencyBuckets[T]) currencies() []string { return SortedKeys(c.by) }

// series reads one value per bucket into one series per currency, every bucket present (0 when
// nothing happened) so that alert rules see a value rather than a gap. Money is read as exact
// minor units (minor); counts and ratios as numbers (number).
func (c *currencyBuckets[T]) series(metric, name string, unit Unit, minor func(T) int64, number func(T) float64) []Series {
	times := c.grid.Starts()
	var out []Series
	for _, cur := range c.currencies() {
		s := Series{Metric: metric, Name: name, Currency: cur, Unit: unit, Times: times}
		for _, t := range c.by[cur] {
			if unit == UnitMoney {
				s.Minor = append(s.Minor, minor(t))
			} else {
				s.Values = append(s.Values, number(t))
			}
		}
		out = append(out, s)
	}
	return out
}
