package provisioning_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

// The demo data source as provisioning/datasources declares it.
var demo = harness.DataSource{ID: 1, UID: demoUID, Name: "Stripe (demo account)", JSONData: map[string]any{"source": "demo"}}

// Every query of every bundled dashboard (pending metrics aside) runs against the demo account
// through the real plugin binary, over the dashboard's default time range with the currency
// variable on All, and answers frames of its kind, each series labelled with its currency.
func TestDashboardQueriesAnswerOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the plugin binary")
	}
	p := harness.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	now := time.Now()
	for _, d := range loadDashboards(t) {
		t.Run(d.file, func(t *testing.T) {
			from := now.Add(-relativeDuration(t, d.Time.From))
			var queries []harness.Query
			metricOf := map[string]string{}
			for _, pn := range d.Panels {
				for _, target := range pn.Targets {
					id, _ := target["metric"].(string)
					if m, ok := lookupMetric(id); !ok || m.pending {
						continue
					}
					ref := strconv.Itoa(pn.ID) + "/" + target["refId"].(string)
					metricOf[ref] = id
					queries = append(queries, harness.Query{RefID: ref, Model: applyAllCurrencies(target), From: from, To: now})
				}
			}
			if len(queries) == 0 {
				t.Skip("every query of this dashboard reads a pending metric (see pendingMetrics)")
			}
			res, err := p.QueryData(ctx, demo, queries...)
			if err != nil {
				t.Fatal(err)
			}
			for _, ref := range sortedKeys(metricOf) {
				checkDemoResponse(t, ref+" "+metricOf[ref], metricOf[ref], res.Responses[ref])
			}
		})
	}
}

// Every annotation of every bundled dashboard runs against the demo account through the real
// plugin binary over the dashboard's default time range, the currency variable on All, and marks
// events: one frame with the fields Grafana reads annotations from (time, timeEnd, title, text,
// tags) and at least one event, so the demo shows what the toggle does.
func TestDashboardAnnotationsAnswerOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the plugin binary")
	}
	p := harness.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	now := time.Now()
	for _, d := range loadDashboards(t) {
		for _, a := range d.Annotations.List {
			if a.BuiltIn == 1 {
				continue
			}
			t.Run(d.file+"/"+a.Name, func(t *testing.T) {
				from := now.Add(-relativeDuration(t, d.Time.From))
				res, err := p.QueryData(ctx, demo, harness.Query{RefID: "Anno", Model: applyAllCurrencies(a.Target), From: from, To: now})
				if err != nil {
					t.Fatal(err)
				}
				r := res.Responses["Anno"]
				if r.Error != nil || len(r.Frames) != 1 {
					t.Fatalf("%v (%d frames)", r.Error, len(r.Frames))
				}
				f := r.Frames[0]
				for _, name := range []string{"time", "timeEnd", "title", "text", "tags"} {
					if _, i := f.FieldByName(name); i < 0 {
						t.Errorf("no %s field", name)
					}
				}
				if f.Rows() == 0 {
					t.Errorf("no %s event on the demo account over %s", a.Name, d.Time.From)
				}
				t.Logf("%d events", f.Rows())
			})
		}
	}
}

// applyAllCurrencies is the query the browser sends with the currency variable on All: the
// frontend's applyTemplateVariables drops "$__all", and an empty list means every currency.
func applyAllCurrencies(target map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range target {
		if k != "datasource" && k != "currencies" {
			out[k] = v
		}
	}
	return out
}

// relativeDuration reads a dashboard time such as now-30d.
func relativeDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	s = strings.TrimPrefix(s, "now-")
	n, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
	if err != nil || !strings.HasSuffix(s, "d") {
		t.Fatalf("dashboard time %q is not now-<n>d", s)
	}
	return time.Duration(n) * 24 * time.Hour
}

func checkDemoResponse(t *testing.T, what, metric string, r backend.DataResponse) {
	t.Helper()
	if r.Error != nil {
		t.Errorf("%s: %v", what, r.Error)
		return
	}
	if len(r.Frames) == 0 {
		t.Errorf("%s: no frame", what)
		return
	}
	m, _ := catalog.Get().Metric(metric)
	if f := r.Frames[0]; f.Meta != nil && f.Meta.Type == "heatmap-rows" {
		checkHeatmapRows(t, what, r.Frames)
		return
	}
	if m.Kind == catalog.KindTable {
		if r.Frames[0].Rows() > 0 {
			if _, ok := r.Frames[0].FieldByName("Currency"); ok != -1 {
				return
			}
			t.Errorf("%s: a table without a Currency column", what)
		}
		return
	}
	want := map[string]data.FrameType{catalog.KindTimeSeries: data.FrameTypeTimeSeriesMulti, catalog.KindNumeric: data.FrameTypeNumericMulti}[m.Kind]
	labelled := 0
	for _, f := range r.Frames {
		if f.Meta == nil || f.Meta.Type != want {
			t.Errorf("%s: frame type %v, want %s", what, f.Meta, want)
		}
		if f.Rows() == 0 {
			continue
		}
		// A metric that takes currencies answers one series per currency; the others (subscribers,
		// statuses, trial conversion) count the account as a whole.
		if v := valueField(f); v == nil || (slices.Contains(m.Options, "currencies") && v.Labels["currency"] == "") {
			t.Errorf("%s: a series without a currency label", what)
			continue
		}
		labelled++
	}
	if labelled == 0 {
		t.Errorf("%s: the demo account answers no series over the dashboard's range", what)
	}
}

// checkHeatmapRows: a table metric asked for Grafana's heatmap panel (cohort retention's format
// heatmap) answers heatmap-rows frames the panel can read: x a time field, then number fields
// only (each one y bucket), and some rows over the dashboard's range.
func checkHeatmapRows(t *testing.T, what string, frames data.Frames) {
	t.Helper()
	rows := 0
	for _, f := range frames {
		if f.Meta == nil || f.Meta.Type != "heatmap-rows" || len(f.Fields) < 2 || f.Fields[0].Type() != data.FieldTypeTime {
			t.Errorf("%s: frame %q is not heatmap-rows with a time field first", what, f.Name)
			continue
		}
		for _, fl := range f.Fields[1:] {
			if !fl.Type().Numeric() {
				t.Errorf("%s: heatmap field %q is %s, not a number (the panel would drop it or misread it)", what, fl.Name, fl.Type())
			}
		}
		rows += f.Rows()
	}
	if rows == 0 {
		t.Errorf("%s: the demo account answers no cohort over the dashboard's range", what)
	}
}

// valueField is a data-plane frame's number field.
func valueField(f *data.Frame) *data.Field {
	for _, fl := range f.Fields {
		if fl.Type().Numeric() {
			return fl
		}
	}
	return nil
}

// Each alert recipe runs its data queries against the demo account through the plugin, with
// the relative time ranges Grafana would use now; the answers are converted as Grafana converts
// them (the plugin's empty answers are the data plane's No Data) and the expression chain is
// evaluated by the model in evaluator_test.go. No error; No Data only where the rule maps it to
// a state that pages nobody; otherwise one instance per currency that every data query answers,
// a boolean condition, and annotations that render with that instance's currency and values.
func TestAlertRecipesEvaluateOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the plugin binary")
	}
	p := harness.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, r := range loadRules(t) {
		t.Run(r.UID, func(t *testing.T) {
			var queries []harness.Query
			for _, q := range r.Data {
				if q.isExpression() {
					continue
				}
				if m, _ := lookupMetric(q.str("metric")); m.pending {
					t.Skipf("reads %s, which is pending (see pendingMetrics)", q.str("metric"))
				}
				now := time.Now()
				hq := harness.Query{RefID: q.RefID, Model: q.Model,
					From: now.Add(-time.Duration(q.RelativeTimeRange.From) * time.Second),
					To:   now.Add(-time.Duration(q.RelativeTimeRange.To) * time.Second)}
				if ms, ok := q.Model["intervalMs"].(int); ok {
					hq.Interval = time.Duration(ms) * time.Millisecond
				}
				if mdp, ok := q.Model["maxDataPoints"].(int); ok {
					hq.MaxDataPoints = int64(mdp)
				}
				queries = append(queries, hq)
			}
			res, err := p.QueryData(ctx, demo, queries...)
			if err != nil {
				t.Fatal(err)
			}
			answers := map[string]backend.DataResponse{}
			var common map[string]bool // currencies every data query answers
			for _, q := range queries {
				resp := res.Responses[q.RefID]
				if resp.Error != nil {
					t.Fatalf("%s: %v", q.RefID, resp.Error)
				}
				answers[q.RefID] = resp
				vals, err := convertResponse(resp)
				if err != nil {
					t.Fatalf("%s: Grafana cannot read the answer: %v", q.RefID, err)
				}
				seen := map[string]bool{}
				for _, v := range vals {
					if v.kind != kindNoData && (common == nil || common[v.labels["currency"]]) {
						seen[v.labels["currency"]] = true
					}
				}
				common = seen
			}
			ev, err := evaluate(r, answers)
			if err != nil {
				t.Fatal(err)
			}
			if len(ev.results) == 1 && ev.results[0].labels["ref_id"] != "" {
				t.Logf("No Data from %s: noDataState %s", ev.results[0].labels["ref_id"], r.NoDataState)
				if r.NoDataState == "NoData" || r.NoDataState == "Alerting" {
					t.Errorf("the demo answers No Data for %s, which the rule turns into a page (noDataState %s)", ev.results[0].labels["ref_id"], r.NoDataState)
				}
				return
			}
			got := map[string]bool{}
			for _, res := range ev.results {
				cur := res.labels["currency"]
				if res.state == stateError {
					t.Errorf("evaluation error: %v", res.err)
					continue
				}
				if len(res.labels) != 1 || cur == "" || got[cur] {
					t.Errorf("instance labels %v: want one instance per currency, labelled currency only", res.labels)
					continue
				}
				got[cur] = true
				vals := templateValues(r, ev, res.labels)
				t.Logf("%s: %s (%s)", cur, res.state, describeValues(vals))
				if res.state == stateNoData {
					if r.NoDataState == "NoData" || r.NoDataState == "Alerting" {
						t.Errorf("%s: no value, and the rule turns that into a page (noDataState %s)", cur, r.NoDataState)
					}
					continue
				}
				if c := vals[r.Condition].Value; c != 0 && c != 1 {
					t.Errorf("%s: condition %v, want a boolean 0 or 1", cur, c)
				}
				for _, key := range []string{"summary", "description"} {
					text, err := renderAnnotation(r.Annotations[key], res.labels, vals)
					if err != nil {
						t.Errorf("%s %s: %v", cur, key, err)
						continue
					}
					if !strings.Contains(text, cur) || strings.Contains(text, "<no value>") || strings.Contains(text, "NaN") {
						t.Errorf("%s %s renders as %q", cur, key, text)
					}
				}
			}
			if want := sortedKeys(common); strings.Join(sortedKeys(got), ",") != strings.Join(want, ",") {
				t.Errorf("instances for %v, want one for each currency the queries answer: %v", sortedKeys(got), want)
			}
		})
	}
}

// Every query variable of every bundled dashboard resolves on the demo account through the real
// plugin binary: a list the catalog knows, answered with text and value fields and at least one
// value (the demo account has several currencies).
func TestDashboardVariablesResolveOnTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the plugin binary")
	}
	p := harness.Start(t)
	now := time.Now()
	for _, d := range loadDashboards(t) {
		for _, v := range d.Templating.List {
			if v.Type != "query" {
				continue
			}
			var model map[string]any
			if err := json.Unmarshal(v.Query, &model); err != nil {
				t.Fatalf("%s: variable %s query: %v", d.file, v.Name, err)
			}
			if _, ok := catalog.Get().Variable(model["variable"].(string)); !ok {
				t.Errorf("%s: variable %s asks for a list the catalog does not have: %v", d.file, v.Name, model)
				continue
			}
			res, err := p.QueryData(context.Background(), demo, harness.Query{RefID: v.Name, Model: model, From: now.AddDate(0, 0, -30), To: now})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Responses[v.Name]
			if r.Error != nil || len(r.Frames) != 1 {
				t.Fatalf("%s: variable %s: %v (%d frames)", d.file, v.Name, r.Error, len(r.Frames))
			}
			f := r.Frames[0]
			if len(f.Fields) != 2 || f.Fields[0].Name != "text" || f.Fields[1].Name != "value" || f.Rows() < 2 {
				t.Errorf("%s: variable %s answered %d fields, %d values", d.file, v.Name, len(f.Fields), f.Rows())
			}
		}
	}
}
