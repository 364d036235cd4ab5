package frames

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/money"
	"github.com/revops/stripe-datasource/pkg/records"
)

// FailedPaymentsTable lists failed payment attempts, newest first, each with a link to the
// payment in the Stripe Dashboard (dashboardURL as for OpenDisputesTable).
func FailedPaymentsTable(refID string, failed []records.Charge, dashboardURL string) data.Frames {
	n := len(failed)
	created := make([]time.Time, n)
	amounts := make([]float64, n)
	cur, customers, reasons, outcomes, codes, methods, ids, links := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, c := range failed {
		created[i] = time.Unix(c.Created, 0).UTC()
		amounts[i] = money.Amount(c.Amount, c.Currency)
		cur[i], customers[i], reasons[i], outcomes[i] = c.Currency, c.Customer, c.FailureReason(), c.OutcomeType
		codes[i], methods[i], ids[i] = c.FailureCode, c.PaymentMethodType, c.ID
		links[i] = dashboardURL + "payments/" + c.ID
	}
	idField := linkedIDField("Charge", ids)
	f := data.NewFrame("failed_payments",
		data.NewField("Time", nil, created),
		data.NewField("Amount", nil, amounts),
		data.NewField("Currency", nil, cur),
		data.NewField("Customer", nil, customers),
		data.NewField("Reason", nil, reasons),
		data.NewField("Outcome", nil, outcomes),
		data.NewField("Failure code", nil, codes),
		data.NewField("Payment method", nil, methods),
		idField,
		data.NewField(dashboardField, nil, links),
	)
	f.RefID = refID
	return data.Frames{f}
}
