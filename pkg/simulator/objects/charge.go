package objects

import "encoding/json"

// Charge is a charge (shapes doc §4). refunds is includable: the server adds it on expand[]=refunds
// from the store's refunds for this charge; it is never marshalled from this struct.
//
// The struct holds the members that differ from charge to charge; the rest live in two values
// many charges share: Payer (the customer's members) and More (members that are the same for
// most charges, or null). A nil Payer or More marshals as all its members null. A large account
// holds over a million charges; sharing saves more than half of each. Outcome, Payer and More
// (and Payer's PaymentMethodDetails) may be shared: do not mutate them. The JSON is chargeJSON's:
// every member in Stripe's order.
type Charge struct {
	ID                        string
	Amount                    int64
	AmountCaptured            int64
	AmountRefunded            int64
	BalanceTransaction        NullString // [E] txn_...
	Created                   int64
	Currency                  string
	Description               NullString
	FailureBalanceTransaction NullString // [E] txn_...
	Outcome                   *ChargeOutcome
	PaymentIntent             NullString // [E] pi_... (not served: the plugin does not read payment intents)
	ReceiptURL                NullString
	Status                    string // succeeded | pending | failed
	Captured                  bool
	Disputed                  bool
	Livemode                  bool
	Paid                      bool
	Refunded                  bool
	// ReceiptURLFromID, when set (and ReceiptURL is empty), derives receipt_url from the id when
	// marshalling (ChargeReceiptURL), instead of holding a long unique string per charge.
	ReceiptURLFromID bool
	Payer            *ChargePayer
	More             *ChargeMore
}

// ChargePayer is the customer's side of a charge, shared by the customer's charges.
type ChargePayer struct {
	BillingDetails       BillingDetails
	Customer             NullString // [E] cus_...
	PaymentMethod        NullString // plain ID
	PaymentMethodDetails *PaymentMethodDetails
	ReceiptEmail         NullString
}

// ChargeMore are members most charges share or leave null (the generator shares one value per
// failure reason).
type ChargeMore struct {
	CalculatedStatementDescriptor NullString
	FailureCode                   NullString
	FailureMessage                NullString
	Metadata                      Metadata
	ReceiptNumber                 NullString
	StatementDescriptor           NullString
	StatementDescriptorSuffix     NullString
	TransferGroup                 NullString
}

// CustomerID is the charge's customer ("" = none).
func (c *Charge) CustomerID() NullString {
	if c.Payer == nil {
		return ""
	}
	return c.Payer.Customer
}

// chargeJSON is the charge as Stripe sends it: every member, in order.
type chargeJSON struct {
	ID                            string                `json:"id"`
	Object                        TagCharge             `json:"object"`
	Amount                        int64                 `json:"amount"`
	AmountCaptured                int64                 `json:"amount_captured"`
	AmountRefunded                int64                 `json:"amount_refunded"`
	Application                   Null                  `json:"application"`
	ApplicationFee                Null                  `json:"application_fee"`
	ApplicationFeeAmount          Null                  `json:"application_fee_amount"`
	BalanceTransaction            NullString            `json:"balance_transaction"`
	BillingDetails                BillingDetails        `json:"billing_details"`
	CalculatedStatementDescriptor NullString            `json:"calculated_statement_descriptor"`
	Captured                      bool                  `json:"captured"`
	Created                       int64                 `json:"created"`
	Currency                      string                `json:"currency"`
	Customer                      NullString            `json:"customer"`
	Description                   NullString            `json:"description"`
	Disputed                      bool                  `json:"disputed"`
	FailureBalanceTransaction     NullString            `json:"failure_balance_transaction"`
	FailureCode                   NullString            `json:"failure_code"`
	FailureMessage                NullString            `json:"failure_message"`
	FraudDetails                  EmptyObject           `json:"fraud_details"`
	Livemode                      bool                  `json:"livemode"`
	Metadata                      Metadata              `json:"metadata"`
	OnBehalfOf                    Null                  `json:"on_behalf_of"`
	Outcome                       *ChargeOutcome        `json:"outcome"`
	Paid                          bool                  `json:"paid"`
	PaymentIntent                 NullString            `json:"payment_intent"`
	PaymentMethod                 NullString            `json:"payment_method"`
	PaymentMethodDetails          *PaymentMethodDetails `json:"payment_method_details"`
	ReceiptEmail                  NullString            `json:"receipt_email"`
	ReceiptNumber                 NullString            `json:"receipt_number"`
	ReceiptURL                    NullString            `json:"receipt_url"`
	Refunded                      bool                  `json:"refunded"`
	Review                        Null                  `json:"review"`
	Shipping                      Null                  `json:"shipping"`
	// Source is deprecated (absent from spec3.json) but still sent by real accounts and required in
	// the SDK spec; always null for PaymentIntent-era charges.
	Source                    Null       `json:"source"`
	SourceTransfer            Null       `json:"source_transfer"`
	StatementDescriptor       NullString `json:"statement_descriptor"`
	StatementDescriptorSuffix NullString `json:"statement_descriptor_suffix"`
	Status                    string     `json:"status"`
	TransferData              Null       `json:"transfer_data"`
	TransferGroup             NullString `json:"transfer_group"`
}

// ChargeReceiptURL is the receipt_url of a paid charge.
func ChargeReceiptURL(chargeID string) NullString {
	return NullString("https://pay.stripe.com/receipts/payment/" + chargeID)
}

// MarshalJSON writes the charge with its shared members in place.
func (c Charge) MarshalJSON() ([]byte, error) {
	w := c.wire()
	return json.Marshal(&w)
}

// wire is the charge as it is marshalled.
func (c *Charge) wire() chargeJSON {
	w := chargeJSON{
		ID: c.ID, Amount: c.Amount, AmountCaptured: c.AmountCaptured, AmountRefunded: c.AmountRefunded,
		BalanceTransaction: c.BalanceTransaction, Captured: c.Captured, Created: c.Created, Currency: c.Currency,
		Description: c.Description, Disputed: c.Disputed, FailureBalanceTransaction: c.FailureBalanceTransaction,
		Livemode: c.Livemode, Outcome: c.Outcome, Paid: c.Paid, PaymentIntent: c.PaymentIntent, ReceiptURL: c.ReceiptURL,
		Refunded: c.Refunded, Status: c.Status,
	}
	if c.ReceiptURLFromID && c.ReceiptURL == "" {
		w.ReceiptURL = ChargeReceiptURL(c.ID)
	}
	if p := c.Payer; p != nil {
		w.BillingDetails, w.Customer, w.PaymentMethod = p.BillingDetails, p.Customer, p.PaymentMethod
		w.PaymentMethodDetails, w.ReceiptEmail = p.PaymentMethodDetails, p.ReceiptEmail
	}
	if m := c.More; m != nil {
		w.CalculatedStatementDescriptor, w.FailureCode, w.FailureMessage = m.CalculatedStatementDescriptor, m.FailureCode, m.FailureMessage
		w.Metadata, w.ReceiptNumber, w.StatementDescriptor = m.Metadata, m.ReceiptNumber, m.StatementDescriptor
		w.StatementDescriptorSuffix, w.TransferGroup = m.StatementDescriptorSuffix, m.TransferGroup
	}
	return w
}

// ChargeOutcome is charge.outcome.
type ChargeOutcome struct {
	AdviceCode         NullString `json:"advice_code"` // confirm_card_data | do_not_try_again | try_again_later
	NetworkAdviceCode  NullString `json:"network_advice_code"`
	NetworkDeclineCode NullString `json:"network_decline_code"`
	NetworkStatus      NullString `json:"network_status"` // approved_by_network | declined_by_network | not_sent_to_network | reversed_after_approval
	Reason             NullString `json:"reason"`
	RiskLevel          string     `json:"risk_level,omitempty"` // Radar only: normal | elevated | highest | not_assessed | unknown
	RiskScore          *int64     `json:"risk_score,omitempty"` // Radar only: 0..100
	Rule               string     `json:"rule,omitempty"`       // [E] present only when a rule matched
	SellerMessage      NullString `json:"seller_message"`
	Type               string     `json:"type"` // authorized | manual_review | issuer_declined | blocked | invalid
}

// PaymentMethodDetails is charge.payment_method_details; the simulator only makes card payments.
type PaymentMethodDetails struct {
	Card *CardDetails `json:"card,omitempty"`
	Type string       `json:"type"` // card
}

// CardDetails is payment_method_details.card.
type CardDetails struct {
	AmountAuthorized     *int64     `json:"amount_authorized"`
	AuthorizationCode    NullString `json:"authorization_code"`
	Brand                NullString `json:"brand"`
	Checks               Null       `json:"checks"`
	Country              NullString `json:"country"`
	ExpMonth             int64      `json:"exp_month"`
	ExpYear              int64      `json:"exp_year"`
	Fingerprint          NullString `json:"fingerprint"`
	Funding              NullString `json:"funding"` // credit | debit | prepaid | unknown
	Installments         Null       `json:"installments"`
	Last4                NullString `json:"last4"`
	Mandate              Null       `json:"mandate"`
	Network              NullString `json:"network"`
	NetworkTransactionID NullString `json:"network_transaction_id"`
	RegulatedStatus      NullString `json:"regulated_status"` // regulated | unregulated
	ThreeDSecure         Null       `json:"three_d_secure"`
	TransactionLinkID    Null       `json:"transaction_link_id"`
	Wallet               Null       `json:"wallet"`
}

// BillingDetails is charge.billing_details.
type BillingDetails struct {
	Address *Address   `json:"address"`
	Email   NullString `json:"email"`
	Name    NullString `json:"name"`
	Phone   NullString `json:"phone"`
	TaxID   NullString `json:"tax_id"`
}

// Address is Stripe's postal address; every member is nullable.
type Address struct {
	City       NullString `json:"city"`
	Country    NullString `json:"country"`
	Line1      NullString `json:"line1"`
	Line2      NullString `json:"line2"`
	PostalCode NullString `json:"postal_code"`
	State      NullString `json:"state"`
}

// Refund is a refund, kept minimal: it is served only as an expanded balance_transaction.source and
// in the includable charge.refunds list.
type Refund struct {
	ID                     string     `json:"id"`
	Object                 TagRefund  `json:"object"`
	Amount                 int64      `json:"amount"`
	BalanceTransaction     NullString `json:"balance_transaction"` // [E] txn_...
	Charge                 NullString `json:"charge"`              // [E] ch_...
	Created                int64      `json:"created"`
	Currency               string     `json:"currency"`
	Customer               NullString `json:"customer"` // [E] cus_...
	CustomerAccount        Null       `json:"customer_account"`
	Metadata               Metadata   `json:"metadata"`
	PaymentIntent          NullString `json:"payment_intent"` // [E] pi_...
	PaymentMethod          NullString `json:"payment_method"` // [E] pm_...
	Reason                 NullString `json:"reason"`         // duplicate | expired_uncaptured_charge | fraudulent | requested_by_customer
	ReceiptNumber          NullString `json:"receipt_number"`
	SourceTransferReversal Null       `json:"source_transfer_reversal"`
	Status                 NullString `json:"status"` // succeeded | pending | failed | canceled | requires_action
	TransferReversal       Null       `json:"transfer_reversal"`
}
