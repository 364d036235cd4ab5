package provisioning_test

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// A hand-written model of what Grafana does with an alert rule's queries and server-side
// expressions, the best check available without a Grafana server. It follows Grafana's source
// (grafana/grafana and grafana/dataplane, read there; nothing copied):
//
//   - convertResponse: a data source's answer becomes series, numbers or NoData as
//     pkg/expr/nodes.go convertDataFramesToResults, pkg/expr/dataplane.go (shouldUseDataplane,
//     handleDataplaneTimeseries, handleDataplaneNumeric), grafana/dataplane
//     sdata/timeseries/multi.go and sdata/numeric/multi.go (validateAndGetRefsMulti) and
//     pkg/expr/converter.go (untyped frames, number tables, long frames refused) do it.
//   - reduce: pkg/expr/commands.go ReduceCommand.Execute and pkg/expr/mathexp/reduce.go (the
//     strict reducers, DropNonNumber, ReplaceNonNumberWithValue).
//   - Math: pkg/expr/mathexp/parse/parse.go (grammar), pkg/expr/mathexp/exp.go (walkUnary, union,
//     walkBinary, biScalarNumber, binaryOp) and funcs.go (abs, is_nan, is_null, is_number).
//   - threshold: pkg/expr/threshold.go ThresholdCommand.Execute and its predicates.
//   - evaluate: pkg/services/ngalert/eval/eval.go (IsNoData, queryDataResponseToExecutionResults,
//     FindConditionError, evaluateExecutionResult, buildResult).
//   - settle: pkg/services/ngalert/state/manager.go setNextStateForRule and state.go resultNoData,
//     resultError, resultKeepLast; state/compat.go names NoData and Error DatasourceNoData and
//     DatasourceError alerts, which notify like any firing alert.
//
// Left out on purpose: Math on series (biSeriesNumber, biSeriesSeries; no recipe does it, the
// model refuses it), Resample, classic conditions, hysteresis (unloadEvaluator), `for` (Pending)
// and missing-series staleness.

// valueKind is the type of one item of an expression result (mathexp.Value's Type()).
type valueKind int

const (
	kindNumber valueKind = iota // mathexp.Number: one nullable float64 with labels
	kindSeries                  // mathexp.Series: nullable points with labels
	kindScalar                  // mathexp.Scalar: a constant of a Math expression, never labelled
	kindNoData                  // mathexp.NoData
)

func (k valueKind) String() string {
	return [...]string{"number", "series", "scalar", "no data"}[k]
}

// value is one item of a result (mathexp.Value); a result is the items of one refId
// (mathexp.Results.Values).
type value struct {
	kind   valueKind
	labels map[string]string
	num    *float64   // number and scalar; nil is null
	points []*float64 // series, oldest first; nil points are null
}

func num(labels map[string]string, v *float64) value {
	return value{kind: kindNumber, labels: labels, num: v}
}

func scalarOf(v *float64) value { return value{kind: kindScalar, num: v} }

func noDataValue() value { return value{kind: kindNoData} }

func f64(v float64) *float64 { return &v }

func nan() *float64 { return f64(math.NaN()) }

// isNoDataResult is mathexp.Results.IsNoData: no item, or a single NoData.
func isNoDataResult(r []value) bool {
	return len(r) == 0 || len(r) == 1 && r[0].kind == kindNoData
}

// --- a data source's answer ---------------------------------------------------------------------

// queryError is a data query that failed (backend.DataResponse.Error, or a conversion error):
// Grafana fails every expression that depends on it (DependencyError) and the rule's
// evaluation with it (eval.go FindConditionError).
type queryError struct {
	refID string
	err   error
}

func (e queryError) Error() string { return fmt.Sprintf("[%s] %v", e.refID, e.err) }

// convertResponse is what Grafana makes of a data source's answer to one query: an error stays
// an error (nodes.go getResponseFrame), frames are converted (convertFrames).
func convertResponse(r backend.DataResponse) ([]value, error) {
	if r.Error != nil {
		return nil, r.Error
	}
	return convertFrames(r.Frames)
}

// convertFrames is nodes.go convertDataFramesToResults: no frame is NoData; typed frames take the
// data plane path (dataplane.go shouldUseDataplane: Meta.Type set, TypeVersion non-zero, a type
// sdata/reader knows); the rest is converter.go's: one frame without fields is NoData, one
// table with a single number column and no time is a number per row (string columns become
// labels), anything else must be a wide time series ("input data must be a wide series but got
// type long").
func convertFrames(frames data.Frames) ([]value, error) {
	if len(frames) == 0 {
		return []value{noDataValue()}, nil
	}
	if first := frames[0]; first != nil && first.Meta != nil && first.Meta.Type != "" && !first.Meta.TypeVersion.IsZero() {
		switch first.Meta.Type {
		case data.FrameTypeTimeSeriesMulti:
			return readTimeSeriesMulti(frames)
		case data.FrameTypeNumericMulti:
			return readNumericMulti(frames)
		case data.FrameTypeTimeSeriesWide, data.FrameTypeTimeSeriesLong, data.FrameTypeNumericWide, data.FrameTypeNumericLong:
			return nil, fmt.Errorf("the model reads only the multi data plane types, not %s", first.Meta.Type)
		}
		// A type sdata/reader does not know: shouldUseDataplane falls back to the old path.
	}
	if len(frames) == 1 {
		f := frames[0]
		if len(f.Fields) == 0 {
			return []value{{kind: kindNoData}}, nil
		}
		if f.TimeSeriesSchema().Type == data.TimeSeriesTypeNot && isNumberTable(f) {
			return numberTable(f)
		}
	}
	var out []value
	for _, f := range frames {
		schema := f.TimeSeriesSchema()
		if schema.Type != data.TimeSeriesTypeWide {
			return nil, fmt.Errorf("input data must be a wide series but got type %s", schema.Type)
		}
		for _, vi := range schema.ValueIndices {
			s, err := seriesOfField(f.Fields[vi])
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// readTimeSeriesMulti is sdata/timeseries/multi.go validateAndGetRefsMulti (without data
// validation, as dataplane.go asks) and handleDataplaneTimeseries: a first frame with no fields
// is No Data whatever follows; otherwise every typed frame needs fields, a []time.Time field and
// a numeric value field, and each is one series labelled by its first value field. A frame
// whose fields are empty is one series with no points, not No Data.
func readTimeSeriesMulti(frames data.Frames) ([]value, error) {
	first := frames[0]
	if len(first.Fields) == 0 {
		return []value{noDataValue()}, nil
	}
	var out []value
	for i, f := range frames {
		if f == nil {
			return nil, fmt.Errorf("frame %d is nil which is not valid", i)
		}
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti {
			if i == 0 {
				return nil, fmt.Errorf("first frame must have the many/multi type indicator in frame metadata")
			}
			continue // frames without the type indicator are remainder data
		}
		if len(f.Fields) == 0 {
			return nil, fmt.Errorf("frame %d has zero or null fields which is invalid when more than one frame", i)
		}
		if _, err := f.RowLen(); err != nil {
			return nil, fmt.Errorf("frame %d is malformed: %w", i, err)
		}
		if len(f.TypeIndices(data.FieldTypeTime)) == 0 {
			return nil, fmt.Errorf("frame %d must have a []time.Time field", i)
		}
		var valueField *data.Field
		for _, fl := range f.Fields {
			if fl.Type().Numeric() {
				valueField = fl
				break
			}
		}
		if valueField == nil {
			return nil, fmt.Errorf("frame %d must have at least one value field but has 0", i)
		}
		s, err := seriesOfField(valueField)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no metrics in response and not a no data response")
	}
	return out, nil
}

// readNumericMulti is sdata/numeric/multi.go validateAndGetRefsMulti and handleDataplaneNumeric:
// a first frame with no fields is No Data; every frame must carry the type; a frame without a
// number field is skipped; a number field that is not of length 1 is a null number
// (numeric.MetricRef.NullableFloat64Value).
func readNumericMulti(frames data.Frames) ([]value, error) {
	if len(frames[0].Fields) == 0 {
		return []value{noDataValue()}, nil
	}
	var out []value
	for _, f := range frames {
		if f == nil || f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti {
			return nil, fmt.Errorf("frame has wrong type, expected NumericMulti")
		}
		var field *data.Field
		for _, fl := range f.Fields {
			if fl.Type().Numeric() {
				field = fl
				break
			}
		}
		if field == nil {
			continue
		}
		var v *float64
		if field.Len() == 1 {
			x, err := field.NullableFloatAt(0)
			if err != nil {
				return nil, err
			}
			v = x
		}
		out = append(out, num(copyLabels(field.Labels), v))
	}
	return out, nil // no number field at all: an empty result (not NoData; IsNoData says so anyway)
}

func seriesOfField(fl *data.Field) (value, error) {
	s := value{kind: kindSeries, labels: copyLabels(fl.Labels)}
	for i := 0; i < fl.Len(); i++ {
		v, err := fl.NullableFloatAt(i)
		if err != nil {
			return value{}, err
		}
		s.points = append(s.points, v)
	}
	return s, nil
}

// isNumberTable is converter.go's: exactly one number column, the others strings.
func isNumberTable(f *data.Frame) bool {
	numbers, others := 0, 0
	for _, fl := range f.Fields {
		switch t := fl.Type(); {
		case t.Numeric():
			numbers++
		case t == data.FieldTypeString || t == data.FieldTypeNullableString:
		default:
			others++
		}
	}
	return numbers == 1 && others == 0
}

// numberTable is converter.go extractNumberSet: one number per row, labelled by every string
// column (a null number reads 0, as frame.FloatAt does).
func numberTable(f *data.Frame) ([]value, error) {
	var out []value
	for row := 0; row < f.Rows(); row++ {
		var v float64
		labels := map[string]string{}
		for _, fl := range f.Fields {
			if fl.Type().Numeric() {
				x, err := fl.NullableFloatAt(row)
				if err != nil {
					return nil, err
				}
				if x != nil {
					v = *x
				}
				continue
			}
			s, _ := fl.ConcreteAt(row)
			str, _ := s.(string)
			labels[fl.Name] = str
		}
		if len(labels) == 0 {
			labels = nil
		}
		out = append(out, num(labels, f64(v)))
	}
	return out, nil
}

func copyLabels(l data.Labels) map[string]string {
	if len(l) == 0 {
		return nil
	}
	out := make(map[string]string, len(l))
	for k, v := range l {
		out[k] = v
	}
	return out
}

// --- Reduce -------------------------------------------------------------------------------------

// reduce is ReduceCommand.Execute: a series becomes a number with its labels (Series.Reduce); a
// number passes through, except that dropNN drops a null, NaN or infinite one (the instance
// is gone, it is not a null); NoData stays NoData.
func reduce(in []value, reducer, mode string, replaceWith float64) ([]value, error) {
	if _, err := reduceValues(nil, reducer); err != nil {
		return nil, err
	}
	var out []value
	for _, v := range in {
		switch v.kind {
		case kindSeries:
			pts := v.points
			if mode != "" {
				pts = nil
				for _, p := range v.points {
					if p = mapInput(p, mode, replaceWith); p != nil {
						pts = append(pts, p)
					}
				}
			}
			r, _ := reduceValues(pts, reducer)
			if r != nil && math.IsNaN(*r) {
				switch mode {
				case "dropNN":
					r = nil // DropNonNumber.MapOutput
				case "replaceNN":
					r = f64(replaceWith)
				}
			}
			out = append(out, num(v.labels, r))
		case kindNumber:
			x := v.num
			if mode != "" {
				if x = mapInput(x, mode, replaceWith); x == nil {
					continue // "same logic as in mapSeries": the number is dropped
				}
			}
			out = append(out, num(v.labels, x))
		case kindNoData:
			out = append(out, noDataValue())
		default:
			return nil, fmt.Errorf("can only reduce type series, got type %s", v.kind)
		}
	}
	return out, nil
}

// mapInput is DropNonNumber.MapInput (nil for null, NaN, ±Inf) and
// ReplaceNonNumberWithValue.MapInput (the value instead).
func mapInput(p *float64, mode string, replaceWith float64) *float64 {
	if p != nil && !math.IsNaN(*p) && !math.IsInf(*p, 0) {
		return p
	}
	if mode == "replaceNN" {
		return f64(replaceWith)
	}
	return nil
}

// reduceValues are reduce.go's strict reducers: sum, mean, min, max and median are NaN as soon as
// one point is null or NaN; sum of nothing is 0, count of nothing 0 (count counts nulls too);
// mean, min, max, median and last of nothing NaN; last is the last point as it is, null or NaN
// included.
func reduceValues(pts []*float64, reducer string) (*float64, error) {
	strict := func() ([]float64, bool) {
		out := make([]float64, 0, len(pts))
		for _, p := range pts {
			if p == nil || math.IsNaN(*p) {
				return nil, false
			}
			out = append(out, *p)
		}
		return out, true
	}
	switch strings.ToLower(reducer) {
	case "sum", "mean":
		xs, ok := strict()
		if !ok {
			return nan(), nil
		}
		s := 0.0
		for _, x := range xs {
			s += x
		}
		if strings.ToLower(reducer) == "mean" {
			s /= float64(len(pts)) // 0/0 is NaN
		}
		return f64(s), nil
	case "min", "max", "median":
		xs, ok := strict()
		if !ok || len(xs) == 0 {
			return nan(), nil
		}
		sort.Float64s(xs)
		switch strings.ToLower(reducer) {
		case "min":
			return f64(xs[0]), nil
		case "max":
			return f64(xs[len(xs)-1]), nil
		}
		if m := len(xs) / 2; len(xs)%2 == 0 {
			return f64((xs[m-1] + xs[m]) / 2), nil
		} else {
			return f64(xs[m]), nil
		}
	case "count":
		return f64(float64(len(pts))), nil
	case "last":
		if len(pts) == 0 {
			return nan(), nil
		}
		return pts[len(pts)-1], nil
	}
	return nil, fmt.Errorf("reduction %v not implemented", reducer)
}

// --- Threshold ----------------------------------------------------------------------------------

// thresholdPredicate is threshold.go's predicate of an evaluator type. On NaN every comparison is
// false, so every type but ne is 0 there (and ne is 1).
func thresholdPredicate(typ string, p []float64) (func(float64) bool, error) {
	need := 1
	if strings.Contains(typ, "range") {
		need = 2
	}
	if len(p) < need {
		return nil, fmt.Errorf("incorrect number of arguments for threshold function '%s': got %d but need %d", typ, len(p), need)
	}
	switch typ {
	case "gt":
		return func(x float64) bool { return x > p[0] }, nil
	case "lt":
		return func(x float64) bool { return x < p[0] }, nil
	case "eq":
		return func(x float64) bool { return x == p[0] }, nil
	case "ne":
		return func(x float64) bool { return x != p[0] }, nil
	case "gte":
		return func(x float64) bool { return x >= p[0] }, nil
	case "lte":
		return func(x float64) bool { return x <= p[0] }, nil
	case "within_range":
		return func(x float64) bool { return x > p[0] && x < p[1] }, nil
	case "outside_range":
		return func(x float64) bool { return x < p[0] || x > p[1] }, nil
	case "within_range_included":
		return func(x float64) bool { return x >= p[0] && x <= p[1] }, nil
	case "outside_range_included":
		return func(x float64) bool { return x <= p[0] || x >= p[1] }, nil
	}
	return nil, fmt.Errorf("expected threshold function to be one of [gt, lt, eq, ne, gte, lte, within_range, outside_range, within_range_included, outside_range_included], got %s", typ)
}

// threshold is ThresholdCommand.Execute: null stays null, anything else is 1 or 0 by the
// predicate, per point of a series, per number (labels kept), NoData stays NoData.
func threshold(in []value, pred func(float64) bool) []value {
	eval := func(x *float64) *float64 {
		if x == nil {
			return nil
		}
		if pred(*x) {
			return f64(1)
		}
		return f64(0)
	}
	out := make([]value, 0, len(in))
	for _, v := range in {
		switch v.kind {
		case kindSeries:
			s := value{kind: kindSeries, labels: v.labels}
			for _, p := range v.points {
				s.points = append(s.points, eval(p))
			}
			out = append(out, s)
		case kindNoData:
			out = append(out, noDataValue())
		default:
			out = append(out, value{kind: v.kind, labels: v.labels, num: eval(v.num)})
		}
	}
	return out
}

// thresholdOf reads a Threshold expression's model (UnmarshalThresholdCommand): one condition.
func thresholdOf(q alertQuery) (func(float64) bool, error) {
	conds, _ := q.Model["conditions"].([]any)
	if len(conds) != 1 {
		return nil, fmt.Errorf("threshold expression requires exactly one condition, has %d", len(conds))
	}
	c, _ := conds[0].(map[string]any)
	if _, ok := c["unloadEvaluator"]; ok {
		return nil, fmt.Errorf("recovery thresholds (unloadEvaluator) are not modelled")
	}
	ev, _ := c["evaluator"].(map[string]any)
	typ, _ := ev["type"].(string)
	params, _ := ev["params"].([]any)
	p := make([]float64, len(params))
	for i, v := range params {
		switch n := v.(type) {
		case int:
			p[i] = float64(n)
		case float64:
			p[i] = n
		default:
			return nil, fmt.Errorf("threshold parameter %v is not a number", v)
		}
	}
	return thresholdPredicate(typ, p)
}

// --- the rule's expressions ---------------------------------------------------------------------

// evaluation is one evaluation of a rule: every refId's result (or error) and what eval.go
// makes of the condition.
type evaluation struct {
	vars    map[string][]value
	errs    map[string]error
	results []evalResult
}

// evalState is eval.State.
type evalState string

const (
	stateNormal   evalState = "Normal"
	stateAlerting evalState = "Alerting"
	stateNoData   evalState = "NoData"
	stateError    evalState = "Error"
	// stateMissing is an instance the evaluation did not touch: Grafana keeps its state and
	// resolves it once missing for missing_series_evals_to_resolve evaluations (2 by default;
	// manager.go processMissingSeriesStates).
	stateMissing evalState = "Missing"
)

// evalResult is eval.Result: one alert instance's state.
type evalResult struct {
	labels map[string]string
	state  evalState
	err    error
}

// evaluate runs a rule over its data queries' answers (by refId): each answer converted, each
// expression in dependency order (an expression that reads a failed one fails too, as
// DependencyError), then the condition judged as eval.go does. An error is the model's (a rule
// it cannot read), never Grafana's verdict.
func evaluate(rule alertRule, answers map[string]backend.DataResponse) (evaluation, error) {
	ev := evaluation{vars: map[string][]value{}, errs: map[string]error{}}
	pending := map[string]alertQuery{}
	for _, q := range rule.Data {
		if q.isExpression() {
			pending[q.RefID] = q
			continue
		}
		a, ok := answers[q.RefID]
		if !ok {
			return ev, fmt.Errorf("no answer for data query %s", q.RefID)
		}
		v, err := convertResponse(a)
		if err != nil {
			ev.errs[q.RefID] = queryError{q.RefID, err}
			continue
		}
		ev.vars[q.RefID] = v
	}
	done := func(ref string) bool {
		_, ok := ev.vars[ref]
		_, failed := ev.errs[ref]
		return ok || failed
	}
	for len(pending) > 0 {
		progressed := false
		for _, ref := range sortedKeys(pending) {
			q := pending[ref]
			deps, err := expressionRefs(q)
			if err != nil {
				return ev, err
			}
			ready, failed := true, error(nil)
			for _, d := range deps {
				if !done(d) {
					ready = false
				} else if e, bad := ev.errs[d]; bad && failed == nil {
					failed = e
				}
			}
			if !ready {
				continue
			}
			delete(pending, ref)
			progressed = true
			if failed != nil {
				ev.errs[ref] = failed // the root cause, as FindConditionError follows DependencyError
				continue
			}
			out, err := runExpression(q, ev.vars)
			if err != nil {
				return ev, fmt.Errorf("%s: %w", ref, err)
			}
			ev.vars[ref] = out
		}
		if !progressed {
			return ev, fmt.Errorf("expressions %v reference missing refIds or each other in a cycle", sortedKeys(pending))
		}
	}
	ev.results = judge(rule, ev)
	return ev, nil
}

// judge is eval.go's queryDataResponseToExecutionResults and evaluateExecutionResult: an error
// of the condition is one Error result; else any data query whose result is No Data (IsNoData:
// no frame, or one frame without fields) makes the whole evaluation No Data, one result per data
// source labelled datasource_uid and ref_id, whatever the other queries answered; else each item
// of the condition is an instance: null is NoData, 0 Normal, anything else (NaN included)
// Alerting; a series cannot be alerted on, and two instances with the same labels are an Error.
func judge(rule alertRule, ev evaluation) []evalResult {
	if err, ok := ev.errs[rule.Condition]; ok {
		return []evalResult{{state: stateError, err: err}}
	}
	noData := map[string][]string{} // data source uid → refIds
	for _, q := range rule.Data {
		if !q.isExpression() && isNoDataResult(ev.vars[q.RefID]) {
			noData[q.DatasourceUID] = append(noData[q.DatasourceUID], q.RefID)
		}
	}
	if len(noData) > 0 {
		var out []evalResult
		for _, uid := range sortedKeys(noData) {
			refs := noData[uid]
			sort.Strings(refs)
			out = append(out, evalResult{labels: map[string]string{"datasource_uid": uid, "ref_id": strings.Join(refs, ",")}, state: stateNoData})
		}
		return out
	}
	cond := ev.vars[rule.Condition]
	if len(cond) == 0 {
		return []evalResult{{state: stateNoData}}
	}
	var out []evalResult
	seen := map[string]bool{}
	for _, v := range cond {
		r := evalResult{labels: v.labels}
		switch {
		case v.kind == kindNoData:
			r.labels, r.state = nil, stateNoData
		case v.kind == kindSeries:
			r.labels, r.state, r.err = nil, stateError, fmt.Errorf("looks like time series data, only reduced data can be alerted on")
		case v.num == nil:
			r.state = stateNoData
		case *v.num == 0:
			r.state = stateNormal
		default:
			r.state = stateAlerting
		}
		if key := labelsKey(r.labels); seen[key] {
			return []evalResult{{labels: r.labels, state: stateError,
				err: fmt.Errorf("frame cannot uniquely be identified by its labels: has duplicate results with labels {%s}", key)}}
		} else {
			seen[key] = true
		}
		out = append(out, r)
	}
	return out
}

// labelsKey is a label set written as Grafana's data.Labels.String does: sorted k=v by comma.
func labelsKey(l map[string]string) string {
	parts := make([]string, 0, len(l))
	for _, k := range sortedKeys(l) {
		parts = append(parts, k+"="+l[k])
	}
	return strings.Join(parts, ", ")
}

// settle is the state an alert instance takes after one evaluation (`for` and staleness left
// out), given the states before it (by labelsKey): manager.go setNextStateForRule applies an
// evaluation that is all NoData (all Error) to every existing instance when noDataState
// (execErrState) is Alerting, OK or KeepLast, and otherwise each result to its own instance;
// resultNoData and resultError map NoData and Error, resultKeepLast keeps Alerting and
// Normal (anything else becomes Normal). A NoData or Error instance notifies as
// DatasourceNoData or DatasourceError. An instance of before that no result touched is Missing.
func settle(rule alertRule, results []evalResult, before map[string]evalState) map[string]evalState {
	allOf := func(s evalState) bool {
		for _, r := range results {
			if r.state != s {
				return false
			}
		}
		return len(results) > 0
	}
	mapState := func(r evalResult, prev evalState) evalState {
		keepLast := func() evalState {
			if prev == stateAlerting {
				return stateAlerting
			}
			return stateNormal
		}
		var to string
		switch r.state {
		case stateNoData:
			to = rule.NoDataState
		case stateError:
			to = rule.ExecErrState
		default:
			return r.state
		}
		switch to {
		case "Alerting":
			return stateAlerting
		case "OK":
			return stateNormal
		case "KeepLast":
			return keepLast()
		}
		return r.state // NoData stays NoData, Error stays Error
	}
	out := map[string]evalState{}
	applyToAll := (allOf(stateNoData) && rule.NoDataState != "NoData") || (allOf(stateError) && rule.ExecErrState != "Error")
	if applyToAll && len(before) > 0 {
		for key, prev := range before {
			out[key] = mapState(results[0], prev)
		}
		return out
	}
	for _, r := range results {
		key := labelsKey(r.labels)
		out[key] = mapState(r, before[key])
	}
	for key := range before {
		if _, ok := out[key]; !ok {
			out[key] = stateMissing
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var mathVar = regexp.MustCompile(`\$\{?([A-Za-z0-9_]+)\}?`)

// expressionRefs lists the refIds an expression reads.
func expressionRefs(q alertQuery) ([]string, error) {
	switch q.str("type") {
	case "reduce", "threshold":
		ref := strings.TrimPrefix(q.str("expression"), "$")
		if ref == "" {
			return nil, fmt.Errorf("%s: %s without an input expression", q.RefID, q.str("type"))
		}
		return []string{ref}, nil
	case "math":
		var out []string
		for _, m := range mathVar.FindAllStringSubmatch(q.str("expression"), -1) {
			out = append(out, m[1])
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s: math %q reads no query", q.RefID, q.str("expression"))
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%s: expression type %q is not one this model knows (reduce, math, threshold)", q.RefID, q.str("type"))
	}
}

func runExpression(q alertQuery, vars map[string][]value) ([]value, error) {
	switch q.str("type") {
	case "reduce":
		mode, with := "", 0.0
		if s, ok := q.Model["settings"].(map[string]any); ok {
			mode, _ = s["mode"].(string)
			switch mode {
			case "", "dropNN":
			case "replaceNN":
				w, ok := s["replaceWithValue"].(float64)
				if n, isInt := s["replaceWithValue"].(int); isInt {
					w, ok = float64(n), true
				}
				if !ok {
					return nil, fmt.Errorf("setting replaceWithValue must be a number")
				}
				with = w
			default:
				return nil, fmt.Errorf("reducer mode '%s' is not supported. Supported only: [dropNN,replaceNN]", mode)
			}
		}
		return reduce(vars[strings.TrimPrefix(q.str("expression"), "$")], q.str("reducer"), mode, with)
	case "math":
		node, err := parseMath(q.str("expression"))
		if err != nil {
			return nil, err
		}
		return node(vars)
	case "threshold":
		pred, err := thresholdOf(q)
		if err != nil {
			return nil, err
		}
		return threshold(vars[strings.TrimPrefix(q.str("expression"), "$")], pred), nil
	}
	return nil, fmt.Errorf("unknown expression type %q", q.str("type"))
}

// --- Math ---------------------------------------------------------------------------------------

type mathNode func(vars map[string][]value) ([]value, error)

// parseMath parses Grafana's math language (parse.go's grammar: || lowest, then &&, comparisons,
// + -, * / %, **, and unary ! and - binding to the next operand) with numbers, $VAR and ${VAR},
// parentheses and the functions abs, is_nan, is_null and is_number.
func parseMath(src string) (mathNode, error) {
	p := &mathParser{toks: tokenize(src)}
	n, err := p.or()
	if err != nil {
		return nil, fmt.Errorf("math %q: %w", src, err)
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("math %q: unexpected %q", src, p.toks[p.pos])
	}
	return n, nil
}

func tokenize(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '$':
			j := i + 1
			if j < len(s) && s[j] == '{' {
				j = strings.IndexByte(s[i:], '}') + i + 1
			} else {
				for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
					j++
				}
			}
			toks = append(toks, s[i:j])
			i = j
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(s) && (unicode.IsDigit(rune(s[j])) || s[j] == '.' || s[j] == 'e') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case unicode.IsLetter(c):
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || s[j] == '_') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			if i+1 < len(s) && contains([]string{"&&", "||", "==", "!=", ">=", "<=", "**"}, s[i:i+2]) {
				toks = append(toks, s[i:i+2])
				i += 2
			} else {
				toks = append(toks, s[i:i+1])
				i++
			}
		}
	}
	return toks
}

type mathParser struct {
	toks []string
	pos  int
}

func (p *mathParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

// binaryLevel parses left-associative operators of one precedence level.
func (p *mathParser) binaryLevel(ops []string, next func() (mathNode, error)) (mathNode, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for contains(ops, p.peek()) {
		op := p.toks[p.pos]
		p.pos++
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = binaryNode(op, left, right)
	}
	return left, nil
}

func (p *mathParser) or() (mathNode, error)  { return p.binaryLevel([]string{"||"}, p.and) }
func (p *mathParser) and() (mathNode, error) { return p.binaryLevel([]string{"&&"}, p.cmp) }
func (p *mathParser) cmp() (mathNode, error) {
	return p.binaryLevel([]string{"==", "!=", ">", "<", ">=", "<="}, p.add)
}
func (p *mathParser) add() (mathNode, error) { return p.binaryLevel([]string{"+", "-"}, p.mul) }
func (p *mathParser) mul() (mathNode, error) {
	return p.binaryLevel([]string{"*", "/", "%"}, p.pow)
}
func (p *mathParser) pow() (mathNode, error) { return p.binaryLevel([]string{"**"}, p.unary) }

func (p *mathParser) unary() (mathNode, error) {
	if op := p.peek(); op == "-" || op == "!" {
		p.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return unaryNode(op, x), nil
	}
	return p.primary()
}

func (p *mathParser) primary() (mathNode, error) {
	tok := p.peek()
	p.pos++
	switch {
	case tok == "(":
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return n, nil
	case tok == "abs" || tok == "is_nan" || tok == "is_null" || tok == "is_number":
		if p.peek() != "(" {
			return nil, fmt.Errorf("%s without (", tok)
		}
		x, err := p.primary()
		if err != nil {
			return nil, err
		}
		return funcNode(tok, x), nil
	case strings.HasPrefix(tok, "$"):
		name := strings.Trim(tok, "${}")
		return func(vars map[string][]value) ([]value, error) {
			v, ok := vars[name]
			if !ok {
				return nil, fmt.Errorf("$%s is not a refId of the rule", name)
			}
			return v, nil
		}, nil
	default:
		f, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return nil, fmt.Errorf("unexpected %q", tok)
		}
		return func(map[string][]value) ([]value, error) { return []value{scalarOf(&f)}, nil }, nil
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// numbersOnly refuses series: the model does Math on numbers and scalars (and NoData) only.
func numbersOnly(vs []value) error {
	for _, v := range vs {
		if v.kind == kindSeries {
			return fmt.Errorf("math on a series is not modelled; reduce it first")
		}
	}
	return nil
}

// unaryNode is walkUnary: null stays null, NaN stays NaN (unaryOp), NoData stays NoData.
func unaryNode(op string, x mathNode) mathNode {
	return func(vars map[string][]value) ([]value, error) {
		in, err := x(vars)
		if err != nil {
			return nil, err
		}
		if err := numbersOnly(in); err != nil {
			return nil, err
		}
		out := make([]value, len(in))
		for i, v := range in {
			if v.kind == kindNoData || v.num == nil {
				out[i] = v
				continue
			}
			r := math.NaN()
			switch {
			case math.IsNaN(*v.num):
			case op == "-":
				r = -*v.num
			default:
				r = boolFloat(*v.num == 0)
			}
			out[i] = value{kind: v.kind, labels: v.labels, num: &r}
		}
		return out, nil
	}
}

// funcNode is funcs.go: abs and is_nan read null as NaN (perFloat); is_null and is_number see
// the null (perNullableFloat); NoData stays NoData.
func funcNode(name string, x mathNode) mathNode {
	return func(vars map[string][]value) ([]value, error) {
		in, err := x(vars)
		if err != nil {
			return nil, err
		}
		if err := numbersOnly(in); err != nil {
			return nil, err
		}
		out := make([]value, len(in))
		for i, v := range in {
			if v.kind == kindNoData {
				out[i] = v
				continue
			}
			var r float64
			switch name {
			case "is_null":
				r = boolFloat(v.num == nil)
			case "is_number":
				r = boolFloat(v.num != nil && !math.IsNaN(*v.num) && !math.IsInf(*v.num, 0))
			default:
				f := math.NaN()
				if v.num != nil {
					f = *v.num
				}
				if name == "abs" {
					r = math.Abs(f)
				} else {
					r = boolFloat(math.IsNaN(f))
				}
			}
			out[i] = value{kind: v.kind, labels: v.labels, num: &r}
		}
		return out, nil
	}
}

// binaryNode is walkBinary over the union of both sides: NoData on either side of a union is the
// result; a null on either side is a null; else binaryOp, labelled by the union.
func binaryNode(op string, left, right mathNode) mathNode {
	return func(vars map[string][]value) ([]value, error) {
		a, err := left(vars)
		if err != nil {
			return nil, err
		}
		b, err := right(vars)
		if err != nil {
			return nil, err
		}
		if err := numbersOnly(append(append([]value{}, a...), b...)); err != nil {
			return nil, err
		}
		out := []value{}
		for _, u := range union(a, b) {
			switch {
			case u.a.kind == kindNoData:
				out = append(out, u.a)
			case u.b.kind == kindNoData:
				out = append(out, u.b)
			default:
				kind := kindNumber
				if u.a.kind == kindScalar && u.b.kind == kindScalar {
					kind = kindScalar
				}
				var r *float64
				if u.a.num != nil && u.b.num != nil {
					r = f64(binaryOp(op, *u.a.num, *u.b.num))
				}
				out = append(out, value{kind: kind, labels: u.labels, num: r})
			}
		}
		return out, nil
	}
}

type pair struct {
	labels map[string]string
	a, b   value
}

// union is exp.go's: nothing when a side is empty; with one item on a side and NoData first on
// either, one pair of the first items (the result is NoData); else every pair whose labels are
// equal, or one side unlabelled (it joins every labelled item), or one a subset of the other
// (the larger set labels the pair); label sets of the same size that differ do not pair; and
// when nothing paired and each side has exactly one item, those two pair anyway, unlabelled.
func union(as, bs []value) []pair {
	if len(as) == 0 || len(bs) == 0 {
		return nil
	}
	if (len(as) == 1 || len(bs) == 1) && (as[0].kind == kindNoData || bs[0].kind == kindNoData) {
		return []pair{{nil, as[0], bs[0]}}
	}
	var out []pair
	for _, a := range as {
		for _, b := range bs {
			switch {
			case labelsEqual(a.labels, b.labels) || len(a.labels) == 0 || len(b.labels) == 0:
				l := a.labels
				if len(l) == 0 {
					l = b.labels
				}
				out = append(out, pair{l, a, b})
			case len(a.labels) == len(b.labels):
			case labelsContain(a.labels, b.labels):
				out = append(out, pair{a.labels, a, b})
			case labelsContain(b.labels, a.labels):
				out = append(out, pair{b.labels, a, b})
			}
		}
	}
	if len(out) == 0 && len(as) == 1 && len(bs) == 1 {
		out = append(out, pair{nil, as[0], bs[0]})
	}
	return out
}

func labelsEqual(a, b map[string]string) bool {
	return len(a) == len(b) && labelsContain(a, b)
}

func labelsContain(big, small map[string]string) bool {
	for k, v := range small {
		if w, ok := big[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// binaryOp is exp.go's: || and && decide on a non-zero (zero) left operand before NaN is looked
// at; otherwise NaN on either side is NaN, comparisons included.
func binaryOp(op string, a, b float64) float64 {
	switch {
	case op == "||" && a != 0:
		return 1
	case op == "&&" && a == 0:
		return 0
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	switch op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	case "/":
		return a / b
	case "%":
		return math.Mod(a, b)
	case "**":
		return math.Pow(a, b)
	case "==":
		return boolFloat(a == b)
	case "!=":
		return boolFloat(a != b)
	case ">":
		return boolFloat(a > b)
	case "<":
		return boolFloat(a < b)
	case ">=":
		return boolFloat(a >= b)
	case "<=":
		return boolFloat(a <= b)
	case "&&", "||":
		return boolFloat(b != 0)
	}
	return math.NaN()
}

// --- frames the plugin sends (inputs of the tests) ----------------------------------------------

// seriesFrames is a timeseries-multi answer as the plugin builds it (pkg/frames TimeSeries): one
// frame per currency, hourly times and a value field labelled with the currency. A nil entry in
// a ratio series is a null point ([]*float64), other series are plain []float64.
func seriesFrames(refID string, byCurrency map[string][]*float64) backend.DataResponse {
	var frames data.Frames
	for _, cur := range sortedKeys(byCurrency) {
		pts := byCurrency[cur]
		times := make([]time.Time, len(pts))
		nullable := false
		for i, p := range pts {
			times[i] = time.Unix(1_700_000_000, 0).UTC().Add(time.Duration(i) * time.Hour)
			nullable = nullable || p == nil
		}
		var values any = pts
		if !nullable {
			plain := make([]float64, len(pts))
			for i, p := range pts {
				plain[i] = *p
			}
			values = plain
		}
		f := data.NewFrame("", data.NewField("time", nil, times), data.NewField("value", data.Labels{"currency": cur}, values))
		f.RefID = refID
		f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		frames = append(frames, f)
	}
	if len(frames) == 0 {
		return noDataFrames(refID, data.FrameTypeTimeSeriesMulti)
	}
	return backend.DataResponse{Frames: frames}
}

// numberFrames is a numeric-multi answer as the plugin builds it (pkg/frames Numeric).
func numberFrames(refID string, byCurrency map[string]float64) backend.DataResponse {
	var frames data.Frames
	for _, cur := range sortedKeys(byCurrency) {
		f := data.NewFrame("", data.NewField("value", data.Labels{"currency": cur}, []float64{byCurrency[cur]}))
		f.RefID = refID
		f.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		frames = append(frames, f)
	}
	if len(frames) == 0 {
		return noDataFrames(refID, data.FrameTypeNumericMulti)
	}
	return backend.DataResponse{Frames: frames}
}

// noDataFrames is the plugin's empty answer: the data plane's No Data, one typed frame without
// fields (a notice says why).
func noDataFrames(refID string, typ data.FrameType) backend.DataResponse {
	f := data.NewFrame("")
	f.RefID = refID
	f.Meta = &data.FrameMeta{Type: typ, TypeVersion: data.FrameTypeVersion{0, 1},
		Notices: []data.Notice{{Severity: data.NoticeSeverityInfo, Text: "Stripe has nothing in the range."}}}
	return backend.DataResponse{Frames: data.Frames{f}}
}

// emptyFieldsFrames is what the plugin answered before it sent No Data: a typed frame whose
// time and value fields have no values and no labels (one unlabelled series without points).
func emptyFieldsFrames(refID string) backend.DataResponse {
	f := data.NewFrame("", data.NewField("time", nil, []time.Time{}), data.NewField("value", nil, []float64{}))
	f.RefID = refID
	f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
	return backend.DataResponse{Frames: data.Frames{f}}
}

// stillReadingAnswer is the plugin's answer when the data is still being read from Stripe at the
// query's deadline (pkg/plugin stillReading): a downstream 504 error.
func stillReadingAnswer() backend.DataResponse {
	return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourceDownstream,
		"Reading this account's history from Stripe: charges 37% (2,900 of about 7,837 pages).")
}
