package protocol_test

import (
	"context"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// Every metric in the catalog answers through the real binary, in the frame type its kind
// promises (the values themselves are checked against ground truth in pkg/plugin).
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
