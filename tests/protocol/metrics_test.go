package protocol_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/plugin"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// Every metric in the catalog answers through the real binary, in the frame type its kind
// promises, and with exactly the frames the same query gives in process (whose values are checked
// against ground truth in pkg/plugin): nothing is lost or changed on the wire.
func TestEveryCatalogMetricAnswersOverTheProtocol(t *testing.T) {
	_, url := simulatedStripe(t)
	p := harness.Start(t)
	ds := keyed(url, simulator.DemoKey)
	from, to := simNow.AddDate(0, 0, -14), simNow
	var queries []harness.Query
	for _, m := range catalog.Get().Metrics {
		queries = append(queries, harness.Query{RefID: m.ID, Model: map[string]any{"metric": m.ID, "bucket": "day"}, From: from, To: to})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := p.QueryData(ctx, ds, queries...)
	if err != nil {
		t.Fatal(err)
	}
	local := inProcess(t, ds, queries)
	wantType := map[string]data.FrameType{catalog.KindTimeSeries: data.FrameTypeTimeSeriesMulti, catalog.KindNumeric: data.FrameTypeNumericMulti}
	for _, m := range catalog.Get().Metrics {
		r, ok := res.Responses[m.ID]
		if !ok {
			t.Errorf("%s: no response", m.ID)
			continue
		}
		if r.Error != nil {
			t.Errorf("%s: %v", m.ID, r.Error)
			continue
		}
		if len(r.Frames) == 0 {
			t.Errorf("%s: no frame", m.ID)
			continue
		}
		// The usage metrics count each process's own requests: the binary's and this process's
		// differ by design (usage_test.go checks the binary's).
		if got, want := wireJSON(t, r.Frames), wireJSON(t, local.Responses[m.ID].Frames); got != want && m.Resource != "" {
			t.Errorf("%s: the binary's frames differ from the in-process ones:\n%s\n%s", m.ID, got, want)
		}
		for _, f := range r.Frames {
			if want, typed := wantType[m.Kind]; typed && (f.Meta == nil || f.Meta.Type != want) {
				t.Errorf("%s: frame type %v, want %s", m.ID, f.Meta, want)
			}
			if m.Kind == catalog.KindTable && len(f.Fields) < 3 {
				t.Errorf("%s: a table of %d fields", m.ID, len(f.Fields))
			}
		}
	}
}

// inProcess answers the queries with the plugin's code in this process, as the binary would.
func inProcess(t *testing.T, ds harness.DataSource, queries []harness.Query) *backend.QueryDataResponse {
	t.Helper()
	js, _ := json.Marshal(ds.JSONData)
	inst, err := plugin.NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		ID: ds.ID, UID: ds.UID, JSONData: js, DecryptedSecureJSONData: ds.Secure})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.(instancemgmt.InstanceDisposer).Dispose()
	req := &backend.QueryDataRequest{}
	for _, q := range queries {
		model, _ := json.Marshal(q.Model)
		req.Queries = append(req.Queries, backend.DataQuery{RefID: q.RefID, JSON: model,
			TimeRange: backend.TimeRange{From: q.From, To: q.To}, Interval: q.Interval, MaxDataPoints: 1000})
	}
	ctx, cancel := context.WithTimeout(context.Background(), harness.PatientTests) // wait as long as the reads take
	defer cancel()
	resp, err := inst.(*plugin.Datasource).QueryData(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// wireJSON is frames as JSON without the one field computed from the clock at query time (the
// time left to answer a dispute), which two runs a moment apart may not share.
func wireJSON(t *testing.T, frames data.Frames) string {
	t.Helper()
	var out []string
	for _, f := range frames {
		var kept []*data.Field
		for _, fl := range f.Fields {
			if fl.Name != "Time left" {
				kept = append(kept, fl)
			}
		}
		g := *f
		g.Fields = kept
		b, err := json.Marshal(&g)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return strings.Join(out, "\n")
}
