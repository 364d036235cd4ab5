package plugin

import (
	"net/http"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// budgetDashboard is the benchmark's dashboard (tests/bench): ledger, charges, disputes and MRR.
var budgetDashboard = []string{
	`{"metric":"net_revenue","bucket":"day"}`, `{"metric":"gross_volume","bucket":"day"}`, `{"metric":"fees","bucket":"day"}`,
	`{"metric":"balance_by_category","bucket":"week"}`, `{"metric":"payments_succeeded","bucket":"day"}`,
	`{"metric":"payment_success_rate","bucket":"day"}`, `{"metric":"payment_failures_by_reason","bucket":"day"}`,
	`{"metric":"failed_payments_table"}`, `{"metric":"disputes_opened","bucket":"day"}`, `{"metric":"open_disputes"}`,
	`{"metric":"mrr","bucket":"day"}`, `{"metric":"mrr_movements","bucket":"month"}`,
}

// liveHeap is the heap in use once everything collectable is collected.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// budgetRig is a data source with a memory budget over a simulated account served in process,
// counting requests.
type budgetRig struct {
	ds       *Datasource
	requests atomic.Int64
	now      time.Time
}

func newBudgetRig(t *testing.T, acct *simulator.Account, maxBytes int64) *budgetRig {
	t.Helper()
	return newRigWith(t, acct, fetch.Options{MaxBytes: maxBytes})
}

// newRigWith is newBudgetRig with the Store's options.
func newRigWith(t *testing.T, acct *simulator.Account, opt fetch.Options) *budgetRig {
	t.Helper()
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	r := &budgetRig{now: testNow}
	rt := simulator.NewRoundTripper(h)
	cl, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: "http://127.0.0.1", RateLimit: 100000, EndpointRateLimit: 100000,
		HTTPClient: &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
			r.requests.Add(1)
			return rt.RoundTrip(req)
		})}})
	if err != nil {
		t.Fatal(err)
	}
	r.ds = NewWithClient(cl, func() time.Time { return r.now }, opt)
	t.Cleanup(r.ds.Dispose)
	return r
}

// load sends the dashboard's panels at once, as Grafana does, over the last 90 days.
func (r *budgetRig) load(t *testing.T) int64 {
	t.Helper()
	before := r.requests.Load()
	var wg sync.WaitGroup
	for _, q := range budgetDashboard {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp := runRaw(t, r.ds, q, r.now.AddDate(0, 0, -90), r.now); resp.Error != nil {
				t.Errorf("%s: %v", q, resp.Error)
			}
		}()
	}
	wg.Wait()
	return r.requests.Load() - before
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The memory budget bounds what the data source really keeps: after a cold dashboard the heap
// it retains (its cached records, the whole-history reads, the MRR reconstructions) stays within
// 1.25× the budget, with a budget that holds all of it and with one that forces eviction; and a
// budget that holds the dashboard's data costs a warm reload no more requests than an unbounded
// one. The small account by default; STRIPE_MEMORY_PROFILE=medium for the figures in the notes.
func TestRetainedHeapStaysWithinTheBudget(t *testing.T) {
	profile := os.Getenv("STRIPE_MEMORY_PROFILE")
	if profile == "" {
		profile = "small"
	}
	acct, err := simulator.New(profile, 7, testNow)
	if err != nil {
		t.Fatal(err)
	}
	// What the dashboard needs, and the simulator's lazy state built once, uncounted.
	free := newBudgetRig(t, acct, 1<<40)
	free.load(t)
	st := free.ds.Store().Stats()
	needs := st.Bytes + st.Held
	free.now = free.now.Add(61 * time.Second)
	unboundedWarm := free.load(t)
	free.ds.Dispose()
	t.Logf("%s: the dashboard keeps %d MiB (records %d MiB, reads and reconstructions %d MiB); warm reload %d requests",
		profile, needs>>20, st.Bytes>>20, st.Held>>20, unboundedWarm)

	for _, c := range []struct {
		name   string
		budget int64
	}{
		{"enough", needs + needs/10},
		{"tight", st.Held + st.Bytes/2}, // half of the records must go
	} {
		base := liveHeap()
		r := newBudgetRig(t, acct, c.budget)
		r.load(t)
		retained := liveHeap() - base
		s := r.ds.Store().Stats()
		t.Logf("%s budget %d MiB: retained %d MiB (%.2f× the budget); accounted %d MiB; %d evictions",
			c.name, c.budget>>20, retained>>20, float64(retained)/float64(c.budget), (s.Bytes+s.Held)>>20, s.Evictions)
		if float64(retained) > 1.25*float64(c.budget) {
			t.Errorf("%s: %d bytes retained for a budget of %d (%.2f×)", c.name, retained, c.budget, float64(retained)/float64(c.budget))
		}
		if c.name == "enough" {
			r.now = r.now.Add(61 * time.Second)
			// The panels share the newest second's read when they arrive within a second of each
			// other (fetch edgeReuse), which a busy machine may stretch: a request or two more.
			// Re-reading a forgotten day would cost its pages, far more.
			if warm := r.load(t); warm > unboundedWarm+2 {
				t.Errorf("a budget that holds the dashboard: warm reload %d requests, unbounded %d", warm, unboundedWarm)
			}
		} else if s.Evictions == 0 {
			t.Errorf("the tight budget evicted nothing")
		}
		r.ds.Dispose()
	}
}
