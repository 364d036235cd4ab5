package objects

import "encoding/json"

// Subscription is a subscription (shapes doc §6). Items is always an inline list; the generator
// puts every item in Items.Data (Stripe allows at most 20) and FillDefaults/Finalize set its url.
// There is no current_period_start/end here: since basil they live on the items.
type Subscription struct {
	ID                            string                      `json:"id"`
	Object                        TagSubscription             `json:"object"`
	Application                   Null                        `json:"application"`
	ApplicationFeePercent         Null                        `json:"application_fee_percent"`
	AutomaticTax                  SubscriptionAutomaticTax    `json:"automatic_tax"`
	BillingCycleAnchor            int64                       `json:"billing_cycle_anchor"`
	BillingCycleAnchorConfig      Null                        `json:"billing_cycle_anchor_config"`
	BillingMode                   BillingMode                 `json:"billing_mode"`
	BillingSchedules              EmptyList                   `json:"billing_schedules"`
	BillingThresholds             Null                        `json:"billing_thresholds"`
	CancelAt                      *int64                      `json:"cancel_at"`
	CancelAtPeriodEnd             bool                        `json:"cancel_at_period_end"`
	CanceledAt                    *int64                      `json:"canceled_at"`
	CancellationDetails           CancellationDetails         `json:"cancellation_details"`
	CollectionMethod              string                      `json:"collection_method"` // charge_automatically | send_invoice
	Created                       int64                       `json:"created"`
	Currency                      string                      `json:"currency"`
	Customer                      string                      `json:"customer"` // [E] cus_..., never null
	CustomerAccount               Null                        `json:"customer_account"`
	DaysUntilDue                  *int64                      `json:"days_until_due"`
	DefaultPaymentMethod          NullString                  `json:"default_payment_method"` // [E] pm_...
	DefaultSource                 Null                        `json:"default_source"`
	DefaultTaxRates               EmptyList                   `json:"default_tax_rates"`
	Description                   NullString                  `json:"description"`
	Discounts                     Array[string]               `json:"discounts"` // [E] each: di_...
	EndedAt                       *int64                      `json:"ended_at"`
	InvoiceSettings               SubscriptionInvoiceSettings `json:"invoice_settings"`
	Items                         List[SubscriptionItem]      `json:"items"`
	LatestInvoice                 NullString                  `json:"latest_invoice"` // [E] in_...
	Livemode                      bool                        `json:"livemode"`
	ManagedPayments               Null                        `json:"managed_payments"`
	Metadata                      Metadata                    `json:"metadata"`
	NextPendingInvoiceItemInvoice Null                        `json:"next_pending_invoice_item_invoice"`
	OnBehalfOf                    Null                        `json:"on_behalf_of"`
	PauseCollection               *PauseCollection            `json:"pause_collection"`
	PaymentSettings               SubscriptionPaymentSettings `json:"payment_settings"`
	PendingInvoiceItemInterval    Null                        `json:"pending_invoice_item_interval"`
	PendingSetupIntent            Null                        `json:"pending_setup_intent"`
	PendingUpdate                 Null                        `json:"pending_update"`
	Schedule                      NullString                  `json:"schedule"` // [E] sub_sched_... (not served)
	StartDate                     int64                       `json:"start_date"`
	Status                        string                      `json:"status"` // active | canceled | incomplete | incomplete_expired | past_due | paused | trialing | unpaid
	TestClock                     Null                        `json:"test_clock"`
	TransferData                  Null                        `json:"transfer_data"`
	TrialEnd                      *int64                      `json:"trial_end"`
	TrialSettings                 TrialSettings               `json:"trial_settings"`
	TrialStart                    *int64                      `json:"trial_start"`
}

// FillDefaults sets the derived members Stripe always sends: the items list url and each item's
// subscription ID. Finalize calls it; call it yourself before marshalling a subscription earlier
// (for example to render it into an event).
func (s *Subscription) FillDefaults() {
	s.Items.URL = SubscriptionItemsURL(s.ID)
	for i := range s.Items.Data {
		s.Items.Data[i].Subscription = s.ID
	}
}

// SubscriptionAutomaticTax is subscription.automatic_tax.
type SubscriptionAutomaticTax struct {
	DisabledReason NullString `json:"disabled_reason"`
	Enabled        bool       `json:"enabled"`
	Liability      Null       `json:"liability"`
}

// BillingMode is subscription.billing_mode; Type "" marshals as "classic".
type BillingMode struct {
	Flexible Null   `json:"flexible"`
	Type     string `json:"type"` // classic | flexible
}

// MarshalJSON defaults an unset type to "classic", the mode of every subscription created before
// flexible billing existed.
func (b BillingMode) MarshalJSON() ([]byte, error) {
	if b.Type == "" {
		b.Type = "classic"
	}
	type plain BillingMode
	return json.Marshal(plain(b))
}

// CancellationDetails is subscription.cancellation_details (all null until canceled).
type CancellationDetails struct {
	Comment        NullString `json:"comment"`
	Feedback       NullString `json:"feedback"` // customer_service | low_quality | missing_features | other | switched_service | too_complex | too_expensive | unused
	FeedbackOption Null       `json:"feedback_option"`
	Reason         NullString `json:"reason"` // cancellation_requested | payment_disputed | payment_failed | canceled_by_retention_policy
}

// SubscriptionInvoiceSettings is subscription.invoice_settings; the simulated account is its own
// issuer, so it is constant and costs no memory.
type SubscriptionInvoiceSettings struct {
	AccountTaxIDs Null       `json:"account_tax_ids"`
	CustomFields  Null       `json:"custom_fields"`
	Description   Null       `json:"description"`
	Footer        Null       `json:"footer"`
	Issuer        IssuerSelf `json:"issuer"`
}

// IssuerSelf marshals as {"type":"self"} (connect_account_reference for the account itself).
type IssuerSelf struct{}

var jsonIssuerSelf = []byte(`{"type":"self"}`)

// MarshalJSON writes {"type":"self"}.
func (IssuerSelf) MarshalJSON() ([]byte, error) { return jsonIssuerSelf, nil }

// UnmarshalJSON ignores the value.
func (*IssuerSelf) UnmarshalJSON([]byte) error { return nil }

// PauseCollection is subscription.pause_collection (nil = null = not paused).
type PauseCollection struct {
	Behavior  string `json:"behavior"` // keep_as_draft | mark_uncollectible | void
	ResumesAt *int64 `json:"resumes_at"`
}

// SubscriptionPaymentSettings is subscription.payment_settings; "" marshals as "off".
type SubscriptionPaymentSettings struct {
	PaymentMethodOptions     Null   `json:"payment_method_options"`
	PaymentMethodTypes       Null   `json:"payment_method_types"`
	SaveDefaultPaymentMethod string `json:"save_default_payment_method"` // off | on_subscription
}

// MarshalJSON defaults save_default_payment_method to "off".
func (p SubscriptionPaymentSettings) MarshalJSON() ([]byte, error) {
	if p.SaveDefaultPaymentMethod == "" {
		p.SaveDefaultPaymentMethod = "off"
	}
	type plain SubscriptionPaymentSettings
	return json.Marshal(plain(p))
}

// TrialSettings is subscription.trial_settings; "" marshals as "create_invoice".
type TrialSettings struct {
	EndBehavior TrialEndBehavior `json:"end_behavior"`
}

// TrialEndBehavior is subscription.trial_settings.end_behavior.
type TrialEndBehavior struct {
	MissingPaymentMethod string `json:"missing_payment_method"` // cancel | create_invoice | pause
}

// MarshalJSON defaults missing_payment_method to "create_invoice", Stripe's default.
func (t TrialEndBehavior) MarshalJSON() ([]byte, error) {
	if t.MissingPaymentMethod == "" {
		t.MissingPaymentMethod = "create_invoice"
	}
	type plain TrialEndBehavior
	return json.Marshal(plain(t))
}

// SubscriptionItem is a subscription_item (shapes doc §7). Price is a full inline copy of the
// price; the legacy plan mirror is derived from it when marshalling.
type SubscriptionItem struct {
	ID                 string              `json:"id"`
	Object             TagSubscriptionItem `json:"object"`
	BillingThresholds  Null                `json:"billing_thresholds"`
	Created            int64               `json:"created"`
	CurrentPeriodEnd   int64               `json:"current_period_end"`
	CurrentPeriodStart int64               `json:"current_period_start"`
	Discounts          Array[string]       `json:"discounts"` // [E] each: di_...
	Metadata           Metadata            `json:"metadata"`
	Price              Price               `json:"price"`
	Quantity           *int64              `json:"quantity,omitempty"` // absent for metered prices
	Subscription       string              `json:"subscription"`       // plain ID, set by FillDefaults
	TaxRates           EmptyList           `json:"tax_rates"`
}

// MarshalJSON adds the deprecated plan member, which real accounts still send (it is required in
// the SDK spec) and which mirrors the price.
func (it SubscriptionItem) MarshalJSON() ([]byte, error) {
	type plain SubscriptionItem
	return json.Marshal(struct {
		plain
		Plan Plan `json:"plan"`
	}{plain(it), PlanFromPrice(&it.Price)})
}
