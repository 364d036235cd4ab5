package records

import stripe "github.com/stripe/stripe-go/v85"

// DisputeClosing is Stripe's word that a dispute was decided: a charge.dispute.closed event. The
// dispute object itself carries no closing time, and Stripe keeps events for 30 days, so these
// date the decisions of the last 30 days exactly.
type DisputeClosing struct {
	Dispute string
	At      int64
	Status  string // won, lost or warning_closed
}

// FromDisputeClosedEvent reads a charge.dispute.closed event; ok is false for any other event or
// one whose data is not a dispute.
func FromDisputeClosedEvent(e *stripe.Event) (DisputeClosing, bool) {
	if e == nil || e.Type != "charge.dispute.closed" || e.Data == nil {
		return DisputeClosing{}, false
	}
	id, _ := e.Data.Object["id"].(string)
	status, _ := e.Data.Object["status"].(string)
	if id == "" {
		return DisputeClosing{}, false
	}
	return DisputeClosing{Dispute: id, At: e.Created, Status: status}, true
}
