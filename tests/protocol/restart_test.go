package protocol

import (
	"context"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// The plugin binary stopped and started again, as a Grafana restart does, answers from its cache
// on disk: the same frames for a handful of requests instead of the account's history.
func TestRestartedPluginAnswersFromItsCacheOnDisk(t *testing.T) {
	acct, err := simulator.New("small", 7, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	ds := harness.DataSource{ID: 21, UID: "restart", Name: "Stripe", JSONData: map[string]any{"apiBaseUrl": srv.URL,
		"rateLimit": 1000, "endpointRateLimit": 1000}, Secure: map[string]string{"apiKey": simulator.DemoKey}}
	now := time.Now()
	queries := []harness.Query{
		{RefID: "MRR", Model: map[string]any{"metric": "mrr", "bucket": "day"}, From: now.AddDate(0, 0, -30), To: now},
		{RefID: "OWED", Model: map[string]any{"metric": "invoices_outstanding", "bucket": "day"}, From: now.AddDate(0, 0, -30), To: now},
		{RefID: "NET", Model: map[string]any{"metric": "net_revenue", "bucket": "day"}, From: now.AddDate(0, 0, -30), To: now},
		{RefID: "PAID", Model: map[string]any{"metric": "payments_succeeded", "bucket": "day"}, From: now.AddDate(0, 0, -30), To: now},
	}
	answer := func(p *harness.Plugin) map[string]any {
		res, err := p.QueryData(context.Background(), ds, queries...)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]any{}
		for ref, r := range res.Responses {
			if r.Error != nil {
				t.Fatalf("%s: %v", ref, r.Error)
			}
			out[ref] = harness.Values(r.Frames)
		}
		return out
	}
	dir := t.TempDir()
	first := harness.StartIn(t, dir)
	before := answer(first)
	cold := h.Counts().Total()
	first.Stop()

	h.ResetCounts()
	second := harness.StartIn(t, dir)
	after := answer(second)
	warm := h.Counts().Total()
	t.Logf("cold %d requests; after the restart %d", cold, warm)
	if warm > 10 {
		t.Errorf("after the restart %d requests (endpoints %v), want at most 10", warm, h.Counts().Endpoints())
	}
	for ref := range before {
		if !reflect.DeepEqual(before[ref], after[ref]) {
			t.Errorf("%s differs after the restart", ref)
		}
	}
}
