package frames

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
)

// Numeric: one numeric-multi frame per value, a single Value field with the labels and one
// number (money as an amount with the currency's decimals), the notices on the first frame.
func TestNumeric(t *testing.T) {
	note := data.Notice{Severity: data.NoticeSeverityInfo, Text: "balance read now"}
	vals := []metrics.Value{
		{Metric: "balance", Name: "Balance", Currency: "usd", Unit: metrics.UnitMoney, Labels: map[string]string{"balance_type": "available"}, Minor: 12345},
		{Metric: "balance", Name: "Balance", Currency: "jpy", Unit: metrics.UnitMoney, Labels: map[string]string{"balance_type": "pending"}, Minor: -500},
		{Metric: "balance", Name: "Balance", Currency: "kwd", Unit: metrics.UnitMoney, Labels: map[string]string{"balance_type": "available"}, Minor: 1250},
		{Metric: "open_disputes", Name: "Open disputes", Currency: "eur", Unit: metrics.UnitCount, Number: 3},
	}
	cases := []struct {
		number   float64
		unit     string
		decimals uint16
		display  string
		labels   data.Labels
	}{
		{123.45, "currency:USD", 2, "Balance (USD, available)", data.Labels{"currency": "usd", "balance_type": "available"}},
		{-500, "currency:JPY", 0, "Balance (JPY, pending)", data.Labels{"currency": "jpy", "balance_type": "pending"}},
		{1.25, "currency:KWD", 3, "Balance (KWD, available)", data.Labels{"currency": "kwd", "balance_type": "available"}},
		{3, "short", 0, "Open disputes (EUR)", data.Labels{"currency": "eur"}},
	}
	fr := Numeric("A", vals, note)
	if len(fr) != len(cases) {
		t.Fatalf("%d frames, want %d", len(fr), len(cases))
	}
	for i, c := range cases {
		f := fr[i]
		if f.Name != vals[i].Metric || f.RefID != "A" || f.Meta == nil || f.Meta.Type != data.FrameTypeNumericMulti ||
			f.Meta.TypeVersion != (data.FrameTypeVersion{0, 1}) || len(f.Fields) != 1 {
			t.Errorf("frame %d: %s %s %+v", i, f.Name, f.RefID, f.Meta)
			continue
		}
		v := f.Fields[0]
		if v.Name != "Value" || v.Type() != data.FieldTypeFloat64 || v.Len() != 1 || v.At(0).(float64) != c.number ||
			v.Config.Unit != c.unit || v.Config.Decimals == nil || *v.Config.Decimals != c.decimals || v.Config.DisplayNameFromDS != c.display ||
			v.Labels.String() != c.labels.String() {
			t.Errorf("frame %d value: %v labels %v config %+v", i, v.At(0), v.Labels, v.Config)
		}
		if want := map[bool]int{true: 1, false: 0}[i == 0]; len(f.Meta.Notices) != want {
			t.Errorf("frame %d has %d notices, want %d", i, len(f.Meta.Notices), want)
		}
	}
	nd := Numeric("B", []metrics.Value{})
	if len(nd) != 1 || len(nd[0].Fields) != 0 || nd[0].Meta.Type != data.FrameTypeNumericMulti || nd[0].RefID != "B" {
		t.Errorf("No Data: %+v", nd)
	}
}
