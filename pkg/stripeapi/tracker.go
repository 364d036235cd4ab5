package stripeapi

import (
	"context"
	"errors"
	"net/http"
	"sync"
)

// tracker carries what the transport saw during one stripe-go call back to the error mapper:
// how many attempts there were and what the last answer looked like. stripe-go turns answers
// into errors without those details (and cannot parse a proxy's HTML error page at all), so the
// mapper needs them to say "after 4 retries" or "HTTP 502 from something that is not Stripe".
type tracker struct {
	mu             sync.Mutex
	attempts       int
	status         int
	requestID      string
	attemptTimeout bool // the last attempt ran out of its own time, not the caller's
	budgetDeadline bool // the caller's deadline would pass while waiting for the rate budget
}

type trackerKey struct{}

func withTracker(ctx context.Context) (context.Context, *tracker) {
	t := &tracker{}
	return context.WithValue(ctx, trackerKey{}, t), t
}

// trackerFrom returns the call's tracker, or nil; every method accepts a nil receiver so the
// transport also works for requests made without one.
func trackerFrom(ctx context.Context) *tracker {
	t, _ := ctx.Value(trackerKey{}).(*tracker)
	return t
}

func (t *tracker) noteAttempt(parent context.Context, attempt int, resp *http.Response, err error) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.attempts = attempt + 1
	t.status, t.requestID = 0, ""
	var ae *answerError
	switch {
	case resp != nil:
		t.status = resp.StatusCode
		t.requestID = resp.Header.Get("Request-Id")
	case errors.As(err, &ae):
		// The headers arrived, the body did not.
		t.status, t.requestID = ae.status, ae.requestID
	}
	t.attemptTimeout = err != nil && errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil
}

func (t *tracker) noteBudget(err error) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.budgetDeadline = errors.Is(err, errBudgetDeadline)
	// The attempt that was waiting never happened; an earlier attempt's answer was already
	// discarded for a retry and must not be reported as the outcome.
	t.status, t.requestID = 0, ""
}

// snapshot is a copy of the tracker taken after the call returned.
type snapshot struct {
	attempts       int
	status         int
	requestID      string
	attemptTimeout bool
	budgetDeadline bool
}

func (t *tracker) snapshot() snapshot {
	if t == nil {
		return snapshot{}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return snapshot{t.attempts, t.status, t.requestID, t.attemptTimeout, t.budgetDeadline}
}

func (s snapshot) retries() int { return max(0, s.attempts-1) }
