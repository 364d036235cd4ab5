package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// A bug in one metric fails that query only; the other queries of the request still answer.
func TestAPanickingMetricFailsOnlyItsQuery(t *testing.T) {
	sim := simulate(t, "tiny", 3)
	ds := sim.datasource(t, nil)
	saved := handlers["fees"]
	handlers["fees"] = func(context.Context, *Datasource, metricRequest) (data.Frames, error) { panic("boom") }
	defer func() { handlers["fees"] = saved }()

	from, to := testNow.AddDate(0, 0, -3), testNow
	resp, err := ds.QueryData(patient(t), &backend.QueryDataRequest{Queries: []backend.DataQuery{
		{RefID: "A", JSON: []byte(`{"metric":"fees"}`), TimeRange: backend.TimeRange{From: from, To: to}, MaxDataPoints: 100},
		{RefID: "B", JSON: []byte(`{"metric":"net_revenue","bucket":"day"}`), TimeRange: backend.TimeRange{From: from, To: to}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	a, b := resp.Responses["A"], resp.Responses["B"]
	if a.Error == nil || a.ErrorSource != backend.ErrorSourcePlugin || !strings.Contains(a.Error.Error(), "server log") {
		t.Errorf("A: %v (%s)", a.Error, a.ErrorSource)
	}
	if b.Error != nil || len(b.Frames) == 0 {
		t.Errorf("B should still answer: %v", b.Error)
	}
}

// A publicly shared dashboard sends "$currency" unexpanded: the panel shows every currency, as
// "All" would, and says why, instead of an empty panel.
func TestUnexpandedVariableShowsEveryCurrencyWithANotice(t *testing.T) {
	ds := simulate(t, "multi_currency", 7).datasource(t, nil)
	from, to := truthRange()
	all := run(t, ds, map[string]any{"metric": "net_revenue", "bucket": "week"}, from, to)
	shared := run(t, ds, map[string]any{"metric": "net_revenue", "bucket": "week", "currencies": []string{"$currency"}}, from, to)
	if len(all.Frames) < 2 || len(shared.Frames) != len(all.Frames) {
		t.Fatalf("%d frames with $currency, %d with every currency", len(shared.Frames), len(all.Frames))
	}
	notices := shared.Frames[0].Meta.Notices
	if len(notices) == 0 || !strings.Contains(notices[len(notices)-1].Text, "$currency were not resolved") {
		t.Errorf("notices %v", notices)
	}
}

// A query the user can fix fails alone, with a message that says what to change, marked as the
// user's error (downstream), never as an empty panel.
func TestBadQueriesFailWithAnActionableMessage(t *testing.T) {
	ds := simulate(t, "tiny", 7).datasource(t, nil)
	from, to := truthRange()
	for model, want := range map[string]string{
		`{"metric":"payments_failed","customer":"alice@example.com"}`:      "not a Stripe customer id",
		`{"metric":"payments_failed","paymentMethodType":"Visa card"}`:     "not a Stripe payment method type",
		`{"metric":"payment_failures_by_reason","topN":99}`:                "between 1 and 25",
		`{"metric":"open_disputes","dueWithinDays":-2}`:                    "between 1 and 365 days",
		`{"queryType":"variable","variable":"planets"}`:                    "unknown variable list \"planets\"; choose one of: currencies",
		`{"queryType":"annotation","annotation":"eclipses"}`:               "unknown annotation \"eclipses\"; choose one of: disputes_opened",
		`{"queryType":"annotation","annotation":"payouts","minAmount":-1}`: "cannot be negative",
		`{"metric":"mrr","metered":"usage"}`:                               `metered "usage" is not one of exclude, last_invoice`,
		`{"metric":"cohort_retention","retention":"users"}`:                `retention "users" is not one of logo, revenue`,
		`{"metric":"cohort_retention","format":"grid"}`:                    `format "grid" is not one of table, heatmap`,
		`{"metric":"cohort_retention","cohortMonths":48}`:                  "cohort months is 48; choose between 1 and 36",
	} {
		r := runRaw(t, ds, model, from, to)
		if r.Error == nil || !strings.Contains(r.Error.Error(), want) || r.ErrorSource != backend.ErrorSourceDownstream || r.Status != backend.StatusBadRequest {
			t.Errorf("%s: %v (%s), want a downstream error saying %q", model, r.Error, r.ErrorSource, want)
		}
	}
}
