package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/simulator"
)

// A keyed data source's requests go through the transport Grafana's settings for the instance
// describe (HTTPClientOptions): here the custom header an admin set reaches Stripe with every
// request, beside the key, which the plugin's own layer still sends.
func TestRequestsUseTheInstancesHTTPClientOptions(t *testing.T) {
	s := simulate(t, "tiny", 1)
	var mu sync.Mutex
	var seen []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		s.handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	js, _ := json.Marshal(map[string]any{"apiBaseUrl": srv.URL, "rateLimit": 1000, "endpointRateLimit": 1000, "disableDiskCache": true,
		"httpHeaderName1": "X-Proxy-Tenant"})
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{ID: 7, UID: "headers", Name: "Stripe", JSONData: js,
		DecryptedSecureJSONData: map[string]string{"apiKey": simulator.DemoKey, "httpHeaderValue1": "tenant-42"}})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	t.Cleanup(ds.Dispose)
	if r := runRaw(t, ds, `{"metric":"net_revenue","bucket":"day"}`, testNow.AddDate(0, 0, -3), testNow); r.Error != nil {
		t.Fatal(r.Error)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 {
		t.Fatal("no request reached Stripe")
	}
	for _, h := range seen {
		if h.Get("X-Proxy-Tenant") != "tenant-42" || !strings.HasPrefix(h.Get("Authorization"), "Bearer rk_test_") {
			t.Fatalf("a request without the instance's header or the key: %v", h)
		}
	}
}
