package frames

import (
	"reflect"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Top customers: amounts in each currency's unit (KWD 3 decimals, JPY none), payments as
// integers, MRR null where it could not be read, a link per customer, notices kept.
func TestTopCustomersTable(t *testing.T) {
	mrr := int64(125000)
	rows := []TopCustomerRow{
		{Customer: "cus_1", Name: "Ada", Email: "ada@example.com", Currency: "kwd", Net: 12345, Payments: 3, First: 1782907200, Last: 1783000000, MRR: &mrr},
		{Customer: "cus_2", Currency: "jpy", Net: 5000, Payments: 1, First: 1782907300, Last: 1782907300},
	}
	fr := TopCustomersTable("T", rows, testDashboard, data.Notice{Text: "names need rak_customer_read"})
	if len(fr) != 1 || fr[0].Name != "top_customers" || fr[0].RefID != "T" {
		t.Fatalf("frames %+v", fr)
	}
	f := fr[0]
	checkColumns(t, f, []col{{"Customer", data.FieldTypeString}, {"Name", data.FieldTypeString}, {"Email", data.FieldTypeString},
		{"Currency", data.FieldTypeString}, {"Net paid", data.FieldTypeFloat64}, {"Payments", data.FieldTypeInt64},
		{"First payment", data.FieldTypeTime}, {"Last payment", data.FieldTypeTime}, {"MRR now", data.FieldTypeNullableFloat64},
		{"Stripe Dashboard", data.FieldTypeString}})
	checks := map[string][]any{
		"Net paid":         {12.345, 5000.0},
		"Payments":         {int64(3), int64(1)},
		"First payment":    {time.Unix(1782907200, 0).UTC(), time.Unix(1782907300, 0).UTC()},
		"MRR now":          {pfloat(125), (*float64)(nil)},
		"Stripe Dashboard": {testDashboard + "customers/cus_1", testDashboard + "customers/cus_2"},
	}
	for name, want := range checks {
		if got := cells(t, f, name); !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	checkDashboardLink(t, field(t, f, "Customer"))
	if f.Meta == nil || len(f.Meta.Notices) != 1 {
		t.Errorf("notices %+v", f.Meta)
	}
}
