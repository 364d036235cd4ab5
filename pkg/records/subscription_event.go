package records

// SubscriptionEvent is one customer.subscription.* event: the subscription as it was right after
// the change and, for *.updated events, as it was right before (previous_attributes applied).
type SubscriptionEvent struct {
	ID      string
	Type    string
	Created int64
	After   Subscription
	Before  *Subscription // nil unless previous_attributes came with the event
}
