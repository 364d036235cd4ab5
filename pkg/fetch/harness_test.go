package fetch

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// t0 is the present of the simulated account the tests start from.
var t0 = time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)

// account is a demo account (history fixed by its seed, so a later `now` only adds to it) served
// in process by its handler.
type account struct {
	acct *simulator.Account
	h    *server.Handler
	rt   http.RoundTripper
}

var (
	accountsMu sync.Mutex
	accounts   = map[time.Time]*account{}
)

func demoAt(t *testing.T, now time.Time) *account {
	t.Helper()
	accountsMu.Lock()
	defer accountsMu.Unlock()
	if a := accounts[now]; a != nil {
		a.h.SetKnobs(server.Knobs{})
		return a
	}
	acct, err := simulator.Demo(now)
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	a := &account{acct: acct, h: h, rt: simulator.NewRoundTripper(h)}
	accounts[now] = a
	return a
}

// counter is the transport under the client: it counts every request reaching "Stripe" by path
// and records when each was sent, and serves them from whichever account is current.
type counter struct {
	mu    sync.Mutex
	to    *account
	paths map[string]int
	times []time.Time
}

func (c *counter) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.paths[req.URL.Path]++
	c.times = append(c.times, time.Now())
	to := c.to
	c.mu.Unlock()
	return to.rt.RoundTrip(req)
}

func (c *counter) serve(a *account) {
	c.mu.Lock()
	c.to = a
	c.mu.Unlock()
}

// take returns the requests counted so far by path and starts counting afresh.
func (c *counter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.paths
	c.paths = map[string]int{}
	return p
}

func total(paths map[string]int) int {
	n := 0
	for _, v := range paths {
		n += v
	}
	return n
}

// rig is a Store over a client over a counting transport over a simulated account.
type rig struct {
	count  *counter
	client *stripeapi.Client
	store  *Store
	clock  *clock
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func newRig(t *testing.T, a *account, rate float64, opt Options) *rig {
	t.Helper()
	cnt := &counter{to: a, paths: map[string]int{}}
	cl, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: "http://127.0.0.1",
		RateLimit: rate, EndpointRateLimit: rate, HTTPClient: &http.Client{Transport: cnt}})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: t0}
	opt.Now = clk.now
	s := NewStore(cl, opt)
	t.Cleanup(s.Close)
	return &rig{count: cnt, client: cl, store: s, clock: clk}
}

// direct lists straight from the account with a fresh client (no cache): the independent
// answer the Store must give.
func direct[T any](t *testing.T, a *account, list func(*stripeapi.Client, func(T) error) error) []T {
	t.Helper()
	cl, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: "http://127.0.0.1",
		RateLimit: 1000, EndpointRateLimit: 1000, HTTPClient: &http.Client{Transport: a.rt}})
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	if err := list(cl, func(o T) error { out = append(out, o); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func directBalance(t *testing.T, a *account, w stripeapi.Window) map[string]bool {
	ids := map[string]bool{}
	for _, bt := range direct(t, a, func(c *stripeapi.Client, fn func(*stripe.BalanceTransaction) error) error {
		return c.ListBalanceTransactions(context.Background(), w, fn)
	}) {
		ids[bt.ID] = true
	}
	return ids
}

// readIDs reads through the store and fails on a duplicate id.
func readBalance(t *testing.T, s *Store, from, to time.Time) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	err := s.BalanceTxns(context.Background(), from, to, func(r BalanceTxn) {
		if ids[r.ID] {
			t.Errorf("balance transaction %s delivered twice", r.ID)
		}
		ids[r.ID] = true
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func sameIDs(t *testing.T, what string, got, want map[string]bool) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: the account has none in the window; the test proves nothing", what)
	}
	if len(got) != len(want) {
		t.Errorf("%s: got %d ids, want %d", what, len(got), len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("%s: missing %s", what, id)
			return
		}
	}
}

func listRequests(paths map[string]int, resource string) int {
	n := 0
	for p, v := range paths {
		if strings.HasSuffix(p, "/"+resource) {
			n += v
		}
	}
	return n
}
