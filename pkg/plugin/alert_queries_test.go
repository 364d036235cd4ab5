package plugin

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

// fromAlert runs one stored query as Grafana's alert evaluation sends it (the FromAlert header).
func fromAlert(t *testing.T, ds *Datasource, model map[string]any) backend.DataResponse {
	t.Helper()
	js, _ := json.Marshal(model)
	resp, err := ds.QueryData(patient(t), &backend.QueryDataRequest{
		Headers: map[string]string{backend.FromAlertHeaderName: "true"},
		Queries: []backend.DataQuery{{RefID: "A", JSON: js, TimeRange: backend.TimeRange{From: testNow.AddDate(0, 0, -7), To: testNow}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Responses["A"]
}

// An alert rule on a table, a variable list or annotations is refused with a message that names
// it and the series or numbers to alert on instead; a series answers an alert rule as usual.
func TestAlertRulesAreRefusedTablesVariablesAndAnnotations(t *testing.T) {
	s := simulate(t, "tiny", 1)
	ds := s.datasource(t, map[string]any{"rateLimit": 1000})
	for _, m := range catalog.Get().Metrics {
		if m.Kind != catalog.KindTable {
			continue
		}
		says := []string{m.ID, "is a table"}
		for _, a := range m.AlertWith {
			says = append(says, "("+a+")")
		}
		wantRefused(t, m.ID, fromAlert(t, ds, map[string]any{"metric": m.ID}), says...)
	}
	wantRefused(t, "variable", fromAlert(t, ds, map[string]any{"queryType": "variable", "variable": "currencies"}), "variable query", `"currencies"`)
	wantRefused(t, "annotation", fromAlert(t, ds, map[string]any{"queryType": "annotation", "annotation": "disputes_opened"}), "annotation query", `"disputes_opened"`)
	if r := fromAlert(t, ds, map[string]any{"metric": "payments_failed", "bucket": "day"}); r.Error != nil {
		t.Errorf("a series for an alert rule: %v", r.Error)
	}
	msg := fromAlert(t, ds, map[string]any{"metric": "failed_payments_table"}).Error.Error()
	if !strings.Contains(msg, "Failed payments") {
		t.Errorf("the message names the table by its label too: %q", msg)
	}
}
