package frames

import (
	"math"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
)

func u16(n uint16) *uint16 { return &n }

// Money is a Grafana currency unit with Stripe's decimals; counts are "short" without decimals;
// ratios "percentunit" (0..1).
func TestFieldConfig(t *testing.T) {
	cases := []struct {
		s        metrics.Series
		unit     string
		decimals *uint16
		display  string
	}{
		{metrics.Series{Name: "Net revenue", Currency: "usd", Unit: metrics.UnitMoney}, "currency:USD", u16(2), "Net revenue (USD)"},
		{metrics.Series{Name: "Net revenue", Currency: "jpy", Unit: metrics.UnitMoney}, "currency:JPY", u16(0), "Net revenue (JPY)"},
		{metrics.Series{Name: "Net revenue", Currency: "kwd", Unit: metrics.UnitMoney}, "currency:KWD", u16(3), "Net revenue (KWD)"},
		{metrics.Series{Name: "Net revenue", Currency: "isk", Unit: metrics.UnitMoney}, "currency:ISK", u16(2), "Net revenue (ISK)"},
		{metrics.Series{Name: "Refunds", Currency: "eur", Unit: metrics.UnitCount}, "short", u16(0), "Refunds (EUR)"},
		{metrics.Series{Name: "Payment success rate", Currency: "usd", Unit: metrics.UnitRatio}, "percentunit", nil, "Payment success rate (USD)"},
	}
	for _, c := range cases {
		got := fieldConfig(c.s)
		if got.Unit != c.unit || got.DisplayNameFromDS != c.display || (got.Decimals == nil) != (c.decimals == nil) ||
			(got.Decimals != nil && *got.Decimals != *c.decimals) {
			t.Errorf("%s %s: unit %q decimals %v display %q; want %q %v %q", c.s.Unit, c.s.Currency, got.Unit, got.Decimals, got.DisplayNameFromDS,
				c.unit, c.decimals, c.display)
		}
	}
}

func TestDisplayName(t *testing.T) {
	cases := []struct {
		s    metrics.Series
		want string
	}{
		{metrics.Series{Name: "Open disputes"}, "Open disputes"},
		{metrics.Series{Name: "Net revenue", Currency: "usd"}, "Net revenue (USD)"},
		{metrics.Series{Name: "Failed payments", Currency: "eur", Labels: map[string]string{"reason": "insufficient_funds"}}, "Failed payments (EUR, insufficient_funds)"},
		{metrics.Series{Name: "X", Labels: map[string]string{"b": "2", "a": "1"}}, "X (1, 2)"}, // labels by key
		{metrics.Series{Name: "Invoices", Currency: "jpy", Labels: map[string]string{"status": "paid"}}, "Invoices (JPY, paid)"},
		{metrics.Series{Name: "Revenue", Currency: "usd", Labels: map[string]string{"product": "Pro", "product_id": "prod_1"}}, "Revenue (USD, Pro)"}, // ids stay out
		{metrics.Series{Name: "Revenue", Currency: "usd", Labels: map[string]string{"price": "Pro · 29.00 USD / month", "price_id": "price_1", "product_id": "prod_1"}},
			"Revenue (USD, Pro · 29.00 USD / month)"},
	}
	for _, c := range cases {
		if got := DisplayName(c.s); got != c.want {
			t.Errorf("DisplayName(%+v) = %q, want %q", c.s, got, c.want)
		}
	}
}

func TestLabels(t *testing.T) {
	cases := []struct {
		s    metrics.Series
		want data.Labels
	}{
		{metrics.Series{}, nil},
		{metrics.Series{Currency: "usd"}, data.Labels{"currency": "usd"}},
		{metrics.Series{Currency: "usd", Labels: map[string]string{"reason": "fraudulent"}}, data.Labels{"currency": "usd", "reason": "fraudulent"}},
		{metrics.Series{Labels: map[string]string{"balance_type": "pending"}}, data.Labels{"balance_type": "pending"}},
	}
	for _, c := range cases {
		got := labels(c.s)
		if (got == nil) != (c.want == nil) || got.String() != c.want.String() {
			t.Errorf("labels(%+v) = %v, want %v", c.s, got, c.want)
		}
	}
}

// values: money becomes amounts only here (negative too), counts are copied, ratios nullable.
func TestValues(t *testing.T) {
	counts := []float64{3, 0}
	cases := []struct {
		name string
		s    metrics.Series
		want any
	}{
		{"usd refund", metrics.Series{Unit: metrics.UnitMoney, Currency: "usd", Minor: []int64{-2900, 1}}, []float64{-29, 0.01}},
		{"jpy", metrics.Series{Unit: metrics.UnitMoney, Currency: "jpy", Minor: []int64{-500, 4820}}, []float64{-500, 4820}},
		{"kwd", metrics.Series{Unit: metrics.UnitMoney, Currency: "kwd", Minor: []int64{1250, -5}}, []float64{1.25, -0.005}},
		{"count", metrics.Series{Unit: metrics.UnitCount, Values: counts}, []float64{3, 0}},
		{"empty money", metrics.Series{Unit: metrics.UnitMoney, Currency: "usd"}, []float64{}},
	}
	for _, c := range cases {
		got := values(c.s)
		g, ok := got.([]float64)
		w := c.want.([]float64)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: %#v, want %#v", c.name, got, w)
			continue
		}
		for i := range g {
			if g[i] != w[i] {
				t.Errorf("%s: %v, want %v", c.name, g, w)
				break
			}
		}
	}
	out := values(metrics.Series{Unit: metrics.UnitCount, Values: counts}).([]float64)
	out[0] = 99
	if counts[0] != 3 {
		t.Error("count values alias the series")
	}
	r := values(metrics.Series{Unit: metrics.UnitRatio, Values: []float64{0, 1, math.NaN()}}).([]*float64)
	if len(r) != 3 || r[0] == nil || *r[0] != 0 || r[1] == nil || *r[1] != 1 || r[2] != nil {
		t.Errorf("ratio values %v", r)
	}
}

// One frame per series: name the metric, fields Time and Value, the notices on the first frame
// only; a series without points is still a frame (not No Data).
func TestTimeSeriesFrames(t *testing.T) {
	t0 := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	note := data.Notice{Severity: data.NoticeSeverityWarning, Text: "3 buckets dated by creation"}
	fr := TimeSeries("C", []metrics.Series{
		{Metric: "payments_failed", Name: "Failed payments", Currency: "eur", Labels: map[string]string{"reason": "other"}, Unit: metrics.UnitCount,
			Times: []time.Time{t0}, Values: []float64{4}},
		{Metric: "payments_failed", Name: "Failed payments", Currency: "usd", Unit: metrics.UnitCount, Times: []time.Time{t0}, Values: []float64{1}},
		{Metric: "refunds", Name: "Refunds", Currency: "usd", Unit: metrics.UnitMoney},
	}, note)
	if len(fr) != 3 {
		t.Fatalf("%d frames", len(fr))
	}
	for i, f := range fr {
		wantName := []string{"payments_failed", "payments_failed", "refunds"}[i]
		if f.Name != wantName || f.RefID != "C" || len(f.Fields) != 2 || f.Fields[0].Name != "Time" || f.Fields[1].Name != "Value" ||
			f.Meta.Type != data.FrameTypeTimeSeriesMulti || f.Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) {
			t.Errorf("frame %d: %s refID %s fields %d", i, f.Name, f.RefID, len(f.Fields))
		}
		if n := len(f.Meta.Notices); n != map[bool]int{true: 1, false: 0}[i == 0] {
			t.Errorf("frame %d has %d notices", i, n)
		}
	}
	v := fr[0].Fields[1]
	if v.Labels.String() != (data.Labels{"currency": "eur", "reason": "other"}).String() || v.Config.DisplayNameFromDS != "Failed payments (EUR, other)" ||
		v.Config.Unit != "short" || v.At(0).(float64) != 4 {
		t.Errorf("first value field: labels %v config %+v", v.Labels, v.Config)
	}
	if !fr[0].Fields[0].At(0).(time.Time).Equal(t0) {
		t.Errorf("time %v", fr[0].Fields[0].At(0))
	}
	if fr[2].Fields[0].Len() != 0 || fr[2].Fields[1].Type() != data.FieldTypeFloat64 {
		t.Errorf("pointless series: %d points, type %s", fr[2].Fields[0].Len(), fr[2].Fields[1].Type())
	}
	if nd := TimeSeries("D", nil); len(nd) != 1 || len(nd[0].Fields) != 0 || len(nd[0].Meta.Notices) != 0 || nd[0].Meta.Type != data.FrameTypeTimeSeriesMulti {
		t.Errorf("No Data without notices: %+v", nd)
	}
}
