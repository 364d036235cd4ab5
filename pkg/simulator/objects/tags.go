package objects

// Zero-size "object" members: each marshals as its constant type name, so the name costs no
// memory per object. Marshal output is a shared slice; encoding/json only reads it.

// TagBalanceTransaction marshals as "balance_transaction".
type TagBalanceTransaction struct{}

var jsonBalanceTransactionTag = []byte(`"balance_transaction"`)

// MarshalJSON writes "balance_transaction".
func (TagBalanceTransaction) MarshalJSON() ([]byte, error) { return jsonBalanceTransactionTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagBalanceTransaction) UnmarshalJSON([]byte) error { return nil }

// TagCharge marshals as "charge".
type TagCharge struct{}

var jsonChargeTag = []byte(`"charge"`)

// MarshalJSON writes "charge".
func (TagCharge) MarshalJSON() ([]byte, error) { return jsonChargeTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagCharge) UnmarshalJSON([]byte) error { return nil }

// TagRefund marshals as "refund".
type TagRefund struct{}

var jsonRefundTag = []byte(`"refund"`)

// MarshalJSON writes "refund".
func (TagRefund) MarshalJSON() ([]byte, error) { return jsonRefundTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagRefund) UnmarshalJSON([]byte) error { return nil }

// TagDispute marshals as "dispute".
type TagDispute struct{}

var jsonDisputeTag = []byte(`"dispute"`)

// MarshalJSON writes "dispute".
func (TagDispute) MarshalJSON() ([]byte, error) { return jsonDisputeTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagDispute) UnmarshalJSON([]byte) error { return nil }

// TagSubscription marshals as "subscription".
type TagSubscription struct{}

var jsonSubscriptionTag = []byte(`"subscription"`)

// MarshalJSON writes "subscription".
func (TagSubscription) MarshalJSON() ([]byte, error) { return jsonSubscriptionTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagSubscription) UnmarshalJSON([]byte) error { return nil }

// TagSubscriptionItem marshals as "subscription_item".
type TagSubscriptionItem struct{}

var jsonSubscriptionItemTag = []byte(`"subscription_item"`)

// MarshalJSON writes "subscription_item".
func (TagSubscriptionItem) MarshalJSON() ([]byte, error) { return jsonSubscriptionItemTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagSubscriptionItem) UnmarshalJSON([]byte) error { return nil }

// TagPlan marshals as "plan".
type TagPlan struct{}

var jsonPlanTag = []byte(`"plan"`)

// MarshalJSON writes "plan".
func (TagPlan) MarshalJSON() ([]byte, error) { return jsonPlanTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagPlan) UnmarshalJSON([]byte) error { return nil }

// TagPrice marshals as "price".
type TagPrice struct{}

var jsonPriceTag = []byte(`"price"`)

// MarshalJSON writes "price".
func (TagPrice) MarshalJSON() ([]byte, error) { return jsonPriceTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagPrice) UnmarshalJSON([]byte) error { return nil }

// TagProduct marshals as "product".
type TagProduct struct{}

var jsonProductTag = []byte(`"product"`)

// MarshalJSON writes "product".
func (TagProduct) MarshalJSON() ([]byte, error) { return jsonProductTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagProduct) UnmarshalJSON([]byte) error { return nil }

// TagDiscount marshals as "discount".
type TagDiscount struct{}

var jsonDiscountTag = []byte(`"discount"`)

// MarshalJSON writes "discount".
func (TagDiscount) MarshalJSON() ([]byte, error) { return jsonDiscountTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagDiscount) UnmarshalJSON([]byte) error { return nil }

// TagCoupon marshals as "coupon".
type TagCoupon struct{}

var jsonCouponTag = []byte(`"coupon"`)

// MarshalJSON writes "coupon".
func (TagCoupon) MarshalJSON() ([]byte, error) { return jsonCouponTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagCoupon) UnmarshalJSON([]byte) error { return nil }

// TagInvoice marshals as "invoice".
type TagInvoice struct{}

var jsonInvoiceTag = []byte(`"invoice"`)

// MarshalJSON writes "invoice".
func (TagInvoice) MarshalJSON() ([]byte, error) { return jsonInvoiceTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagInvoice) UnmarshalJSON([]byte) error { return nil }

// TagLineItem marshals as "line_item".
type TagLineItem struct{}

var jsonLineItemTag = []byte(`"line_item"`)

// MarshalJSON writes "line_item".
func (TagLineItem) MarshalJSON() ([]byte, error) { return jsonLineItemTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagLineItem) UnmarshalJSON([]byte) error { return nil }

// TagCustomer marshals as "customer".
type TagCustomer struct{}

var jsonCustomerTag = []byte(`"customer"`)

// MarshalJSON writes "customer".
func (TagCustomer) MarshalJSON() ([]byte, error) { return jsonCustomerTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagCustomer) UnmarshalJSON([]byte) error { return nil }

// TagPayout marshals as "payout".
type TagPayout struct{}

var jsonPayoutTag = []byte(`"payout"`)

// MarshalJSON writes "payout".
func (TagPayout) MarshalJSON() ([]byte, error) { return jsonPayoutTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagPayout) UnmarshalJSON([]byte) error { return nil }

// TagEvent marshals as "event".
type TagEvent struct{}

var jsonEventTag = []byte(`"event"`)

// MarshalJSON writes "event".
func (TagEvent) MarshalJSON() ([]byte, error) { return jsonEventTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagEvent) UnmarshalJSON([]byte) error { return nil }

// TagBalance marshals as "balance".
type TagBalance struct{}

var jsonBalanceTag = []byte(`"balance"`)

// MarshalJSON writes "balance".
func (TagBalance) MarshalJSON() ([]byte, error) { return jsonBalanceTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagBalance) UnmarshalJSON([]byte) error { return nil }

// TagAccount marshals as "account".
type TagAccount struct{}

var jsonAccountTag = []byte(`"account"`)

// MarshalJSON writes "account".
func (TagAccount) MarshalJSON() ([]byte, error) { return jsonAccountTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagAccount) UnmarshalJSON([]byte) error { return nil }

// TagList marshals as "list".
type TagList struct{}

var jsonListTag = []byte(`"list"`)

// MarshalJSON writes "list".
func (TagList) MarshalJSON() ([]byte, error) { return jsonListTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagList) UnmarshalJSON([]byte) error { return nil }

// TagPriceDetails marshals as "price_details".
type TagPriceDetails struct{}

var jsonPriceDetailsTag = []byte(`"price_details"`)

// MarshalJSON writes "price_details".
func (TagPriceDetails) MarshalJSON() ([]byte, error) { return jsonPriceDetailsTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagPriceDetails) UnmarshalJSON([]byte) error { return nil }

// TagInvoiceItem marshals as "invoiceitem".
type TagInvoiceItem struct{}

var jsonInvoiceItemTag = []byte(`"invoiceitem"`)

// MarshalJSON writes "invoiceitem".
func (TagInvoiceItem) MarshalJSON() ([]byte, error) { return jsonInvoiceItemTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagInvoiceItem) UnmarshalJSON([]byte) error { return nil }

// TagInvoicePayment marshals as "invoice_payment".
type TagInvoicePayment struct{}

var jsonInvoicePaymentTag = []byte(`"invoice_payment"`)

// MarshalJSON writes "invoice_payment".
func (TagInvoicePayment) MarshalJSON() ([]byte, error) { return jsonInvoicePaymentTag, nil }

// UnmarshalJSON ignores the value: the name is implied by the Go type.
func (*TagInvoicePayment) UnmarshalJSON([]byte) error { return nil }
