package frames

import (
	"math"
	"reflect"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/metrics"
)

// Revenue by product: amounts in each currency's unit (JPY 0, KWD 3 decimals), the share as a
// nullable ratio, a link per product and none for the rows that are no product.
func TestRevenueByProductTable(t *testing.T) {
	rows := []metrics.ProductRevenueRow{
		{Product: "Pro", ProductID: "prod_1", Currency: "jpy", RevenueCell: metrics.RevenueCell{Paid: 5000, Refunded: 1000}, Share: 0.8},
		{Product: metrics.NoInvoice, Currency: "jpy", RevenueCell: metrics.RevenueCell{Paid: 1000}, Share: 0.2},
		{Product: "Team", ProductID: "prod_2", Currency: "kwd", RevenueCell: metrics.RevenueCell{Paid: 1250, Refunded: 1250}, Share: math.NaN()},
	}
	fr := RevenueByProductTable("T", rows, testDashboard)
	if len(fr) != 1 || fr[0].Name != "revenue_by_product" || fr[0].RefID != "T" {
		t.Fatalf("frames %+v", fr)
	}
	f := fr[0]
	checkColumns(t, f, []col{{"Product", data.FieldTypeString}, {"Product id", data.FieldTypeString}, {"Currency", data.FieldTypeString},
		{"Revenue", data.FieldTypeFloat64}, {"Refunds", data.FieldTypeFloat64}, {"Net", data.FieldTypeFloat64},
		{"Share", data.FieldTypeNullableFloat64}, {"Stripe Dashboard", data.FieldTypeString}})
	checks := map[string][]any{
		"Product":          {"Pro", "(no invoice)", "Team"},
		"Product id":       {"prod_1", "", "prod_2"},
		"Revenue":          {5000.0, 1000.0, 1.25},
		"Refunds":          {1000.0, 0.0, 1.25},
		"Net":              {4000.0, 1000.0, 0.0},
		"Share":            {pfloat(0.8), pfloat(0.2), (*float64)(nil)},
		"Stripe Dashboard": {testDashboard + "products/prod_1", "", testDashboard + "products/prod_2"},
	}
	for name, want := range checks {
		if got := cells(t, f, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if c := field(t, f, "Share").Config; c == nil || c.Unit != "percentunit" {
		t.Errorf("Share config %+v", c)
	}
	checkDashboardLink(t, field(t, f, "Product id"))
}
