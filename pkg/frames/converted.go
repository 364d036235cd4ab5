package frames

import (
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/money"
)

// ConvertedColumn is a table column of amounts converted into one currency (minor units, one per
// row in the table's order), named with the currency ("MRR (USD)") and formatted as it.
type ConvertedColumn struct {
	After string // the column it follows
	Name  string
	Minor []int64
}

// WithConvertedColumns adds converted columns to a one-frame table, each after the column it
// names, and the notices: the per-currency columns stay, so each row still says what Stripe holds.
func WithConvertedColumns(fs data.Frames, currency string, cols []ConvertedColumn, notices ...data.Notice) data.Frames {
	f := fs[0]
	for _, c := range cols {
		values := make([]float64, len(c.Minor))
		for i, v := range c.Minor {
			values[i] = money.Amount(v, currency)
		}
		field := data.NewField(c.Name+" ("+strings.ToUpper(currency)+")", nil, values)
		field.Config = &data.FieldConfig{Unit: money.GrafanaUnit(currency), Decimals: moneyDecimals(currency)}
		at := len(f.Fields)
		if _, i := f.FieldByName(c.After); i >= 0 {
			at = i + 1
		}
		f.Fields = append(f.Fields[:at], append([]*data.Field{field}, f.Fields[at:]...)...)
	}
	if len(notices) > 0 {
		f.AppendNotices(notices...)
	}
	return fs
}
