package objects

// Dispute is a dispute (shapes doc §5). BalanceTransactions are full inline objects (0, 1 or 2:
// funds withdrawn, then reinstated); the same transactions also belong in Store.BalanceTransactions.
type Dispute struct {
	ID                       string                       `json:"id"`
	Object                   TagDispute                   `json:"object"`
	Amount                   int64                        `json:"amount"`
	BalanceTransactions      Array[BalanceTransaction]    `json:"balance_transactions"`
	Charge                   string                       `json:"charge"` // [E] ch_..., never null
	Created                  int64                        `json:"created"`
	Currency                 string                       `json:"currency"`
	EnhancedEligibilityTypes Array[string]                `json:"enhanced_eligibility_types"`
	Evidence                 DisputeEvidence              `json:"evidence"`
	EvidenceDetails          DisputeEvidenceDetails       `json:"evidence_details"`
	IsChargeRefundable       bool                         `json:"is_charge_refundable"`
	Livemode                 bool                         `json:"livemode"`
	Metadata                 Metadata                     `json:"metadata"`
	PaymentIntent            NullString                   `json:"payment_intent"` // [E] pi_...
	PaymentMethodDetails     *DisputePaymentMethodDetails `json:"payment_method_details,omitempty"`
	Reason                   string                       `json:"reason"` // fraudulent | duplicate | product_not_received | ...
	Status                   string                       `json:"status"` // warning_needs_response | ... | needs_response | under_review | won | lost | prevented
}

// DisputeEvidence is dispute.evidence. A simulated merchant never submits evidence, so every member
// is null and the struct costs no memory.
type DisputeEvidence struct {
	AccessActivityLog            Null        `json:"access_activity_log"`
	BillingAddress               Null        `json:"billing_address"`
	CancellationPolicy           Null        `json:"cancellation_policy"`
	CancellationPolicyDisclosure Null        `json:"cancellation_policy_disclosure"`
	CancellationRebuttal         Null        `json:"cancellation_rebuttal"`
	CustomerCommunication        Null        `json:"customer_communication"`
	CustomerEmailAddress         Null        `json:"customer_email_address"`
	CustomerName                 Null        `json:"customer_name"`
	CustomerPurchaseIP           Null        `json:"customer_purchase_ip"`
	CustomerSignature            Null        `json:"customer_signature"`
	DuplicateChargeDocumentation Null        `json:"duplicate_charge_documentation"`
	DuplicateChargeExplanation   Null        `json:"duplicate_charge_explanation"`
	DuplicateChargeID            Null        `json:"duplicate_charge_id"`
	EnhancedEvidence             EmptyObject `json:"enhanced_evidence"`
	ProductDescription           Null        `json:"product_description"`
	Receipt                      Null        `json:"receipt"`
	RefundPolicy                 Null        `json:"refund_policy"`
	RefundPolicyDisclosure       Null        `json:"refund_policy_disclosure"`
	RefundRefusalExplanation     Null        `json:"refund_refusal_explanation"`
	ServiceDate                  Null        `json:"service_date"`
	ServiceDocumentation         Null        `json:"service_documentation"`
	ShippingAddress              Null        `json:"shipping_address"`
	ShippingCarrier              Null        `json:"shipping_carrier"`
	ShippingDate                 Null        `json:"shipping_date"`
	ShippingDocumentation        Null        `json:"shipping_documentation"`
	ShippingTrackingNumber       Null        `json:"shipping_tracking_number"`
	UncategorizedFile            Null        `json:"uncategorized_file"`
	UncategorizedText            Null        `json:"uncategorized_text"`
}

// DisputeEvidenceDetails is dispute.evidence_details.
type DisputeEvidenceDetails struct {
	DueBy               *int64      `json:"due_by"` // nil when the network allows no response
	EnhancedEligibility EmptyObject `json:"enhanced_eligibility"`
	HasEvidence         bool        `json:"has_evidence"`
	PastDue             bool        `json:"past_due"`
	SubmissionCount     int64       `json:"submission_count"`
}

// DisputePaymentMethodDetails is dispute.payment_method_details.
type DisputePaymentMethodDetails struct {
	Card *DisputeCardDetails `json:"card,omitempty"`
	Type string              `json:"type"` // card
}

// DisputeCardDetails is dispute.payment_method_details.card.
type DisputeCardDetails struct {
	Brand             string     `json:"brand"`
	CaseType          string     `json:"case_type"` // chargeback | inquiry | compliance | block | resolution
	Network           string     `json:"network"`
	NetworkReasonCode NullString `json:"network_reason_code"`
}
