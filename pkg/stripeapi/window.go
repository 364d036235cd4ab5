package stripeapi

import (
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v85"
)

// Window selects objects by their created time: From <= created < To, in Unix seconds, sent as
// created[gte] and created[lt]. A zero bound is open (no lower or upper limit), so the zero
// Window reads everything. Stripe filters at whole seconds; callers that merge overlapping
// windows de-duplicate by id.
type Window struct {
	From int64
	To   int64
}

// WindowFor converts a time range [from, to) to a Window covering every second that overlaps
// it: From rounds down and To rounds up, so no object created inside the range is left out.
// A zero time means an open bound. A start before 1970 reads from 1970: Stripe has nothing
// older (a bucket of 1970-01-01 in a zone west of UTC starts the day before).
func WindowFor(from, to time.Time) Window {
	var w Window
	if !from.IsZero() {
		w.From = max(0, from.Unix())
	}
	if !to.IsZero() {
		w.To = to.Unix()
		if to.Nanosecond() > 0 {
			w.To++
		}
	}
	return w
}

// Has reports whether an object created at t (Unix seconds) is in the window.
func (w Window) Has(t int64) bool { return (w.From == 0 || t >= w.From) && (w.To == 0 || t < w.To) }

// empty reports a window that cannot contain anything, so no request is needed.
func (w Window) empty() bool { return w.From > 0 && w.To > 0 && w.From == w.To }

func (w Window) check() error {
	if w.From < 0 || w.To < 0 {
		return invalidArgument(fmt.Sprintf("time window [%d, %d) has a negative bound; Unix seconds start at 0.", w.From, w.To))
	}
	if w.To > 0 && w.From > w.To {
		return invalidArgument(fmt.Sprintf("time window [%d, %d) ends before it starts.", w.From, w.To))
	}
	return nil
}

// created is the created[...] filter for the window, nil when both bounds are open.
func (w Window) created() *stripe.RangeQueryParams {
	if w.From == 0 && w.To == 0 {
		return nil
	}
	return &stripe.RangeQueryParams{GreaterThanOrEqual: w.From, LesserThan: w.To}
}
