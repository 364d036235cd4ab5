package plugin

import (
	"fmt"
	"time"
)

// unixEpoch is the earliest moment a query may ask for: Stripe's times are Unix seconds, and it
// has no object that old.
var unixEpoch = time.Unix(0, 0).UTC()

// checkTimeRange refuses a panel's time range the plugin cannot answer truthfully, in words a
// dashboard user can act on. Every query type goes through it: a range that ends before it
// starts, or reaches before 1970, would otherwise fail deep in the reads with wording about Unix
// windows. Ranges in the future are fine: their buckets are zero (or, for the balance, the
// present balance), as the metric's description says.
func checkTimeRange(from, to time.Time) error {
	const day = "2006-01-02 15:04:05 MST"
	switch {
	case from.IsZero() && to.IsZero():
		return fmt.Errorf("the query has no time range: Grafana sends the panel's range with every query; if this query comes from an API call, give it a from and a to")
	case !to.After(from):
		return fmt.Errorf("the time range ends (%s) before it starts (%s): choose a range whose end is after its start",
			to.UTC().Format(day), from.UTC().Format(day))
	case from.Before(unixEpoch):
		return fmt.Errorf("the time range starts on %s, before 1970-01-01, where Stripe's clock (Unix time) begins: there is nothing to read that far back. "+
			"Choose a start in 1970 or later (for an account's whole history, a range such as the last 10 years)", from.UTC().Format(time.DateOnly))
	}
	return nil
}
