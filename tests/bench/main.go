// Command bench measures the shared fetch layer (pkg/fetch.Store) against Stripe's floor and
// against a naive baseline, on a simulated account with Stripe's latency and rate limit. It is
// long (minutes on the large profile) and is not run by CI; scripts/bench.sh runs it.
//
// The dashboard is 12 panels over the last 90 days: four on the balance ledger, four on charges,
// two on disputes, and the two MRR-group resources (subscriptions, invoices) read through
// generic TTL caches. The naive baseline runs the same panels at the same time, each paginating
// sequentially on its own (the package functions the plugin used before the Store).
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/pkg/timebucket"
)

var now = time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)

func main() {
	profile := flag.String("profile", "large", "simulator profile (large, medium, small)")
	days := flag.Int("days", 90, "dashboard range in days")
	latency := flag.Duration("latency", 150*time.Millisecond, "simulated Stripe latency per request")
	rates := flag.String("rates", "25,100", "rate limits to run, requests per second")
	naive := flag.Bool("naive", true, "also run the naive baseline")
	withBilling := flag.Bool("billing", true, "include the MRR-group panels (subscriptions, invoices)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	flag.Parse()

	start := time.Now()
	acct, err := simulator.New(*profile, 7, now)
	check(err)
	h, err := acct.Handler()
	check(err)
	runtime.GC()
	fmt.Printf("profile %s generated in %s; dashboard: 12 panels over %d days, latency %s\n\n",
		*profile, time.Since(start).Round(time.Second), *days, *latency)

	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	from := now.AddDate(0, 0, -*days).Truncate(24 * time.Hour)
	var results []result
	for _, rs := range strings.Split(*rates, ",") {
		rate, err := strconv.ParseFloat(strings.TrimSpace(rs), 64)
		check(err)
		h.SetKnobs(server.Knobs{Latency: *latency, RateLimit: server.RateLimit{Test: rate, Live: rate}})
		results = append(results, runRate(h, rate, from, *naive, *withBilling))
	}
	report(results)
}

// counting is the transport under the client: it counts requests per resource path.
type counting struct {
	next http.RoundTripper
	mu   sync.Mutex
	by   map[string]int
}

func (c *counting) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.by[strings.TrimPrefix(req.URL.Path, "/v1/")]++
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

func (c *counting) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	by := c.by
	c.by = map[string]int{}
	return by
}

func newClient(h *server.Handler, rate float64) (*stripeapi.Client, *counting) {
	cnt := &counting{next: simulator.NewRoundTripper(h), by: map[string]int{}}
	cl, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: "http://127.0.0.1",
		RateLimit: rate, HTTPClient: &http.Client{Transport: cnt}})
	check(err)
	return cl, cnt
}

// billing is the compact record the bench keeps for subscriptions and invoices.
type billing struct {
	ID       string
	Created  int64
	Status   string
	Currency string
	Amount   int64
}

// sources is what the panels read through: the Store, or the client directly (naive).
type sources struct {
	balance  func(ctx context.Context, from, to time.Time, fn func(records.BalanceTxn)) error
	charges  func(ctx context.Context, from, to time.Time, fn func(records.Charge)) error
	disputes func(ctx context.Context, w stripeapi.Window, fn func(records.Dispute)) error
	subs     func(ctx context.Context, fn func(billing)) error
	invoices func(ctx context.Context, w stripeapi.Window, fn func(billing)) error
}

func listSubs(cl *stripeapi.Client) func(ctx context.Context, w fetch.Window, fn func(billing) error) error {
	return func(ctx context.Context, w fetch.Window, fn func(billing) error) error {
		return cl.ListSubscriptions(ctx, w, func(s *stripe.Subscription) error {
			return fn(billing{ID: s.ID, Created: s.Created, Status: string(s.Status), Currency: string(s.Currency)})
		})
	}
}

func listInvoices(cl *stripeapi.Client) func(ctx context.Context, w fetch.Window, fn func(billing) error) error {
	return func(ctx context.Context, w fetch.Window, fn func(billing) error) error {
		return cl.ListInvoices(ctx, w, "", func(i *stripe.Invoice) error {
			return fn(billing{ID: i.ID, Created: i.Created, Status: string(i.Status), Currency: string(i.Currency), Amount: i.AmountPaid})
		})
	}
}

func billingSpec(name string, list func(ctx context.Context, w fetch.Window, fn func(billing) error) error) fetch.Spec[billing] {
	return fetch.Spec[billing]{Name: name, List: list, TTL: 5 * time.Minute,
		ID: func(b billing) string { return b.ID }, Created: func(b billing) int64 { return b.Created },
		Size: func(b billing) int { return 64 + len(b.ID) + len(b.Status) + len(b.Currency) }}
}

func storeSources(st *fetch.Store, cl *stripeapi.Client) sources {
	subs := fetch.NewCache(st, billingSpec("subscriptions", listSubs(cl)))
	inv := fetch.NewCache(st, billingSpec("invoices", listInvoices(cl)))
	return sources{balance: st.BalanceTxns, charges: st.Charges, disputes: st.Disputes,
		subs:     func(ctx context.Context, fn func(billing)) error { return subs.Read(ctx, fetch.Window{}, fn) },
		invoices: inv.Read}
}

func naiveSources(cl *stripeapi.Client) sources {
	plain := func(list func(ctx context.Context, w fetch.Window, fn func(billing) error) error) func(ctx context.Context, w stripeapi.Window, fn func(billing)) error {
		return func(ctx context.Context, w stripeapi.Window, fn func(billing)) error {
			return list(ctx, w, func(b billing) error { fn(b); return nil })
		}
	}
	subs, inv := plain(listSubs(cl)), plain(listInvoices(cl))
	return sources{
		balance: func(ctx context.Context, from, to time.Time, fn func(records.BalanceTxn)) error {
			return fetch.BalanceTxns(ctx, cl, from, to, fn)
		},
		charges: func(ctx context.Context, from, to time.Time, fn func(records.Charge)) error {
			return fetch.Charges(ctx, cl, from, to, fn)
		},
		disputes: func(ctx context.Context, w stripeapi.Window, fn func(records.Dispute)) error {
			return fetch.Disputes(ctx, cl, w, fn)
		},
		subs:     func(ctx context.Context, fn func(billing)) error { return subs(ctx, stripeapi.Window{}, fn) },
		invoices: inv,
	}
}

// counts are the objects each distinct (resource, window) holds, as the panels saw them.
type counts struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counts) set(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key] = max(c.n[key], n)
}

// dashboard runs the 12 panels at once, as Grafana does, and returns when all are done.
func dashboard(src sources, from, to time.Time, seen *counts, withBilling bool) time.Duration {
	ctx := context.Background()
	grid, err := timebucket.NewGrid(from, to, timebucket.Day, time.UTC)
	check(err)
	w := stripeapi.WindowFor(grid.From(), grid.To())
	balancePanel := func() error {
		agg := metrics.NewBalanceActivity(grid, nil)
		n := 0
		err := src.balance(ctx, grid.From(), grid.To(), func(r records.BalanceTxn) { n++; agg.Add(r) })
		seen.set("balance_transactions", n)
		return err
	}
	chargePanel := func() error {
		agg := metrics.NewPaymentActivity(grid, nil)
		n := 0
		err := src.charges(ctx, grid.From(), grid.To(), func(r records.Charge) { n++; agg.Add(r) })
		seen.set("charges", n)
		return err
	}
	panels := []func() error{
		balancePanel, balancePanel, balancePanel, balancePanel, // gross, net revenue, fees, by category
		chargePanel, chargePanel, chargePanel, // succeeded, volume, failures by reason
		func() error { // failed payments table
			var failed []records.Charge
			err := src.charges(ctx, grid.From(), grid.To(), func(r records.Charge) { failed = append(failed, r) })
			_ = metrics.FailedPayments(failed, nil)
			return err
		},
		func() error { // disputes opened
			agg := metrics.NewDisputeActivity(grid, nil)
			return src.disputes(ctx, w, agg.Add)
		},
		func() error { // open disputes (every dispute: an old one can still be open)
			var all []records.Dispute
			err := src.disputes(ctx, stripeapi.Window{}, func(d records.Dispute) { all = append(all, d) })
			seen.set("disputes (all)", len(all))
			_ = metrics.OpenDisputes(all, nil)
			return err
		},
		func() error { // MRR: every subscription
			n := 0
			err := src.subs(ctx, func(billing) { n++ })
			seen.set("subscriptions (all)", n)
			return err
		},
		func() error { // invoices in the range
			n := 0
			err := src.invoices(ctx, w, func(billing) { n++ })
			seen.set("invoices", n)
			return err
		},
	}
	if !withBilling {
		panels = panels[:10]
	}
	start := time.Now()
	var wg sync.WaitGroup
	var failed atomic.Value
	for _, p := range panels {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p(); err != nil {
				failed.Store(err)
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		fmt.Fprintln(os.Stderr, "panel failed:", err)
		os.Exit(1)
	}
	return time.Since(start)
}

type result struct {
	rate                  float64
	floorReqs             int
	objects               map[string]int
	coldReqs              int64
	cold                  time.Duration
	naiveReqs             int64
	naive                 time.Duration
	coldCPU, naiveCPU     time.Duration
	peakHeap              int64
	warmReqs, coldBy      map[string]int
	warm                  time.Duration
	cacheBytes, cacheRecs int64
	heapPerRecord         float64
	rateLimited           int64
	aggRate               float64
}

func runRate(h *server.Handler, rate float64, from time.Time, withNaive, withBilling bool) result {
	r := result{rate: rate}
	seen := &counts{n: map[string]int{}}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	cl, cnt := newClient(h, rate)
	var clock atomic.Int64
	clock.Store(now.UnixNano())
	st := fetch.NewStore(cl, fetch.Options{Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	src := storeSources(st, cl)
	cpu := cpuTime()
	stop := samplePeakHeap(&r.peakHeap)
	r.cold = dashboard(src, from, now, seen, withBilling)
	stop()
	r.peakHeap -= int64(before.HeapAlloc)
	r.coldCPU = cpuTime() - cpu
	r.coldReqs = cl.Stats().Requests
	r.rateLimited = cl.Stats().RateLimited
	r.coldBy = cnt.take()
	stats := st.Stats()
	r.cacheBytes = stats.Bytes
	for _, rs := range stats.Resources {
		r.cacheRecs += int64(rs.Records)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	r.heapPerRecord = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(r.cacheRecs)

	// A minute later (the simulated clock; the account has no new objects).
	clock.Add(int64(time.Minute))
	r.warm = dashboard(src, from, now.Add(time.Minute), seen, withBilling)
	r.warmReqs = cnt.take()

	// In-process aggregation from the warm cache: every balance record of the closed days of the
	// range (no request: the open edge is left out), summed into daily buckets.
	grid, err := timebucket.NewGrid(from, now.Truncate(24*time.Hour), timebucket.Day, time.UTC)
	check(err)
	agg := metrics.NewBalanceActivity(grid, nil)
	n := 0
	t := time.Now()
	for range 5 {
		check(st.BalanceTxns(context.Background(), grid.From(), grid.To(), func(b records.BalanceTxn) { n++; agg.Add(b) }))
	}
	r.aggRate = float64(n) / time.Since(t).Seconds()
	runtime.KeepAlive(st)
	st.Close()

	r.objects = seen.n
	for _, n := range seen.n {
		r.floorReqs += (n + 99) / 100
	}
	if withNaive {
		ncl, _ := newClient(h, rate)
		cpu := cpuTime()
		r.naive = dashboard(naiveSources(ncl), from, now, &counts{n: map[string]int{}}, withBilling)
		r.naiveCPU = cpuTime() - cpu
		r.naiveReqs = ncl.Stats().Requests
	}
	return r
}

func report(rs []result) {
	if len(rs) == 0 {
		return
	}
	keys := make([]string, 0, len(rs[0].objects))
	for k := range rs[0].objects {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println("objects read (distinct resource windows):")
	for _, k := range keys {
		fmt.Printf("  %-22s %8d\n", k, rs[0].objects[k])
	}
	fmt.Println()
	row := func(name string, f func(r result) string) {
		fmt.Printf("| %-44s |", name)
		for _, r := range rs {
			fmt.Printf(" %-22s |", f(r))
		}
		fmt.Println()
	}
	row("rate limit", func(r result) string { return fmt.Sprintf("%g req/s", r.rate) })
	fmt.Print("|" + strings.Repeat("-", 46) + "|")
	for range rs {
		fmt.Print(strings.Repeat("-", 24) + "|")
	}
	fmt.Println()
	row("requests, cold (floor Σ ceil(n/100))", func(r result) string {
		return fmt.Sprintf("%d (%d) = %.3f×", r.coldReqs, r.floorReqs, float64(r.coldReqs)/float64(r.floorReqs))
	})
	row("cold load (floor requests/rate)", func(r result) string {
		floor := time.Duration(float64(r.floorReqs) / r.rate * float64(time.Second))
		return fmt.Sprintf("%s (%s) = %.2f×", r.cold.Round(100*time.Millisecond), floor.Round(100*time.Millisecond), r.cold.Seconds()/floor.Seconds())
	})
	row("cold requests by path", func(r result) string { return fmtCounts(r.coldBy) })
	row("naive baseline: requests, load", func(r result) string {
		if r.naive == 0 {
			return "not run"
		}
		return fmt.Sprintf("%d, %s", r.naiveReqs, r.naive.Round(100*time.Millisecond))
	})
	row("cold speed-up vs naive", func(r result) string {
		if r.naive == 0 {
			return "not run"
		}
		return fmt.Sprintf("%.1f×", r.naive.Seconds()/r.cold.Seconds())
	})
	row("CPU used: cold, naive (simulator included)", func(r result) string {
		return fmt.Sprintf("%s, %s", r.coldCPU.Round(time.Second), r.naiveCPU.Round(time.Second))
	})
	row("warm reload +1 min: requests by path", func(r result) string { return fmtCounts(r.warmReqs) })
	row("warm reload +1 min: dashboard time", func(r result) string { return r.warm.Round(time.Millisecond).String() })
	row("429 answers", func(r result) string { return strconv.FormatInt(r.rateLimited, 10) })
	row("cache: records, estimated bytes/record", func(r result) string {
		return fmt.Sprintf("%d, %.0f B", r.cacheRecs, float64(r.cacheBytes)/float64(r.cacheRecs))
	})
	row("peak heap during cold load above simulator*", func(r result) string { return fmt.Sprintf("%d MiB", r.peakHeap>>20) })
	row("cache: heap growth per cached record", func(r result) string { return fmt.Sprintf("%.0f B", r.heapPerRecord) })
	row("aggregation from cache (balance, records/s)", func(r result) string { return fmt.Sprintf("%.1fM", r.aggRate/1e6) })
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("\n* HeapAlloc, garbage included: the collector lets it grow to twice the simulator's live heap.")
	fmt.Printf("memory obtained from the OS by the process (simulator included): %d MiB; GOMAXPROCS %d\n", ms.Sys>>20, runtime.GOMAXPROCS(0))
}

func fmtCounts(by map[string]int) string {
	keys := make([]string, 0, len(by))
	total := 0
	for k, v := range by {
		keys = append(keys, k)
		total += v
	}
	sort.Strings(keys)
	parts := []string{}
	for _, k := range keys {
		short := strings.NewReplacer("balance_transactions", "bt", "subscriptions", "subs", "invoices", "inv", "charges", "ch", "disputes", "dp", "events", "ev").Replace(k)
		parts = append(parts, fmt.Sprintf("%s %d", short, by[k]))
	}
	return fmt.Sprintf("%d: %s", total, strings.Join(parts, ", "))
}

// samplePeakHeap records the largest live heap seen every 20 ms until stop is called.
func samplePeakHeap(peak *int64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, int64(ms.HeapAlloc))
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

// cpuTime is the process's user and system CPU time so far: with the simulator in the same
// process, it shows when a load is bound by the machine rather than by the rate limit.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
