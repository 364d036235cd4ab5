package stripeapi

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/stripe/stripe-go/v85"
)

// departures records when each attempt left the client: when the transport handed it to the
// RoundTripper below it.
type departures struct {
	next http.RoundTripper
	mu   sync.Mutex
	at   []time.Time
	path []string
}

func (d *departures) RoundTrip(r *http.Request) (*http.Response, error) {
	d.mu.Lock()
	d.at = append(d.at, time.Now())
	d.path = append(d.path, r.URL.Path)
	d.mu.Unlock()
	return d.next.RoundTrip(r)
}

// busiestSecond is the most departures within any one second (of those whose path matches).
func (d *departures) busiestSecond(match func(string) bool) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	var ts []time.Time
	for i, at := range d.at {
		if match(d.path[i]) {
			ts = append(ts, at)
		}
	}
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	most := 0
	for i := range ts {
		n := 0
		for j := i; j < len(ts) && ts[j].Sub(ts[i]) < time.Second; j++ {
			n++
		}
		most = max(most, n)
	}
	return most
}

func TestRateBudgetHoldsAtTheWire(t *testing.T) {
	const budget, perEndpoint, total, workers = 30.0, 12.0, 70, 14
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/v1/charges" {
			serveList(w, r, charges(3))
			return
		}
		writeJSON(w, 200, "", balanceBody)
	})
	wire := &departures{next: http.DefaultTransport}
	c := newTestClient(t, f.URL, func(cfg *Config) {
		cfg.RateLimit, cfg.EndpointRateLimit = budget, perEndpoint
		cfg.HTTPClient = &http.Client{Transport: wire}
	})
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			for range total / workers {
				var err error
				if i%2 == 0 {
					_, err = c.Balance(context.Background())
				} else {
					err = c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
				}
				if err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if len(wire.at) != total {
		t.Fatalf("%d requests, want %d", len(wire.at), total)
	}
	// Every attempt is stamped as it leaves, so the budget holds in every sliding second
	// whatever the number of callers: at most 30 in all and 12 per endpoint. Without the
	// pacer all 70 leave within milliseconds.
	all := func(string) bool { return true }
	if got := wire.busiestSecond(all); got > budget {
		t.Errorf("%d requests left within one second; the budget is %v/s", got, budget)
	}
	for _, path := range []string{"/v1/balance", "/v1/charges"} {
		if got := wire.busiestSecond(func(p string) bool { return p == path }); got > perEndpoint {
			t.Errorf("%d requests to %s left within one second; the endpoint budget is %v/s", got, path, perEndpoint)
		}
	}
	if c.Stats().BudgetWait <= 0 {
		t.Error("70 requests at 30/s must have waited for the budget")
	}
}

func TestDefaultBudgetByMode(t *testing.T) {
	// A quarter of Stripe's live limit (100/s) and well under its endpoint default (25/s);
	// in test mode (25/s) 10 and 10.
	cases := []struct {
		key              string
		global, endpoint float64
	}{{testKey, 10, 10}, {liveKey, 25, 10}}
	for _, c := range cases {
		cl, err := New(Config{APIKey: c.key})
		if err != nil {
			t.Fatal(err)
		}
		if cl.RateLimit() != c.global || cl.EndpointRateLimit() != c.endpoint {
			t.Errorf("%s key: budget %v and %v per endpoint, want %v and %v", cl.Key().Mode, cl.RateLimit(), cl.EndpointRateLimit(), c.global, c.endpoint)
		}
	}
}

func TestClientsDoNotShareState(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, "", balanceBody) })
	slow := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 0.2 }) // one request per 5s
	fast := newTestClient(t, f.URL, func(cfg *Config) { cfg.APIKey = otherKey; cfg.RateLimit = 1000 })
	if _, err := slow.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	// If fast shared slow's limiter, 10 requests would take 50s.
	start := time.Now()
	for range 10 {
		if _, err := fast.Balance(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the fast client took %v; it is throttled by the other client's budget", d)
	}
	for i, r := range f.requests() {
		want := "Bearer " + otherKey
		if i == 0 {
			want = "Bearer " + testKey
		}
		if r.header.Get("Authorization") != want {
			t.Errorf("request %d went out with the other client's key", i)
		}
	}
	if s, fs := slow.Stats(), fast.Stats(); s.Requests != 1 || fs.Requests != 10 {
		t.Errorf("stats are shared: slow %+v, fast %+v", s, fs)
	}
}

func TestProbeCoversEveryCatalogResource(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/v1/balance" {
			writeJSON(w, 200, "", balanceBody)
			return
		}
		serveList(w, r, charges(3)) // has_more=true at limit=1: a probe must not page on
	})
	c := newTestClient(t, f.URL)
	resources := catalog.Get().Resources
	if len(resources) == 0 {
		t.Fatal("the catalog lists no resources")
	}
	for i, r := range resources {
		if err := c.Probe(context.Background(), r.ID); err != nil {
			t.Fatalf("Probe(%q): %v", r.ID, err)
		}
		got := f.requests()
		if len(got) != i+1 {
			t.Fatalf("Probe(%q) made %d requests, want 1", r.ID, len(got)-i)
		}
		req := got[i]
		if req.path != r.Path {
			t.Errorf("Probe(%q) read %s, the catalog says %s", r.ID, req.path, r.Path)
		}
		if r.ID != "balance" && req.query.Get("limit") != "1" {
			t.Errorf("Probe(%q) limit = %q, want 1", r.ID, req.query.Get("limit"))
		}
	}
	if !slices.Equal(ProbeResources(), sortedIDs(resources)) {
		t.Errorf("ProbeResources = %v", ProbeResources())
	}
	mustKind(t, c.Probe(context.Background(), "payment_intents"), KindInvalidArgument)
}

func TestProbePermissionFallsBackToCatalog(t *testing.T) {
	f := newFake(t, answer(403, "req_403", "", "Forbidden."))
	c := newTestClient(t, f.URL)
	for _, r := range catalog.Get().Resources {
		e := mustKind(t, c.Probe(context.Background(), r.ID), KindPermission)
		if e.Permission != r.Permission || e.Resource != r.ID {
			t.Errorf("Probe(%q): permission %q resource %q, want %q", r.ID, e.Permission, e.Resource, r.Permission)
		}
		if !strings.Contains(e.Message, "allow "+r.Label+": Read.") {
			t.Errorf("Probe(%q): %s", r.ID, e.Message)
		}
	}
}

func TestAccount(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeJSON(w, 200, "", map[string]any{"id": "acct_1PJBLEBBLEfV", "object": "account", "country": "US", "default_currency": "usd"})
	})
	c := newTestClient(t, f.URL)
	a, err := c.Account(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "acct_1PJBLEBBLEfV" || a.DefaultCurrency != stripe.CurrencyUSD || f.requests()[0].path != "/v1/account" {
		t.Errorf("account %+v from %s", a, f.requests()[0].path)
	}
}

func TestConfigValidation(t *testing.T) {
	cases := []struct {
		name    string
		cfg     Config
		mustSay string
	}{
		{"no key", Config{}, "No Stripe API key"},
		{"plain http to a remote host", Config{APIKey: testKey, BaseURL: "http://api.stripe.com"}, "unencrypted"},
		{"not a URL", Config{APIKey: testKey, BaseURL: "api.stripe.com"}, "not an http(s) address"},
		{"query in base URL", Config{APIKey: testKey, BaseURL: "https://api.stripe.com?x=1"}, "must not contain a query"},
		{"negative budget", Config{APIKey: testKey, RateLimit: -5}, "positive number"},
		{"negative endpoint budget", Config{APIKey: testKey, EndpointRateLimit: -1}, "per-endpoint request rate budget must be a positive number"},
		{"negative timeout", Config{APIKey: testKey, Timeout: -time.Second}, "request timeout must not be negative"},
		{"negative page limit", Config{APIKey: testKey, MaxPages: -1}, "page limit"},
	}
	for _, c := range cases {
		_, err := New(c.cfg)
		if KindOf(err) != KindConfig || !strings.Contains(err.Error(), c.mustSay) {
			t.Errorf("%s: got %v, want a config error saying %q", c.name, err, c.mustSay)
		}
	}
	for _, ok := range []string{"", "https://api.stripe.com/", "https://proxy.internal/stripe", "http://127.0.0.1:12111", "http://localhost:8080", "http://[::1]:9"} {
		if _, err := New(Config{APIKey: testKey, BaseURL: ok}); err != nil {
			t.Errorf("base URL %q refused: %v", ok, err)
		}
	}
}

func sortedIDs(rs []catalog.Resource) []string {
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}

// captureLog records what the client logs.
type captureLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *captureLog) Debug(msg string, args ...any) { l.add(msg, args) }
func (l *captureLog) Warn(msg string, args ...any)  { l.add(msg, args) }
func (l *captureLog) add(msg string, args []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprint(append([]any{msg}, args...)...))
}

func TestRetriesAreLoggedWithoutTheKey(t *testing.T) {
	f := newFake(t, failThenBalance(2, func(w http.ResponseWriter) { stripeError(w, 429, "req_429", "rate_limit", msgRateLimit) }))
	log := &captureLog{}
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.Logger = log })
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	var retries []string
	for _, l := range log.lines {
		if strings.HasPrefix(l, "Retrying") {
			retries = append(retries, l)
		}
	}
	if len(retries) != 2 {
		t.Fatalf("%d retry lines for 2 retries: %v", len(retries), log.lines)
	}
	for _, l := range retries {
		if !strings.Contains(l, "/v1/balance") || !strings.Contains(l, "req_429") {
			t.Errorf("log line lacks path or request id: %s", l)
		}
		assertNoKey(t, testKey, l)
	}
}

// countingTransport stands for a caller-supplied transport (proxy, TLS settings).
type countingTransport struct {
	mu sync.Mutex
	n  int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func TestCallerTransportIsUsedUnderRetries(t *testing.T) {
	f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) { stripeError(w, 503, "req_503", "", "boom") }))
	ct := &countingTransport{}
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: ct} })
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ct.n != 2 {
		t.Errorf("the caller's transport carried %d attempts, want 2 (first try and retry)", ct.n)
	}
}

func TestPricesFailingInTheInactivePass(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Query().Get("active") == "false" {
			stripeError(w, 403, "req_403", "", msg403New)
			return
		}
		serveList(w, r, []map[string]any{{"id": "price_a1", "object": "price"}, {"id": "price_a2", "object": "price"}})
	})
	c := newTestClient(t, f.URL)
	err := c.ListPrices(context.Background(), Window{}, func(*stripe.Price) error { return nil })
	e := mustKind(t, err, KindPermission)
	if e.ObjectsRead != 2 || !strings.Contains(err.Error(), "All 2 active prices were read; inactive prices are incomplete.") {
		t.Errorf("objects %d, message %s", e.ObjectsRead, err)
	}
}

// The SDK's logger is what the plugin passes; it must fit Config.Logger.
var _ Logger = log.DefaultLogger
