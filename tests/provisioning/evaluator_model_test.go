package provisioning_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Tests of the model itself (evaluator_test.go) on cases worked out by hand from the Grafana
// files it follows; none of the expected values comes from running the model.

// show writes a result compactly: "{currency=usd}=3 {}=NaN nodata series{}[1 null]".
func show(vs []value) string {
	var parts []string
	f := func(p *float64) string {
		if p == nil {
			return "null"
		}
		return strconv.FormatFloat(*p, 'g', -1, 64)
	}
	for _, v := range vs {
		switch v.kind {
		case kindNoData:
			parts = append(parts, "nodata")
		case kindSeries:
			var ps []string
			for _, p := range v.points {
				ps = append(ps, f(p))
			}
			parts = append(parts, fmt.Sprintf("series{%s}[%s]", labelsKey(v.labels), strings.Join(ps, " ")))
		default:
			parts = append(parts, fmt.Sprintf("{%s}=%s", labelsKey(v.labels), f(v.num)))
		}
	}
	return strings.Join(parts, " ")
}

func cur(c string) map[string]string { return map[string]string{"currency": c} }

func typed(f *data.Frame, typ data.FrameType) *data.Frame {
	f.Meta = &data.FrameMeta{Type: typ, TypeVersion: data.FrameTypeVersion{0, 1}}
	return f
}

// dataplane.go, sdata/timeseries/multi.go, sdata/numeric/multi.go, converter.go.
func TestModelConvertsFramesAsGrafana(t *testing.T) {
	times := []time.Time{time.Unix(0, 0), time.Unix(3600, 0)}
	ts := func(labels data.Labels, values any) *data.Frame {
		n := 2
		if v, ok := values.([]float64); ok {
			n = len(v)
		}
		return typed(data.NewFrame("", data.NewField("time", nil, times[:n]), data.NewField("value", labels, values)), data.FrameTypeTimeSeriesMulti)
	}
	numeric := func(labels data.Labels, values []float64) *data.Frame {
		return typed(data.NewFrame("", data.NewField("value", labels, values)), data.FrameTypeNumericMulti)
	}
	cases := []struct {
		name   string
		frames data.Frames
		want   string // or "error: ..." (a prefix of the error)
	}{
		{"no frame at all is No Data", nil, "nodata"},
		{"a typed frame without fields is No Data",
			data.Frames{typed(data.NewFrame(""), data.FrameTypeTimeSeriesMulti)}, "nodata"},
		{"a first frame without fields is No Data whatever follows",
			data.Frames{typed(data.NewFrame(""), data.FrameTypeTimeSeriesMulti), ts(data.Labels{"currency": "usd"}, []float64{1, 2})}, "nodata"},
		{"one series per frame, labelled by its value field",
			data.Frames{ts(data.Labels{"currency": "eur"}, []float64{1, 2}), ts(data.Labels{"currency": "usd"}, []float64{3, 4})},
			"series{currency=eur}[1 2] series{currency=usd}[3 4]"},
		{"a nullable ratio keeps its nulls",
			data.Frames{ts(data.Labels{"currency": "usd"}, []*float64{f64(0.5), nil})}, "series{currency=usd}[0.5 null]"},
		{"empty fields are one unlabelled series without points, not No Data",
			data.Frames{ts(nil, []float64{})}, "series{}[]"},
		{"a later frame without fields is invalid",
			data.Frames{ts(data.Labels{"currency": "usd"}, []float64{1, 2}), typed(data.NewFrame(""), data.FrameTypeTimeSeriesMulti)},
			"error: frame 1 has zero or null fields"},
		{"a numeric-multi frame without fields is No Data",
			data.Frames{typed(data.NewFrame(""), data.FrameTypeNumericMulti)}, "nodata"},
		{"one number per numeric-multi frame",
			data.Frames{numeric(data.Labels{"currency": "eur"}, []float64{2}), numeric(data.Labels{"currency": "usd"}, []float64{0})},
			"{currency=eur}=2 {currency=usd}=0"},
		{"a number field that is not of length 1 is a null number",
			data.Frames{numeric(data.Labels{"currency": "usd"}, []float64{})}, "{currency=usd}=null"},
		{"an untyped frame without fields is No Data", data.Frames{data.NewFrame("")}, "nodata"},
		{"a table of strings and one number is a number per row, labelled by the strings",
			data.Frames{data.NewFrame("", data.NewField("currency", nil, []string{"usd", "eur"}), data.NewField("n", nil, []float64{1, 2}))},
			"{currency=usd}=1 {currency=eur}=2"},
		{"a long frame is refused",
			data.Frames{data.NewFrame("", data.NewField("time", nil, times), data.NewField("currency", nil, []string{"usd", "eur"}), data.NewField("n", nil, []float64{1, 2}))},
			"error: input data must be a wide series but got type long"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := convertFrames(c.frames)
			s := show(got)
			if err != nil {
				s = "error: " + err.Error()
			}
			if !strings.HasPrefix(s, c.want) || (!strings.HasPrefix(c.want, "error") && s != c.want) {
				t.Errorf("got %q, want %q", s, c.want)
			}
		})
	}
	if !isNoDataResult(nil) || !isNoDataResult([]value{noDataValue()}) || isNoDataResult([]value{{kind: kindSeries}}) {
		t.Error("IsNoData: no item or a single NoData")
	}
	if _, err := convertResponse(stillReadingAnswer()); err == nil {
		t.Error("an error answer must stay an error")
	}
}

func series(labels map[string]string, points ...*float64) value {
	return value{kind: kindSeries, labels: labels, points: points}
}

// reduce.go (Sum, Avg, Min, Max, Count, Last, Median, DropNonNumber, ReplaceNonNumberWithValue)
// and commands.go ReduceCommand.Execute.
func TestModelReducesAsGrafana(t *testing.T) {
	inf := f64(math.Inf(1))
	cases := []struct {
		reducer, mode string
		in            []value
		want          string
	}{
		{"sum", "", []value{series(cur("usd"), f64(1), f64(2))}, "{currency=usd}=3"},
		{"sum", "", []value{series(cur("usd"), f64(1), nil)}, "{currency=usd}=NaN"},
		{"sum", "", []value{series(nil)}, "{}=0"},
		{"mean", "", []value{series(nil)}, "{}=NaN"},
		{"mean", "", []value{series(nil, f64(1), nil)}, "{}=NaN"},
		{"mean", "", []value{series(nil, f64(1), f64(2))}, "{}=1.5"},
		{"min", "", []value{series(nil)}, "{}=NaN"},
		{"max", "", []value{series(nil, f64(3), f64(1), f64(2))}, "{}=3"},
		{"max", "", []value{series(nil, f64(3), nan())}, "{}=NaN"},
		{"median", "", []value{series(nil, f64(1), f64(3), f64(2), f64(4))}, "{}=2.5"},
		{"count", "", []value{series(nil, f64(1), nil)}, "{}=2"},
		{"count", "", []value{series(nil)}, "{}=0"},
		{"last", "", []value{series(nil, f64(1), nil)}, "{}=null"}, // the last point as it is
		{"last", "", []value{series(nil, f64(1), nan())}, "{}=NaN"},
		{"last", "", []value{series(nil)}, "{}=NaN"},
		{"sum", "dropNN", []value{series(nil, f64(1), nil, nan(), inf, f64(2))}, "{}=3"},
		{"sum", "dropNN", []value{series(nil, nil)}, "{}=0"},
		{"mean", "dropNN", []value{series(nil, nil, nil)}, "{}=null"}, // NaN out is null
		{"mean", "dropNN", []value{series(nil, f64(0.7), nil, f64(0.8))}, "{}=0.75"},
		{"count", "dropNN", []value{series(nil, f64(1), nil)}, "{}=1"},
		{"last", "dropNN", []value{series(nil, f64(1), nil)}, "{}=1"},
		{"last", "dropNN", []value{series(nil)}, "{}=null"},
		{"mean", "replaceNN", []value{series(nil, f64(1), nil)}, "{}=0.5"},
		{"last", "replaceNN", []value{series(nil)}, "{}=0"},
		// Numbers pass through; dropNN drops a null or NaN number (no item, not a null).
		{"last", "", []value{num(cur("usd"), nil), num(cur("eur"), f64(5))}, "{currency=usd}=null {currency=eur}=5"},
		{"last", "dropNN", []value{num(cur("usd"), nil), num(cur("gbp"), nan()), num(cur("eur"), f64(5))}, "{currency=eur}=5"},
		{"last", "replaceNN", []value{num(cur("usd"), nil)}, "{currency=usd}=0"},
		{"sum", "", []value{noDataValue()}, "nodata"},
		{"sum", "dropNN", []value{noDataValue()}, "nodata"},
	}
	for _, c := range cases {
		got, err := reduce(c.in, c.reducer, c.mode, 0)
		if err != nil {
			t.Errorf("%s %s %s: %v", c.reducer, c.mode, show(c.in), err)
			continue
		}
		if s := show(got); s != c.want {
			t.Errorf("%s %s of %s: %s, want %s", c.reducer, c.mode, show(c.in), s, c.want)
		}
	}
	if _, err := reduce([]value{scalarOf(f64(1))}, "sum", "", 0); err == nil {
		t.Error("reduce of a scalar: want an error (can only reduce type series)")
	}
	if _, err := reduce(nil, "avg", "", 0); err == nil {
		t.Error("an unknown reducer: want an error")
	}
}

// exp.go (union, walkBinary, walkUnary, binaryOp), funcs.go, parse.go's grammar.
func TestModelMathAsGrafana(t *testing.T) {
	vars := map[string][]value{
		"USD":    {num(cur("usd"), f64(1))},
		"USD2":   {num(cur("usd"), f64(2))},
		"EUR":    {num(cur("eur"), f64(2))},
		"BOTH":   {num(cur("usd"), f64(1)), num(cur("eur"), f64(2))},
		"OTHER":  {num(cur("gbp"), f64(5)), num(cur("jpy"), f64(6))},
		"ZERO":   {num(nil, f64(0))},
		"REASON": {num(map[string]string{"currency": "usd", "reason": "fraud"}, f64(10))},
		"NULL":   {num(cur("usd"), nil)},
		"NAN":    {num(cur("usd"), nan())},
		"NODATA": {noDataValue()},
		"NONE":   {},
	}
	cases := []struct{ expr, want string }{
		{"$USD + $USD2", "{currency=usd}=3"},                   // equal labels
		{"$ZERO + $BOTH", "{currency=usd}=1 {currency=eur}=2"}, // unlabelled joins every labelled
		{"$BOTH * $ZERO", "{currency=usd}=0 {currency=eur}=0"}, //   on either side
		{"$REASON / $USD", "{currency=usd, reason=fraud}=10"},  // subset: the larger set labels
		{"$USD + $BOTH", "{currency=usd}=2"},                   // same size, different: eur drops
		{"$USD + $EUR", "{}=3"},                                // one each, nothing pairs: paired anyway, unlabelled
		{"$BOTH + $OTHER", ""},                                 // nothing pairs, more than one each: nothing
		{"$NODATA + $BOTH", "nodata"},                          // NoData on one side with one item
		{"$BOTH - $NODATA", "nodata"},
		{"1 - $NODATA", "nodata"},
		{"-$NODATA", "nodata"},
		{"$NONE + $BOTH", ""},                   // an empty side: nothing
		{"$NULL + $USD", "{currency=usd}=null"}, // null in, null out
		{"1 - $NULL", "{currency=usd}=null"},
		{"!$NULL", "{currency=usd}=null"},
		{"$NAN > 0", "{currency=usd}=NaN"}, // NaN through comparisons
		{"$NAN == $NAN", "{currency=usd}=NaN"},
		{"$NAN && 1", "{currency=usd}=NaN"}, // && decides only on a zero left
		{"0 && $NAN", "{currency=usd}=0"},
		{"1 && $NAN", "{currency=usd}=NaN"},
		{"$NAN || 0", "{currency=usd}=1"}, // || decides on a non-zero left, NaN too
		{"0 || $NAN", "{currency=usd}=NaN"},
		{"-$NAN", "{currency=usd}=NaN"},
		{"abs($NULL)", "{currency=usd}=NaN"}, // perFloat reads null as NaN
		{"is_null($NULL)", "{currency=usd}=1"},
		{"is_number($NAN)", "{currency=usd}=0"},
		{"is_nan($NAN)", "{currency=usd}=1"},
		{"1 / 0", "{}=+Inf"},
		{"0 / 0", "{}=NaN"},
		{"1 + 2 * 3", "{}=7"},           // precedence
		{"-2 ** 2", "{}=4"},             // unary binds to the next operand
		{"2 ** 3 ** 2", "{}=64"},        // left to right
		{"1 < 2 && 3 > 4 || 1", "{}=1"}, // comparisons, then &&, then ||
		{"($USD > 0) * $EUR / ($USD + ($USD <= 0)) + ($USD <= 0)", "{currency=usd}=2"}, // one each: pairs, then usd's label
	}
	for _, c := range cases {
		n, err := parseMath(c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		got, err := n(vars)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if s := show(got); s != c.want {
			t.Errorf("%s = %s, want %s", c.expr, s, c.want)
		}
	}
	if n, _ := parseMath("2 * 3"); n != nil {
		if got, _ := n(vars); len(got) != 1 || got[0].kind != kindScalar {
			t.Errorf("scalar op scalar is a scalar: %v", got)
		}
	}
	if n, _ := parseMath("$S + 1"); n != nil {
		if _, err := n(map[string][]value{"S": {series(nil, f64(1))}}); err == nil {
			t.Error("math on a series is not modelled: want an error")
		}
	}
}

// threshold.go: each predicate, NaN and null.
func TestModelThresholdAsGrafana(t *testing.T) {
	in := []value{num(cur("a"), f64(-1)), num(cur("b"), f64(0)), num(cur("c"), f64(0.5)), num(cur("d"), f64(1)),
		num(cur("e"), nan()), num(cur("f"), nil), noDataValue()}
	cases := []struct {
		typ    string
		params []float64
		want   string // the results for -1, 0, 0.5, 1, NaN, null, NoData
	}{
		{"gt", []float64{0.5}, "0 0 0 1 0 null nodata"},
		{"lt", []float64{0.5}, "1 1 0 0 0 null nodata"},
		{"eq", []float64{0.5}, "0 0 1 0 0 null nodata"},
		{"ne", []float64{0.5}, "1 1 0 1 1 null nodata"}, // the one predicate true on NaN
		{"gte", []float64{0.5}, "0 0 1 1 0 null nodata"},
		{"lte", []float64{0.5}, "1 1 1 0 0 null nodata"},
		{"within_range", []float64{0, 1}, "0 0 1 0 0 null nodata"},
		{"outside_range", []float64{0, 1}, "1 0 0 0 0 null nodata"},
		{"within_range_included", []float64{0, 1}, "0 1 1 1 0 null nodata"},
		{"outside_range_included", []float64{0, 1}, "1 1 0 1 0 null nodata"},
	}
	for _, c := range cases {
		pred, err := thresholdPredicate(c.typ, c.params)
		if err != nil {
			t.Errorf("%s: %v", c.typ, err)
			continue
		}
		var got []string
		for _, v := range threshold(in, pred) {
			switch {
			case v.kind == kindNoData:
				got = append(got, "nodata")
			case v.num == nil:
				got = append(got, "null")
			default:
				got = append(got, strconv.FormatFloat(*v.num, 'g', -1, 64))
			}
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%s %v: %s, want %s", c.typ, c.params, s, c.want)
		}
	}
	pred, _ := thresholdPredicate("gt", []float64{0})
	if got := show(threshold([]value{series(cur("usd"), f64(1), nil, f64(0))}, pred)); got != "series{currency=usd}[1 null 0]" {
		t.Errorf("a series is judged point by point: %s", got)
	}
	if _, err := thresholdPredicate("within_range", []float64{1}); err == nil {
		t.Error("a range with one parameter: want an error")
	}
	if _, err := thresholdPredicate("above", []float64{1}); err == nil {
		t.Error("an unknown type: want an error")
	}
}

// testRule is a rule of data queries A and B (data source ds) and an expression C over them.
func testRule(condition map[string]any) alertRule {
	return alertRule{Condition: "C", NoDataState: "NoData", ExecErrState: "Error", Data: []alertQuery{
		{RefID: "A", DatasourceUID: "ds", Model: map[string]any{"refId": "A"}},
		{RefID: "B", DatasourceUID: "ds", Model: map[string]any{"refId": "B"}},
		{RefID: "C", DatasourceUID: exprUID, Model: condition},
	}}
}

func stateMap(rs []evalResult) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("{%s}:%s", labelsKey(r.labels), r.state))
	}
	return strings.Join(parts, " ")
}

// eval.go: IsNoData, FindConditionError, evaluateExecutionResult, buildResult.
func TestModelJudgesAsEvalGo(t *testing.T) {
	mathRule := testRule(map[string]any{"refId": "C", "type": "math", "expression": "$A + $B"})
	numbers := func(ref string, v map[string]float64) backend.DataResponse { return numberFrames(ref, v) }
	cases := []struct {
		name    string
		rule    alertRule
		answers map[string]backend.DataResponse
		want    string
	}{
		{"0 is Normal, non-zero Alerting, NaN Alerting", testRule(map[string]any{"refId": "C", "type": "math", "expression": "$A / $B"}),
			map[string]backend.DataResponse{"A": numbers("A", map[string]float64{"eur": 0, "gbp": 1, "usd": 0}), "B": numbers("B", map[string]float64{"eur": 1, "gbp": 1, "usd": 0})},
			"{currency=eur}:Normal {currency=gbp}:Alerting {currency=usd}:Alerting"},
		{"a null condition is NoData for its instance", mathRule,
			map[string]backend.DataResponse{"A": numbers("A", map[string]float64{"usd": 1}),
				"B": {Frames: data.Frames{typed(data.NewFrame("", data.NewField("value", data.Labels{"currency": "usd"}, []float64{})), data.FrameTypeNumericMulti)}}},
			"{currency=usd}:NoData"},
		{"one query's No Data makes the whole evaluation No Data", mathRule,
			map[string]backend.DataResponse{"A": numbers("A", map[string]float64{"usd": 1}), "B": noDataFrames("B", data.FrameTypeNumericMulti)},
			"{datasource_uid=ds, ref_id=B}:NoData"},
		{"every query's No Data is one result naming them", mathRule,
			map[string]backend.DataResponse{"A": noDataFrames("A", data.FrameTypeNumericMulti), "B": {}},
			"{datasource_uid=ds, ref_id=A,B}:NoData"},
		{"a query's error is the rule's Error", mathRule,
			map[string]backend.DataResponse{"A": numbers("A", map[string]float64{"usd": 1}), "B": stillReadingAnswer()},
			"{}:Error"},
		{"an error wins over No Data", mathRule,
			map[string]backend.DataResponse{"A": noDataFrames("A", data.FrameTypeNumericMulti), "B": stillReadingAnswer()},
			"{}:Error"},
		{"an empty condition is NoData", mathRule,
			map[string]backend.DataResponse{"A": numbers("A", map[string]float64{"usd": 1, "eur": 1}), "B": numbers("B", map[string]float64{"gbp": 1, "jpy": 1})},
			"{}:NoData"},
		{"a series cannot be alerted on", testRule(map[string]any{"refId": "C", "type": "threshold", "expression": "A",
			"conditions": []any{map[string]any{"evaluator": map[string]any{"type": "gt", "params": []any{0}}}}}),
			map[string]backend.DataResponse{"A": seriesFrames("A", bySeries{"usd": pts(1)}), "B": seriesFrames("B", bySeries{"usd": pts(1)})},
			"{}:Error"},
		{"two instances with the same labels are an Error", testRule(map[string]any{"refId": "C", "type": "math", "expression": "$A * 1"}),
			map[string]backend.DataResponse{"A": {Frames: data.Frames{
				typed(data.NewFrame("", data.NewField("value", nil, []float64{1})), data.FrameTypeNumericMulti),
				typed(data.NewFrame("", data.NewField("value", nil, []float64{2})), data.FrameTypeNumericMulti)}},
				"B": numbers("B", map[string]float64{"usd": 1})},
			"{}:Error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := evaluate(c.rule, c.answers)
			if err != nil {
				t.Fatal(err)
			}
			if got := stateMap(ev.results); got != c.want {
				t.Errorf("%s, want %s", got, c.want)
			}
		})
	}
}

// state/manager.go setNextStateForRule, state.go resultNoData, resultError, resultKeepLast.
func TestModelSettlesAsTheStateManager(t *testing.T) {
	noData := []evalResult{{labels: map[string]string{"datasource_uid": "ds", "ref_id": "A"}, state: stateNoData}}
	failed := []evalResult{{state: stateError}}
	mixed := []evalResult{{labels: cur("usd"), state: stateNoData}, {labels: cur("eur"), state: stateAlerting}}
	firing := map[string]evalState{usd: stateAlerting, eur: stateNormal}
	cases := []struct {
		noData, execErr string
		results         []evalResult
		before          map[string]evalState
		want            string
	}{
		{"OK", "Error", noData, firing, "map[currency=eur:Normal currency=usd:Normal]"},
		{"Alerting", "Error", noData, firing, "map[currency=eur:Alerting currency=usd:Alerting]"},
		{"KeepLast", "Error", noData, firing, "map[currency=eur:Normal currency=usd:Alerting]"},
		{"KeepLast", "Error", noData, nil, "map[datasource_uid=ds, ref_id=A:Normal]"},
		{"KeepLast", "Error", noData, map[string]evalState{usd: stateNoData}, "map[currency=usd:Normal]"},
		{"NoData", "Error", noData, firing, "map[currency=eur:Missing currency=usd:Missing datasource_uid=ds, ref_id=A:NoData]"},
		{"NoData", "KeepLast", failed, firing, "map[currency=eur:Normal currency=usd:Alerting]"},
		{"NoData", "OK", failed, firing, "map[currency=eur:Normal currency=usd:Normal]"},
		{"NoData", "Error", failed, firing, "map[:Error currency=eur:Missing currency=usd:Missing]"},
		{"OK", "Error", mixed, nil, "map[currency=eur:Alerting currency=usd:Normal]"},
		{"NoData", "Error", mixed, nil, "map[currency=eur:Alerting currency=usd:NoData]"},
		{"KeepLast", "Error", mixed, map[string]evalState{usd: stateAlerting}, "map[currency=eur:Alerting currency=usd:Alerting]"},
	}
	for _, c := range cases {
		r := alertRule{NoDataState: c.noData, ExecErrState: c.execErr}
		if got := fmt.Sprint(settle(r, c.results, c.before)); got != c.want {
			t.Errorf("noDataState %s execErrState %s, %s from %v: %s, want %s", c.noData, c.execErr, stateMap(c.results), c.before, got, c.want)
		}
	}
}
