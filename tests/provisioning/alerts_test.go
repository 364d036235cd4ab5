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

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/catalog"
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
			// A Threshold condition: a Math condition fires on NaN (eval.go), a Threshold does not.
			cond, ok := refs[r.Condition]
			if !ok || cond.str("type") != "threshold" {
				t.Errorf("condition %q is not a Threshold expression of the rule", r.Condition)
			}
			// evaluate orders the expressions and fails on a missing reference or a cycle.
			if _, err := evaluate(r, constantAnswers(r, 1)); err != nil {
				t.Errorf("the expression chain does not evaluate: %v", err)
			}
			checkAnnotations(t, r)
			checkPanelLink(t, r, dashboards)
		})
	}
	if len(uids) == 0 {
		t.Fatal("no alert rule")
	}
}

func hasRef(r alertRule, ref string) bool {
	_, ok := findRef(r, ref)
	return ok
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
// computes; the panel link is not an annotation any more.
func checkAnnotations(t *testing.T, r alertRule) {
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
}

// checkPanelLink: dashboardUid and panelId point at a panel of a bundled dashboard that shows a
// metric the rule reads.
func checkPanelLink(t *testing.T, r alertRule, dashboards []dashboard) {
	t.Helper()
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

// dataRefs are a rule's data queries' refIds, in file order.
func dataRefs(r alertRule) []string {
	var out []string
	for _, q := range r.Data {
		if !q.isExpression() {
			out = append(out, q.RefID)
		}
	}
	return out
}

// answerFor is the plugin's answer to one of the rule's data queries: two hourly points per
// currency for a series metric, one number per currency for a current value.
func answerFor(q alertQuery, byCurrency map[string]float64) backend.DataResponse {
	if m, _ := lookupMetric(q.str("metric")); m.kind == catalog.KindNumeric {
		return numberFrames(q.RefID, byCurrency)
	}
	series := map[string][]*float64{}
	for cur, v := range byCurrency {
		series[cur] = []*float64{f64(v), f64(v)}
	}
	return seriesFrames(q.RefID, series)
}

// constantAnswers gives every data query of a rule the same value for usd.
func constantAnswers(r alertRule, v float64) map[string]backend.DataResponse {
	in := map[string]backend.DataResponse{}
	for _, q := range r.Data {
		if !q.isExpression() {
			in[q.RefID] = answerFor(q, map[string]float64{"usd": v})
		}
	}
	return in
}

// Each rule's threshold is reachable and not always met, and what its Threshold reads is never
// NaN: a Threshold on NaN is 0 for every type but ne (threshold.go), so a NaN would keep the
// rule quiet whatever happened. Over a grid of inputs, from nothing to large, to every data query
// independently, the condition takes both 0 and 1 and the Threshold's input is a number.
func TestAlertThresholdsAreReachableAndNeverNaN(t *testing.T) {
	grid := []float64{0, 0.1, 0.5, 0.9, 1, 10, 100, 1000}
	for _, r := range loadRules(t) {
		t.Run(r.UID, func(t *testing.T) {
			cond, _ := findRef(r, r.Condition)
			input := strings.TrimPrefix(cond.str("expression"), "$")
			refs := dataRefs(r)
			seen := map[string]int{}
			idx := make([]int, len(refs))
			for {
				in := map[string]backend.DataResponse{}
				for i, ref := range refs {
					q, _ := findRef(r, ref)
					in[ref] = answerFor(q, map[string]float64{"usd": grid[idx[i]]})
				}
				ev, err := evaluate(r, in)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range ev.vars[input] {
					if v.num == nil || math.IsNaN(*v.num) {
						seen["bad input"]++
						if seen["bad input"] == 1 {
							t.Errorf("the Threshold reads %v for inputs %s", v.num, describeInputs(refs, idx, grid))
						}
					}
				}
				for _, v := range ev.vars[r.Condition] {
					if v.num != nil {
						seen[strconv.FormatFloat(*v.num, 'g', -1, 64)]++
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

func repeat(v float64, n int) []*float64 {
	out := make([]*float64, n)
	for i := range out {
		out[i] = f64(v)
	}
	return out
}

// hours spreads a day's total over 24 hourly points.
func hours(total float64) []*float64 { return repeat(total/24, 24) }

func pts(vs ...any) []*float64 {
	out := make([]*float64, len(vs))
	for i, v := range vs {
		switch x := v.(type) {
		case nil:
		case int:
			out[i] = f64(float64(x))
		case float64:
			out[i] = f64(x)
		}
	}
	return out
}

type bySeries = map[string][]*float64

const (
	usd = "currency=usd"
	eur = "currency=eur"
	gbp = "currency=gbp"
)

// ruleCase is one input of a rule and the states Grafana gives it, worked out by hand from the
// Grafana files evaluator_test.go cites: eval are eval.go's instance states, settled the states
// after the rule's noDataState and execErrState with the instance states before (none: a rule's
// first evaluation).
type ruleCase struct {
	name    string
	answers map[string]backend.DataResponse
	eval    map[string]evalState
	before  map[string]evalState
	settled map[string]evalState
}

// weekly answers the five net revenue queries: today's total and the four baseline days' per
// currency (nil: the currency has no balance transaction in that window).
func weekly(today map[string]float64, weeks ...map[string]float64) map[string]backend.DataResponse {
	day := func(ref string, totals map[string]float64) backend.DataResponse {
		s := bySeries{}
		for cur, v := range totals {
			s[cur] = hours(v)
		}
		return seriesFrames(ref, s)
	}
	out := map[string]backend.DataResponse{"TODAY": day("TODAY", today)}
	for i, w := range weeks {
		ref := fmt.Sprintf("WEEK%d", i+1)
		out[ref] = day(ref, w)
	}
	return out
}

func same(v map[string]float64) []map[string]float64 { return []map[string]float64{v, v, v, v} }

// The four recipes on four kinds of input each: empty (the plugin's No Data for every query),
// quiet, firing, and NaN-prone (zero denominators, nulls, a window empty beside a full one, a
// currency in one window and not another), plus the still-reading error of a cold start.
func TestAlertRecipesOnHandMadeInputs(t *testing.T) {
	rules, cases := recipeCases(t)
	for _, uid := range sortedKeys(cases) {
		r, ok := rules[uid]
		if !ok {
			t.Fatalf("no rule %s", uid)
		}
		for _, c := range cases[uid] {
			t.Run(uid+"/"+c.name, func(t *testing.T) {
				ev, err := evaluate(r, c.answers)
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]evalState{}
				for _, res := range ev.results {
					got[labelsKey(res.labels)] = res.state
				}
				if fmt.Sprint(got) != fmt.Sprint(c.eval) {
					t.Errorf("eval.go states %v, want %v (values %s)", got, c.eval, describeAll(ev))
				}
				want := c.settled
				if want == nil {
					want = c.eval
				}
				s := settle(r, ev.results, c.before)
				if fmt.Sprint(s) != fmt.Sprint(want) {
					t.Errorf("after noDataState %s / execErrState %s from %v: %v, want %v", r.NoDataState, r.ExecErrState, c.before, s, want)
				}
				t.Logf("evaluated %v, then %v", got, s) // the recipes' behaviour, for the notes (-v)
			})
		}
	}
}

// recipeCases are the rules by uid and their cases.
func recipeCases(t *testing.T) (map[string]alertRule, map[string][]ruleCase) {
	allNoData := func(r alertRule) map[string]backend.DataResponse {
		out := map[string]backend.DataResponse{}
		for _, q := range r.Data {
			if !q.isExpression() {
				typ := dataFrameTypeOf(q)
				out[q.RefID] = noDataFrames(q.RefID, typ)
			}
		}
		return out
	}
	rules := map[string]alertRule{}
	for _, r := range loadRules(t) {
		rules[r.UID] = r
	}
	netRevenue, mrr, payments, disputes := rules["stripe-net-revenue-below-weekday"], rules["stripe-mrr-drop-7d"],
		rules["stripe-failed-payment-rate"], rules["stripe-new-dispute"]
	hundred := map[string]float64{"usd": 100, "eur": 100}
	cases := map[string][]ruleCase{
		netRevenue.UID: {
			{name: "empty: every window No Data", answers: allNoData(netRevenue),
				eval:    map[string]evalState{"datasource_uid=stripe-demo, ref_id=TODAY,WEEK1,WEEK2,WEEK3,WEEK4": stateNoData},
				settled: map[string]evalState{"datasource_uid=stripe-demo, ref_id=TODAY,WEEK1,WEEK2,WEEK3,WEEK4": stateNormal}},
			{name: "empty, after usd fired", answers: allNoData(netRevenue),
				eval:    map[string]evalState{"datasource_uid=stripe-demo, ref_id=TODAY,WEEK1,WEEK2,WEEK3,WEEK4": stateNoData},
				before:  map[string]evalState{usd: stateAlerting, eur: stateNormal},
				settled: map[string]evalState{usd: stateAlerting, eur: stateNormal}},
			// usd: 60 against (40+80+120+160)/4 = 100 is 60%; eur 100%.
			{name: "quiet: 60% and 100% of the baseline",
				answers: weekly(map[string]float64{"usd": 60, "eur": 100},
					map[string]float64{"usd": 40, "eur": 100}, map[string]float64{"usd": 80, "eur": 100},
					map[string]float64{"usd": 120, "eur": 100}, map[string]float64{"usd": 160, "eur": 100}),
				eval: map[string]evalState{usd: stateNormal, eur: stateNormal}},
			// usd: 40 against 100 is 40% < 50%.
			{name: "firing: usd at 40% of the baseline",
				answers: weekly(map[string]float64{"usd": 40, "eur": 100}, same(hundred)...),
				eval:    map[string]evalState{usd: stateAlerting, eur: stateNormal}},
			// A baseline of 0 has no ratio: RATIO reads 1 (a plain division would be 0/0 = NaN).
			{name: "NaN-prone: zero baseline and zero today",
				answers: weekly(map[string]float64{"usd": 0}, same(map[string]float64{"usd": 0})...),
				eval:    map[string]evalState{usd: stateNormal}},
			// Net refunds on the baseline days (−50): no meaningful ratio, RATIO reads 1.
			{name: "NaN-prone: negative baseline",
				answers: weekly(map[string]float64{"usd": 10}, same(map[string]float64{"usd": -50})...),
				eval:    map[string]evalState{usd: stateNormal}},
			// TODAY is the plugin's No Data: eval.go makes the whole evaluation No Data.
			{name: "NaN-prone: empty current day beside a baseline",
				answers: weekly(nil, same(hundred)...),
				eval:    map[string]evalState{"datasource_uid=stripe-demo, ref_id=TODAY": stateNoData},
				before:  map[string]evalState{usd: stateAlerting, eur: stateNormal},
				settled: map[string]evalState{usd: stateAlerting, eur: stateNormal}},
			// gbp has no balance transaction today: its baseline has no partner in TODAY_SUM and
			// Grafana drops it (exp.go union), so gbp has no instance.
			{name: "NaN-prone: a currency in the baseline and not today",
				answers: weekly(map[string]float64{"usd": 100}, same(map[string]float64{"usd": 100, "gbp": 100})...),
				eval:    map[string]evalState{usd: stateNormal}},
			// gbp is missing from WEEK3: BASELINE has no gbp, and gbp has no instance.
			{name: "NaN-prone: a currency today and missing from one baseline day",
				answers: weekly(map[string]float64{"usd": 100, "gbp": 10},
					map[string]float64{"usd": 100, "gbp": 100}, map[string]float64{"usd": 100, "gbp": 100},
					map[string]float64{"usd": 100}, map[string]float64{"usd": 100, "gbp": 100}),
				eval: map[string]evalState{usd: stateNormal}},
			// One currency today (eur 40) and one other on the baseline days (usd 100): with one
			// item on each side and no common labels exp.go pairs them anyway, and the pair takes
			// usd's label: 40/100 < 50% fires "usd". The README says so (a currency switch).
			{name: "NaN-prone: one currency today, another on the baseline days",
				answers: weekly(map[string]float64{"eur": 40}, same(map[string]float64{"usd": 100})...),
				eval:    map[string]evalState{usd: stateAlerting}},
			// What the plugin answered before it sent No Data: an unlabelled series without
			// points, whose sum (0) joins every currency's baseline: every currency fires.
			{name: "the plugin's old empty answer for today fires every currency",
				answers: func() map[string]backend.DataResponse {
					a := weekly(nil, same(hundred)...)
					a["TODAY"] = emptyFieldsFrames("TODAY")
					return a
				}(),
				eval: map[string]evalState{usd: stateAlerting, eur: stateAlerting}},
			{name: "still reading: the plugin's error on a cold start",
				answers: func() map[string]backend.DataResponse {
					a := weekly(hundred, same(hundred)...)
					a["WEEK4"] = stillReadingAnswer()
					return a
				}(),
				eval:    map[string]evalState{"": stateError},
				before:  map[string]evalState{usd: stateAlerting, eur: stateNormal},
				settled: map[string]evalState{usd: stateAlerting, eur: stateNormal}},
		},
		mrr.UID: {
			{name: "empty: no subscription in any currency", answers: allNoData(mrr),
				eval:    map[string]evalState{"datasource_uid=stripe-demo, ref_id=NOW,WEEK_AGO": stateNoData},
				before:  map[string]evalState{usd: stateAlerting},
				settled: map[string]evalState{usd: stateNormal}},
			// 950 against 1000: −5%.
			{name: "quiet: a 5% drop",
				answers: map[string]backend.DataResponse{
					"NOW": seriesFrames("NOW", bySeries{"usd": pts(950, 950)}), "WEEK_AGO": seriesFrames("WEEK_AGO", bySeries{"usd": pts(1000, 1000)})},
				eval: map[string]evalState{usd: stateNormal}},
			// Last points 850 and 1000: −15% < −10%.
			{name: "firing: a 15% drop",
				answers: map[string]backend.DataResponse{
					"NOW": seriesFrames("NOW", bySeries{"usd": pts(900, 850)}), "WEEK_AGO": seriesFrames("WEEK_AGO", bySeries{"usd": pts(990, 1000)})},
				eval: map[string]evalState{usd: stateAlerting}},
			// 0 a week ago: the divisor is 0 + (0 == 0) = 1 and the change 0 (now 0) or 500.
			{name: "NaN-prone: no MRR then, none or some now",
				answers: map[string]backend.DataResponse{
					"NOW": seriesFrames("NOW", bySeries{"usd": pts(0, 0), "eur": pts(500, 500)}), "WEEK_AGO": seriesFrames("WEEK_AGO", bySeries{"usd": pts(0, 0), "eur": pts(0, 0)})},
				eval: map[string]evalState{usd: stateNormal, eur: stateNormal}},
			// Every subscription churned: 0 against 1000 is −100% (the currency keeps its series).
			{name: "NaN-prone: the whole currency churned",
				answers: map[string]backend.DataResponse{
					"NOW": seriesFrames("NOW", bySeries{"usd": pts(0, 0)}), "WEEK_AGO": seriesFrames("WEEK_AGO", bySeries{"usd": pts(1000, 1000)})},
				eval: map[string]evalState{usd: stateAlerting}},
			// A null last point: dropNN's last is the last number, 850 (strict last would be null).
			{name: "NaN-prone: a null last point",
				answers: map[string]backend.DataResponse{
					"NOW": seriesFrames("NOW", bySeries{"usd": pts(850, nil)}), "WEEK_AGO": seriesFrames("WEEK_AGO", bySeries{"usd": pts(1000, 1000)})},
				eval: map[string]evalState{usd: stateAlerting}},
			{name: "still reading: the plugin's error on a cold start",
				answers: map[string]backend.DataResponse{"NOW": stillReadingAnswer(), "WEEK_AGO": stillReadingAnswer()},
				eval:    map[string]evalState{"": stateError},
				before:  map[string]evalState{usd: stateAlerting},
				settled: map[string]evalState{usd: stateAlerting}},
		},
		payments.UID: {
			{name: "empty: no charge in 6 hours", answers: allNoData(payments),
				eval:    map[string]evalState{"datasource_uid=stripe-demo, ref_id=FAILED_SERIES,RATE,SUCCEEDED_SERIES": stateNoData},
				before:  map[string]evalState{usd: stateAlerting},
				settled: map[string]evalState{usd: stateNormal}},
			// Hourly rates 9/10, (no attempt: null), 8/10: mean 0.85, 15% failed over 20 attempts.
			{name: "quiet: 15% failures",
				answers: paymentAnswers(bySeries{"usd": pts(0.9, nil, 0.8)}, bySeries{"usd": pts(9, 0, 8)}, bySeries{"usd": pts(1, 0, 2)}),
				eval:    map[string]evalState{usd: stateNormal}},
			// 7/10, null, 8/10: mean 0.75, 25% > 20% over 20 attempts.
			{name: "firing: 25% failures over 20 attempts",
				answers: paymentAnswers(bySeries{"usd": pts(0.7, nil, 0.8)}, bySeries{"usd": pts(7, 0, 8)}, bySeries{"usd": pts(3, 0, 2)}),
				eval:    map[string]evalState{usd: stateAlerting}},
			// 3/5, null, 4/5: 30% failed but over 10 attempts, fewer than 20.
			{name: "quiet: 30% failures over 10 attempts",
				answers: paymentAnswers(bySeries{"usd": pts(0.6, nil, 0.8)}, bySeries{"usd": pts(3, 0, 4)}, bySeries{"usd": pts(2, 0, 1)}),
				eval:    map[string]evalState{usd: stateNormal}},
			// usd's only charges are pending: every hourly rate is null, the mean of nothing is
			// NaN, which dropNN makes null, and the instance is No Data (mapped to OK); eur fires.
			{name: "NaN-prone: a currency without any attempt beside one failing",
				answers: paymentAnswers(bySeries{"usd": pts(nil, nil, nil), "eur": pts(0.5, 0.5, 0.5)},
					bySeries{"usd": pts(0, 0, 0), "eur": pts(5, 5, 5)}, bySeries{"usd": pts(0, 0, 0), "eur": pts(5, 5, 5)}),
				eval:    map[string]evalState{usd: stateNoData, eur: stateAlerting},
				settled: map[string]evalState{usd: stateNormal, eur: stateAlerting}},
			{name: "still reading: the plugin's error on a cold start",
				answers: func() map[string]backend.DataResponse {
					a := paymentAnswers(bySeries{"usd": pts(0.9)}, bySeries{"usd": pts(9)}, bySeries{"usd": pts(1)})
					a["RATE"] = stillReadingAnswer()
					return a
				}(),
				eval:    map[string]evalState{"": stateError},
				before:  map[string]evalState{usd: stateNormal},
				settled: map[string]evalState{usd: stateNormal}},
		},
		disputes.UID: {
			// Nothing due: open_disputes has no currency to count in and answers No Data.
			{name: "empty: no dispute due, after usd fired", answers: allNoData(disputes),
				eval:    map[string]evalState{"datasource_uid=stripe-demo, ref_id=DUE_SOON": stateNoData},
				before:  map[string]evalState{usd: stateAlerting},
				settled: map[string]evalState{usd: stateNormal}},
			{name: "quiet: a count of 0",
				answers: map[string]backend.DataResponse{"DUE_SOON": numberFrames("DUE_SOON", map[string]float64{"usd": 0})},
				eval:    map[string]evalState{usd: stateNormal}},
			{name: "firing: disputes due in two currencies",
				answers: map[string]backend.DataResponse{"DUE_SOON": numberFrames("DUE_SOON", map[string]float64{"usd": 1, "eur": 2})},
				eval:    map[string]evalState{usd: stateAlerting, eur: stateAlerting}},
			{name: "still reading: the plugin's error on a cold start",
				answers: map[string]backend.DataResponse{"DUE_SOON": stillReadingAnswer()},
				eval:    map[string]evalState{"": stateError},
				before:  map[string]evalState{usd: stateAlerting},
				settled: map[string]evalState{usd: stateAlerting}},
		},
	}
	return rules, cases
}

// dataFrameTypeOf is the frame type the plugin answers a rule's data query with.
func dataFrameTypeOf(q alertQuery) data.FrameType {
	if m, _ := lookupMetric(q.str("metric")); m.kind == catalog.KindNumeric {
		return data.FrameTypeNumericMulti
	}
	return data.FrameTypeTimeSeriesMulti
}

func paymentAnswers(rate, succeeded, failed bySeries) map[string]backend.DataResponse {
	return map[string]backend.DataResponse{
		"RATE":             seriesFrames("RATE", rate),
		"SUCCEEDED_SERIES": seriesFrames("SUCCEEDED_SERIES", succeeded),
		"FAILED_SERIES":    seriesFrames("FAILED_SERIES", failed),
	}
}

// describeAll renders every expression's numbers, for failure messages.
func describeAll(ev evaluation) string {
	var parts []string
	for _, ref := range sortedKeys(ev.vars) {
		for _, v := range ev.vars[ref] {
			if v.kind == kindSeries {
				continue
			}
			s := "null"
			if v.kind == kindNoData {
				s = "NoData"
			} else if v.num != nil {
				s = strconv.FormatFloat(*v.num, 'g', 4, 64)
			}
			parts = append(parts, fmt.Sprintf("%s{%s}=%s", ref, labelsKey(v.labels), s))
		}
	}
	return strings.Join(parts, " ")
}

// describeValues renders what Grafana would put in $values for one instance.
func describeValues(vals map[string]templateValue) string {
	var parts []string
	for _, ref := range sortedKeys(vals) {
		parts = append(parts, fmt.Sprintf("%s=%g", ref, vals[ref].Value))
	}
	return strings.Join(parts, " ")
}

type templateValue struct {
	Labels map[string]string
	Value  float64
}

// templateValues is $values for one instance, as eval.go queryDataResponseToExecutionResults
// captures it: every refId's number (a frame of one nullable float64 field: numbers and scalars,
// a data query's numbers as converted, not series) whose labels are the instance's, else whose
// labels contain or are contained in them.
func templateValues(r alertRule, ev evaluation, labels map[string]string) map[string]templateValue {
	vals := map[string]templateValue{}
	for _, q := range r.Data {
		var match *value
		for i, v := range ev.vars[q.RefID] {
			if v.kind != kindNumber && v.kind != kindScalar {
				continue
			}
			if labelsEqual(v.labels, labels) {
				match = &ev.vars[q.RefID][i]
				break
			}
			if match == nil && (labelsContain(v.labels, labels) || labelsContain(labels, v.labels)) {
				match = &ev.vars[q.RefID][i]
			}
		}
		if match == nil {
			continue
		}
		x := math.NaN()
		if match.num != nil {
			x = *match.num
		}
		vals[q.RefID] = templateValue{Labels: match.labels, Value: x}
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
