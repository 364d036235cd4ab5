package frames

import (
	"math"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/money"
)

// RevenueByProductTable lists revenue by product over the panel's range, per presentment
// currency, largest net first: what payments collected, what refunds gave back, the net and its
// share of the currency's net (null when that is 0), each product linked to the Stripe Dashboard
// (dashboardURL as for OpenDisputesTable; the rows of no product or invoice link nowhere).
func RevenueByProductTable(refID string, rows []metrics.ProductRevenueRow, dashboardURL string) data.Frames {
	n := len(rows)
	products, ids, currencies, links := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	paid, refunded, net := make([]float64, n), make([]float64, n), make([]float64, n)
	share := make([]*float64, n)
	for i, r := range rows {
		products[i], ids[i], currencies[i] = r.Product, r.ProductID, r.Currency
		paid[i], refunded[i], net[i] = money.Amount(r.Paid, r.Currency), money.Amount(r.Refunded, r.Currency), money.Amount(r.Net(), r.Currency)
		if !math.IsNaN(r.Share) {
			s := r.Share
			share[i] = &s
		}
		if r.ProductID != "" {
			links[i] = dashboardURL + "products/" + r.ProductID
		}
	}
	shareField := data.NewField("Share", nil, share)
	shareField.Config = &data.FieldConfig{Unit: "percentunit", Description: "Of the currency's net revenue in the range."}
	f := data.NewFrame("revenue_by_product",
		data.NewField("Product", nil, products),
		linkedIDField("Product id", ids),
		data.NewField("Currency", nil, currencies),
		data.NewField("Revenue", nil, paid),
		data.NewField("Refunds", nil, refunded),
		data.NewField("Net", nil, net),
		shareField,
		data.NewField(dashboardField, nil, links),
	)
	f.RefID = refID
	return data.Frames{f}
}
