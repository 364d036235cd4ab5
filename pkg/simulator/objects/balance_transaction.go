package objects

// BalanceTransaction is a balance_transaction (shapes doc §3). It has no livemode member.
//
// Size: 216 bytes (TestObjectSizes guards it) plus the id and description bytes and one FeeDetail (72 bytes) per fee row; the
// enum strings should be Go constants or literals so their bytes are shared.
type BalanceTransaction struct {
	ID                string                `json:"id"`
	Object            TagBalanceTransaction `json:"object"`
	Amount            int64                 `json:"amount"`
	AvailableOn       int64                 `json:"available_on"`
	BalanceType       string                `json:"balance_type"` // payments | issuing | refund_and_dispute_prefunding | risk_reserved
	Created           int64                 `json:"created"`
	Currency          string                `json:"currency"`
	Description       NullString            `json:"description"`
	ExchangeRate      *float64              `json:"exchange_rate"`
	Fee               int64                 `json:"fee"`
	FeeDetails        Array[FeeDetail]      `json:"fee_details"`
	Net               int64                 `json:"net"`
	ReportingCategory string                `json:"reporting_category"`
	// Source [E] is the ID of the charge, refund, dispute or payout that moved the money, or "" (null).
	Source NullString `json:"source"`
	Status string     `json:"status"` // available | pending
	Type   string     `json:"type"`

	// PayoutID is not part of the JSON: it names the automatic payout that paid this transaction
	// out, which is what GET /v1/balance_transactions?payout=po_... filters on. The generator sets
	// it (including on the payout's own transaction, as Stripe lists that one too).
	PayoutID string `json:"-"`
}

// FeeDetail is one entry of balance_transaction.fee_details.
type FeeDetail struct {
	Amount      int64      `json:"amount"`
	Application NullString `json:"application"`
	Currency    string     `json:"currency"`
	Description NullString `json:"description"`
	Type        string     `json:"type"` // stripe_fee | application_fee | payment_method_passthrough_fee | tax | withheld_tax
}
