package plugin

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"

	"github.com/revops/stripe-datasource/pkg/simulator"
)

// The two budget settings reach the Stripe client, and absent ones mean the defaults of the
// key's mode: 10/s and 10/s per endpoint for a test key.
func TestBudgetSettingsReachTheClient(t *testing.T) {
	for _, tc := range []struct {
		jsonData            map[string]any
		global, perEndpoint float64
	}{
		{map[string]any{"rateLimit": 7, "endpointRateLimit": 3}, 7, 3},
		{map[string]any{}, 10, 10},
	} {
		tc.jsonData["apiBaseUrl"] = "http://127.0.0.1:1"
		js, _ := json.Marshal(tc.jsonData)
		inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
			JSONData: js, DecryptedSecureJSONData: map[string]string{"apiKey": simulator.DemoKey},
		})
		if err != nil {
			t.Fatal(err)
		}
		ds := inst.(*Datasource)
		if ds.client.RateLimit() != tc.global || ds.client.EndpointRateLimit() != tc.perEndpoint {
			t.Errorf("%s: budget %v and %v per endpoint, want %v and %v", js, ds.client.RateLimit(), ds.client.EndpointRateLimit(), tc.global, tc.perEndpoint)
		}
		inst.(instancemgmt.InstanceDisposer).Dispose()
	}
}
