package objects

// Product is a product (shapes doc §9).
type Product struct {
	ID                  string     `json:"id"`
	Object              TagProduct `json:"object"`
	Active              bool       `json:"active"`
	Created             int64      `json:"created"`
	DefaultPrice        NullString `json:"default_price"` // [E] price_...
	Description         NullString `json:"description"`
	Images              EmptyList  `json:"images"`
	Livemode            bool       `json:"livemode"`
	MarketingFeatures   EmptyList  `json:"marketing_features"`
	Metadata            Metadata   `json:"metadata"`
	Name                string     `json:"name"`
	PackageDimensions   Null       `json:"package_dimensions"`
	Shippable           Null       `json:"shippable"`
	StatementDescriptor NullString `json:"statement_descriptor"`
	TaxCode             NullString `json:"tax_code"` // [E] txcd_... (not served)
	// Type is deprecated (absent from spec3.json) but still sent, and required in the SDK spec;
	// "" marshals as "service".
	Type      ProductType `json:"type"`
	UnitLabel NullString  `json:"unit_label"`
	Updated   int64       `json:"updated"`
	URL       NullString  `json:"url"`
}

// ProductType is product.type: good | service; "" marshals as "service", the type of every
// product created from a price.
type ProductType string

// MarshalJSON writes the type, defaulting to "service".
func (t ProductType) MarshalJSON() ([]byte, error) {
	if t == "" {
		return []byte(`"service"`), nil
	}
	return appendJSONString(nil, string(t)), nil
}

// Discount is a discount (shapes doc §10). Since clover the coupon is source.coupon, an ID.
// Discounts have no list endpoint: they are stored only to be expanded (discounts[],
// total_discount_amounts[].discount, ...), and inline as customer.discount.
type Discount struct {
	ID               string         `json:"id"`
	Object           TagDiscount    `json:"object"`
	CheckoutSession  Null           `json:"checkout_session"`
	Customer         NullString     `json:"customer"` // [E] cus_...
	CustomerAccount  Null           `json:"customer_account"`
	End              *int64         `json:"end"` // nil for duration=forever
	Invoice          NullString     `json:"invoice"`
	InvoiceItem      NullString     `json:"invoice_item"`
	PromotionCode    NullString     `json:"promotion_code"` // [E] promo_... (not served)
	Source           DiscountSource `json:"source"`
	Start            int64          `json:"start"`
	Subscription     NullString     `json:"subscription"`
	SubscriptionItem NullString     `json:"subscription_item"`
}

// DiscountSource is discount.source; its type is always "coupon".
type DiscountSource struct {
	Coupon NullString `json:"coupon"` // [E] coupon ID
	Type   TagCoupon  `json:"type"`
}

// Coupon is a coupon (shapes doc §11). Coupon IDs are chosen by the merchant (any string).
type Coupon struct {
	ID               string     `json:"id"`
	Object           TagCoupon  `json:"object"`
	AmountOff        *int64     `json:"amount_off"`
	Created          int64      `json:"created"`
	Currency         NullString `json:"currency"` // set together with AmountOff
	Duration         string     `json:"duration"` // forever | once | repeating
	DurationInMonths *int64     `json:"duration_in_months"`
	Livemode         bool       `json:"livemode"`
	MaxRedemptions   *int64     `json:"max_redemptions"`
	Metadata         Metadata   `json:"metadata"`
	Name             NullString `json:"name"`
	PercentOff       *float64   `json:"percent_off"`
	RedeemBy         *int64     `json:"redeem_by"`
	TimesRedeemed    int64      `json:"times_redeemed"`
	Valid            bool       `json:"valid"`
}
