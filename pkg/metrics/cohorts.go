package metrics

import "time"

// CohortRow is one cohort of the retention table: logo retention (Currency empty) or revenue
// retention in one currency.
type CohortRow struct {
	Month    time.Time // the cohort's month start, in the query's zone
	Currency string
	// Size is the cohort's customers (revenue: those who have had MRR in Currency).
	Size int
	// StartMRR is, for revenue retention, the cohort's MRR in Currency at the end of its month.
	StartMRR int64
	// Retained are offsets 0..Months: a share (1 = 100%), NaN where there is no value (the month
	// has not begun yet, or there is nothing to divide by).
	Retained []float64
}
