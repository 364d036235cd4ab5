package generator

import "time"

const (
	secondsPerHour = 3600
	secondsPerDay  = 86400
)

// dayOf is the UTC day number of t (days since 1970-01-01).
func dayOf(t int64) int64 {
	if t < 0 {
		return (t - secondsPerDay + 1) / secondsPerDay
	}
	return t / secondsPerDay
}

// dayStart is 00:00 UTC of t's day.
func dayStart(t int64) int64 { return dayOf(t) * secondsPerDay }

// addMonths moves t by n calendar months in UTC, keeping the time of day and clamping the day of
// month to the target month's length (Stripe bills a Jan 31 anchor on Feb 28/29, then Mar 31).
func addMonths(t int64, n int) int64 {
	u := time.Unix(t, 0).UTC()
	y, m, d := u.Date()
	first := time.Date(y, m+time.Month(n), 1, u.Hour(), u.Minute(), u.Second(), 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, u.Hour(), u.Minute(), u.Second(), 0, time.UTC).Unix()
}

// periodBoundary is the start of billing period k for a price's interval, counted from anchor.
// Computing each boundary from the anchor (not from the previous boundary) keeps month-end anchors
// from drifting.
func periodBoundary(anchor int64, interval string, count int64, k int) int64 {
	switch interval {
	case "day":
		return anchor + int64(k)*count*secondsPerDay
	case "week":
		return anchor + int64(k)*count*7*secondsPerDay
	case "year":
		return addMonths(anchor, k*int(count)*12)
	default:
		return addMonths(anchor, k*int(count))
	}
}
