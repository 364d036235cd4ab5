package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/money"
)

// SubscriptionRow is one line of the subscriptions table.
type SubscriptionRow struct {
	ID, Customer, Status, Currency string
	MRR                            int64 // minor units, now
}

// SubscriptionsTable lists subscriptions with their MRR contribution now and a link to each in
// the Stripe Dashboard (dashboardURL is the Dashboard's base for the key's mode).
func SubscriptionsTable(refID string, rows []SubscriptionRow, dashboardURL string, notices ...data.Notice) data.Frames {
	n := len(rows)
	ids, customers, statuses, currencies, links := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	mrr := make([]float64, n)
	for i, r := range rows {
		ids[i], customers[i], statuses[i], currencies[i] = r.ID, r.Customer, r.Status, r.Currency
		mrr[i] = money.Amount(r.MRR, r.Currency)
		links[i] = dashboardURL + "subscriptions/" + r.ID
	}
	f := data.NewFrame("subscriptions",
		linkedIDField("Subscription", ids),
		data.NewField("Customer", nil, customers),
		data.NewField("Status", nil, statuses),
		data.NewField("Currency", nil, currencies),
		data.NewField("MRR", nil, mrr),
		data.NewField(dashboardField, nil, links),
	)
	return table(f, refID, notices)
}

// MovementRow is one line of the MRR movements table.
type MovementRow struct {
	At                                     time.Time
	Customer, Subscription, Kind, Currency string
	Before, After                          int64 // minor units
}

// MovementsTable lists MRR movements: when, customer, subscription, type, MRR before and after.
func MovementsTable(refID string, rows []MovementRow, notices ...data.Notice) data.Frames {
	n := len(rows)
	when := make([]time.Time, n)
	customers, subs, kinds, currencies := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	before, after := make([]float64, n), make([]float64, n)
	for i, r := range rows {
		when[i], customers[i], subs[i], kinds[i], currencies[i] = r.At, r.Customer, r.Subscription, r.Kind, r.Currency
		before[i], after[i] = money.Amount(r.Before, r.Currency), money.Amount(r.After, r.Currency)
	}
	f := data.NewFrame("mrr_movements",
		data.NewField("When", nil, when),
		data.NewField("Customer", nil, customers),
		data.NewField("Subscription", nil, subs),
		data.NewField("Movement", nil, kinds),
		data.NewField("Currency", nil, currencies),
		data.NewField("MRR before", nil, before),
		data.NewField("MRR after", nil, after),
	)
	return table(f, refID, notices)
}

func table(f *data.Frame, refID string, notices []data.Notice) data.Frames {
	f.RefID = refID
	if len(notices) > 0 {
		f.AppendNotices(notices...)
	}
	return data.Frames{f}
}
