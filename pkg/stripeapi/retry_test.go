package stripeapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Stripe's documented messages (STRIPE-API-SHAPES.md §2).
const (
	msgRateLimit   = "Testmode request rate limit exceeded, the rate limits in testmode are lower than livemode. You can learn more about rate limits here https://stripe.com/docs/rate-limits."
	msgLockTimeout = "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate."
)

// failThenBalance answers the first `fail` requests with fn and then a balance.
func failThenBalance(fail int, fn func(w http.ResponseWriter)) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		if n < fail {
			fn(w)
			return
		}
		writeJSON(w, 200, "req_ok", balanceBody)
	}
}

func TestRetry429ThenSuccessWaitsWithBackoff(t *testing.T) {
	f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) { stripeError(w, 429, "req_429", "rate_limit", msgRateLimit) }))
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RetryBaseDelay = 40 * time.Millisecond; cfg.RetryMaxDelay = time.Second })
	c.tr.jitter = func() float64 { return 1 } // the top of the jitter range: exactly the base delay
	b, err := c.Balance(context.Background())
	if err != nil {
		t.Fatalf("Balance: %v", err)
	}
	if b.Available[0].Amount != 1234 {
		t.Errorf("balance not decoded: %+v", b.Available)
	}
	got := c.Stats()
	if got.Requests != 2 || got.Retries != 1 || got.RateLimited != 1 {
		t.Errorf("stats = %+v, want 2 requests, 1 retry, 1 rate limited", got)
	}
	reqs := f.requests()
	if gap := reqs[1].at.Sub(reqs[0].at); gap < 40*time.Millisecond {
		t.Errorf("retried after %v, want at least the 40ms backoff", gap)
	}
}

func TestRetryLockTimeout(t *testing.T) {
	f := newFake(t, failThenBalance(2, func(w http.ResponseWriter) { stripeError(w, 429, "req_lock", "lock_timeout", msgLockTimeout) }))
	c := newTestClient(t, f.URL)
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatalf("Balance after two lock_timeouts: %v", err)
	}
	if s := c.Stats(); s.Requests != 3 || s.Retries != 2 {
		t.Errorf("stats = %+v, want 3 requests and 2 retries", s)
	}
}

func TestRetry5xxThenSuccess(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) {
			stripeError(w, status, "req_5xx", "", "An unknown error occurred")
		}))
		c := newTestClient(t, f.URL)
		if _, err := c.Balance(context.Background()); err != nil {
			t.Fatalf("%d then 200: %v", status, err)
		}
		if s := c.Stats(); s.Retries != 1 {
			t.Errorf("%d: %d retries, want 1", status, s.Retries)
		}
	}
}

func TestRetry5xxExhausted(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		stripeError(w, 503, "req_last503", "", "An unknown error occurred")
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.MaxRetries = 3 })
	_, err := c.Balance(context.Background())
	e := mustKind(t, err, KindStripeServer)
	if len(f.requests()) != 4 {
		t.Errorf("%d requests, want 1 + 3 retries", len(f.requests()))
	}
	if e.Status != 503 || e.RequestID != "req_last503" || e.Retries != 3 {
		t.Errorf("got status %d, request id %q, retries %d", e.Status, e.RequestID, e.Retries)
	}
	for _, s := range []string{"HTTP 503", "after 3 retries", "status.stripe.com", "(Stripe request id req_last503)"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message lacks %q: %s", s, err)
		}
	}
}

func TestRateLimitedAfterRetries(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		stripeError(w, 429, "req_r", "rate_limit", msgRateLimit)
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 500 })
	_, err := c.Balance(context.Background())
	mustKind(t, err, KindRateLimited)
	want := "Stripe rate limit reached after 2 retries; lower the request rate budget in the data source settings (now 500 requests/s) or retry later."
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message:\n %s\nwant it to contain:\n %s", err, want)
	}
}

func TestShouldRetryHeader(t *testing.T) {
	t.Run("false stops a 5xx retry", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Stripe-Should-Retry", "false")
			stripeError(w, 500, "req_noretry", "", "An unknown error occurred")
		})
		c := newTestClient(t, f.URL)
		_, err := c.Balance(context.Background())
		mustKind(t, err, KindStripeServer)
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("false stops a 429 retry", func(t *testing.T) {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Stripe-Should-Retry", "false")
			stripeError(w, 429, "req_noretry", "rate_limit", msgRateLimit)
		})
		c := newTestClient(t, f.URL)
		_, _ = c.Balance(context.Background())
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
	t.Run("true retries a 409", func(t *testing.T) {
		f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) {
			w.Header().Set("Stripe-Should-Retry", "true")
			stripeError(w, 409, "req_409", "", "Conflict")
		}))
		c := newTestClient(t, f.URL)
		if _, err := c.Balance(context.Background()); err != nil {
			t.Fatalf("409 with Stripe-Should-Retry: true then 200: %v", err)
		}
	})
	t.Run("409 without the header is not retried", func(t *testing.T) {
		f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) { stripeError(w, 409, "req_409", "", "Conflict") }))
		c := newTestClient(t, f.URL)
		_, err := c.Balance(context.Background())
		mustKind(t, err, KindInvalidRequest)
	})
	t.Run("400 is not retried", func(t *testing.T) {
		f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) {
			stripeError(w, 400, "req_400", "parameter_unknown", "Received unknown parameter: foo")
		}))
		c := newTestClient(t, f.URL)
		_, err := c.Balance(context.Background())
		mustKind(t, err, KindInvalidRequest)
		if n := len(f.requests()); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
	})
}

func TestRetryAfterHonoured(t *testing.T) {
	f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "1")
		stripeError(w, 429, "req_ra", "rate_limit", msgRateLimit)
	}))
	c := newTestClient(t, f.URL)
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if gap := reqs[1].at.Sub(reqs[0].at); gap < time.Second {
		t.Errorf("retried after %v, Retry-After asked for 1s", gap)
	}
}

func TestRetryAfterTooLongEndsRetries(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "120")
		stripeError(w, 429, "req_ra", "rate_limit", msgRateLimit)
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.MaxRetryAfter = time.Second })
	_, err := c.Balance(context.Background())
	mustKind(t, err, KindRateLimited)
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests; a 2-minute Retry-After must not be waited for", n)
	}
}

func TestBackoffBounds(t *testing.T) {
	tr := &transport{baseDelay: 100 * time.Millisecond, maxDelay: time.Second}
	// Hand-computed ceilings: 100ms·2ⁿ capped at 1s.
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second}
	tr.jitter = func() float64 { return 1 }
	for n, w := range want {
		if got := tr.backoff(n); got != w {
			t.Errorf("ceiling of retry %d = %v, want %v", n, got, w)
		}
	}
	tr.jitter = func() float64 { return 0.25 }
	if got := tr.backoff(2); got != 100*time.Millisecond {
		t.Errorf("a quarter of the 400ms ceiling = %v, want 100ms", got)
	}
	tr.jitter = func() float64 { return 0 }
	if got := tr.backoff(100); got != 0 {
		t.Errorf("full jitter may wait 0, got %v", got)
	}
	tr.jitter = func() float64 { return 1 }
	if got := tr.backoff(100); got != time.Second {
		t.Errorf("a huge retry number must stay at the cap, got %v", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"0.5":                           500 * time.Millisecond,
		"-1":                            0,
		"soon":                          0,
		"Sun, 01 Mar 2026 12:00:10 GMT": 10 * time.Second,
		"Sun, 01 Mar 2026 11:59:00 GMT": 0,
	}
	for in, want := range cases {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestNoRetriesWhenDisabled(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { stripeError(w, 500, "req_x", "", "boom") })
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.MaxRetries = -1 })
	_, _ = c.Balance(context.Background())
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d requests with retries disabled", n)
	}
}

func TestOnlyGETLeavesTheTransport(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, "", balanceBody) })
	c := newTestClient(t, f.URL)
	_, err := c.sc.V1Customers.Create(context.Background(), nil)
	if err == nil {
		t.Fatal("a POST went through")
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d requests reached the server; writes must never leave the client", n)
	}
}

func TestRetryDoesNotOutliveTheDeadline(t *testing.T) {
	// A retry whose backoff would end after the caller's deadline is not attempted; the caller
	// gets Stripe's real answer rather than a timeout.
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { stripeError(w, 503, "req_503", "", "boom") })
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RetryBaseDelay = 10 * time.Second; cfg.RetryMaxDelay = 10 * time.Second })
	c.tr.jitter = func() float64 { return 1 }
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Balance(ctx)
	mustKind(t, err, KindStripeServer)
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v; it should give up at once instead of sleeping into the deadline", d)
	}
}

func mustKind(t *testing.T, err error, want Kind) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want *Error of kind %s, got %T: %v", want, err, err)
	}
	if e.Kind != want {
		t.Fatalf("kind = %s, want %s: %v", e.Kind, want, err)
	}
	return e
}
