package plugin

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// An alert rule evaluates its query every minute or so. Once the data source is warm, an
// evaluation must cost a few requests (what is new, or "did anything change"), not the history.
func TestAlertEvaluationsOnceWarmCostAFewRequests(t *testing.T) {
	s := newSimulated(t, "small", 7)
	h := s.handler
	ds := s.datasource(t, nil)
	queries := []map[string]any{
		{"metric": "mrr", "bucket": "day"},
		{"metric": "net_revenue", "bucket": "hour"},
		{"metric": "payment_success_rate", "bucket": "hour"},
		{"metric": "open_disputes", "dueWithinDays": 3},
		{"metric": "invoices_outstanding", "bucket": "day"},
	}
	evaluate := func(now time.Time) {
		ds.now = func() time.Time { return now }
		for _, q := range queries {
			run(t, ds, q, now.Add(-7*24*time.Hour), now)
		}
	}
	evaluate(testNow) // cold: reads the history
	cold := h.Counts().Total()
	const evaluations = 5
	for i := 1; i <= evaluations; i++ {
		evaluate(testNow.Add(time.Duration(i) * 2 * time.Minute))
	}
	warm := h.Counts().Total() - cold
	perEvaluation := float64(warm) / evaluations
	var byEndpoint []string
	for _, e := range h.Counts().Endpoints() {
		byEndpoint = append(byEndpoint, fmt.Sprintf("%s=%d", e, h.Counts().Endpoint(e)))
	}
	t.Logf("cold: %d requests; warm: %.1f requests per evaluation of %d rules (%s)", cold, perEvaluation, len(queries), strings.Join(byEndpoint, " "))
	if perEvaluation > 3*float64(len(queries)) {
		t.Errorf("%.1f requests per evaluation of %d rules once warm, want at most 3 per rule", perEvaluation, len(queries))
	}
}
