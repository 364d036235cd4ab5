package objects

// Account is the account singleton served at GET /v1/account (shapes doc §18), as an account sees
// itself (standard account, all members present).
type Account struct {
	ID               string           `json:"id"`
	Object           TagAccount       `json:"object"`
	BusinessProfile  *BusinessProfile `json:"business_profile"`
	BusinessType     NullString       `json:"business_type"` // company | individual | non_profit | government_entity
	ChargesEnabled   bool             `json:"charges_enabled"`
	Country          string           `json:"country"`
	Created          int64            `json:"created"`
	DefaultCurrency  string           `json:"default_currency"`
	DetailsSubmitted bool             `json:"details_submitted"`
	Email            NullString       `json:"email"`
	Metadata         Metadata         `json:"metadata"`
	PayoutsEnabled   bool             `json:"payouts_enabled"`
	Settings         *AccountSettings `json:"settings"`
	Type             string           `json:"type"` // standard
}

// BusinessProfile is account.business_profile.
type BusinessProfile struct {
	MCC                              NullString `json:"mcc"`
	MinorityOwnedBusinessDesignation Null       `json:"minority_owned_business_designation"`
	Name                             NullString `json:"name"`
	SupportAddress                   Null       `json:"support_address"`
	SupportEmail                     NullString `json:"support_email"`
	SupportPhone                     NullString `json:"support_phone"`
	SupportURL                       NullString `json:"support_url"`
	URL                              NullString `json:"url"`
}

// AccountSettings is account.settings, trimmed to the members the spec requires.
type AccountSettings struct {
	Branding     AccountBranding     `json:"branding"`
	CardPayments AccountCardPayments `json:"card_payments"`
	Dashboard    AccountDashboard    `json:"dashboard"`
	Payments     AccountPayments     `json:"payments"`
}

// AccountBranding is account.settings.branding.
type AccountBranding struct {
	Icon           Null       `json:"icon"`
	Logo           Null       `json:"logo"`
	PrimaryColor   NullString `json:"primary_color"`
	SecondaryColor NullString `json:"secondary_color"`
}

// AccountCardPayments is account.settings.card_payments.
type AccountCardPayments struct {
	StatementDescriptorPrefix      NullString `json:"statement_descriptor_prefix"`
	StatementDescriptorPrefixKana  Null       `json:"statement_descriptor_prefix_kana"`
	StatementDescriptorPrefixKanji Null       `json:"statement_descriptor_prefix_kanji"`
}

// AccountDashboard is account.settings.dashboard: the display name the plugin shows first.
type AccountDashboard struct {
	DisplayName NullString `json:"display_name"`
	Timezone    NullString `json:"timezone"` // IANA zone, e.g. America/New_York
}

// AccountPayments is account.settings.payments.
type AccountPayments struct {
	StatementDescriptor      NullString `json:"statement_descriptor"`
	StatementDescriptorKana  Null       `json:"statement_descriptor_kana"`
	StatementDescriptorKanji Null       `json:"statement_descriptor_kanji"`
}
