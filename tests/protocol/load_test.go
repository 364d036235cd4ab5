package protocol_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// A dashboard of 50 panels opened at once, through the real binary with the data source's
// default budgets, against a simulator that limits like Stripe (a sliding second per mode and
// per endpoint, a concurrency limit): the server never sees more than the budget in any second,
// globally or on any endpoint, and never answers 429.
//
// The simulator runs in this process and the plugin in its own, as Stripe and Grafana do: in
// one process the panels' decoding and reconstructions starve the server's goroutines on a
// busy 2-core machine, and arrivals bunch up by hundreds of milliseconds after they left the
// client on time.
func TestFiftyPanelsStayWithinTheBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a whole account at the default test-mode budget of 10 requests/s (about 20 s)")
	}
	h, url := smallAccount(t)
	h.SetKnobs(server.Knobs{RateLimit: server.RateLimit{Strict: true}})
	p := harness.Start(t)
	// No budget set: the defaults of a test key.
	ds := harness.DataSource{ID: 50, UID: "sim-load", Name: "Stripe",
		JSONData: map[string]any{"apiBaseUrl": url}, Secure: map[string]string{"apiKey": simulator.DemoKey}}
	budget, perEndpoint := stripeapi.DefaultTestRateLimit, stripeapi.DefaultTestEndpointRateLimit

	metrics := catalog.Get().Metrics[:50]
	from, to := simNow.AddDate(0, 0, -30), simNow
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, len(metrics))
	for i, m := range metrics {
		wg.Go(func() {
			model := map[string]any{"metric": m.ID}
			if m.Kind == catalog.KindTimeSeries {
				model["bucket"] = "day"
			}
			res, err := p.QueryData(ctx, ds, harness.Query{RefID: "A", Model: model, From: from, To: to, Interval: time.Hour})
			if err == nil {
				err = res.Responses["A"].Error
			}
			errs[i] = err
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i, err := range errs {
		if err != nil {
			t.Errorf("panel %s: %v", metrics[i].ID, err)
		}
	}

	c := h.Counts()
	endpoints := c.Endpoints()
	sort.Slice(endpoints, func(i, j int) bool { return c.MaxPerSecondOf(endpoints[i]) > c.MaxPerSecondOf(endpoints[j]) })
	t.Logf("50 panels: %d requests in %v; busiest second at the server: %d (budget %v)", c.Total(), elapsed.Round(time.Millisecond), c.MaxPerSecond(), budget)
	for _, e := range endpoints {
		t.Logf("  %-30s %4d requests, busiest second %2d (budget %v)", e, c.Endpoint(e), c.MaxPerSecondOf(e), perEndpoint)
	}
	if c.MaxPerSecond() > int(budget) {
		t.Errorf("%d requests reached the server within one second; the budget is %v/s", c.MaxPerSecond(), budget)
	}
	for _, e := range endpoints {
		if n := c.MaxPerSecondOf(e); n > int(perEndpoint) {
			t.Errorf("%d requests to %s within one second; the endpoint budget is %v/s", n, e, perEndpoint)
		}
	}
	if n := c.Status(429); n != 0 {
		t.Errorf("the server answered 429 %d times", n)
	}
}
