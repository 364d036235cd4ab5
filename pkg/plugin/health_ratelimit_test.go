package plugin

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

func TestRateLimitNote(t *testing.T) {
	for _, tc := range []struct {
		stats      stripeapi.Stats
		configured float64
		want       string
	}{
		{stripeapi.Stats{}, 10, ""},
		{stripeapi.Stats{RateLimited: 7, EffectiveRateLimit: 5}, 10,
			" Stripe answered 429 (rate limited) 7 times since the data source started; the plugin lowered its budget to 5 of 10 requests/s for now."},
		{stripeapi.Stats{RateLimited: 1, EffectiveRateLimit: 12.5 + 0.04}, 25,
			" Stripe answered 429 (rate limited) once since the data source started; the plugin lowered its budget to 12.5 of 25 requests/s for now."},
		{stripeapi.Stats{RateLimited: 3, EffectiveRateLimit: 25}, 25,
			" Stripe answered 429 (rate limited) 3 times since the data source started; the plugin's budget is back at 25 requests/s."},
	} {
		if got := rateLimitNote(tc.stats, tc.configured); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.stats, got, tc.want)
		}
	}
}

// Save & test against an account whose limit is lower than the parallel probes: the answer
// says how often Stripe answered 429, as many times as the simulator did.
func TestSaveAndTestReportsRateLimits(t *testing.T) {
	sim := newSimulated(t, "tiny", 7)
	sim.handler.SetKnobs(server.Knobs{RateLimit: server.RateLimit{Test: 4, Burst: 4}})
	ds := sim.datasource(t, map[string]any{"rateLimit": 50})
	res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res.Message)
	n := sim.handler.Counts().Status(429)
	if n == 0 {
		t.Fatal("the simulator answered no 429: the test would prove nothing")
	}
	times := fmt.Sprintf("%d times", n)
	if n == 1 {
		times = "once"
	}
	want := "Stripe answered 429 (rate limited) " + times + " since the data source started; the plugin"
	if !strings.Contains(res.Message, want) {
		t.Errorf("Save & test:\n %s\nwant it to contain\n %s", res.Message, want)
	}
}
