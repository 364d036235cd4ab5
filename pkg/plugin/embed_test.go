package plugin

import (
	"net/http"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// An embedded instance (the benchmark's) answers a catalog query like the one Grafana builds:
// net revenue by day equals the simulator's ground truth, with the Store sharded or sequential;
// and Store is the store the query read through.
func TestEmbeddedDatasourceAnswersFromTheGroundTruth(t *testing.T) {
	sim := simulate(t, "multi_currency", 7)
	from, to := truthRange()
	want, err := sim.acct.DefaultTruth().BalanceActivity(from, to, truth.Day, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	for _, sequential := range []bool{false, true} {
		client, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: sim.url, HTTPClient: &http.Client{},
			RateLimit: fastBudget, EndpointRateLimit: fastBudget})
		if err != nil {
			t.Fatal(err)
		}
		ds := NewWithClient(client, func() time.Time { return testNow }, fetch.Options{Sequential: sequential})
		r := run(t, ds, map[string]any{"metric": "net_revenue", "bucket": "day", "timeZone": "UTC"}, from, to)
		got := framesByCurrency(t, r.Frames)
		if len(got) != len(want) {
			t.Errorf("sequential %v: currencies %v, truth has %d", sequential, keys(got), len(want))
		}
		nonzero := 0
		for _, s := range want {
			for _, row := range s.Rows {
				if v := got[s.Currency][row.Start.Unix()]; v != row.NetRevenue {
					t.Errorf("sequential %v: %s %s: net revenue %d, truth %d", sequential, s.Currency, row.Start, v, row.NetRevenue)
				}
				if row.NetRevenue != 0 {
					nonzero++
				}
			}
		}
		if nonzero == 0 {
			t.Fatal("every bucket is zero: the test would not catch a wrong sum")
		}
		if ds.Store().Stats().Bytes == 0 {
			t.Error("Store() is not the store the query read through: it holds no record")
		}
		ds.Dispose()
	}
}
