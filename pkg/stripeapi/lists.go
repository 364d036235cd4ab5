package stripeapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stripe/stripe-go/v85"
)

// Expand paths. Lists prefix paths with "data."; Stripe allows at most four levels, so a
// subscription item's price.product (five levels) is not expanded: prices are read with their
// product expanded instead and joined by id.
const (
	// ExpandSubscriptionDiscounts turns subscription.discounts ids into discount objects
	// (their source.coupon stays an id; coupons are listed separately).
	ExpandSubscriptionDiscounts = "data.discounts"
	// ExpandSubscriptionItemDiscounts does the same for discounts on each item.
	ExpandSubscriptionItemDiscounts = "data.items.data.discounts"
	// ExpandPriceProduct turns price.product into the product object.
	ExpandPriceProduct = "data.product"
	// ExpandPriceTiers includes price.tiers (includable: absent unless asked for), which MRR
	// needs to price a tiered item at its quantity.
	ExpandPriceTiers = "data.tiers"
	// ExpandInvoiceDiscounts turns invoice.discounts ids into discount objects: a discount that
	// has left its subscription (a used coupon, a canceled subscription) is dated and tied to
	// its coupon only there.
	ExpandInvoiceDiscounts = "data.discounts"
	// ExpandSubscriptionItemListDiscounts expands discounts when listing subscription items.
	ExpandSubscriptionItemListDiscounts = "data.discounts"
	// ExpandInvoicePayments includes invoice.payments (includable: absent unless asked for): since
	// 2025-03-31.basil neither a charge nor an invoice names the other, and an invoice's payments
	// (payment intent or charge) are what ties them. Included in the list, they cost no request.
	ExpandInvoicePayments = "data.payments"
)

// SubscriptionStatusAll lists subscriptions in every status; without it Stripe leaves out
// canceled ones, which churn metrics need.
const SubscriptionStatusAll = "all"

// InvoiceStatuses are the values ListInvoices accepts ("" means every status).
var InvoiceStatuses = []string{"draft", "open", "paid", "uncollectible", "void"}

// maxEventTypes is Stripe's limit on types[] per request; longer lists are split.
const maxEventTypes = 20

func ident[T interface{ comparable }](id func(T) string) func(T) string {
	var zero T
	return func(v T) string {
		if v == zero {
			return ""
		}
		return id(v)
	}
}

// ListBalanceTransactions reads every balance transaction created in w.
func (c *Client) ListBalanceTransactions(ctx context.Context, w Window, fn func(*stripe.BalanceTransaction) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, list[*stripe.BalanceTransaction]{
		op: operation{path: "/v1/balance_transactions", resource: "balance_transactions"}, noun: "balance transactions",
		id: ident(func(o *stripe.BalanceTransaction) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.BalanceTransaction] {
			return c.sc.V1BalanceTransactions.List(ctx, &stripe.BalanceTransactionListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}, fn)
}

// ListCharges reads every charge created in w. Stripe has no status filter for charges;
// callers filter by status themselves.
func (c *Client) ListCharges(ctx context.Context, w Window, fn func(*stripe.Charge) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, chargesList(c, w), fn)
}

func chargesList(c *Client, w Window) list[*stripe.Charge] {
	return list[*stripe.Charge]{
		op: operation{path: "/v1/charges", resource: "charges"}, noun: "charges",
		id: ident(func(o *stripe.Charge) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Charge] {
			return c.sc.V1Charges.List(ctx, &stripe.ChargeListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}
}

// ListDisputes reads every dispute created in w.
func (c *Client) ListDisputes(ctx context.Context, w Window, fn func(*stripe.Dispute) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, disputesList(c, w), fn)
}

func disputesList(c *Client, w Window) list[*stripe.Dispute] {
	return list[*stripe.Dispute]{
		op: operation{path: "/v1/disputes", resource: "disputes"}, noun: "disputes",
		id: ident(func(o *stripe.Dispute) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Dispute] {
			return c.sc.V1Disputes.List(ctx, &stripe.DisputeListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}
}

// ListPayouts reads every payout created in w.
func (c *Client) ListPayouts(ctx context.Context, w Window, fn func(*stripe.Payout) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, payoutsList(c, w), fn)
}

func payoutsList(c *Client, w Window) list[*stripe.Payout] {
	return list[*stripe.Payout]{
		op: operation{path: "/v1/payouts", resource: "payouts"}, noun: "payouts",
		id: ident(func(o *stripe.Payout) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Payout] {
			return c.sc.V1Payouts.List(ctx, &stripe.PayoutListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}
}

// ListInvoices reads every invoice created in w, only those in status when it is not empty
// (one of InvoiceStatuses). Each invoice embeds its first lines; when invoice.Lines.HasMore is
// true, read the rest with ListInvoiceLines.
func (c *Client) ListInvoices(ctx context.Context, w Window, status string, fn func(*stripe.Invoice) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	if status != "" && !slices.Contains(InvoiceStatuses, status) {
		return invalidArgument(fmt.Sprintf("invoice status %q is not one of %s.", status, strings.Join(InvoiceStatuses, ", ")))
	}
	return readAll(ctx, c, invoicesList(c, w, status), fn)
}

func invoicesList(c *Client, w Window, status string) list[*stripe.Invoice] {
	return list[*stripe.Invoice]{
		op: operation{path: "/v1/invoices", resource: "invoices"}, noun: "invoices",
		id: ident(func(o *stripe.Invoice) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Invoice] {
			p := &stripe.InvoiceListParams{ListParams: lp, CreatedRange: w.created()}
			p.AddExpand(ExpandInvoiceDiscounts)
			p.AddExpand(ExpandInvoicePayments)
			if status != "" {
				p.Status = stripe.String(status)
			}
			return c.sc.V1Invoices.List(ctx, p)
		},
	}
}

// ListInvoiceLines reads every line of one invoice, for invoices whose embedded lines list
// has has_more=true.
func (c *Client) ListInvoiceLines(ctx context.Context, invoiceID string, fn func(*stripe.InvoiceLineItem) error) error {
	if err := checkID(invoiceID, "in_", "invoice"); err != nil {
		return err
	}
	return readAll(ctx, c, list[*stripe.InvoiceLineItem]{
		op: operation{path: "/v1/invoices/" + invoiceID + "/lines", resource: "invoices"}, noun: "invoice lines",
		id: ident(func(o *stripe.InvoiceLineItem) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.InvoiceLineItem] {
			return c.sc.V1Invoices.ListLines(ctx, &stripe.InvoiceListLinesParams{ListParams: lp, Invoice: stripe.String(invoiceID)})
		},
	}, fn)
}

// ListInvoicePayments reads every payment of one invoice, for invoices whose included payments
// list has has_more=true.
func (c *Client) ListInvoicePayments(ctx context.Context, invoiceID string, fn func(*stripe.InvoicePayment) error) error {
	if err := checkID(invoiceID, "in_", "invoice"); err != nil {
		return err
	}
	return readAll(ctx, c, list[*stripe.InvoicePayment]{
		op: operation{path: "/v1/invoice_payments", resource: "invoices"}, noun: "invoice payments",
		id: ident(func(o *stripe.InvoicePayment) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.InvoicePayment] {
			return c.sc.V1InvoicePayments.List(ctx, &stripe.InvoicePaymentListParams{ListParams: lp, Invoice: stripe.String(invoiceID)})
		},
	}, fn)
}

// ListRefunds reads every refund created in w, in the presentment currency of the payment it
// gives back (the ledger's refund rows are in the settlement currency).
func (c *Client) ListRefunds(ctx context.Context, w Window, fn func(*stripe.Refund) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, refundsList(c, w), fn)
}

func refundsList(c *Client, w Window) list[*stripe.Refund] {
	return list[*stripe.Refund]{
		op: operation{path: "/v1/refunds", resource: "refunds"}, noun: "refunds",
		id: ident(func(o *stripe.Refund) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Refund] {
			return c.sc.V1Refunds.List(ctx, &stripe.RefundListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}
}

// ListSubscriptions reads every subscription created in w, in every status, with subscription
// and item discounts expanded. Each subscription embeds its first items; when
// subscription.Items.HasMore is true, read the rest with ListSubscriptionItems.
func (c *Client) ListSubscriptions(ctx context.Context, w Window, fn func(*stripe.Subscription) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, subscriptionsList(c, w), fn)
}

func subscriptionsList(c *Client, w Window) list[*stripe.Subscription] {
	return list[*stripe.Subscription]{
		op: operation{path: "/v1/subscriptions", resource: "subscriptions"}, noun: "subscriptions",
		id: ident(func(o *stripe.Subscription) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Subscription] {
			p := &stripe.SubscriptionListParams{ListParams: lp, CreatedRange: w.created(), Status: stripe.String(SubscriptionStatusAll)}
			p.AddExpand(ExpandSubscriptionDiscounts)
			p.AddExpand(ExpandSubscriptionItemDiscounts)
			return c.sc.V1Subscriptions.List(ctx, p)
		},
	}
}

// ListSubscriptionItems reads every item of one subscription, with discounts expanded, for
// subscriptions whose embedded items list has has_more=true.
func (c *Client) ListSubscriptionItems(ctx context.Context, subscriptionID string, fn func(*stripe.SubscriptionItem) error) error {
	if err := checkID(subscriptionID, "sub_", "subscription"); err != nil {
		return err
	}
	return readAll(ctx, c, list[*stripe.SubscriptionItem]{
		op: operation{path: "/v1/subscription_items", resource: "subscriptions"}, noun: "subscription items",
		id: ident(func(o *stripe.SubscriptionItem) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.SubscriptionItem] {
			p := &stripe.SubscriptionItemListParams{ListParams: lp, Subscription: stripe.String(subscriptionID)}
			p.AddExpand(ExpandSubscriptionItemListDiscounts)
			return c.sc.V1SubscriptionItems.List(ctx, p)
		},
	}, fn)
}

// ListPrices reads every price created in w, active and inactive, with its product expanded.
// Stripe's price list returns only active prices unless active=false is asked for, so this
// reads both lists, active ones first. An error in the second list reports the objects of
// both lists read so far.
func (c *Client) ListPrices(ctx context.Context, w Window, fn func(*stripe.Price) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	delivered := 0
	var callbackErr error
	count := func(p *stripe.Price) error {
		if err := fn(p); err != nil {
			callbackErr = err
			return err
		}
		delivered++
		return nil
	}
	if err := readAll(ctx, c, pricesList(c, w, true), count); err != nil {
		return err
	}
	activeCount := delivered
	err := readAll(ctx, c, pricesList(c, w, false), count)
	var e *Error
	if err != nil && err != callbackErr && errors.As(err, &e) {
		e.ObjectsRead += activeCount
		e.Message += fmt.Sprintf(" All %d active prices were read; inactive prices are incomplete.", activeCount)
	}
	return err
}

// ListPricesActive reads the prices created in w that are active (or, active false, inactive),
// with their product expanded: one list in Stripe's order, newest first, which a cache can shard
// by created (ListPrices reads the two lists one after the other).
func (c *Client) ListPricesActive(ctx context.Context, w Window, active bool, fn func(*stripe.Price) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, pricesList(c, w, active), fn)
}

func pricesList(c *Client, w Window, active bool) list[*stripe.Price] {
	noun := "inactive prices"
	if active {
		noun = "active prices"
	}
	return list[*stripe.Price]{
		op: operation{path: "/v1/prices", resource: "prices"}, noun: noun,
		id: ident(func(o *stripe.Price) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Price] {
			p := &stripe.PriceListParams{ListParams: lp, CreatedRange: w.created(), Active: stripe.Bool(active)}
			p.AddExpand(ExpandPriceProduct)
			p.AddExpand(ExpandPriceTiers)
			return c.sc.V1Prices.List(ctx, p)
		},
	}
}

// ListProducts reads every product created in w; Stripe's product list includes inactive
// products unless filtered.
func (c *Client) ListProducts(ctx context.Context, w Window, fn func(*stripe.Product) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, productsList(c, w), fn)
}

func productsList(c *Client, w Window) list[*stripe.Product] {
	return list[*stripe.Product]{
		op: operation{path: "/v1/products", resource: "products"}, noun: "products",
		id: ident(func(o *stripe.Product) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Product] {
			return c.sc.V1Products.List(ctx, &stripe.ProductListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}
}

// ListCustomers reads every customer created in w.
func (c *Client) ListCustomers(ctx context.Context, w Window, fn func(*stripe.Customer) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, customersList(c, w), fn)
}

func customersList(c *Client, w Window) list[*stripe.Customer] {
	return list[*stripe.Customer]{
		op: operation{path: "/v1/customers", resource: "customers"}, noun: "customers",
		id: ident(func(o *stripe.Customer) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Customer] {
			return c.sc.V1Customers.List(ctx, &stripe.CustomerListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}
}

// ListCoupons reads every coupon created in w.
func (c *Client) ListCoupons(ctx context.Context, w Window, fn func(*stripe.Coupon) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	return readAll(ctx, c, list[*stripe.Coupon]{
		// Coupons are not in the catalog, so a 403 names only what Stripe's message names.
		op: operation{path: "/v1/coupons"}, noun: "coupons",
		id: ident(func(o *stripe.Coupon) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Coupon] {
			return c.sc.V1Coupons.List(ctx, &stripe.CouponListParams{ListParams: lp, CreatedRange: w.created()})
		},
	}, fn)
}

// ListEvents reads every event created in w whose type is one of types (all events when types
// is empty). Stripe keeps events for 30 days. More than 20 types are read in groups of 20
// (Stripe's limit per request); groups do not overlap, so no event is delivered twice, but
// the order is newest-first only within a group.
//
// Each event's data comes in the pinned version's shapes, whatever version Stripe rendered it in
// (see inPinnedShapes); its APIVersion stays the one Stripe sent.
func (c *Client) ListEvents(ctx context.Context, w Window, types []string, fn func(*stripe.Event) error) error {
	if err := w.check(); err != nil || w.empty() {
		return err
	}
	for _, t := range types {
		if strings.TrimSpace(t) == "" {
			return invalidArgument("event types must not be empty strings.")
		}
	}
	types = slices.Compact(slices.Sorted(slices.Values(types)))
	fn = inPinnedShapes(fn)
	if len(types) == 0 {
		return readAll(ctx, c, eventsList(c, w, nil), fn)
	}
	for group := range slices.Chunk(types, maxEventTypes) {
		if err := readAll(ctx, c, eventsList(c, w, group), fn); err != nil {
			return err
		}
	}
	return nil
}

func eventsList(c *Client, w Window, types []string) list[*stripe.Event] {
	return list[*stripe.Event]{
		op: operation{path: "/v1/events", resource: "events"}, noun: "events",
		id: ident(func(o *stripe.Event) string { return o.ID }),
		fetch: func(ctx context.Context, lp stripe.ListParams) *stripe.V1List[*stripe.Event] {
			p := &stripe.EventListParams{ListParams: lp, CreatedRange: w.created()}
			if len(types) > 0 {
				p.Types = stripe.StringSlice(types)
			}
			return c.sc.V1Events.List(ctx, p)
		},
	}
}

// checkID refuses ids that would change the request path (slashes, query characters) or are
// plainly of the wrong object type.
func checkID(id, prefix, what string) error {
	if !strings.HasPrefix(id, prefix) || len(id) == len(prefix) || strings.ContainsFunc(id, func(r rune) bool { return !isKeyChar(r) }) {
		return invalidArgument(fmt.Sprintf("%q is not a Stripe %s id (%s...).", id, what, prefix))
	}
	return nil
}
