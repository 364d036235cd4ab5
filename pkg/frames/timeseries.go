// Package frames is the one place where metric results become Grafana data frames. Every series
// metric is a data-plane "timeseries-multi" frame set and every current value a "numeric-multi"
// one, so alert rules with Reduce and Threshold expressions work on all of them, one alert
// instance per currency (the currency is a label on the value field).
package frames

import (
	"fmt"
	"math"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/money"
)

// TimeSeries turns series into a timeseries-multi response: one frame per series, a time field
// and one value field carrying the labels. With no series at all it returns the data plane's
// "no data" (noData).
func TimeSeries(refID string, series []metrics.Series, notices ...data.Notice) data.Frames {
	if len(series) == 0 {
		return noData(refID, data.FrameTypeTimeSeriesMulti, notices)
	}
	out := make(data.Frames, 0, len(series))
	for i, s := range series {
		value := data.NewField(data.TimeSeriesValueFieldName, labels(s), values(s))
		value.Config = fieldConfig(s)
		f := data.NewFrame(s.Metric, data.NewField(data.TimeSeriesTimeFieldName, nil, s.Times), value)
		f.RefID = refID
		f.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
		if i == 0 {
			f.Meta.Notices = notices
		}
		out = append(out, f)
	}
	return out
}

// noData is the data plane's "no data" response: one frame of the type with no fields at all
// (grafana/dataplane contract-spec.md; Grafana's alerting reads only that as No Data, while a
// frame whose fields are empty is one unlabelled series without points, which a strict Reduce
// turns into NaN). The notices say why there is nothing.
func noData(refID string, typ data.FrameType, notices []data.Notice) data.Frames {
	f := data.NewFrame("")
	f.RefID = refID
	f.Meta = &data.FrameMeta{Type: typ, TypeVersion: data.FrameTypeVersion{0, 1}, Notices: notices}
	return data.Frames{f}
}

func labels(s metrics.Series) data.Labels {
	l := data.Labels{}
	if s.Currency != "" {
		l["currency"] = s.Currency
	}
	for k, v := range s.Labels {
		l[k] = v
	}
	if len(l) == 0 {
		return nil
	}
	return l
}

// values converts exact minor units into amounts only here, at the edge. Ratios are nullable: a
// bucket with nothing to divide by has no value (NaN in the series), not 0; so are amounts that
// mark such points (Series.Null: LTV while nobody churned).
func values(s metrics.Series) any {
	if s.Unit == metrics.UnitRatio {
		out := make([]*float64, len(s.Values))
		for i, v := range s.Values {
			if !math.IsNaN(v) {
				v := v
				out[i] = &v
			}
		}
		return out
	}
	if s.Unit != metrics.UnitMoney {
		return append([]float64(nil), s.Values...)
	}
	if s.Null != nil {
		out := make([]*float64, len(s.Minor))
		for i, m := range s.Minor {
			if !s.Null[i] {
				v := money.Amount(m, s.Currency)
				out[i] = &v
			}
		}
		return out
	}
	out := make([]float64, len(s.Minor))
	for i, m := range s.Minor {
		out[i] = money.Amount(m, s.Currency)
	}
	return out
}

func fieldConfig(s metrics.Series) *data.FieldConfig {
	c := &data.FieldConfig{DisplayNameFromDS: DisplayName(s)}
	switch s.Unit {
	case metrics.UnitMoney:
		c.Unit, c.Decimals = money.GrafanaUnit(s.Currency), moneyDecimals(s.Currency)
	case metrics.UnitRatio:
		c.Unit = "percentunit"
	case metrics.UnitCount:
		c.Unit = "short"
		zero := uint16(0)
		c.Decimals = &zero
	}
	return c
}

// moneyDecimals are the currency's decimals, as its amounts are shown.
func moneyDecimals(currency string) *uint16 {
	dec := uint16(money.Exponent(currency))
	return &dec
}

// DisplayName is the series name a person reads: "Net revenue (USD)", "Failed payments (EUR,
// insufficient_funds)", "Revenue (USD, Pro)". Labels that carry an id beside a name (product_id
// beside product) are for filtering and links, not for reading: they stay out of the name.
func DisplayName(s metrics.Series) string {
	var parts []string
	if s.Currency != "" {
		parts = append(parts, strings.ToUpper(s.Currency))
	}
	for _, k := range metrics.SortedKeys(s.Labels) {
		if strings.HasSuffix(k, "_id") {
			continue
		}
		parts = append(parts, s.Labels[k])
	}
	if len(parts) == 0 {
		return s.Name
	}
	return fmt.Sprintf("%s (%s)", s.Name, strings.Join(parts, ", "))
}
