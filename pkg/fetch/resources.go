package fetch

import (
	"context"
	"encoding/json"
	"time"
	"unsafe"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// Local names for the record types keep the Store's fields short.
type (
	BalanceTxn   = records.BalanceTxn
	Charge       = records.Charge
	ChargeRefund = records.ChargeRefund
	Dispute      = records.Dispute
	Product      = records.Product
	Price        = records.Price
	Customer     = records.Customer
)

// BalanceTxns hands fn every balance transaction created in [from, to), each id once. Balance
// transactions never change, so what was read is never read again (within the memory budget).
func (s *Store) BalanceTxns(ctx context.Context, from, to time.Time, fn func(records.BalanceTxn)) error {
	return s.balance.Read(ctx, windowFor(from, to), fn)
}

// Charges hands fn every charge created in [from, to), each id once, with its current status:
// a pending charge settles later, which the charge.succeeded and charge.failed events bring in.
func (s *Store) Charges(ctx context.Context, from, to time.Time, fn func(records.Charge)) error {
	return s.charges.Read(ctx, windowFor(from, to), fn)
}

// Refunds hands fn every refund created in [from, to), each id once, with its current status (a
// pending refund settles or fails later, which the refund events bring in).
func (s *Store) Refunds(ctx context.Context, from, to time.Time, fn func(records.ChargeRefund)) error {
	return s.refunds.Read(ctx, windowFor(from, to), fn)
}

// Products hands fn every product, each id once, with its current name.
func (s *Store) Products(ctx context.Context, fn func(records.Product)) error {
	return s.products.Read(ctx, Window{}, fn)
}

// Prices hands fn every price, active or not, each id once. A price's amounts, interval and
// product never change; its product's name is the products' (Products), not the one the list
// expanded, which a price event does not carry.
func (s *Store) Prices(ctx context.Context, fn func(records.Price)) error {
	seen := map[string]bool{}
	keep := func(p records.Price) {
		if !seen[p.ID] { // archived or restored since it was read: it may be in both lists
			seen[p.ID] = true
			fn(p)
		}
	}
	if err := s.prices.Read(ctx, Window{}, keep); err != nil {
		return err
	}
	return s.inactivePrices.Read(ctx, Window{}, keep)
}

// Disputes hands fn every dispute created in w (the zero Window: all of them), each id once, as
// it is now: status changes arrive through the charge.dispute.* events.
func (s *Store) Disputes(ctx context.Context, w Window, fn func(records.Dispute)) error {
	return s.disputes.Read(ctx, w, fn)
}

// Customers hands fn every customer created in w (the zero Window: all of them), each id once,
// as it is now: names and emails change through customer.updated, and a deleted customer
// leaves the cache with its customer.deleted event, as it leaves Stripe's list.
func (s *Store) Customers(ctx context.Context, w Window, fn func(records.Customer)) error {
	return s.customers.Read(ctx, w, fn)
}

// BalanceCache, ChargeCache and DisputeCache are the Store's caches, for Summarize.
func (s *Store) BalanceCache() *Cache[BalanceTxn] { return s.balance }
func (s *Store) ChargeCache() *Cache[Charge]      { return s.charges }
func (s *Store) DisputeCache() *Cache[Dispute]    { return s.disputes }

// windowFor rounds a time range out to whole seconds.
var windowFor = stripeapi.WindowFor

func balanceSpec(c Client) Spec[BalanceTxn] {
	return Spec[BalanceTxn]{
		Name: "balance_transactions",
		List: func(ctx context.Context, w Window, fn func(BalanceTxn) error) error {
			return c.ListBalanceTransactions(ctx, w, func(o *stripe.BalanceTransaction) error { return fn(records.FromBalanceTransaction(o)) })
		},
		ID:      func(r BalanceTxn) string { return r.ID },
		Created: func(r BalanceTxn) int64 { return r.Created },
		Size:    func(r BalanceTxn) int { return int(unsafe.Sizeof(r)) + r.Heap() },
		Intern:  BalanceTxn.Interned,
	}
}

func chargeSpec(c Client) Spec[Charge] {
	return Spec[Charge]{
		Name: "charges",
		List: func(ctx context.Context, w Window, fn func(Charge) error) error {
			return c.ListCharges(ctx, w, func(o *stripe.Charge) error { return fn(records.FromCharge(o)) })
		},
		ID:      func(r Charge) string { return r.ID },
		Created: func(r Charge) int64 { return r.Created },
		Size:    func(r Charge) int { return int(unsafe.Sizeof(r)) + r.Heap() },
		Intern:  Charge.Interned,
		Changes: &Changes[Charge]{
			// The fields of a charge record that change: the status of a pending charge, the
			// amount captured of an authorization, and the amount refunded (charge.refunded
			// carries the charge with its new amount_refunded).
			Types:  []string{"charge.succeeded", "charge.failed", "charge.captured", "charge.refunded"},
			Decode: decodeWith(records.FromCharge),
		},
	}
}

func refundSpec(c Client) Spec[ChargeRefund] {
	return Spec[ChargeRefund]{
		Name: "refunds",
		List: func(ctx context.Context, w Window, fn func(ChargeRefund) error) error {
			return c.ListRefunds(ctx, w, func(o *stripe.Refund) error { return fn(records.FromRefund(o)) })
		},
		ID:      func(r ChargeRefund) string { return r.ID },
		Created: func(r ChargeRefund) int64 { return r.Created },
		Size:    func(r ChargeRefund) int { return int(unsafe.Sizeof(r)) + r.Heap() },
		Intern:  ChargeRefund.Interned,
		Changes: &Changes[ChargeRefund]{
			// A refund's status changes (pending, then succeeded or failed).
			Types:  []string{"refund.updated", "refund.failed", "charge.refund.updated"},
			Decode: decodeWith(records.FromRefund),
		},
	}
}

func productSpec(c Client) Spec[Product] {
	return Spec[Product]{
		Name: "products",
		List: func(ctx context.Context, w Window, fn func(Product) error) error {
			return c.ListProducts(ctx, w, func(o *stripe.Product) error { return fn(records.FromProduct(o)) })
		},
		ID:      func(r Product) string { return r.ID },
		Created: func(r Product) int64 { return r.Created },
		Size:    func(r Product) int { return int(unsafe.Sizeof(r)) + r.Heap() },
		Changes: &Changes[Product]{
			// A product's name changes (events carry the whole product).
			Types:  []string{"product.created", "product.updated"},
			Decode: decodeWith(records.FromProduct),
		},
	}
}

// priceSpec is one of Stripe's two price lists: active (active true) or inactive.
func priceSpec(c Client, active bool) Spec[Price] {
	name := "inactive_prices"
	if active {
		name = "prices"
	}
	return Spec[Price]{
		Name: name,
		List: func(ctx context.Context, w Window, fn func(Price) error) error {
			return c.ListPricesActive(ctx, w, active, func(o *stripe.Price) error { return fn(records.FromPrice(o)) })
		},
		ID:      func(r Price) string { return r.ID },
		Created: func(r Price) int64 { return r.Created },
		Size:    func(r Price) int { return int(unsafe.Sizeof(r)) + r.Heap() },
		Intern:  Price.Interned,
		Changes: &Changes[Price]{
			// What a price record keeps never changes; a new price arrives with price.created.
			Types:  []string{"price.created"},
			Decode: decodeWith(records.FromPrice),
		},
	}
}

func disputeSpec(c Client) Spec[Dispute] {
	return Spec[Dispute]{
		Name: "disputes",
		List: func(ctx context.Context, w Window, fn func(Dispute) error) error {
			return c.ListDisputes(ctx, w, func(o *stripe.Dispute) error { return fn(records.FromDispute(o)) })
		},
		ID:      func(r Dispute) string { return r.ID },
		Created: func(r Dispute) int64 { return r.Created },
		Size:    func(r Dispute) int { return int(unsafe.Sizeof(r)) + r.Heap() },
		Intern:  Dispute.Interned,
		Changes: &Changes[Dispute]{
			Types: []string{"charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed",
				"charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"},
			Decode: decodeWith(records.FromDispute),
		},
	}
}

func customerSpec(c Client) Spec[Customer] {
	return Spec[Customer]{
		Name: "customers",
		List: func(ctx context.Context, w Window, fn func(Customer) error) error {
			return c.ListCustomers(ctx, w, func(o *stripe.Customer) error { return fn(records.FromCustomer(o)) })
		},
		ID:      func(r Customer) string { return r.ID },
		Created: func(r Customer) int64 { return r.Created },
		Size:    func(r Customer) int { return int(unsafe.Sizeof(r)) + r.Heap() },
		Changes: &Changes[Customer]{
			Types:   []string{"customer.updated", "customer.deleted"},
			Removes: []string{"customer.deleted"},
			Decode:  decodeWith(records.FromCustomer),
		},
	}
}

// decodeWith decodes an event's object as T and converts it to its record.
func decodeWith[T any, R any](convert func(*T) R) func(json.RawMessage) (R, error) {
	return func(raw json.RawMessage) (R, error) {
		var o T
		if err := json.Unmarshal(raw, &o); err != nil {
			var zero R
			return zero, err
		}
		return convert(&o), nil
	}
}
