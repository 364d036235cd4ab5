package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/money"
	"github.com/revops/stripe-datasource/pkg/records"
)

// RefundsTable lists refunds, newest first, as the ledger booked them (settlement currency),
// each linked to the refunded payment in the Stripe Dashboard (dashboardURL as for
// OpenDisputesTable).
func RefundsTable(refID string, refunds []records.Refund, dashboardURL string) data.Frames {
	n := len(refunds)
	created := make([]time.Time, n)
	amounts := make([]float64, n)
	cur, reasons, statuses, ids, charges, links := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range refunds {
		created[i] = time.Unix(r.Created, 0).UTC()
		amounts[i] = money.Amount(r.Amount, r.Currency)
		cur[i], reasons[i], statuses[i], ids[i], charges[i] = r.Currency, r.Reason, r.Status, r.ID, r.Charge
		if r.Charge != "" {
			links[i] = dashboardURL + "payments/" + r.Charge
		}
	}
	f := data.NewFrame("refunds",
		data.NewField("Time", nil, created),
		data.NewField("Amount", nil, amounts),
		data.NewField("Currency", nil, cur),
		data.NewField("Reason", nil, reasons),
		data.NewField("Status", nil, statuses),
		data.NewField("Refund", nil, ids),
		linkedIDField("Charge", charges),
		data.NewField(dashboardField, nil, links),
	)
	f.RefID = refID
	return data.Frames{f}
}
