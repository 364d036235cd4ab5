package objects

// Kind names a resource type the store holds. The zero Kind is invalid.
type Kind uint8

// The resource kinds, one per object type the simulator serves or expands.
const (
	KindBalanceTransaction Kind = iota + 1
	KindCharge
	KindRefund
	KindDispute
	KindSubscription
	KindSubscriptionItem
	KindPrice
	KindProduct
	KindDiscount
	KindCoupon
	KindInvoice
	KindLineItem
	KindCustomer
	KindPayout
	KindEvent
	KindInvoiceItem
	KindInvoicePayment
	numKinds
)

var kindNames = [numKinds]string{
	KindBalanceTransaction: "balance_transaction",
	KindCharge:             "charge",
	KindRefund:             "refund",
	KindDispute:            "dispute",
	KindSubscription:       "subscription",
	KindSubscriptionItem:   "subscription_item",
	KindPrice:              "price",
	KindProduct:            "product",
	KindDiscount:           "discount",
	KindCoupon:             "coupon",
	KindInvoice:            "invoice",
	KindLineItem:           "line_item",
	KindCustomer:           "customer",
	KindPayout:             "payout",
	KindEvent:              "event",
	KindInvoiceItem:        "invoiceitem",
	KindInvoicePayment:     "invoice_payment",
}

// ObjectName is the kind's JSON "object" value (also the name Stripe uses in "No such ..."
// messages after replacing '_' with ' ').
func (k Kind) ObjectName() string {
	if k == 0 || k >= numKinds {
		return ""
	}
	return kindNames[k]
}

// String returns the object name, for messages and test output.
func (k Kind) String() string { return k.ObjectName() }
