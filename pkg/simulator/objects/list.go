package objects

// List is Stripe's list envelope as embedded in an object (subscription.items, invoice.lines).
// Top-level list responses are written by the server, not with this type.
type List[T any] struct {
	Object  TagList  `json:"object"`
	Data    Array[T] `json:"data"`
	HasMore bool     `json:"has_more"`
	URL     string   `json:"url"`
}

// SubscriptionItemsURL is the url of a subscription's embedded items list.
func SubscriptionItemsURL(subscriptionID string) string {
	return "/v1/subscription_items?subscription=" + subscriptionID
}

// InvoiceLinesURL is the url of an invoice's embedded lines list.
func InvoiceLinesURL(invoiceID string) string { return "/v1/invoices/" + invoiceID + "/lines" }

// ChargeRefundsURL is the url of a charge's includable refunds list.
func ChargeRefundsURL(chargeID string) string { return "/v1/charges/" + chargeID + "/refunds" }

// CustomerSubscriptionsURL is the url of a customer's includable subscriptions list.
func CustomerSubscriptionsURL(customerID string) string {
	return "/v1/customers/" + customerID + "/subscriptions"
}
