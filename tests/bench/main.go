// Command bench measures the product: the real data source (pkg/plugin) answering a dashboard
// of real catalog queries through QueryData, on a simulated account with Stripe's latency and
// rate limit, against Stripe's floor (the fewest pages that return what was read) and against a
// naive baseline in the same run. It is long (minutes on the large profile) and not run by CI;
// scripts/bench.sh runs it.
//
// The dashboard (dashboard.go) is 12 panels over the last 90 days, each sent in its own QueryData
// call at the same time, as Grafana does. The Store path is one data source for the whole
// dashboard. The naive baseline is a fresh data source per panel whose Store reads each range
// with one cursor (fetch.Options.Sequential): nothing is shared between panels. Both read
// through a counting transport under the client (counting.go), which also collects the ids
// every list page returned: the floor is Σ ceil(distinct objects / 100) per list.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/plugin"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// now is the simulated account's present.
var now = time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)

// warmRuns is how many warm reloads are measured, each reloadAfter after the previous one.
const warmRuns = 3

type config struct {
	days        int
	reloadAfter time.Duration
	naive       bool
	panels      []panel
	cpuProfile  string
	warmProfile string
}

func main() {
	profile := flag.String("profile", "large", "simulator profile (large, medium, small)")
	days := flag.Int("days", 90, "dashboard range in days")
	latency := flag.Duration("latency", 150*time.Millisecond, "simulated Stripe latency per request")
	rates := flag.String("rates", "25,100", "rate limits to run, requests per second")
	naive := flag.Bool("naive", true, "also run the naive baseline")
	withBilling := flag.Bool("billing", true, "include the MRR-group panels (mrr, mrr_movements)")
	reload := flag.Duration("reload", time.Minute+time.Second, "simulated time between a load and the next warm reload")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the cold load of the Store path to this file (a rate suffix when several rates run)")
	warmProfile := flag.String("warmprofile", "", "write a CPU profile of the warm reloads to this file (a rate suffix when several rates run)")
	flag.Parse()

	cfg := config{days: *days, reloadAfter: *reload, naive: *naive, panels: dashboard, cpuProfile: *cpuProfile, warmProfile: *warmProfile}
	if !*withBilling {
		cfg.panels = dashboard[:len(dashboard)-billingPanels]
	}
	start := time.Now()
	acct, err := simulator.New(*profile, 7, now)
	check(err)
	h, err := acct.Handler()
	check(err)
	runtime.GC()
	fmt.Printf("profile %s generated in %s; dashboard: %d panels (real QueryData calls) over %d days, latency %s, warm reloads every %s\n\n",
		*profile, time.Since(start).Round(time.Second), len(cfg.panels), *days, *latency, *reload)

	var results []result
	rateList := strings.Split(*rates, ",")
	for _, rs := range rateList {
		rate, err := strconv.ParseFloat(strings.TrimSpace(rs), 64)
		check(err)
		h.SetKnobs(server.Knobs{Latency: *latency, RateLimit: server.RateLimit{Test: rate, Live: rate}})
		c := cfg
		if len(rateList) > 1 {
			c.cpuProfile, c.warmProfile = withSuffix(c.cpuProfile, rs), withSuffix(c.warmProfile, rs)
		}
		results = append(results, runRate(h, rate, c))
	}
	report(results, cfg.panels)
}

// withSuffix names one rate's profile file.
func withSuffix(path, rate string) string {
	if path == "" {
		return ""
	}
	return path + "." + strings.TrimSpace(rate)
}

func newClient(h *server.Handler, rate float64) (*stripeapi.Client, *counting) {
	cnt := newCounting(simulator.NewRoundTripper(h))
	cl, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: "http://127.0.0.1",
		RateLimit: rate, EndpointRateLimit: rate, HTTPClient: &http.Client{Transport: cnt}})
	check(err)
	return cl, cnt
}

// warm is one warm reload.
type warm struct {
	load
	reqs map[string]int
	cpu  time.Duration
}

type result struct {
	rate                  float64
	reads                 []read // what the cold load read: the floor
	floorReqs             int
	cold                  load
	coldReqs, cold429     map[string]int
	coldCPU               time.Duration
	peakHeap              int64
	cacheBytes, cacheRecs int64
	retainedHeap          int64
	warm                  []warm
	aggRate               float64
	naive                 *load
	naiveReqs, naive429   map[string]int
	naiveFloor            int
	naiveCPU              time.Duration
}

func runRate(h *server.Handler, rate float64, cfg config) result {
	r := result{rate: rate}
	from := now.AddDate(0, 0, -cfg.days)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	cl, cnt := newClient(h, rate)
	var clock atomic.Int64
	clock.Store(now.UnixNano())
	ds := plugin.NewWithClient(cl, func() time.Time { return time.Unix(0, clock.Load()).UTC() }, fetch.Options{})
	one := func(int) *plugin.Datasource { return ds }

	stopProfile := startProfile(cfg.cpuProfile)
	cpu := cpuTime()
	stopHeap := samplePeakHeap(&r.peakHeap)
	r.cold = send(cfg.panels, one, from, now)
	stopHeap()
	r.coldCPU = cpuTime() - cpu
	stopProfile()
	r.peakHeap -= int64(before.HeapAlloc)
	var seen map[string]map[string]map[uint64]struct{}
	r.coldReqs, r.cold429, seen = cnt.take()
	r.reads = floorOf(seen)
	seen = nil
	for _, rd := range r.reads {
		r.floorReqs += rd.floor
	}
	progress("%g req/s: cold load %s, %d requests (floor %d), CPU %s", rate, r.cold.total.Round(100*time.Millisecond),
		total(r.coldReqs), r.floorReqs, r.coldCPU.Round(100*time.Millisecond))
	stats := ds.Store().Stats()
	r.cacheBytes = stats.Bytes
	for _, rs := range stats.Resources {
		r.cacheRecs += int64(rs.Records)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	r.retainedHeap = int64(after.HeapAlloc) - int64(before.HeapAlloc)

	// Warm reloads: the clock moves on (the simulated account gains no objects), the range with it.
	stopProfile = startProfile(cfg.warmProfile)
	for k := 1; k <= warmRuns; k++ {
		shift := time.Duration(k) * cfg.reloadAfter
		clock.Store(now.Add(shift).UnixNano())
		cpu := cpuTime()
		l := send(cfg.panels, one, from.Add(shift), now.Add(shift))
		reqs, _, _ := cnt.take()
		r.warm = append(r.warm, warm{load: l, reqs: reqs, cpu: cpuTime() - cpu})
	}
	stopProfile()
	progress("%g req/s: warm reloads %s, %s, %s", rate, r.warm[0].total, r.warm[1].total, r.warm[2].total)
	r.aggRate = aggregationRate(ds.Store(), from)
	ds.Dispose()

	if cfg.naive {
		ncl, ncnt := newClient(h, rate)
		all := make([]*plugin.Datasource, len(cfg.panels))
		for i := range all {
			all[i] = plugin.NewWithClient(ncl, func() time.Time { return now }, fetch.Options{Sequential: true})
		}
		cpu := cpuTime()
		l := send(cfg.panels, func(i int) *plugin.Datasource { return all[i] }, from, now)
		r.naiveCPU = cpuTime() - cpu
		r.naive = &l
		progress("%g req/s: naive load %s, CPU %s", rate, l.total.Round(100*time.Millisecond), r.naiveCPU.Round(100*time.Millisecond))
		var seen map[string]map[string]map[uint64]struct{}
		r.naiveReqs, r.naive429, seen = ncnt.take()
		for _, rd := range floorOf(seen) {
			r.naiveFloor += rd.floor
		}
		for _, d := range all {
			d.Dispose()
		}
	}
	return r
}

// progress tells the terminal (stderr) how far a long run is, before the report.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().UTC().Format("15:04:05 ")+format+"\n", args...)
}

// startProfile writes a CPU profile until the returned function is called (nothing when path
// is empty).
func startProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	check(err)
	check(pprof.StartCPUProfile(f))
	return func() {
		pprof.StopCPUProfile()
		check(f.Close())
	}
}

// samplePeakHeap records the largest heap (HeapAlloc) seen every 20 ms until stop is called.
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
