// Package metrics computes every metric from records. It is pure: no HTTP, no Grafana types, no
// clocks; callers pass the records, the bucket grid and the options, and get series back.
package metrics

import "time"

// Unit says how a series' values are to be read.
type Unit string

// Units of a series.
const (
	UnitMoney Unit = "money" // Minor holds integer minor units of Currency
	UnitCount Unit = "count"
	UnitRatio Unit = "ratio" // 0..1
)

// Series is one time series of a metric: one currency, optionally one dimension value.
type Series struct {
	Metric   string            // catalog id
	Name     string            // display name without the currency, "Net revenue"
	Currency string            // lower-case ISO code; empty for values that are not per currency
	Labels   map[string]string // dimension labels besides currency, for example reason
	Unit     Unit
	Times    []time.Time // bucket starts
	Minor    []int64     // UnitMoney values, exact
	Values   []float64   // UnitCount and UnitRatio values
	// Null marks UnitMoney points without a value (their Minor is 0); nil: every point has one.
	// Ratios mark theirs with NaN.
	Null []bool
}

// Len is the number of points.
func (s Series) Len() int { return len(s.Times) }
