package mrr

import (
	"fmt"

	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/money"
)

// ChurnEvents marks each churn movement (a customer's MRR in a currency falling to 0) whose lost
// MRR passes the filter's minimum, linked to the customer in the Stripe Dashboard.
func ChurnEvents(movs []Movement, f metrics.EventFilter) []metrics.Event {
	var out []metrics.Event
	for _, m := range movs {
		if m.Kind != MoveChurn || !f.Keeps(m.At, m.Before, m.Currency) {
			continue
		}
		out = append(out, metrics.Event{Time: m.At, Title: "Churn: " + money.Format(m.Before, m.Currency) + " MRR",
			Text: fmt.Sprintf("Customer %s went from %s MRR to 0 (subscription %s).", m.Customer, money.Format(m.Before, m.Currency), m.Subscription),
			Tags: []string{"churn", m.Currency}, Link: "customers/" + m.Customer})
	}
	return metrics.ByTime(out)
}
