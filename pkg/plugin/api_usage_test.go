package plugin

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/usage"
)

// testClock is a clock a test moves; safe for the requests' goroutines.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// countedDatasource is a data source of its own UID whose usage counters run on a clock pinned
// at testNow, counting from since.
func countedDatasource(t *testing.T, s *simulated, uid string, since time.Time) *Datasource {
	t.Helper()
	clk := &testClock{t: since}
	usageCounters.Lock()
	usageCounters.m["0/"+uid] = usage.New(clk.now)
	usageCounters.Unlock()
	clk.set(testNow)
	return s.datasourceAs(t, uid, simulator.DemoKey, nil)
}

// usageDashboard is the panels the usage test reads: enough endpoints to count.
func usageDashboard(t *testing.T, ds *Datasource) {
	t.Helper()
	from := testNow.AddDate(0, 0, -20)
	for _, m := range []string{"net_revenue", "payments_succeeded", "disputes_opened", "balance"} {
		run(t, ds, map[string]any{"metric": m, "bucket": "day"}, from, testNow)
	}
}

// requestsByPair reads stripe_api_requests frames into "endpoint status" → total.
func requestsByPair(t *testing.T, frames data.Frames) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, f := range frames {
		if len(f.Fields) < 2 {
			continue
		}
		l := f.Fields[1].Labels
		for i := 0; i < f.Rows(); i++ {
			out[l["endpoint"]+" "+l["status"]] += f.Fields[1].At(i).(float64)
		}
	}
	return out
}

// stripe_api_requests counts what the simulator served, endpoint by endpoint (its own request
// log is the independent count), and makes no request itself; stripe_api_budget_used is those
// requests over what the budget allowed in the time counted.
func TestUsageMetricsCountWhatStripeServed(t *testing.T) {
	s := newSimulated(t, "tiny", 7)
	ds := countedDatasource(t, s, "usage-count", testNow.Add(-90*time.Minute))
	usageDashboard(t, ds)
	served := s.handler.Counts()
	s.handler.ResetCounts()

	r := run(t, ds, map[string]any{"metric": "stripe_api_requests", "bucket": "hour"}, testNow.Add(-3*time.Hour), testNow.Add(time.Hour))
	if n := s.handler.Counts().Total(); n != 0 {
		t.Errorf("the usage metric made %d requests to Stripe", n)
	}
	got := requestsByPair(t, r.Frames)
	var total float64
	for _, e := range served.Endpoints() {
		if got[e+" ok"] != float64(served.Endpoint(e)) {
			t.Errorf("%s: counted %v ok, the simulator served %d", e, got[e+" ok"], served.Endpoint(e))
		}
		total += float64(served.Endpoint(e))
	}
	if len(got) != len(served.Endpoints()) || total == 0 {
		t.Errorf("series %v for the simulator's endpoints %v", got, served.Endpoints())
	}
	// Buckets before counting began have no point: 13:00 is before 14:00 (counting began at 14:00).
	for _, f := range r.Frames {
		if first := f.Fields[0].At(0).(time.Time); first.Before(testNow.Add(-90 * time.Minute).Truncate(time.Hour)) {
			t.Errorf("%s: a point at %v, before counting began", f.Fields[1].Labels, first)
		}
	}
	if n := r.Frames[0].Meta.Notices; len(n) != 1 || !strings.Contains(n[0].Text, "since 2026-11-20 14:00 UTC") || !strings.Contains(n[0].Text, "7 days") {
		t.Errorf("notice %v", n)
	}

	// Budget used, by hand: the requests over 1000/s (the tests' budget) × the 90 minutes counted
	// of the 14:00 and 15:00 buckets, all requests in the 15:00 bucket (the clock is at 15:30).
	b := run(t, ds, map[string]any{"metric": "stripe_api_budget_used", "bucket": "hour"}, testNow.Add(-3*time.Hour), testNow.Add(time.Hour))
	f := b.Frames[0]
	if f.Rows() != 2 || f.Fields[1].Config.Unit != "percentunit" {
		t.Fatalf("budget frame: %d rows, unit %q", f.Rows(), f.Fields[1].Config.Unit)
	}
	if v := *f.Fields[1].At(0).(*float64); v != 0 {
		t.Errorf("14:00: %v used, no request was sent then", v)
	}
	if v, want := *f.Fields[1].At(1).(*float64), total/(fastBudget*30*60); v != want {
		t.Errorf("15:00: %v used, want %v (%v requests in 30 minutes at %d/s)", v, want, total, fastBudget)
	}
}

// The same attempts are Prometheus metrics under the data source's UID, and no label holds a key
// or a customer.
func TestUsageIsExportedToPrometheus(t *testing.T) {
	s := newSimulated(t, "tiny", 7)
	ds := countedDatasource(t, s, "usage-prometheus", testNow.Add(-time.Hour))
	usageDashboard(t, ds)
	_ = runRaw(t, ds, `{"metric":"payments_succeeded","customer":"cus_NoSuchCustomer1"}`, testNow.AddDate(0, 0, -3), testNow)
	served := s.handler.Counts()
	for _, e := range served.Endpoints() {
		ok := testutil.ToFloat64(promRequests.WithLabelValues("usage-prometheus", e, "ok"))
		notFound := testutil.ToFloat64(promRequests.WithLabelValues("usage-prometheus", e, "4xx"))
		if ok+notFound != float64(served.Endpoint(e)) {
			t.Errorf("%s: %v ok + %v 4xx exported, the simulator served %d", e, ok, notFound, served.Endpoint(e))
		}
		var m dto.Metric
		if err := promDuration.WithLabelValues("usage-prometheus", e).(prometheus.Histogram).Write(&m); err != nil {
			t.Fatal(err)
		}
		if m.GetHistogram().GetSampleCount() != uint64(served.Endpoint(e)) {
			t.Errorf("%s: %d durations observed, %d served", e, m.GetHistogram().GetSampleCount(), served.Endpoint(e))
		}
	}
	if testutil.ToFloat64(promRequests.WithLabelValues("usage-prometheus", "GET /v1/customers/{id}", "4xx")) != 1 {
		t.Error("the unknown customer's 404 is not exported as one 4xx of GET /v1/customers/{id}")
	}
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, fam := range families {
		if !strings.HasPrefix(fam.GetName(), "stripe_datasource_") {
			continue
		}
		seen++
		for _, m := range fam.GetMetric() {
			for _, l := range m.GetLabel() {
				if v := l.GetValue(); strings.Contains(v, "_test_") || strings.Contains(v, "cus_") || strings.Contains(v, "acct_") {
					t.Errorf("%s: label %s=%q", fam.GetName(), l.GetName(), v)
				}
			}
		}
	}
	if seen != 2 {
		t.Errorf("%d stripe_datasource_ families in the default registry, want the counter and the histogram", seen)
	}
}
