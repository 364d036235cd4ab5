package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/money"
)

// TopCustomerRow is one line of the top customers table.
type TopCustomerRow struct {
	Customer, Name, Email, Currency string
	Net                             int64 // minor units
	Payments                        int
	First, Last                     int64 // Unix seconds
	// MRR is the customer's MRR now in Currency (minor units); nil when it could not be read.
	MRR *int64
}

// TopCustomersTable lists customers by what they paid, with a link to each in the Stripe
// Dashboard (dashboardURL as for the other tables).
func TopCustomersTable(refID string, rows []TopCustomerRow, dashboardURL string, notices ...data.Notice) data.Frames {
	n := len(rows)
	ids, names, emails, currencies, links := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	net := make([]float64, n)
	payments := make([]int64, n)
	first, last := make([]time.Time, n), make([]time.Time, n)
	mrr := make([]*float64, n)
	for i, r := range rows {
		ids[i], names[i], emails[i], currencies[i] = r.Customer, r.Name, r.Email, r.Currency
		net[i] = money.Amount(r.Net, r.Currency)
		payments[i] = int64(r.Payments)
		first[i], last[i] = time.Unix(r.First, 0).UTC(), time.Unix(r.Last, 0).UTC()
		if r.MRR != nil {
			v := money.Amount(*r.MRR, r.Currency)
			mrr[i] = &v
		}
		links[i] = dashboardURL + "customers/" + r.Customer
	}
	f := data.NewFrame("top_customers",
		linkedIDField("Customer", ids),
		data.NewField("Name", nil, names),
		data.NewField("Email", nil, emails),
		data.NewField("Currency", nil, currencies),
		data.NewField("Net paid", nil, net),
		data.NewField("Payments", nil, payments),
		data.NewField("First payment", nil, first),
		data.NewField("Last payment", nil, last),
		data.NewField("MRR now", nil, mrr),
		data.NewField(dashboardField, nil, links),
	)
	return table(f, refID, notices)
}
