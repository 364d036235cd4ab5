package frames

import (
	"fmt"
	"math"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/money"
)

// frameTypeHeatmapRows is the data plane's heatmap-rows type (the SDK has no constant for it; the
// data plane's contract has it at version 0.0, unstable):
// Grafana's heatmap panel reads the first field as x and every later number field as one y
// bucket, in field order, named by the field.
const frameTypeHeatmapRows = data.FrameType("heatmap-rows")

// offsetName names a month offset column: Month 0 is the cohort's own month.
func offsetName(k int) string { return fmt.Sprintf("Month %d", k) }

// retainedField is one offset's shares, null where there is no value (a month not reached yet,
// a cohort of nobody), shown as percentages.
func retainedField(k int, rows []metrics.CohortRow, labels data.Labels) *data.Field {
	vals := make([]*float64, len(rows))
	for i, r := range rows {
		if v := r.Retained[k]; !math.IsNaN(v) {
			vals[i] = &v
		}
	}
	f := data.NewField(offsetName(k), labels, vals)
	f.Config = &data.FieldConfig{Unit: "percentunit"}
	return f
}

// CohortTable is cohort retention as a table: one row per cohort (revenue: per cohort and
// currency, with the cohort's MRR at the end of its month), its size, then Month 0..months.
func CohortTable(refID string, rows []metrics.CohortRow, months int, revenue bool, notices ...data.Notice) data.Frames {
	n := len(rows)
	cohorts, sizes := make([]time.Time, n), make([]int64, n)
	currencies, start := make([]string, n), make([]float64, n)
	for i, r := range rows {
		cohorts[i], sizes[i], currencies[i] = r.Month, int64(r.Size), r.Currency
		start[i] = money.Amount(r.StartMRR, r.Currency)
	}
	fields := []*data.Field{data.NewField("Cohort", nil, cohorts)}
	fields[0].Config = &data.FieldConfig{Description: "The month in which the customers' MRR first became > 0, in the query's time zone."}
	if revenue {
		fields = append(fields, data.NewField("Currency", nil, currencies))
	}
	fields = append(fields, data.NewField("Customers", nil, sizes))
	if revenue {
		f := data.NewField("Starting MRR", nil, start)
		f.Config = &data.FieldConfig{Description: "The cohort's MRR at the end of its first month, in the row's currency: what each month is compared with."}
		fields = append(fields, f)
	}
	for k := 0; k <= months; k++ {
		fields = append(fields, retainedField(k, rows, nil))
	}
	return table(data.NewFrame("cohort_retention", fields...), refID, notices)
}

// CohortHeatmap is cohort retention as heatmap-rows frames for Grafana's heatmap panel: x the
// cohort month, one y bucket per month offset, the share retained as the cell's value. Logo
// retention is one frame; revenue retention one frame per currency (label currency), as the
// panel draws one frame at a time: choose the currency with the query's currencies.
func CohortHeatmap(refID string, rows []metrics.CohortRow, months int, notices ...data.Notice) data.Frames {
	var order []string
	by := map[string][]metrics.CohortRow{}
	for _, r := range rows {
		if _, ok := by[r.Currency]; !ok {
			order = append(order, r.Currency)
		}
		by[r.Currency] = append(by[r.Currency], r)
	}
	if len(order) == 0 {
		return noData(refID, frameTypeHeatmapRows, notices)
	}
	out := make(data.Frames, 0, len(order))
	for i, cur := range order {
		rs := by[cur]
		var labels data.Labels
		if cur != "" {
			labels = data.Labels{"currency": cur}
		}
		cohorts := make([]time.Time, len(rs))
		for j, r := range rs {
			cohorts[j] = r.Month
		}
		fields := []*data.Field{data.NewField("Cohort", nil, cohorts)}
		for k := 0; k <= months; k++ {
			fields = append(fields, retainedField(k, rs, labels))
		}
		f := data.NewFrame("cohort_retention", fields...)
		f.RefID = refID
		f.Meta = &data.FrameMeta{Type: frameTypeHeatmapRows, TypeVersion: data.FrameTypeVersion{0, 0}}
		if i == 0 {
			f.Meta.Notices = notices
		}
		out = append(out, f)
	}
	return out
}
