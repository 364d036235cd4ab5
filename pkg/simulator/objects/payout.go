package objects

// Payout is a payout (shapes doc §15). Its own balance transaction has a negative amount.
type Payout struct {
	ID                        string         `json:"id"`
	Object                    TagPayout      `json:"object"`
	Amount                    int64          `json:"amount"`
	ApplicationFee            Null           `json:"application_fee"`
	ApplicationFeeAmount      Null           `json:"application_fee_amount"`
	ArrivalDate               int64          `json:"arrival_date"`
	Automatic                 bool           `json:"automatic"`
	BalanceTransaction        NullString     `json:"balance_transaction"` // [E] txn_...
	Created                   int64          `json:"created"`
	Currency                  string         `json:"currency"`
	Description               NullString     `json:"description"`
	Destination               NullString     `json:"destination"`                 // [E] ba_... (not served)
	FailureBalanceTransaction NullString     `json:"failure_balance_transaction"` // [E] txn_...
	FailureCode               NullString     `json:"failure_code"`
	FailureMessage            NullString     `json:"failure_message"`
	Livemode                  bool           `json:"livemode"`
	Metadata                  Metadata       `json:"metadata"`
	Method                    string         `json:"method"`          // standard | instant
	OriginalPayout            NullString     `json:"original_payout"` // [E] po_...
	PayoutMethod              Null           `json:"payout_method"`
	ReconciliationStatus      string         `json:"reconciliation_status"` // completed | in_progress | not_applicable
	ReversedBy                NullString     `json:"reversed_by"`           // [E] po_...
	SourceType                string         `json:"source_type"`           // card | bank_account | fpx
	StatementDescriptor       NullString     `json:"statement_descriptor"`
	Status                    string         `json:"status"` // paid | pending | in_transit | canceled | failed
	TraceID                   *PayoutTraceID `json:"trace_id"`
	Type                      string         `json:"type"` // bank_account | card
}

// PayoutTraceID is payout.trace_id.
type PayoutTraceID struct {
	Status string     `json:"status"` // pending | supported | unsupported
	Value  NullString `json:"value"`
}
