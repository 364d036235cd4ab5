package plugin

import (
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

// updateGolden rewrites golden files: go test ./pkg/plugin -update. Review the diff before
// committing it: a golden file is the frame contract dashboards rely on.
var updateGolden = flag.Bool("update", false, "rewrite golden files") //nolint:gochecknoglobals

// Every catalog metric has a golden file of its response on the small scripted account (its
// story customers touch every feature): frame names, types, field names and types, labels, units,
// display names and notices. A change to any of them shows up as a diff to review.
func TestEveryMetricGoldenFrames(t *testing.T) {
	ds := simulate(t, "tiny", 7).datasource(t, nil)
	// The usage metrics read counters on the process's clock: theirs is pinned, counting from two
	// hours before testNow, and holds the requests of one balance query.
	counted := countedDatasource(t, simulate(t, "tiny", 7), "golden-usage", testNow.Add(-2*time.Hour))
	run(t, counted, map[string]any{"metric": "balance"}, testNow.AddDate(0, 0, -1), testNow)
	from, to := testNow.AddDate(0, 0, -35), testNow
	for _, m := range catalog.Get().Metrics {
		t.Run(m.ID, func(t *testing.T) {
			model := map[string]any{"metric": m.ID}
			if m.Kind == catalog.KindTimeSeries {
				model["bucket"] = "week"
			}
			on := ds
			if m.Resource == "" {
				on = counted
			}
			r := run(t, on, model, from, to)
			experimental.CheckGoldenJSONResponse(t, filepath.Join("testdata", "golden"), m.ID, &r, *updateGolden)
		})
	}
}

// Golden files of converted series: one series labelled with the target currency and the notices
// naming each source currency's rate source and bucket count (tiny presents eur, jpy and kwd and
// settles in usd: the day's rates serve where Stripe converted that week, the table the rest).
func TestConvertedGoldenFrames(t *testing.T) {
	ds := simulate(t, "tiny", 7).datasource(t, map[string]any{"exchangeRates": []map[string]any{
		{"currency": "eur", "to": "usd", "rate": 1.08, "validFrom": "2026-01-01"},
		{"currency": "jpy", "to": "usd", "rate": 0.0067, "validFrom": "2026-01-01"},
		{"currency": "kwd", "to": "usd", "rate": 3.25, "validFrom": "2026-01-01"},
	}})
	from, to := testNow.AddDate(0, 0, -35), testNow
	for _, metric := range []string{"mrr", "mrr_movements", "net_revenue"} {
		t.Run(metric, func(t *testing.T) {
			r := run(t, ds, map[string]any{"metric": metric, "bucket": "week", "convertTo": "usd"}, from, to)
			experimental.CheckGoldenJSONResponse(t, filepath.Join("testdata", "golden"), metric+"_convert_to_usd", &r, *updateGolden)
		})
	}
}

// Cohort retention's other shapes have golden files of their own: revenue retention (a row per
// cohort and currency), the heatmap-rows frames Grafana's heatmap panel reads (logo: one
// frame; revenue: one per currency), and MRR with metered prices valued (its notice).
func TestCohortAndMeteredGoldenFrames(t *testing.T) {
	ds := simulate(t, "tiny", 7).datasource(t, nil)
	from, to := testNow.AddDate(0, -3, 0), testNow
	for name, model := range map[string]map[string]any{
		"cohort_retention_revenue":         {"metric": "cohort_retention", "retention": "revenue", "cohortMonths": 3},
		"cohort_retention_heatmap":         {"metric": "cohort_retention", "format": "heatmap", "cohortMonths": 3},
		"cohort_retention_revenue_heatmap": {"metric": "cohort_retention", "format": "heatmap", "retention": "revenue", "cohortMonths": 3},
		"mrr_metered_last_invoice":         {"metric": "mrr", "bucket": "month", "metered": "last_invoice"},
	} {
		t.Run(name, func(t *testing.T) {
			r := run(t, ds, model, from, to)
			experimental.CheckGoldenJSONResponse(t, filepath.Join("testdata", "golden"), name, &r, *updateGolden)
		})
	}
}
