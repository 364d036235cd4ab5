package protocol_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// The binary counts its own requests: the usage metric shows them, Grafana's metrics endpoint
// (CollectMetrics) exports them under the data source's UID, and its debug log line per request
// names each request without ever holding the key.
func TestTheBinaryCountsAndExportsItsRequests(t *testing.T) {
	_, url := simulatedStripe(t)
	p := harness.Start(t)
	ds := keyed(url, simulator.DemoKey)
	ds.UID = "usage-protocol"
	ctx := context.Background()
	if _, err := p.QueryData(ctx, ds, harness.Query{RefID: "A", Model: map[string]any{"metric": "balance"}, From: simNow.Add(-time.Hour), To: simNow}); err != nil {
		t.Fatal(err)
	}
	// The binary's clock is the real one: ask about the hours around now.
	now := time.Now()
	res, err := p.QueryData(ctx, ds, harness.Query{RefID: "U", Model: map[string]any{"metric": "stripe_api_requests", "bucket": "hour"}, From: now.Add(-2 * time.Hour), To: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Responses["U"]
	if r.Error != nil || len(r.Frames) != 1 {
		t.Fatalf("usage: %v, %d frames", r.Error, len(r.Frames))
	}
	f := r.Frames[0]
	var total float64
	for i := 0; i < f.Rows(); i++ {
		total += f.Fields[1].At(i).(float64)
	}
	if l := f.Fields[1].Labels; l["endpoint"] != "GET /v1/balance" || l["status"] != "ok" || total != 1 {
		t.Errorf("usage after one balance query: %v, %v requests", l, total)
	}

	text, err := p.CollectMetrics(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	want := `stripe_datasource_api_requests_total{datasource_uid="usage-protocol",endpoint="GET /v1/balance",status="ok"} 1`
	if !strings.Contains(text, want) || !strings.Contains(text, `stripe_datasource_api_request_duration_seconds_count{datasource_uid="usage-protocol",endpoint="GET /v1/balance"} 1`) {
		t.Errorf("metrics endpoint lacks %s:\n%s", want, grepLines(text, "stripe_datasource"))
	}

	logs := p.Logs()
	if !strings.Contains(logs, "Stripe request") || !strings.Contains(logs, "/v1/balance") {
		t.Errorf("no debug line for the request in the plugin's log:\n%s", grepLines(logs, "Stripe"))
	}
	key := simulator.DemoKey
	for i := 0; len(key)-i >= 6; i++ {
		if strings.Contains(logs+text, key[i:]) {
			t.Fatalf("the key's tail %q is in the plugin's log or metrics", key[i:])
		}
	}
}

func grepLines(text, word string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
