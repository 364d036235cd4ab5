package objects

// Customer is a customer (shapes doc §14). subscriptions is includable: the server adds it on
// expand[]=subscriptions from the store's subscriptions of this customer.
type Customer struct {
	ID                  string                  `json:"id"`
	Object              TagCustomer             `json:"object"`
	Address             *Address                `json:"address"`
	Balance             int64                   `json:"balance"`
	Created             int64                   `json:"created"`
	Currency            NullString              `json:"currency"`
	CustomerAccount     Null                    `json:"customer_account"`
	DefaultSource       Null                    `json:"default_source"`
	Delinquent          bool                    `json:"delinquent"`
	Description         NullString              `json:"description"`
	Discount            *Discount               `json:"discount"` // inline, not expandable
	Email               NullString              `json:"email"`
	InvoicePrefix       NullString              `json:"invoice_prefix"`
	InvoiceSettings     CustomerInvoiceSettings `json:"invoice_settings"`
	Livemode            bool                    `json:"livemode"`
	Metadata            Metadata                `json:"metadata"`
	Name                NullString              `json:"name"`
	NextInvoiceSequence int64                   `json:"next_invoice_sequence"`
	Phone               NullString              `json:"phone"`
	PreferredLocales    Array[string]           `json:"preferred_locales"`
	Shipping            Null                    `json:"shipping"`
	TaxExempt           NullString              `json:"tax_exempt"` // none | exempt | reverse
	TestClock           Null                    `json:"test_clock"`
}

// CustomerInvoiceSettings is customer.invoice_settings.
type CustomerInvoiceSettings struct {
	CustomFields         Null       `json:"custom_fields"`
	DefaultPaymentMethod NullString `json:"default_payment_method"` // [E] pm_... (not served)
	Footer               Null       `json:"footer"`
	RenderingOptions     Null       `json:"rendering_options"`
}
