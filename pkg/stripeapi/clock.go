package stripeapi

import "time"

// clock is the time the request pacer runs on: a monotonic reading, so a wall-clock step (NTP,
// daylight saving, an admin setting the date) can neither release a burst nor stall requests.
// Tests inject a manual clock.
type clock interface {
	// now is the time elapsed since an arbitrary origin.
	now() time.Duration
	// since converts a time (a context's deadline) to the same scale.
	since(t time.Time) time.Duration
	// afterFunc calls f in its own goroutine once d has elapsed; stop cancels it.
	afterFunc(d time.Duration, f func()) (stop func() bool)
}

// monoClock is the real clock. time.Time values made by time.Now carry a monotonic reading,
// and Sub between two of them uses it.
type monoClock struct{ origin time.Time }

func newMonoClock() monoClock { return monoClock{origin: time.Now()} }

func (c monoClock) now() time.Duration              { return time.Since(c.origin) }
func (c monoClock) since(t time.Time) time.Duration { return t.Sub(c.origin) }
func (c monoClock) afterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}
