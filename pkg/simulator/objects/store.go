package objects

import (
	"fmt"
	"slices"
	"strings"
)

// Store holds one account's objects in one mode (a store per mode: Livemode says which; the
// server picks the store from the API key's mode, as Stripe separates test and live data).
//
// How to fill it: append values to the exported slices in any order (appending in list order,
// newest first, is cheapest; oldest first is next), set Account and Balance, then call Finalize
// once. Finalize sets livemode on every object, fills derived members (subscription items' url,
// invoice lines paging), sorts each list newest first (created descending, ties by id
// descending, as Stripe lists them) and builds the id indexes. After Finalize the store is
// read-only and safe for concurrent use; changing it means appending again and calling Finalize
// again.
//
// Memory: objects are stored by value in one slice per kind (no per-object allocation beyond the
// strings and slices the caller makes; enum strings should be literals so their bytes are shared);
// each id index costs 8 bytes per object. Charges and invoices keep what most of them share
// (payer, rarely set members) behind shared pointers, generated invoices render their lines on
// demand (LineSource) and generated events their payloads (EventSource). Measured
// (TestStoreMemoryPerBalanceTransaction): a balance transaction with a unique id and source and
// one fee row costs about 370 bytes in a finalized store, so the large profile's 1,000,000 need
// about 370 MB. Struct sizes (TestObjectSizes): BalanceTransaction 216, Charge 192, Refund 208,
// Dispute 224, Subscription 456, SubscriptionItem 368, Price 248, Invoice 472, LineItem 272,
// Customer 264, Payout 328, Event 176 bytes, plus their strings; members that are always null
// cost nothing.
type Store struct {
	Livemode bool

	Account Account
	Balance Balance

	BalanceTransactions []BalanceTransaction
	Charges             []Charge
	Refunds             []Refund
	Disputes            []Dispute
	Subscriptions       []Subscription // items inline in Items.Data
	Prices              []Price
	Products            []Product
	Discounts           []Discount // no list endpoint: expanded and inline only
	Coupons             []Coupon
	Invoices            []Invoice // lines inline in Lines.Data
	Customers           []Customer
	Payouts             []Payout
	Events              []Event
	InvoiceItems        []InvoiceItem // pending proration items; listed by date
	InvoicePayments     []InvoicePayment

	finalized bool
	tables    [numKinds]table
	// subscriptionItems and the two "of" indexes hold positions, sorted for binary search.
	subscriptionItems []itemPos // by item id
	refundsByCharge   []int32   // refund positions, by (charge id, list order)
	paymentsByInvoice []int32   // invoice payment positions, by (invoice id, list order)
	subsByCustomer    []int32   // subscription positions, by (customer id, list order)
}

// itemPos locates an object embedded in another: Subscriptions[parent].Items.Data[child].
type itemPos struct{ parent, child int32 }

// NewStore returns an empty store for one mode.
func NewStore(livemode bool) *Store { return &Store{Livemode: livemode} }

// Finalized reports whether Finalize has run since the last change the store knows of.
func (s *Store) Finalized() bool { return s.finalized }

// Finalize prepares the store for serving (see Store). It returns an error naming the first
// duplicate id, or an object without an id, so a generator bug cannot silently shadow an object.
func (s *Store) Finalize() error {
	s.finalized = false
	s.stampLivemode()
	for i := range s.Subscriptions {
		s.Subscriptions[i].FillDefaults()
	}
	for i := range s.Invoices {
		s.Invoices[i].FillDefaults()
	}
	s.tables = [numKinds]table{
		KindBalanceTransaction: newTable(s.BalanceTransactions, func(o *BalanceTransaction) (int64, string) { return o.Created, o.ID }),
		KindCharge:             newTable(s.Charges, func(o *Charge) (int64, string) { return o.Created, o.ID }),
		KindRefund:             newTable(s.Refunds, func(o *Refund) (int64, string) { return o.Created, o.ID }),
		KindDispute:            newTable(s.Disputes, func(o *Dispute) (int64, string) { return o.Created, o.ID }),
		KindSubscription:       newTable(s.Subscriptions, func(o *Subscription) (int64, string) { return o.Created, o.ID }),
		KindPrice:              newTable(s.Prices, func(o *Price) (int64, string) { return o.Created, o.ID }),
		KindProduct:            newTable(s.Products, func(o *Product) (int64, string) { return o.Created, o.ID }),
		KindDiscount:           newTable(s.Discounts, func(o *Discount) (int64, string) { return o.Start, o.ID }),
		KindCoupon:             newTable(s.Coupons, func(o *Coupon) (int64, string) { return o.Created, o.ID }),
		KindInvoice:            newTable(s.Invoices, func(o *Invoice) (int64, string) { return o.Created, o.ID }),
		KindCustomer:           newTable(s.Customers, func(o *Customer) (int64, string) { return o.Created, o.ID }),
		KindPayout:             newTable(s.Payouts, func(o *Payout) (int64, string) { return o.Created, o.ID }),
		KindEvent:              newTable(s.Events, func(o *Event) (int64, string) { return o.Created, o.ID }),
		KindInvoiceItem:        newTable(s.InvoiceItems, func(o *InvoiceItem) (int64, string) { return o.Date, o.ID }),
		KindInvoicePayment:     newTable(s.InvoicePayments, func(o *InvoicePayment) (int64, string) { return o.Created, o.ID }),
	}
	for k, t := range s.tables {
		if t == nil {
			continue
		}
		if err := t.finalize(); err != nil {
			return fmt.Errorf("objects: %s: %w", Kind(k), err)
		}
	}
	if err := s.indexSubscriptionItems(); err != nil {
		return err
	}
	s.refundsByCharge = positionsBy(s.Refunds, func(o *Refund) string { return string(o.Charge) })
	s.subsByCustomer = positionsBy(s.Subscriptions, func(o *Subscription) string { return o.Customer })
	s.paymentsByInvoice = positionsBy(s.InvoicePayments, func(o *InvoicePayment) string { return o.Invoice })
	s.finalized = true
	return nil
}

// stampLivemode sets livemode on every object (and embedded object) to the store's mode, so the
// generator need not.
func (s *Store) stampLivemode() {
	lm := s.Livemode
	s.Balance.Livemode = lm
	for i := range s.Charges {
		s.Charges[i].Livemode = lm
	}
	for i := range s.Disputes {
		s.Disputes[i].Livemode = lm
	}
	for i := range s.Subscriptions {
		sub := &s.Subscriptions[i]
		sub.Livemode = lm
		for j := range sub.Items.Data {
			sub.Items.Data[j].Price.Livemode = lm
		}
	}
	for i := range s.Prices {
		s.Prices[i].Livemode = lm
	}
	for i := range s.Products {
		s.Products[i].Livemode = lm
	}
	for i := range s.Coupons {
		s.Coupons[i].Livemode = lm
	}
	for i := range s.Invoices {
		in := &s.Invoices[i]
		in.Livemode = lm
		lines := in.storedLines()
		for j := range lines {
			lines[j].Livemode = lm
		}
	}
	for i := range s.Customers {
		s.Customers[i].Livemode = lm
	}
	for i := range s.Payouts {
		s.Payouts[i].Livemode = lm
	}
	for i := range s.Events {
		s.Events[i].Livemode = lm
	}
	for i := range s.InvoiceItems {
		s.InvoiceItems[i].Livemode = lm
	}
	for i := range s.InvoicePayments {
		s.InvoicePayments[i].Livemode = lm
	}
}

func (s *Store) indexSubscriptionItems() error {
	n := 0
	for i := range s.Subscriptions {
		n += len(s.Subscriptions[i].Items.Data)
	}
	pos := make([]itemPos, 0, n)
	for i := range s.Subscriptions {
		for j := range s.Subscriptions[i].Items.Data {
			pos = append(pos, itemPos{int32(i), int32(j)})
		}
	}
	id := func(p itemPos) string { return s.Subscriptions[p.parent].Items.Data[p.child].ID }
	slices.SortFunc(pos, func(a, b itemPos) int { return strings.Compare(id(a), id(b)) })
	for i := 1; i < len(pos); i++ {
		if id(pos[i]) == id(pos[i-1]) {
			return fmt.Errorf("objects: subscription_item: duplicate id %q", id(pos[i]))
		}
	}
	s.subscriptionItems = pos
	return nil
}

// Collection is a read-only view of one kind's list in Stripe's list order (newest first).
type Collection interface {
	// Len is the number of objects.
	Len() int
	// Key returns the sort key of the i-th object: created (start for discounts) and id.
	Key(i int) (created int64, id string)
	// At returns a pointer to the i-th object (*BalanceTransaction, *Charge, ...).
	At(i int) any
	// IndexOf returns the position of the object with this id.
	IndexOf(id string) (int, bool)
}

// Collection returns the view of one kind, or nil for kinds without a top-level list
// (subscription items, line items) or before Finalize.
func (s *Store) Collection(k Kind) Collection {
	if k == 0 || k >= numKinds || s.tables[k] == nil {
		return nil
	}
	return s.tables[k]
}

// Lookup returns a pointer to the object of this kind and id, for retrieve and expand. Subscription
// items are found inside their subscription. Line items are not indexed (there is no endpoint that
// retrieves one by id).
func (s *Store) Lookup(k Kind, id string) (any, bool) {
	if k == KindSubscriptionItem {
		it, ok := s.SubscriptionItem(id)
		if !ok {
			return nil, false
		}
		return it, true
	}
	c := s.Collection(k)
	if c == nil {
		return nil, false
	}
	i, ok := c.IndexOf(id)
	if !ok {
		return nil, false
	}
	return c.At(i), true
}

// SubscriptionItem returns the subscription item with this id.
func (s *Store) SubscriptionItem(id string) (*SubscriptionItem, bool) {
	pos := s.subscriptionItems
	i, ok := slices.BinarySearchFunc(pos, id, func(p itemPos, id string) int {
		return strings.Compare(s.Subscriptions[p.parent].Items.Data[p.child].ID, id)
	})
	if !ok {
		return nil, false
	}
	p := pos[i]
	return &s.Subscriptions[p.parent].Items.Data[p.child], true
}

// RefundsOfCharge returns the charge's refunds, newest first (the includable charge.refunds).
func (s *Store) RefundsOfCharge(chargeID string) []*Refund {
	return objectsOf(s.Refunds, s.refundsByCharge, chargeID, func(o *Refund) string { return string(o.Charge) })
}

// PaymentsOfInvoice returns the invoice's payments, newest first (the includable invoice.payments).
func (s *Store) PaymentsOfInvoice(invoiceID string) []*InvoicePayment {
	return objectsOf(s.InvoicePayments, s.paymentsByInvoice, invoiceID, func(o *InvoicePayment) string { return o.Invoice })
}

// SubscriptionsOfCustomer returns the customer's subscriptions, newest first, in every status.
func (s *Store) SubscriptionsOfCustomer(customerID string) []*Subscription {
	return objectsOf(s.Subscriptions, s.subsByCustomer, customerID, func(o *Subscription) string { return o.Customer })
}
