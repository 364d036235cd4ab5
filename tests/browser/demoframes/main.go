// Command demoframes answers a few queries on the demo account through the plugin's own data
// source, built in process exactly as Grafana builds it for {"source":"demo"}, and prints the
// frames as Grafana's data frame JSON. The browser test draws them with @grafana/ui's TimeSeries
// for the README picture, so the chart shows what the plugin really returns.
//
//	go run ./tests/browser/demoframes > frames.json
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/plugin"
)

// days is the chart's range, ending now; the demo account regenerates from its fixed seed up to
// the present moment.
const days = 90

// queries are the demo's main series in day buckets, keyed by refId: revenue per currency, and
// MRR per currency beside MRR in the data source's reporting currency (convertTo "default").
var queries = map[string]string{
	"net_revenue":   `{"metric":"net_revenue","bucket":"day"}`,
	"gross_volume":  `{"metric":"gross_volume","bucket":"day"}`,
	"mrr":           `{"metric":"mrr","bucket":"day"}`,
	"mrr_converted": `{"metric":"mrr","bucket":"day","convertTo":"default"}`,
}

// output is what the harness page reads: the time range asked for (epoch ms) and each query's
// frames.
type output struct {
	From   int64                  `json:"from"`
	To     int64                  `json:"to"`
	Frames map[string]data.Frames `json:"frames"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demoframes:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	inst, err := plugin.NewDatasource(ctx, backend.DataSourceInstanceSettings{
		ID: 1, UID: "stripe-demo", Name: "Stripe (demo account)", JSONData: []byte(`{"source":"demo"}`),
	})
	if err != nil {
		return err
	}
	defer inst.(instancemgmt.InstanceDisposer).Dispose()
	ds := inst.(backend.QueryDataHandler)

	to := time.Now()
	from := to.AddDate(0, 0, -days)
	req := &backend.QueryDataRequest{}
	for refID, model := range queries {
		req.Queries = append(req.Queries, backend.DataQuery{
			RefID: refID, JSON: []byte(model), TimeRange: backend.TimeRange{From: from, To: to},
			Interval: 24 * time.Hour, MaxDataPoints: 1000,
		})
	}
	// The MRR queries read the demo's whole billing history at the demo's request budget, longer
	// than a query waits: a query that answers "still reading" (504) is asked again until the read
	// is done, as a panel refreshed later would be.
	var resp *backend.QueryDataResponse
	for attempt := 0; ; attempt++ {
		if resp, err = ds.QueryData(ctx, req); err != nil {
			return err
		}
		if !stillReading(resp) || attempt == 20 {
			break
		}
		time.Sleep(5 * time.Second)
	}
	out := output{From: from.UnixMilli(), To: to.UnixMilli(), Frames: map[string]data.Frames{}}
	for refID := range queries {
		r := resp.Responses[refID]
		if r.Error != nil {
			return fmt.Errorf("%s: %w", refID, r.Error)
		}
		if len(r.Frames) == 0 {
			return fmt.Errorf("%s: no frames", refID)
		}
		out.Frames[refID] = r.Frames
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// stillReading reports whether some query answered that its data is still being read.
func stillReading(resp *backend.QueryDataResponse) bool {
	for _, r := range resp.Responses {
		if r.Error != nil && r.Status == backend.StatusTimeout {
			return true
		}
	}
	return false
}
