package generator

import (
	"strings"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// balanceTransaction renders a ledger entry with its status at Now.
func (r *renderer) balanceTransaction(e *LedgerEntry) objects.BalanceTransaction {
	m := r.m
	bt := objects.BalanceTransaction{
		ID: e.ID, Amount: e.Amount, AvailableOn: e.AvailableOn, BalanceType: "payments", Created: e.Created,
		Currency: e.Currency, Fee: e.Fee, Net: e.Net(), ReportingCategory: e.Kind.Category(), Type: e.Kind.Type(e.BankDebit),
		Status: "available",
	}
	if e.AvailableOn > r.now {
		bt.Status = "pending"
	}
	if e.ExchangeRate != 0 {
		bt.ExchangeRate = objects.Float64(e.ExchangeRate)
	}
	if e.Payout >= 0 {
		bt.PayoutID = m.Payouts[e.Payout].ID
	}
	feeDesc := "Stripe processing fees"
	switch e.Kind {
	case LedgerCharge:
		c := &m.Charges[e.Source]
		bt.Source, bt.Description = objects.NullString(c.ID), objects.NullString(c.Description)
	case LedgerChargeFailure:
		c := &m.Charges[e.Source]
		bt.Source, bt.Description = objects.NullString(c.ID), "Payment failure refund for "+objects.NullString(c.ID)
	case LedgerCaptureReversal:
		c := &m.Charges[e.Source]
		bt.Source, bt.Description = objects.NullString(c.ID), "Partial capture reversal for "+objects.NullString(c.ID)
	case LedgerRefund:
		rf := &m.Refunds[e.Source]
		bt.Source, bt.Description = objects.NullString(rf.ID), "REFUND FOR CHARGE ("+objects.NullString(m.Charges[rf.Charge].Description)+")"
	case LedgerDispute:
		d := &m.Disputes[e.Source]
		bt.Source, bt.Description = objects.NullString(d.ID), "Chargeback withdrawal for "+objects.NullString(m.Charges[d.Charge].ID)
		feeDesc = "Dispute fee"
	case LedgerDisputeReversal:
		d := &m.Disputes[e.Source]
		bt.Source, bt.Description = objects.NullString(d.ID), "Chargeback reversal for "+objects.NullString(m.Charges[d.Charge].ID)
	case LedgerBillingFee:
		bt.Description = objects.NullString(m.AccountFees[e.Source].Description)
	case LedgerPayout:
		bt.Source, bt.Description = objects.NullString(m.Payouts[e.Source].ID), "STRIPE PAYOUT"
	}
	if e.Fee != 0 {
		bt.FeeDetails = objects.Array[objects.FeeDetail]{{Amount: e.Fee, Currency: e.Currency, Description: objects.NullString(feeDesc), Type: "stripe_fee"}}
	}
	return bt
}

// outcome returns the shared outcome value for a decline and risk score.
func (r *renderer) outcome(c *Charge, status string) *objects.ChargeOutcome {
	k := outcomeKey{decline: c.Decline, risk: c.RiskScore, pending: status == "pending"}
	if status == "pending" || status == "succeeded" {
		k.decline = 0
	}
	if o, ok := r.outcomes[k]; ok {
		return o
	}
	d := Declines[k.decline]
	o := &objects.ChargeOutcome{
		AdviceCode: objects.NullString(d.AdviceCode), NetworkStatus: objects.NullString(d.NetworkStatus),
		Reason: objects.NullString(d.Reason), RiskLevel: d.RiskLevel, SellerMessage: objects.NullString(d.SellerMessage), Type: d.OutcomeType,
	}
	if d.RiskLevel != "not_assessed" {
		o.RiskScore = objects.Int64(k.risk)
	}
	if k.pending {
		o.SellerMessage, o.RiskLevel, o.RiskScore = "The bank debit is being processed.", "not_assessed", nil
	}
	r.outcomes[k] = o
	return o
}

// payer is the charge's customer side: one shared value per customer and payment method (the
// customer's card, or a bank debit).
func (r *renderer) payer(c *Charge) *objects.ChargePayer {
	k := 2*int(c.Customer) + c.Method
	if p := r.payers[k]; p != nil {
		return p
	}
	cust := &r.m.Customers[c.Customer]
	details := r.bankDetails
	if c.Method != MethodBankDebit {
		card := &cust.Card
		details = &objects.PaymentMethodDetails{Type: "card", Card: &objects.CardDetails{
			Brand: objects.NullString(card.Brand), Country: objects.NullString(card.Country), ExpMonth: card.ExpMonth, ExpYear: card.ExpYear,
			Fingerprint: objects.NullString(strings.ToLower(card.PaymentMethod[len(card.PaymentMethod)-16:])), Funding: objects.NullString(card.Funding),
			Last4: objects.NullString(card.Last4), Network: objects.NullString(card.Brand), RegulatedStatus: "unregulated",
		}}
	}
	p := &objects.ChargePayer{
		BillingDetails: objects.BillingDetails{Email: objects.NullString(cust.Email), Name: objects.NullString(cust.Name)},
		Customer:       objects.NullString(cust.ID), PaymentMethod: objects.NullString(cust.Card.PaymentMethod),
		PaymentMethodDetails: details, ReceiptEmail: objects.NullString(cust.Email),
	}
	r.payers[k] = p
	return p
}

// chargeMore is the members a charge shares with every other charge of its outcome: the
// statement descriptor, and a failed charge's failure code and message (decline 0 = not failed).
func (r *renderer) chargeMore(decline int) *objects.ChargeMore {
	if m := r.chargeMores[decline]; m != nil {
		return m
	}
	m := &objects.ChargeMore{CalculatedStatementDescriptor: "SIMSAAS"}
	if decline != 0 {
		d := Declines[decline]
		m.FailureCode, m.FailureMessage = objects.NullString(d.FailureCode), objects.NullString(d.FailureMessage)
	}
	r.chargeMores[decline] = m
	return m
}

// charge renders a charge as it is at instant at.
func (r *renderer) charge(ci int32, at int64) objects.Charge {
	m := r.m
	c := &m.Charges[ci]
	status := c.StatusAt(at)
	o := objects.Charge{
		ID: c.ID, Amount: c.Amount, BalanceTransaction: objects.NullString(c.BalanceTxn), Created: c.Created, Currency: c.Currency,
		Description: objects.NullString(c.Description), Outcome: r.outcome(c, status), PaymentIntent: objects.NullString(c.PaymentIntent),
		Status: status, Payer: r.payer(c), More: r.chargeMore(0),
	}
	switch status {
	case "succeeded":
		o.Paid, o.Captured, o.AmountCaptured = true, true, c.AmountCaptured
		o.ReceiptURLFromID = true // derived when marshalled
	case "pending":
		o.Captured, o.AmountCaptured = true, c.AmountCaptured
	case "failed":
		o.More = r.chargeMore(c.Decline)
		if c.FailureTxn != "" && c.ResolvedAt <= at {
			o.FailureBalanceTransaction = objects.NullString(c.FailureTxn)
		}
	}
	for _, ri := range c.Refunds {
		if m.Refunds[ri].Created <= at {
			o.AmountRefunded += m.Refunds[ri].Amount
		}
	}
	o.Refunded = o.AmountRefunded > 0 && o.AmountRefunded == c.AmountCaptured
	if c.Dispute >= 0 && m.Disputes[c.Dispute].Created <= at {
		o.Disputed = true
	}
	return o
}

func (r *renderer) refund(ri int32) objects.Refund {
	m := r.m
	rf := &m.Refunds[ri]
	c := &m.Charges[rf.Charge]
	return objects.Refund{
		ID: rf.ID, Amount: rf.Amount, BalanceTransaction: objects.NullString(rf.BalanceTxn), Charge: objects.NullString(c.ID),
		Created: rf.Created, Currency: c.Currency, Customer: objects.NullString(m.Customers[c.Customer].ID),
		PaymentIntent: objects.NullString(c.PaymentIntent), PaymentMethod: objects.NullString(m.Customers[c.Customer].Card.PaymentMethod),
		Reason: objects.NullString(rf.Reason), Status: "succeeded",
	}
}

// networkReasonCodes are Visa's reason codes for the dispute reasons the generator uses.
var networkReasonCodes = map[string]string{
	"fraudulent": "10.4", "product_not_received": "13.1", "subscription_canceled": "13.2", "duplicate": "12.6.1",
	"credit_not_processed": "13.6", "unrecognized": "10.4", "general": "13.7", "product_unacceptable": "13.3",
}

// dispute renders a dispute as it is at instant at, with the balance transactions made by then.
func (r *renderer) dispute(di int32, at int64) objects.Dispute {
	m := r.m
	d := &m.Disputes[di]
	c := &m.Charges[d.Charge]
	status := d.StatusAt(at)
	o := objects.Dispute{
		ID: d.ID, Amount: d.Amount, Charge: c.ID, Created: d.Created, Currency: d.Currency,
		PaymentIntent: objects.NullString(c.PaymentIntent), Reason: d.Reason, Status: status,
		EvidenceDetails: objects.DisputeEvidenceDetails{DueBy: i64(d.DueBy)},
	}
	if d.EvidenceAt != 0 && d.EvidenceAt <= at {
		o.EvidenceDetails.HasEvidence, o.EvidenceDetails.SubmissionCount = true, 1
	} else if at > d.DueBy {
		o.EvidenceDetails.PastDue = true
	}
	caseType := "chargeback"
	if d.Inquiry {
		caseType = "inquiry"
	}
	card := &m.Customers[c.Customer].Card
	o.PaymentMethodDetails = &objects.DisputePaymentMethodDetails{Type: "card", Card: &objects.DisputeCardDetails{
		Brand: card.Brand, CaseType: caseType, Network: card.Brand, NetworkReasonCode: objects.NullString(networkReasonCodes[d.Reason]),
	}}
	for _, li := range r.ledgerOf[ledgerRef{LedgerDispute, di}] {
		if e := &m.Ledger[li]; e.Created <= at {
			o.BalanceTransactions = append(o.BalanceTransactions, r.balanceTransaction(e))
		}
	}
	return o
}

func (r *renderer) payout(pi int32, at int64) objects.Payout {
	p := &r.m.Payouts[pi]
	o := objects.Payout{
		ID: p.ID, Amount: p.Amount, ArrivalDate: p.ArrivalDate, Automatic: true, BalanceTransaction: objects.NullString(p.BalanceTxn),
		Created: p.Created, Currency: p.Currency, Description: "STRIPE PAYOUT", Destination: objects.NullString("ba_1" + r.m.AccountID[6:14] + strings.ToUpper(p.Currency)),
		Method: "standard", ReconciliationStatus: "completed", SourceType: "card", Status: "paid", Type: "bank_account",
		TraceID: &objects.PayoutTraceID{Status: "supported", Value: objects.NullString("TRACE" + p.ID[len(p.ID)-12:])},
	}
	if p.ArrivalDate > at {
		o.Status, o.ReconciliationStatus = "in_transit", "in_progress"
		o.TraceID = &objects.PayoutTraceID{Status: "pending"}
	}
	return o
}
