package provisioning_test

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"
)

var (
	noDataStates  = map[string]bool{"NoData": true, "Alerting": true, "OK": true, "KeepLast": true}
	execErrStates = map[string]bool{"Error": true, "Alerting": true, "OK": true, "KeepLast": true}
	valuesRef     = regexp.MustCompile(`\$values\.([A-Za-z0-9_]+)`)
)

func TestAlertRulesAreWellFormed(t *testing.T) {
	dashboards := loadDashboards(t)
	sources := provisionedDataSources(t)
	uids := map[string]bool{}
	for _, r := range loadRules(t) {
		t.Run(r.UID, func(t *testing.T) {
			if r.UID == "" || r.Title == "" || uids[r.UID] {
				t.Fatalf("a rule needs a unique uid and a title: %q %q", r.UID, r.Title)
			}
			uids[r.UID] = true
			if _, err := time.ParseDuration(r.For); err != nil {
				t.Errorf("for %q: %v", r.For, err)
			}
			if !noDataStates[r.NoDataState] || !execErrStates[r.ExecErrState] {
				t.Errorf("noDataState %q / execErrState %q are not states Grafana knows", r.NoDataState, r.ExecErrState)
			}
			refs := map[string]alertQuery{}
			for _, q := range r.Data {
				if _, dup := refs[q.RefID]; dup || q.RefID == "" {
					t.Errorf("refId %q is empty or used twice", q.RefID)
				}
				refs[q.RefID] = q
				if m, _ := q.Model["refId"].(string); m != q.RefID {
					t.Errorf("%s: the model's refId is %q", q.RefID, m)
				}
				if q.isExpression() {
					deps, err := expressionRefs(q)
					if err != nil {
						t.Error(err)
					}
					for _, d := range deps {
						if !hasRef(r, d) {
							t.Errorf("%s reads %s, which is not a refId of the rule", q.RefID, d)
						}
					}
					continue
				}
				checkAlertDataQuery(t, q, sources)
			}
			cond, ok := refs[r.Condition]
			if !ok || cond.str("type") != "threshold" {
				t.Errorf("condition %q is not a Threshold expression of the rule", r.Condition)
			}
			// evaluate orders the expressions and fails on a missing reference or a cycle.
			if _, err := evaluate(r, constantInputs(r, 1)); err != nil {
				t.Errorf("the expression chain does not evaluate: %v", err)
			}
			checkAnnotations(t, r, dashboards)
		})
	}
	if len(uids) == 0 {
		t.Fatal("no alert rule")
	}
}

func hasRef(r alertRule, ref string) bool {
	for _, q := range r.Data {
		if q.RefID == ref {
			return true
		}
	}
	return false
}

func checkAlertDataQuery(t *testing.T, q alertQuery, sources map[string]bool) {
	t.Helper()
	if !sources[q.DatasourceUID] {
		t.Errorf("%s: data source %q is not a provisioned %s data source", q.RefID, q.DatasourceUID, pluginID)
	}
	if q.RelativeTimeRange == nil || q.RelativeTimeRange.From <= q.RelativeTimeRange.To || q.RelativeTimeRange.To < 0 {
		t.Errorf("%s: relativeTimeRange %+v is not a range before now", q.RefID, q.RelativeTimeRange)
	}
	for _, e := range checkQuery(q.Model) {
		t.Errorf("%s: %s", q.RefID, e)
	}
	// One alert instance per currency: a rule must not narrow the currencies.
	if _, set := q.Model["currencies"]; set {
		t.Errorf("%s: an alert query that filters currencies loses the per-currency instances", q.RefID)
	}
	if m, ok := lookupMetric(q.str("metric")); ok && m.kind == "table" {
		t.Errorf("%s: %s is a table, which Reduce cannot read", q.RefID, q.str("metric"))
	}
}

// checkAnnotations: summary and description name the currency and only values the rule
// computes, and the rule's dashboardUid and panelId (rules_types.go AlertRuleV1; not the
// __dashboardUid__/__panelId__ annotations) point at a bundled dashboard's panel that shows a
// metric the rule reads.
func checkAnnotations(t *testing.T, r alertRule, dashboards []dashboard) {
	t.Helper()
	for _, key := range []string{"summary", "description"} {
		text := r.Annotations[key]
		if !strings.Contains(text, "{{ $labels.currency }}") {
			t.Errorf("%s does not say which currency: %q", key, text)
		}
		if !valuesRef.MatchString(text) && key == "summary" {
			t.Errorf("summary shows no computed value: %q", text)
		}
		for _, m := range valuesRef.FindAllStringSubmatch(text, -1) {
			q, ok := findRef(r, m[1])
			if !ok || !q.isExpression() {
				t.Errorf("%s reads $values.%s, which is not an expression of the rule", key, m[1])
			}
		}
	}
	for _, key := range []string{"__dashboardUid__", "__panelId__"} {
		if _, ok := r.Annotations[key]; ok {
			t.Errorf("annotation %s: link the panel with the rule's dashboardUid and panelId", key)
		}
	}
	d, ok := dashboardByUID(dashboards, r.DashboardUID)
	if !ok {
		t.Fatalf("dashboardUid %q is not a bundled dashboard", r.DashboardUID)
	}
	p, ok := d.panel(int(r.PanelID))
	if !ok {
		t.Fatalf("panelId %d is not a panel of %s", r.PanelID, d.UID)
	}
	ruleMetrics := map[string]bool{}
	for _, q := range r.Data {
		if !q.isExpression() {
			ruleMetrics[q.str("metric")] = true
		}
	}
	shared := false
	for _, q := range p.Targets {
		m, _ := q["metric"].(string)
		// A table of the objects a count alerts on is as good a place to land as the count.
		shared = shared || ruleMetrics[m] || ruleMetrics[strings.TrimSuffix(m, "_table")]
	}
	if !shared {
		t.Errorf("the linked panel %q shows none of the rule's metrics %v", p.Title, ruleMetrics)
	}
}

func findRef(r alertRule, ref string) (alertQuery, bool) {
	for _, q := range r.Data {
		if q.RefID == ref {
			return q, true
		}
	}
	return alertQuery{}, false
}

// constantInputs gives every data query of a rule the same one-point series for usd.
func constantInputs(r alertRule, v float64) map[string][]item {
	in := map[string][]item{}
	for _, q := range r.Data {
		if !q.isExpression() {
			in[q.RefID] = []item{{labels: map[string]string{"currency": "usd"}, values: []*float64{f64(v)}, series: true}}
		}
	}
	return in
}

// Each rule's threshold is reachable and not always met, and its condition is never NaN (which
// Grafana counts as firing): over a grid of inputs, from nothing to large, to every data query
// independently, the condition takes both 0 and 1 and nothing else.
func TestAlertThresholdsAreReachableAndNeverNaN(t *testing.T) {
	grid := []float64{0, 0.1, 0.5, 0.9, 1, 10, 100, 1000}
	for _, r := range loadRules(t) {
		t.Run(r.UID, func(t *testing.T) {
			var refs []string
			for _, q := range r.Data {
				if !q.isExpression() {
					refs = append(refs, q.RefID)
				}
			}
			seen := map[string]int{}
			idx := make([]int, len(refs))
			for {
				in := map[string][]item{}
				for i, ref := range refs {
					in[ref] = []item{{labels: map[string]string{"currency": "usd"},
						values: []*float64{f64(grid[idx[i]]), f64(grid[idx[i]])}, series: true}}
				}
				out, err := evaluate(r, in)
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range out[r.Condition] {
					v := it.number()
					switch {
					case v == nil:
						seen["null"]++
					case math.IsNaN(*v):
						seen["NaN"]++
						if seen["NaN"] == 1 {
							t.Errorf("the condition is NaN, which fires, for inputs %v", describeInputs(refs, idx, grid))
						}
					default:
						seen[strconv.FormatFloat(*v, 'g', -1, 64)]++
					}
				}
				if !next(idx, len(grid)) {
					break
				}
			}
			if seen["1"] == 0 || seen["0"] == 0 {
				t.Errorf("over the input grid the condition is %v: the threshold must be reachable and not always met", seen)
			}
		})
	}
}

func describeInputs(refs []string, idx []int, grid []float64) string {
	var parts []string
	for i, r := range refs {
		parts = append(parts, fmt.Sprintf("%s=%g", r, grid[idx[i]]))
	}
	return strings.Join(parts, " ")
}

// next advances a mixed-radix counter; false when it wraps.
func next(idx []int, base int) bool {
	for i := range idx {
		idx[i]++
		if idx[i] < base {
			return true
		}
		idx[i] = 0
	}
	return false
}

func seriesOf(currency string, values ...*float64) item {
	return item{labels: map[string]string{"currency": currency}, values: values, series: true}
}

func repeat(v float64, n int) []*float64 {
	out := make([]*float64, n)
	for i := range out {
		out[i] = f64(v)
	}
	return out
}

// The recipes' documented behaviour on hand-made inputs (expected states worked out by hand
// from the defaults: 50%, −10%, 20%, any dispute).
func TestAlertRecipesOnHandMadeInputs(t *testing.T) {
	rules := map[string]alertRule{}
	for _, r := range loadRules(t) {
		rules[r.UID] = r
	}
	hours := func(total float64) []*float64 { return repeat(total/24, 24) } // a day spread over 24 hours
	cases := []struct {
		rule string
		name string
		in   map[string][]item
		want state
	}{
		// 40 today against 100 on each of the 4 previous same weekdays: 40% < 50%.
		{"stripe-net-revenue-below-weekday", "40% of the baseline fires", map[string][]item{
			"TODAY": {seriesOf("usd", hours(40)...)}, "WEEK1": {seriesOf("usd", hours(100)...)}, "WEEK2": {seriesOf("usd", hours(100)...)},
			"WEEK3": {seriesOf("usd", hours(100)...)}, "WEEK4": {seriesOf("usd", hours(100)...)}}, stateAlerting},
		// 60 against an average of (40+80+120+160)/4 = 100: 60% is not below 50%.
		{"stripe-net-revenue-below-weekday", "60% of the baseline does not", map[string][]item{
			"TODAY": {seriesOf("usd", hours(60)...)}, "WEEK1": {seriesOf("usd", hours(40)...)}, "WEEK2": {seriesOf("usd", hours(80)...)},
			"WEEK3": {seriesOf("usd", hours(120)...)}, "WEEK4": {seriesOf("usd", hours(160)...)}}, stateNormal},
		// No revenue at all on the baseline days: no ratio, no alert (a plain division is NaN and would fire).
		{"stripe-net-revenue-below-weekday", "a zero baseline does not fire", map[string][]item{
			"TODAY": {seriesOf("usd", hours(0)...)}, "WEEK1": {seriesOf("usd", hours(0)...)}, "WEEK2": {seriesOf("usd", hours(0)...)},
			"WEEK3": {seriesOf("usd", hours(0)...)}, "WEEK4": {seriesOf("usd", hours(0)...)}}, stateNormal},
		// Net refunds on the baseline days (−50 on average): no meaningful ratio, no alert.
		{"stripe-net-revenue-below-weekday", "a negative baseline does not fire", map[string][]item{
			"TODAY": {seriesOf("usd", hours(10)...)}, "WEEK1": {seriesOf("usd", hours(-50)...)}, "WEEK2": {seriesOf("usd", hours(-50)...)},
			"WEEK3": {seriesOf("usd", hours(-50)...)}, "WEEK4": {seriesOf("usd", hours(-50)...)}}, stateNormal},
		// MRR 850 now, 1000 a week ago: −15% < −10%.
		{"stripe-mrr-drop-7d", "a 15% drop fires", map[string][]item{
			"NOW": {seriesOf("usd", f64(900), f64(850))}, "WEEK_AGO": {seriesOf("usd", f64(990), f64(1000))}}, stateAlerting},
		// 950 against 1000: −5%.
		{"stripe-mrr-drop-7d", "a 5% drop does not", map[string][]item{
			"NOW": {seriesOf("usd", f64(950))}, "WEEK_AGO": {seriesOf("usd", f64(1000))}}, stateNormal},
		{"stripe-mrr-drop-7d", "no MRR then and now does not fire", map[string][]item{
			"NOW": {seriesOf("usd", f64(0))}, "WEEK_AGO": {seriesOf("usd", f64(0))}}, stateNormal},
		// Hourly success rates 7/10, (no attempts), 8/10: mean 0.75, a failure rate of 25% > 20%
		// over 20 attempts.
		{"stripe-failed-payment-rate", "25% failures fire", map[string][]item{
			"RATE":             {seriesOf("usd", f64(0.7), nil, f64(0.8))},
			"SUCCEEDED_SERIES": {seriesOf("usd", f64(7), f64(0), f64(8))},
			"FAILED_SERIES":    {seriesOf("usd", f64(3), f64(0), f64(2))}}, stateAlerting},
		// 3/5 and 4/5: mean 0.7, a failure rate of 30%, but over 10 attempts, too few to alert on.
		{"stripe-failed-payment-rate", "25% failures over 10 attempts do not", map[string][]item{
			"RATE":             {seriesOf("usd", f64(0.6), nil, f64(0.8))},
			"SUCCEEDED_SERIES": {seriesOf("usd", f64(3), f64(0), f64(4))},
			"FAILED_SERIES":    {seriesOf("usd", f64(2), f64(0), f64(1))}}, stateNormal},
		// 9/10 and 8/10: mean 0.85, a failure rate of 15%.
		{"stripe-failed-payment-rate", "15% failures do not", map[string][]item{
			"RATE":             {seriesOf("usd", f64(0.9), nil, f64(0.8))},
			"SUCCEEDED_SERIES": {seriesOf("usd", f64(9), f64(0), f64(8))},
			"FAILED_SERIES":    {seriesOf("usd", f64(1), f64(0), f64(2))}}, stateNormal},
		// No attempt in 6 hours: no rate, NoData (which the rule maps to OK).
		{"stripe-failed-payment-rate", "no attempts is no data", map[string][]item{
			"RATE":             {seriesOf("usd", nil, nil, nil)},
			"SUCCEEDED_SERIES": {seriesOf("usd", repeat(0, 3)...)},
			"FAILED_SERIES":    {seriesOf("usd", repeat(0, 3)...)}}, stateNoData},
		{"stripe-new-dispute", "one dispute due soon fires", map[string][]item{
			"DUE_SOON": {num(map[string]string{"currency": "usd"}, f64(1))}}, stateAlerting},
		{"stripe-new-dispute", "none due soon does not", map[string][]item{
			"DUE_SOON": {num(map[string]string{"currency": "usd"}, f64(0))}}, stateNormal},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			r, ok := rules[c.rule]
			if !ok {
				t.Fatalf("no rule %s", c.rule)
			}
			out, err := evaluate(r, c.in)
			if err != nil {
				t.Fatal(err)
			}
			got := out[r.Condition]
			if len(got) != 1 {
				t.Fatalf("%d instances, want 1", len(got))
			}
			if s := stateOf(got[0].number()); s != c.want {
				t.Errorf("state %s, want %s (values %s)", s, c.want, describeValues(out, got[0].labels))
			}
		})
	}
}

// describeValues renders what Grafana would put in $values for one instance.
func describeValues(out map[string][]item, labels map[string]string) string {
	var parts []string
	for ref, v := range templateValues(out, labels) {
		parts = append(parts, fmt.Sprintf("%s=%g", ref, v.Value))
	}
	return strings.Join(parts, " ")
}

type templateValue struct {
	Labels map[string]string
	Value  float64
}

// templateValues is $values for one instance: every reduced number whose labels match it.
func templateValues(out map[string][]item, labels map[string]string) map[string]templateValue {
	vals := map[string]templateValue{}
	for ref, items := range out {
		for _, it := range items {
			if it.series || !labelsEqual(it.labels, labels) {
				continue
			}
			v := math.NaN()
			if n := it.number(); n != nil {
				v = *n
			}
			vals[ref] = templateValue{Labels: it.labels, Value: v}
		}
	}
	return vals
}

// renderAnnotation expands an annotation the way Grafana does ($labels and $values defined in
// front of the text), with the two Prometheus helpers the recipes use.
func renderAnnotation(text string, labels map[string]string, values map[string]templateValue) (string, error) {
	funcs := template.FuncMap{
		"humanizePercentage": func(v float64) string { return strconv.FormatFloat(v*100, 'g', 4, 64) + "%" },
		"humanize":           func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) },
	}
	tmpl, err := template.New("a").Option("missingkey=error").Funcs(funcs).
		Parse("{{- $labels := .Labels -}}{{- $values := .Values -}}" + text)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	err = tmpl.Execute(&b, map[string]any{"Labels": labels, "Values": values})
	return b.String(), err
}
