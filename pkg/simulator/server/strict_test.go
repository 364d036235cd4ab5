package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/objects/objectstest"
)

// clockedHarness serves the sample account with a settable clock.
func clockedHarness(t *testing.T, knobs Knobs) (*harness, *fakeClock) {
	t.Helper()
	test, _ := objectstest.NewSampleStore(false)
	live, _ := objectstest.NewSampleStore(true)
	clock := &fakeClock{t: time.Unix(1782864000, 0)}
	h, err := New(Config{Test: test, Live: live, Keys: testKeys(), Now: clock.now, Knobs: knobs})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	return &harness{h: h, srv: srv, test: test, live: live}, clock
}

// statuses requests path once at each offset (from the clock's start) and returns the statuses.
func statuses(t *testing.T, hs *harness, clock *fakeClock, key, path string, offsets ...time.Duration) []int {
	t.Helper()
	start := clock.now()
	var out []int
	for _, off := range offsets {
		clock.set(start.Add(off))
		out = append(out, hs.get(t, key, path).status)
	}
	clock.set(start)
	return out
}

func (c *fakeClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestStrictGlobalLimitIsASlidingSecond(t *testing.T) {
	hs, clock := clockedHarness(t, Knobs{RateLimit: RateLimit{Strict: true, Test: 3, Endpoint: 100}})
	// At most 3 in any second, by hand: 0, 300, 600 pass; 900 is the 4th within a second; at
	// 1000 the request at 0 has left the window (exactly a second old); a second one at 1000
	// would make 300, 600, 1000, 1000: refused. No burst is saved up while idle: after 5 s of
	// silence still only 3 pass at once.
	got := statuses(t, hs, clock, keyTest, "/v1/balance", 0, ms(300), ms(600), ms(900), ms(1000), ms(1000),
		ms(6000), ms(6000), ms(6000), ms(6000))
	want := []int{200, 200, 200, 429, 200, 429, 200, 200, 200, 429}
	if !equalInts(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	// Live mode has its own window and Stripe's 100/s when Live is left 0.
	for i := range 100 {
		if s := hs.get(t, keyLive, "/v1/balance").status; s != 200 {
			t.Fatalf("live request %d: %d", i+1, s)
		}
	}
	if s := hs.get(t, keyLive, "/v1/balance").status; s != 429 {
		t.Errorf("live request 101 in the same instant: %d, want 429", s)
	}
}

func TestStrictEndpointLimit(t *testing.T) {
	hs, clock := clockedHarness(t, Knobs{RateLimit: RateLimit{Strict: true, Test: 100, Endpoint: 2}})
	if got := statuses(t, hs, clock, keyTest, "/v1/charges", 0, 0, 0); !equalInts(got, []int{200, 200, 429}) {
		t.Errorf("GET /v1/charges: %v, want two then a 429", got)
	}
	// Another operation is another endpoint, even on the same resource.
	if s := hs.get(t, keyTest, "/v1/customers").status; s != 200 {
		t.Errorf("GET /v1/customers: %d", s)
	}
	id := hs.test.Charges[0].ID
	if s := hs.get(t, keyTest, "/v1/charges/"+id).status; s != 200 {
		t.Errorf("GET /v1/charges/{id}: %d", s)
	}
	// The refused request used nothing: a second later both slots are free again.
	if got := statuses(t, hs, clock, keyTest, "/v1/charges", time.Second, time.Second, time.Second); !equalInts(got, []int{200, 200, 429}) {
		t.Errorf("a second later: %v", got)
	}
	// Without Endpoint, strict mode applies Stripe's default of 25 per endpoint.
	hs.h.SetKnobs(Knobs{RateLimit: RateLimit{Strict: true, Test: 100}})
	clock.advance(time.Hour)
	for i := range 25 {
		if s := hs.get(t, keyTest, "/v1/customers").status; s != 200 {
			t.Fatalf("request %d: %d", i+1, s)
		}
	}
	if s := hs.get(t, keyTest, "/v1/customers").status; s != 429 {
		t.Errorf("26th request to one endpoint in one instant: %d, want 429", s)
	}
}

func TestStrictConcurrencyLimit(t *testing.T) {
	hs, _ := clockedHarness(t, Knobs{
		RateLimit: RateLimit{Strict: true, Test: 100, Endpoint: 100, Concurrency: 2},
		Faults:    []Fault{{Kind: FaultTimeout, Endpoint: "GET /v1/balance", Probability: 1}},
	})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, hs.srv.URL+"/v1/balance", nil)
			req.Header.Set("Authorization", "Bearer "+keyTest)
			if resp, err := hs.srv.Client().Do(req); err == nil {
				resp.Body.Close()
			}
		})
	}
	for hs.h.strict.inFlight(false) < 2 {
		runtime.Gosched()
	}
	e := hs.get(t, keyTest, "/v1/customers").apiErr(t, http.StatusTooManyRequests)
	if e.Error.Code != "rate_limit" {
		t.Errorf("third request in flight: %+v, want rate_limit", e.Error)
	}
	if s := hs.get(t, keyLive, "/v1/customers").status; s != 200 {
		t.Errorf("live mode has its own concurrency: %d", s)
	}
	cancel()
	wg.Wait()
	for hs.h.strict.inFlight(false) > 0 {
		runtime.Gosched()
	}
	if s := hs.get(t, keyTest, "/v1/customers").status; s != 200 {
		t.Errorf("after the hung requests left: %d", s)
	}
}

func TestMaxPerSecondIsTheBusiestSlidingSecond(t *testing.T) {
	hs, clock := clockedHarness(t, Knobs{})
	// A at 0, 900, 1400 ms; B at 500, 1000, 2500 ms. By hand, the windows (t-1s, t] ending at
	// each arrival hold: 0→1, 500→2, 900→3, 1000→3 (0 is a second old), 1400→4 (500, 900, 1000,
	// 1400), 2500→1. A alone: 900→2 (0, 900), 1400→2; B alone: 1000→2.
	start := clock.now()
	for _, a := range []struct {
		at   int
		path string
	}{{0, "/v1/charges"}, {500, "/v1/customers"}, {900, "/v1/charges"}, {1000, "/v1/customers"}, {1400, "/v1/charges"}, {2500, "/v1/customers"}} {
		clock.set(start.Add(ms(a.at)))
		hs.get(t, keyTest, a.path)
		if a.at == 1000 {
			if got := hs.h.Counts().MaxPerSecond(); got != 3 {
				t.Errorf("after the arrival at 1000 ms: max %d, want 3 (the one at 0 is a second old)", got)
			}
		}
	}
	c := hs.h.Counts()
	if c.MaxPerSecond() != 4 || c.MaxPerSecondOf("GET /v1/charges") != 2 || c.MaxPerSecondOf("GET /v1/customers") != 2 {
		t.Errorf("max per second: all %d, charges %d, customers %d; want 4, 2, 2",
			c.MaxPerSecond(), c.MaxPerSecondOf("GET /v1/charges"), c.MaxPerSecondOf("GET /v1/customers"))
	}
	// Refused and unauthenticated requests arrived too.
	clock.set(start.Add(ms(10000)))
	hs.get(t, "", "/v1/charges")
	hs.get(t, "sk_test_unknown", "/v1/charges")
	hs.get(t, keyTest, "/v1/charges")
	if got := hs.h.Counts().MaxPerSecondOf("GET /v1/charges"); got != 3 {
		t.Errorf("three arrivals in one instant, two of them refused: max %d, want 3", got)
	}
	hs.h.ResetCounts()
	if c := hs.h.Counts(); c.MaxPerSecond() != 0 || c.MaxPerSecondOf("GET /v1/charges") != 0 {
		t.Errorf("after ResetCounts: %d, %d", c.MaxPerSecond(), c.MaxPerSecondOf("GET /v1/charges"))
	}
}

func TestFaultsAreCountedWhereApplied(t *testing.T) {
	hs := newHarness(t, nil, Knobs{Faults: []Fault{
		{Kind: FaultServerError, Endpoint: "GET /v1/charges", Nth: 2},
		{Kind: FaultTruncated, Endpoint: "GET /v1/customers", Probability: 1},
	}})
	for range 3 {
		hs.get(t, keyTest, "/v1/charges")
		hs.get(t, keyTest, "/v1/customers")
	}
	// A request answered with an error has no body to cut: the fault is not applied.
	hs.get(t, keyRkNoAccess, "/v1/customers")
	c := hs.h.Counts()
	if c.Faults(FaultServerError) != 1 || c.Faults(FaultTruncated) != 3 || c.Faults(FaultConnectionReset) != 0 {
		t.Errorf("faults: server_error %d, truncated %d, reset %d; want 1, 3, 0",
			c.Faults(FaultServerError), c.Faults(FaultTruncated), c.Faults(FaultConnectionReset))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
