package records

import (
	"unique"
	"unsafe"
)

// enum interns a value of few distinct values (a currency, a status, a reason): every record
// holding it shares one copy instead of keeping the copy its JSON was decoded into, so such
// fields cost a record nothing beyond the string header. unique keeps each value while some
// record uses it.
func enum[S ~string](s S) string {
	if s == "" {
		return ""
	}
	return unique.Make(string(s)).Value()
}

// StringCost is the heap a string of its own takes: Go allocates strings shorter than 16 bytes
// from 16-byte blocks shared with other tiny objects and longer ones in size classes.
func StringCost(s string) int {
	n := len(s)
	switch {
	case n == 0:
		return 0
	case n < 16:
		return n
	}
	for _, c := range sizeClasses {
		if n <= c {
			return c
		}
	}
	return (n + 8191) &^ 8191 // large: whole pages
}

// sizeClasses are the Go runtime's small object sizes from 16 bytes to 32 KiB
// (internal/runtime/gc/sizeclasses.go); larger objects take whole 8 KiB pages.
var sizeClasses = []int{16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416,
	448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864,
	5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760,
	24576, 27264, 28672, 32768}

// SliceCost is the heap a slice of n elements of type T takes when its capacity is n.
func SliceCost[T any](n int) int {
	if n == 0 {
		return 0
	}
	var zero T
	size := n * int(unsafe.Sizeof(zero))
	for _, c := range sizeClasses {
		if size <= c {
			return c
		}
	}
	return (size + 8191) &^ 8191
}

// Heap is what keeping the record costs the heap beyond its own struct (held by value in a
// slice): the strings it holds alone. Enum fields are interned and shared.
func (r BalanceTxn) Heap() int { return StringCost(r.ID) + StringCost(r.Source) }

// Heap: see BalanceTxn.Heap.
func (r Charge) Heap() int {
	return StringCost(r.ID) + StringCost(r.PaymentIntent) + StringCost(r.Customer)
}

// Heap: see BalanceTxn.Heap.
func (r Dispute) Heap() int { return StringCost(r.ID) + StringCost(r.Charge) }

// Heap: the subscription's id, its items (ids and prices are interned: they recur in the
// invoice lines), its discount ids and expanded discounts.
func (r Subscription) Heap() int {
	return StringCost(r.ID) + SliceCost[SubscriptionItem](len(r.Items)) + SliceCost[string](len(r.DiscountIDs)) +
		SliceCost[Discount](len(r.Discounts))
}

// Heap: the invoice's id, its discounts and its lines (their ids; the subscription items and
// prices they name are interned).
func (r Invoice) Heap() int {
	n := StringCost(r.ID) + SliceCost[Discount](len(r.Discounts)) + SliceCost[InvoiceLine](len(r.Lines)) + SliceCost[InvoicePayment](len(r.Payments))
	for _, l := range r.Lines {
		n += StringCost(l.ID)
	}
	for _, p := range r.Payments {
		n += StringCost(p.Payment)
	}
	return n
}

// Heap: see BalanceTxn.Heap.
func (r ChargeRefund) Heap() int {
	return StringCost(r.ID) + StringCost(r.Charge) + StringCost(r.PaymentIntent)
}

// Heap: the product's id and name.
func (r Product) Heap() int { return StringCost(r.ID) + StringCost(r.Name) }

// Heap: a customer's id, name and email (each its own).
func (r Customer) Heap() int { return StringCost(r.ID) + StringCost(r.Name) + StringCost(r.Email) }

// Heap: the event's id and the subscription after and, when known, before it.
func (r SubscriptionEvent) Heap() int {
	n := StringCost(r.ID) + r.After.Heap()
	if r.Before != nil {
		n += int(unsafe.Sizeof(*r.Before)) + r.Before.Heap()
	}
	return n
}

// Heap: the item's id (the ids its parent names are interned).
func (r PendingItem) Heap() int { return StringCost(r.ID) }

// Heap: a price's tiers (its strings are interned).
func (r Price) Heap() int { return SliceCost[PriceTier](len(r.Tiers)) }

// InternOverhead is what the unique package keeps per distinct interned value beside the value
// itself (its map node and weak handle), measured with the fetch package's heap tests.
const InternOverhead = 112

// Interned counts the distinct interned ids a read keeps: each costs its string and
// InternOverhead once, however many records share it. Add the ids with Add, read the cost with
// Cost.
type Interned map[string]struct{}

// Add notes interned ids.
func (in Interned) Add(ids ...string) {
	for _, id := range ids {
		if id != "" {
			in[id] = struct{}{}
		}
	}
}

// Cost is the heap the distinct ids take.
func (in Interned) Cost() int {
	n := 0
	for id := range in {
		n += StringCost(id) + InternOverhead
	}
	return n
}

// Interned returns the record with its shared strings interned (enum): a record made from
// Stripe's JSON or read back from disk holds a copy of each, which interning drops.
func (r BalanceTxn) Interned() BalanceTxn {
	r.Currency, r.Category, r.Type = enum(r.Currency), enum(r.Category), enum(r.Type)
	return r
}

// Interned: see BalanceTxn.Interned.
func (r Charge) Interned() Charge {
	r.Currency, r.Status, r.FailureCode = enum(r.Currency), enum(r.Status), enum(r.FailureCode)
	r.OutcomeReason, r.OutcomeType, r.PaymentMethodType = enum(r.OutcomeReason), enum(r.OutcomeType), enum(r.PaymentMethodType)
	return r
}

// Interned: see BalanceTxn.Interned.
func (r Dispute) Interned() Dispute {
	r.Currency, r.Status, r.Reason = enum(r.Currency), enum(r.Status), enum(r.Reason)
	return r
}

// Interned also interns the ids a customer's subscriptions and invoices share (customer, items,
// prices, discounts). Slices are copied, never changed in place.
func (r Subscription) Interned() Subscription {
	r.Currency, r.Status, r.CollectionMethod, r.CancellationReason = enum(r.Currency), enum(r.Status), enum(r.CollectionMethod), enum(r.CancellationReason)
	r.Customer = enum(r.Customer)
	r.Items = internEach(r.Items, func(it SubscriptionItem) SubscriptionItem {
		it.ID, it.Price = enum(it.ID), enum(it.Price)
		return it
	})
	r.DiscountIDs = internEach(r.DiscountIDs, enum[string])
	r.Discounts = internEach(r.Discounts, Discount.Interned)
	return r
}

// Interned: see Subscription.Interned.
func (r Discount) Interned() Discount {
	r.ID, r.Coupon = enum(r.ID), enum(r.Coupon)
	return r
}

// Interned: see Subscription.Interned.
func (r Invoice) Interned() Invoice {
	r.Currency, r.Status, r.BillingReason = enum(r.Currency), enum(r.Status), enum(r.BillingReason)
	r.Customer, r.Subscription = enum(r.Customer), enum(r.Subscription)
	r.Discounts = internEach(r.Discounts, Discount.Interned)
	r.Lines = internEach(r.Lines, func(l InvoiceLine) InvoiceLine {
		l.SubItem, l.Price, l.Product = enum(l.SubItem), enum(l.Price), enum(l.Product)
		return l
	})
	r.Payments = internEach(r.Payments, func(p InvoicePayment) InvoicePayment {
		p.Status = enum(p.Status)
		return p
	})
	return r
}

// Interned: see BalanceTxn.Interned.
func (r ChargeRefund) Interned() ChargeRefund {
	r.Currency, r.Status = enum(r.Currency), enum(r.Status)
	return r
}

// Interned: see Subscription.Interned.
func (r PendingItem) Interned() PendingItem {
	r.Subscription, r.SubItem, r.Price = enum(r.Subscription), enum(r.SubItem), enum(r.Price)
	return r
}

// Interned: see Subscription.Interned.
func (r Price) Interned() Price {
	r.ID, r.Currency, r.TiersMode, r.Interval = enum(r.ID), enum(r.Currency), enum(r.TiersMode), enum(r.Interval)
	r.Product, r.ProductName = enum(r.Product), enum(r.ProductName)
	return r
}

// Interned: see Subscription.Interned.
func (r Coupon) Interned() Coupon {
	r.ID, r.Duration, r.Currency = enum(r.ID), enum(r.Duration), enum(r.Currency)
	return r
}

// Interned: the event's type (one of a few) and the subscription after and, when known, before
// the event.
func (r SubscriptionEvent) Interned() SubscriptionEvent {
	r.Type = enum(r.Type)
	r.After = r.After.Interned()
	if r.Before != nil {
		b := r.Before.Interned()
		r.Before = &b
	}
	return r
}

// internEach is a copy of s with f applied to each element (nil stays nil).
func internEach[T any](s []T, f func(T) T) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}
