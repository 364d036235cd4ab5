package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/money"
	"github.com/revops/stripe-datasource/pkg/records"
)

// OpenDisputesTable lists open disputes, earliest deadline first, with the time left to answer
// and a link to each dispute in the Stripe Dashboard. dashboardURL is the Dashboard's base for
// the key's mode (https://dashboard.stripe.com/ or .../test/).
func OpenDisputesTable(refID string, open []records.Dispute, now time.Time, dashboardURL string) data.Frames {
	n := len(open)
	ids, statuses, reasons, currencies, charges, links := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	amounts := make([]float64, n)
	created := make([]time.Time, n)
	due := make([]*time.Time, n)
	left := make([]*float64, n)
	evidence := make([]bool, n)
	for i, d := range open {
		ids[i], statuses[i], reasons[i], currencies[i], charges[i] = d.ID, d.Status, d.Reason, d.Currency, d.Charge
		amounts[i] = money.Amount(d.Amount, d.Currency)
		created[i] = time.Unix(d.Created, 0).UTC()
		evidence[i] = d.HasEvidence
		links[i] = dashboardURL + "disputes/" + d.ID
		if d.DueBy != 0 {
			t := time.Unix(d.DueBy, 0).UTC()
			due[i] = &t
			secs := t.Sub(now).Seconds()
			left[i] = &secs
		}
	}
	idField := linkedIDField("Dispute", ids)
	leftField := data.NewField("Time left", nil, left)
	leftField.Config = &data.FieldConfig{Unit: "s", Description: "Until the evidence is due; negative when the deadline has passed."}
	f := data.NewFrame("open_disputes",
		idField,
		data.NewField("Status", nil, statuses),
		data.NewField("Reason", nil, reasons),
		data.NewField("Amount", nil, amounts),
		data.NewField("Currency", nil, currencies),
		data.NewField("Opened", nil, created),
		data.NewField("Evidence due", nil, due),
		leftField,
		data.NewField("Evidence submitted", nil, evidence),
		data.NewField("Charge", nil, charges),
		data.NewField(dashboardField, nil, links),
	)
	f.RefID = refID
	return data.Frames{f}
}
