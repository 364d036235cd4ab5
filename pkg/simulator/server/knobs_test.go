package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/objects/objectstest"
)

// fakeClock is a settable clock for the rate limiter.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestRateLimitPerModeLikeStripe(t *testing.T) {
	test, _ := objectstest.NewSampleStore(false)
	live, _ := objectstest.NewSampleStore(true)
	clock := &fakeClock{t: time.Unix(1782864000, 0)}
	h, err := New(Config{Test: test, Live: live, Keys: testKeys(), Now: clock.now,
		Knobs: Knobs{RateLimit: RateLimit{Test: 2, Live: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	hs := &harness{h: h, srv: srv, test: test, live: live}

	// Burst defaults to the rate: 2 test requests pass, the third is limited; the clock stands still.
	for i := 0; i < 2; i++ {
		if r := hs.get(t, keyTest, "/v1/balance"); r.status != http.StatusOK {
			t.Fatalf("test request %d: %d", i+1, r.status)
		}
	}
	r := hs.get(t, keyTest, "/v1/balance")
	e := r.apiErr(t, http.StatusTooManyRequests)
	want := errBody{}
	want.Error.Code = "rate_limit"
	want.Error.DocURL = "https://stripe.com/docs/error-codes/rate-limit"
	want.Error.Message = "Testmode request rate limit exceeded, the rate limits in testmode are lower than livemode. You can learn more about rate limits here https://stripe.com/docs/rate-limits."
	want.Error.Type = "invalid_request_error"
	if e != want {
		t.Errorf("testmode 429:\n got %+v\nwant %+v", e.Error, want.Error)
	}
	// Live mode has its own bucket and message.
	if r := hs.get(t, keyLive, "/v1/balance"); r.status != http.StatusOK {
		t.Fatalf("first live request: %d", r.status)
	}
	e = hs.get(t, keyLive, "/v1/balance").apiErr(t, http.StatusTooManyRequests)
	if e.Error.Message != "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits." || e.Error.Code != "rate_limit" {
		t.Errorf("livemode 429: %+v", e.Error)
	}
	// A second later the buckets have refilled.
	clock.advance(time.Second)
	if r := hs.get(t, keyTest, "/v1/balance"); r.status != http.StatusOK {
		t.Errorf("after refill: %d", r.status)
	}
	c := h.Counts()
	if c.Of("GET /v1/balance", http.StatusTooManyRequests) != 2 || c.Of("GET /v1/balance", http.StatusOK) != 4 {
		t.Errorf("counts: 429=%d 200=%d, want 2 and 4", c.Of("GET /v1/balance", 429), c.Of("GET /v1/balance", 200))
	}
	// Knobs change at run time: no limit any more.
	h.SetKnobs(Knobs{})
	for i := 0; i < 5; i++ {
		if r := hs.get(t, keyTest, "/v1/balance"); r.status != http.StatusOK {
			t.Fatalf("unlimited request %d: %d", i, r.status)
		}
	}
}

func TestServerErrorAndLockTimeoutFaults(t *testing.T) {
	hs := newHarness(t, nil, Knobs{Faults: []Fault{
		{Kind: FaultServerError, Endpoint: "GET /v1/charges", Nth: 3, ShouldRetry: "false"},
		{Kind: FaultLockTimeout, Endpoint: "GET /v1/invoices", Probability: 1},
	}})
	for i := 1; i <= 5; i++ {
		r := hs.get(t, keyTest, "/v1/charges")
		if i != 3 {
			if r.status != http.StatusOK {
				t.Errorf("charges request %d: %d", i, r.status)
			}
			continue
		}
		e := r.apiErr(t, http.StatusInternalServerError)
		if e.Error.Type != "api_error" || r.header.Get("Stripe-Should-Retry") != "false" || r.header.Get("Request-Id") == "" {
			t.Errorf("500: %+v should-retry=%q", e.Error, r.header.Get("Stripe-Should-Retry"))
		}
	}
	// Other endpoints are untouched by an endpoint-scoped fault.
	if r := hs.get(t, keyTest, "/v1/customers"); r.status != http.StatusOK {
		t.Errorf("customers: %d", r.status)
	}
	e := hs.get(t, keyTest, "/v1/invoices").apiErr(t, http.StatusTooManyRequests)
	if e.Error.Code != "lock_timeout" || e.Error.DocURL != "https://stripe.com/docs/error-codes/lock-timeout" ||
		e.Error.Message != "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate." {
		t.Errorf("lock_timeout: %+v", e.Error)
	}
}

func TestProbabilisticFaultsAreSeeded(t *testing.T) {
	run := func() []int {
		hs := newHarness(t, nil, Knobs{Seed: 7, Faults: []Fault{{Kind: FaultServerError, Probability: 0.3}}})
		var statuses []int
		for i := 0; i < 60; i++ {
			statuses = append(statuses, hs.get(t, keyTest, "/v1/balance").status)
		}
		return statuses
	}
	a, b := run(), run()
	failed := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatal("the same seed must inject the same faults")
		}
		if a[i] == http.StatusInternalServerError {
			failed++
		}
	}
	if failed == 0 || failed == len(a) {
		t.Errorf("probability 0.3 failed %d of %d requests", failed, len(a))
	}
}

func TestTimeoutFaultHangsUntilTheClientGivesUp(t *testing.T) {
	hs := newHarness(t, nil, Knobs{Faults: []Fault{{Kind: FaultTimeout, Nth: 1}}})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.srv.URL+"/v1/balance", nil)
	req.Header.Set("Authorization", "Bearer "+keyTest)
	start := time.Now()
	_, err := hs.srv.Client().Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the client's deadline to end the request, got %v", err)
	}
	if d := time.Since(start); d < 140*time.Millisecond || d > 5*time.Second {
		t.Errorf("returned after %v", d)
	}
	// The handler noticed and returned: the request is counted with status 0.
	waitFor(t, func() bool { return hs.h.Counts().Of("GET /v1/balance", 0) == 1 })
	if r := hs.get(t, keyTest, "/v1/balance"); r.status != http.StatusOK {
		t.Errorf("the next request: %d", r.status)
	}
}

func TestConnectionResetAndTruncatedFaults(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	full := hs.get(t, keyTest, "/v1/charges").body

	hs.h.SetKnobs(Knobs{Faults: []Fault{{Kind: FaultTruncated, Nth: 1}}})
	r := hs.get(t, keyTest, "/v1/charges")
	if r.status != http.StatusOK || len(r.body) != len(full)/2 || !bytes.HasPrefix(full, r.body) || json.Valid(r.body) {
		t.Errorf("truncated: status %d, %d of %d bytes, valid JSON %v", r.status, len(r.body), len(full), json.Valid(r.body))
	}

	hs.h.SetKnobs(Knobs{Faults: []Fault{{Kind: FaultConnectionReset, Nth: 1}}})
	req, _ := http.NewRequest(http.MethodGet, hs.srv.URL+"/v1/charges", nil)
	req.Header.Set("Authorization", "Bearer "+keyTest)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("a reset connection must surface as an error to the client")
	}
	waitFor(t, func() bool { return hs.h.Counts().Of("GET /v1/charges", 0) == 1 })
	if r := hs.get(t, keyTest, "/v1/charges"); r.status != http.StatusOK || !bytes.Equal(r.body, full) {
		t.Errorf("after the reset: %d", r.status)
	}
}

func TestLatencyIsAddedAndHonoursCancellation(t *testing.T) {
	hs := newHarness(t, nil, Knobs{Latency: 120 * time.Millisecond})
	start := time.Now()
	if r := hs.get(t, keyTest, "/v1/balance"); r.status != http.StatusOK {
		t.Fatal(r.status)
	}
	if d := time.Since(start); d < 120*time.Millisecond {
		t.Errorf("answered after %v, before the 120ms latency", d)
	}
	hs.h.SetKnobs(Knobs{Latency: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.srv.URL+"/v1/balance", nil)
	req.Header.Set("Authorization", "Bearer "+keyTest)
	start = time.Now()
	if _, err := hs.srv.Client().Do(req); err == nil {
		t.Fatal("want the client's deadline")
	}
	// The handler stops waiting too (else the hour-long sleep would hold it).
	waitFor(t, func() bool { return hs.h.Counts().Of("GET /v1/balance", 0) == 1 })
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("handler released after %v", d)
	}
}

func TestRequestCounts(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	for i := 0; i < 3; i++ {
		hs.get(t, keyTest, "/v1/charges")
	}
	hs.get(t, keyTest, "/v1/charges/ch_missing")
	hs.get(t, keyTest, "/v1/nope")
	hs.get(t, "", "/v1/charges")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); hs.get(t, keyTest, "/v1/balance") }()
	}
	wg.Wait()
	c := hs.h.Counts()
	checks := []struct {
		name      string
		got, want int64
	}{
		{"charges list", c.Endpoint("GET /v1/charges"), 4},
		{"charges list 200", c.Of("GET /v1/charges", 200), 3},
		{"charges list 401", c.Of("GET /v1/charges", 401), 1},
		{"charge retrieve 404", c.Of("GET /v1/charges/{id}", 404), 1},
		{"unrecognized", c.Endpoint(EndpointUnrecognized), 1},
		{"balance (concurrent)", c.Endpoint("GET /v1/balance"), 20},
		{"all 200s", c.Status(200), 23},
		{"all 404s", c.Status(404), 2},
		{"total", c.Total(), 26},
	}
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s: %d, want %d", ck.name, ck.got, ck.want)
		}
	}
	hs.h.ResetCounts()
	if hs.h.Counts().Total() != 0 {
		t.Error("ResetCounts must zero every count")
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
