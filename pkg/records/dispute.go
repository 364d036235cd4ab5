package records

import stripe "github.com/stripe/stripe-go/v85"

// Dispute is one dispute (/v1/disputes), in the presentment currency of its charge.
type Dispute struct {
	ID          string
	Created     int64
	Currency    string
	Amount      int64
	Status      string
	Reason      string
	Charge      string
	DueBy       int64 // evidence_details.due_by; 0 when the network allows no response
	HasEvidence bool
	// ReinstatedAt is when the funds came back (the dispute_reversal balance transaction), the one
	// resolution the dispute object itself dates; 0 when there is none.
	ReinstatedAt int64
}

// FromDispute keeps what the dispute metrics and the open-disputes table use.
func FromDispute(d *stripe.Dispute) Dispute {
	r := Dispute{
		ID:       d.ID,
		Created:  d.Created,
		Currency: string(d.Currency),
		Amount:   d.Amount,
		Status:   string(d.Status),
		Reason:   string(d.Reason),
	}
	if d.Charge != nil {
		r.Charge = d.Charge.ID
	}
	if d.EvidenceDetails != nil {
		r.DueBy = d.EvidenceDetails.DueBy
		r.HasEvidence = d.EvidenceDetails.HasEvidence
	}
	for _, bt := range d.BalanceTransactions {
		if bt != nil && bt.ReportingCategory == "dispute_reversal" {
			r.ReinstatedAt = bt.Created
		}
	}
	return r.Interned()
}

// Open says whether the dispute still waits for a response or a decision (METRICS.md).
func (d Dispute) Open() bool {
	switch d.Status {
	case "warning_needs_response", "needs_response", "warning_under_review", "under_review":
		return true
	}
	return false
}

// NeedsResponse says whether the merchant still has to submit evidence.
func (d Dispute) NeedsResponse() bool {
	return d.Status == "needs_response" || d.Status == "warning_needs_response"
}
