package protocol_test

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// These tests need no Stripe at all: they check that a data source whose settings cannot work
// answers Save & test and queries with a message that says what to fix, over the real protocol.

func TestHealthRefusesKeysOfTheWrongKind(t *testing.T) {
	p := harness.Start(t)
	ctx := context.Background()
	cases := []struct {
		name, key  string
		allowSK    bool
		wantInText []string
	}{
		{"no key", "", false, []string{"key"}},
		{"publishable key", "pk_test_51Habcdefghijklmnopqrstuvwxyz0123", false, []string{"pk_", "publishable"}},
		{"secret key", "sk_test_51Habcdefghijklmnopqrstuvwxyz0123", false, []string{"secret key", "restricted"}},
		{"not a stripe key", "notakey0123456789abcdef", false, []string{"rk_live_", "rk_test_"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := harness.DataSource{ID: 1, UID: "ds-" + c.name, JSONData: map[string]any{"allowSecretKey": c.allowSK},
				Secure: map[string]string{"apiKey": c.key}}
			res, err := p.CheckHealth(ctx, ds)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != backend.HealthStatusError {
				t.Fatalf("status %v, message %q", res.Status, res.Message)
			}
			for _, w := range c.wantInText {
				if !strings.Contains(strings.ToLower(res.Message), strings.ToLower(w)) {
					t.Errorf("message %q does not mention %q", res.Message, w)
				}
			}
			if c.key != "" && strings.Contains(res.Message, c.key[8:]) {
				t.Errorf("message leaks the key: %q", res.Message)
			}
		})
	}
	if logs := p.Logs(); strings.Contains(logs, "abcdefghijklmnopqrstuvwxyz0123") {
		t.Errorf("the plugin logged a key:\n%s", logs)
	}
}

func TestUnreachableStripeIsANetworkMessage(t *testing.T) {
	// A port nobody listens on: connection refused, like a proxy or firewall in the way.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	p := harness.Start(t)
	ds := harness.DataSource{ID: 2, UID: "unreachable", JSONData: map[string]any{"apiBaseUrl": "http://" + addr},
		Secure: map[string]string{"apiKey": "rk_test_unreachable0123456789abcdef"}}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	res, err := p.CheckHealth(ctx, ds)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != backend.HealthStatusError || !strings.Contains(strings.ToLower(res.Message), "reach") {
		t.Errorf("want a network error saying Stripe could not be reached, got %v %q", res.Status, res.Message)
	}

	q, err := p.QueryData(ctx, ds, harness.Query{RefID: "A", Model: map[string]any{"metric": "net_revenue"},
		From: time.Now().Add(-48 * time.Hour), To: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	r := q.Responses["A"]
	if r.Error == nil || r.ErrorSource != backend.ErrorSourceDownstream {
		t.Errorf("want a downstream error, got error %v source %q", r.Error, r.ErrorSource)
	}
	if len(r.Frames) != 0 {
		t.Errorf("a failed query returned %d frames", len(r.Frames))
	}
}

func TestBadQueriesSayWhatIsWrong(t *testing.T) {
	p := harness.Start(t)
	ds := harness.DataSource{ID: 3, UID: "bad-queries", Secure: map[string]string{"apiKey": "rk_test_badqueries0123456789abcdef"},
		JSONData: map[string]any{"apiBaseUrl": "http://127.0.0.1:9"}}
	now := time.Now()
	cases := map[string]struct {
		model map[string]any
		want  string
	}{
		"no metric":      {map[string]any{}, "choose a metric"},
		"unknown metric": {map[string]any{"metric": "happiness"}, "net_revenue"},
		"bad bucket":     {map[string]any{"metric": "net_revenue", "bucket": "fortnight"}, "fortnight"},
		"bad zone":       {map[string]any{"metric": "net_revenue", "timeZone": "Mars/Olympus"}, "Mars/Olympus"},
		"too many hours": {map[string]any{"metric": "net_revenue", "bucket": "hour", "from": "x"}, "buckets"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			from := now.Add(-24 * time.Hour)
			if name == "too many hours" {
				from = now.AddDate(-5, 0, 0)
			}
			res, err := p.QueryData(context.Background(), ds, harness.Query{RefID: "A", Model: c.model, From: from, To: now})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Responses["A"]
			if r.Error == nil || !strings.Contains(r.Error.Error(), c.want) {
				t.Fatalf("want an error mentioning %q, got %v", c.want, r.Error)
			}
			if r.Status != backend.StatusBadRequest || r.ErrorSource != backend.ErrorSourceDownstream {
				t.Errorf("status %v source %q, want 400 downstream", r.Status, r.ErrorSource)
			}
		})
	}
}

func TestCatalogResourceServesTheShippedCatalog(t *testing.T) {
	p := harness.Start(t)
	ds := harness.DataSource{ID: 4, UID: "catalog", Secure: map[string]string{"apiKey": "rk_test_catalog0123456789abcdefgh"}}
	status, body, err := p.CallResource(context.Background(), ds, "GET", "catalog", nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../pkg/catalog/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	var got, exp any
	if status != 200 || json.Unmarshal(body, &got) != nil || json.Unmarshal(want, &exp) != nil {
		t.Fatalf("status %d body %.200s", status, body)
	}
	gb, _ := json.Marshal(got)
	eb, _ := json.Marshal(exp)
	if string(gb) != string(eb) {
		t.Error("the catalog resource differs from pkg/catalog/catalog.json")
	}
	if strings.Contains(string(body), "rk_test_catalog") {
		t.Error("resource response contains the key")
	}
	status, _, err = p.CallResource(context.Background(), ds, "GET", "nope", nil)
	if err != nil || status != 404 {
		t.Errorf("unknown path: status %d err %v", status, err)
	}
}
