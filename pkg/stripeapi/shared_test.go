package stripeapi

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// memShared is a Shared in memory: every replica of a test is a client over the same one.
type memShared struct {
	mu      sync.Mutex
	answers map[string]SharedAnswer
	up      atomic.Bool
	takes   atomic.Int64
}

func newMemShared() *memShared {
	m := &memShared{answers: map[string]SharedAnswer{}}
	m.up.Store(true)
	return m
}

func (m *memShared) Up() bool                    { return m.up.Load() }
func (m *memShared) SwitchSpread() time.Duration { return 0 }
func (m *memShared) Take(ctx context.Context, endpoint string, global, perEndpoint time.Duration) error {
	if !m.Up() {
		return context.DeadlineExceeded // any error: the store failed
	}
	m.takes.Add(1)
	return nil
}
func (m *memShared) Share(ctx context.Context, key, label string, notBefore time.Time, fetch func() *SharedAnswer) (SharedAnswer, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock() // one reader at a time: the lease
	if a, ok := m.answers[key]; ok && m.Up() && !a.FetchedAt.Before(notBefore) {
		return a, true, nil
	}
	if a := fetch(); a != nil && m.Up() {
		m.answers[key] = *a
	}
	return SharedAnswer{}, false, nil
}

// Two clients over one shared store: the second gets the balance from the first's read, without
// a request; each request took the shared budget; a 404 is not shared.
func TestSharedAnswersAreUsedAndCountTheBudget(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/v1/balance" {
			writeJSON(w, 200, "req_1", map[string]any{"object": "balance", "livemode": false,
				"available": []map[string]any{{"amount": 1234, "currency": "usd"}}})
			return
		}
		stripeError(w, 404, "req_2", "resource_missing", "No such thing")
	})
	m := newMemShared()
	shared := func(c *Config) { c.Shared, c.Replicas = m, 3 }
	a, b := newTestClient(t, f.URL, shared), newTestClient(t, f.URL, shared)
	ba, err := a.Balance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	bb, err := b.Balance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.requests()) != 1 {
		t.Fatalf("%d requests reached Stripe for one balance on two replicas", len(f.requests()))
	}
	if bb.Available[0].Amount != 1234 || ba.Available[0].Amount != bb.Available[0].Amount {
		t.Errorf("the shared balance is %+v", bb.Available)
	}
	if b.SharedState().Hits != 1 || m.takes.Load() != 1 {
		t.Errorf("hits %d, shared budget taken %d times; want 1 and 1", b.SharedState().Hits, m.takes.Load())
	}
	if err := a.Probe(context.Background(), "payouts"); err == nil {
		t.Log("probe answered") // the fake answers 404 to everything but the balance
	}
	if err := b.Probe(context.Background(), "payouts"); err == nil {
		t.Log("probe answered")
	}
	if n := len(f.requests()); n != 3 {
		t.Errorf("%d requests: an error answer must not be shared (want 3)", n)
	}
}

// The store down: requests go out on the local budget (the mode says so) and nothing is shared.
func TestSharedStoreDownFallsBackToTheLocalShare(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, "req", map[string]any{"object": "balance", "livemode": false})
	})
	m := newMemShared()
	m.up.Store(false)
	c := newTestClient(t, f.URL, func(c *Config) { c.Shared, c.Replicas = m, 4; c.RateLimit, c.EndpointRateLimit = 40, 40 })
	for range 2 {
		if _, err := c.Balance(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.requests()); n != 2 || m.takes.Load() != 0 {
		t.Errorf("%d requests, %d shared takes; want 2 and 0", n, m.takes.Load())
	}
	if st := c.SharedState(); st.Mode != "local" {
		t.Errorf("mode %q, want local", st.Mode)
	}
	if r := c.Stats().EffectiveRateLimit; r != 10 {
		t.Errorf("effective budget %v, want 40 / 4 replicas = 10", r)
	}
}
