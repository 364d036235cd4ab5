package stripeapi

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"
)

// onManualClock gives the client's pacer a manual clock and returns a function that runs call
// to completion, firing the clock's timers whenever the call waits for the budget.
func onManualClock(c *Client) (*manualClock, func(call func())) {
	clk := newManualClock()
	c.tr.pacer = newPacer(clk, c.rate, c.endpointRate)
	return clk, func(call func()) {
		done := make(chan struct{})
		go func() { defer close(done); call() }()
		for {
			select {
			case <-done:
				return
			default:
			}
			// Backoff sleeps are real (a millisecond here); budget waits are on the clock.
			if !clk.fireNext() {
				runtime.Gosched()
			}
		}
	}
}

func TestRateLimitLowersTheBudgetAndTheRetryWaitsForIt(t *testing.T) {
	var mu sync.Mutex
	var arrivals []time.Duration
	var clk *manualClock
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		mu.Lock()
		arrivals = append(arrivals, clk.now()) // the manual clock stands still during a request
		mu.Unlock()
		if n == 0 {
			stripeError(w, 429, "req_429", "rate_limit", msgRateLimit)
			return
		}
		writeJSON(w, 200, "req_ok", balanceBody)
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 10 })
	clk, run := onManualClock(c)
	run(func() {
		if _, err := c.Balance(context.Background()); err != nil {
			t.Error(err)
		}
	})
	// By hand: the first request leaves at 0; its 429 halves 10/s to 5/s, so the retry leaves
	// 1.1 s / 5 = 220 ms later, not 110 ms.
	if len(arrivals) != 2 || arrivals[0] != 0 || arrivals[1] != ms(220) {
		t.Fatalf("requests left at %v, want 0 and 220ms", arrivals)
	}
	s := c.Stats()
	// 5 + 10·0.22 s/30 s while it recovers.
	if s.RateLimited != 1 || s.RateLimitedByEndpoint["GET /v1/balance"] != 1 || s.LockTimeouts != 0 || !near(s.EffectiveRateLimit, 5+10*0.22/30) {
		t.Errorf("stats %+v", s)
	}
	clk.advance(30 * time.Second)
	if r := c.Stats().EffectiveRateLimit; r != 10 {
		t.Errorf("30 s without a 429: %v requests/s, want the configured 10", r)
	}
}

func TestWhichAnswersLowerTheBudget(t *testing.T) {
	for _, tc := range []struct {
		name            string
		answer          func(w http.ResponseWriter)
		limited, locked int64
		effective       float64
	}{
		{"lock_timeout: the object is busy, not the account", func(w http.ResponseWriter) {
			stripeError(w, 429, "req_lock", "lock_timeout", msgLockTimeout)
		}, 0, 1, 10},
		{"a 429 without Stripe's envelope", func(w http.ResponseWriter) {
			w.WriteHeader(429)
			_, _ = w.Write([]byte("slow down"))
		}, 1, 0, 5},
		{"a 503", func(w http.ResponseWriter) { stripeError(w, 503, "req_503", "", "boom") }, 0, 0, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, failThenBalance(1, tc.answer))
			c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 10 })
			_, run := onManualClock(c)
			run(func() {
				if _, err := c.Balance(context.Background()); err != nil {
					t.Error(err)
				}
			})
			s := c.Stats()
			if s.RateLimited != tc.limited || s.LockTimeouts != tc.locked {
				t.Errorf("rate limited %d, lock timeouts %d; want %d and %d", s.RateLimited, s.LockTimeouts, tc.limited, tc.locked)
			}
			// Read at the moment of the 429 (the clock has moved to the retry's departure).
			got := c.tr.pacer.budget.rate(0)
			if got != tc.effective {
				t.Errorf("budget %v, want %v", got, tc.effective)
			}
		})
	}
}

// Several answers to requests that left together at the old budget lower it once: a burst of
// 429s must not drive the budget to the floor.
func TestA429BurstLowersTheBudgetOnce(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n < 3 {
			stripeError(w, 429, "req_429", "rate_limit", msgRateLimit)
			return
		}
		writeJSON(w, 200, "req_ok", balanceBody)
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 20 })
	clk, _ := onManualClock(c)
	// Three requests leave at 0, 55 and 110 ms; their 429s arrive after the third has left.
	var departed []time.Duration
	for range 3 {
		d, err := c.tr.pacer.wait(context.Background(), "GET /v1/balance")
		if err != nil {
			t.Fatal(err)
		}
		departed = append(departed, d)
		clk.advance(spacing(20))
	}
	for _, d := range departed {
		c.tr.note429("GET /v1/balance", "rate_limit", d)
	}
	// By hand: 20 halved once is 10 at the moment of the 429s.
	if got := c.tr.pacer.budget.low; got != 10 {
		t.Errorf("after three 429s to requests sent before the first decrease: %v, want 10", got)
	}
	if s := c.Stats(); s.RateLimited != 3 {
		t.Errorf("%d rate limits counted, want 3", s.RateLimited)
	}
}
