package metrics

// Value is one current value of a metric: a number now rather than a series over time (open
// disputes, the balance). Alert rules read these directly.
type Value struct {
	Metric   string
	Name     string
	Currency string
	Labels   map[string]string
	Unit     Unit
	Minor    int64   // UnitMoney
	Number   float64 // UnitCount and UnitRatio
}
