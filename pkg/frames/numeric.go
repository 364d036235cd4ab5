package frames

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/money"
)

// Numeric turns current values into a numeric-multi response: one frame per value, a single
// number field carrying the labels, which alert rules read without a Reduce step. With no value
// at all it returns the data plane's "no data" (noData).
func Numeric(refID string, values []metrics.Value, notices ...data.Notice) data.Frames {
	if len(values) == 0 {
		return noData(refID, data.FrameTypeNumericMulti, notices)
	}
	out := make(data.Frames, 0, len(values))
	for i, v := range values {
		s := metrics.Series{Metric: v.Metric, Name: v.Name, Currency: v.Currency, Labels: v.Labels, Unit: v.Unit}
		number := v.Number
		if v.Unit == metrics.UnitMoney {
			number = money.Amount(v.Minor, v.Currency)
		}
		field := data.NewField(data.TimeSeriesValueFieldName, labels(s), []float64{number})
		field.Config = fieldConfig(s)
		f := data.NewFrame(v.Metric, field)
		f.RefID = refID
		f.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		if i == 0 {
			f.Meta.Notices = notices
		}
		out = append(out, f)
	}
	return out
}
