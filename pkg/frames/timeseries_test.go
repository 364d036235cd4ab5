package frames

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
)

func TestTimeSeriesIsDataPlaneMultiWithCurrencyLabels(t *testing.T) {
	t0 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	series := []metrics.Series{
		{Metric: "net_revenue", Name: "Net revenue", Currency: "jpy", Unit: metrics.UnitMoney, Times: []time.Time{t0, t0.AddDate(0, 0, 1)}, Minor: []int64{4820, 0}},
		{Metric: "net_revenue", Name: "Net revenue", Currency: "kwd", Unit: metrics.UnitMoney, Times: []time.Time{t0, t0.AddDate(0, 0, 1)}, Minor: []int64{1234, -5}},
	}
	fr := TimeSeries("A", series)
	if len(fr) != 2 {
		t.Fatalf("want one frame per series, got %d", len(fr))
	}
	for _, f := range fr {
		if f.Meta == nil || f.Meta.Type != data.FrameTypeTimeSeriesMulti {
			t.Fatalf("frame %s is not timeseries-multi", f.Name)
		}
		if f.RefID != "A" || len(f.Fields) != 2 || f.Fields[0].Type() != data.FieldTypeTime || f.Fields[1].Type() != data.FieldTypeFloat64 {
			t.Fatalf("frame shape: %s", f.Name)
		}
	}
	v := fr[1].Fields[1]
	if v.Labels["currency"] != "kwd" || v.Config.Unit != "currency:KWD" || v.Config.DisplayNameFromDS != "Net revenue (KWD)" {
		t.Errorf("kwd field: labels %v config %+v", v.Labels, v.Config)
	}
	// 1234 fils are 1.234 KWD and ¥4820 stays 4820 (Stripe's exponents).
	if v.At(0).(float64) != 1.234 || v.At(1).(float64) != -0.005 || fr[0].Fields[1].At(0).(float64) != 4820 {
		t.Errorf("amounts: kwd %v %v jpy %v", v.At(0), v.At(1), fr[0].Fields[1].At(0))
	}
}

// Nothing to answer is the data plane's No Data: one frame of the type with no fields (a frame
// with empty fields would be one unlabelled series without points), the notices kept.
func TestNothingToAnswerIsNoData(t *testing.T) {
	note := data.Notice{Severity: data.NoticeSeverityInfo, Text: "no rows"}
	for name, fr := range map[string]data.Frames{
		"series":  TimeSeries("B", nil, note),
		"numbers": Numeric("B", nil, note),
	} {
		want := map[string]data.FrameType{"series": data.FrameTypeTimeSeriesMulti, "numbers": data.FrameTypeNumericMulti}[name]
		if len(fr) != 1 || len(fr[0].Fields) != 0 || fr[0].RefID != "B" || fr[0].Meta == nil || fr[0].Meta.Type != want ||
			fr[0].Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) || len(fr[0].Meta.Notices) != 1 {
			t.Errorf("%s: %+v, want one %s frame without fields", name, fr, want)
		}
	}
}

func TestRatioSeriesAreNullableWhereThereIsNothingToDivide(t *testing.T) {
	t0 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	fr := TimeSeries("A", []metrics.Series{{Metric: "payment_success_rate", Name: "Payment success rate", Currency: "usd",
		Unit: metrics.UnitRatio, Times: []time.Time{t0, t0.Add(time.Hour)}, Values: []float64{0.75, math.NaN()}}})
	v := fr[0].Fields[1]
	if v.Type() != data.FieldTypeNullableFloat64 || v.Config.Unit != "percentunit" {
		t.Fatalf("type %s unit %q", v.Type(), v.Config.Unit)
	}
	if got := v.At(0).(*float64); got == nil || *got != 0.75 {
		t.Errorf("first value %v", got)
	}
	if v.At(1).(*float64) != nil {
		t.Errorf("no attempts should be null, got %v", *v.At(1).(*float64))
	}
}
