package server

import (
	"net/url"
	"strings"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// opKind is what an endpoint does.
type opKind uint8

const (
	opList opKind = iota + 1
	opRetrieve
	opBalance
	opAccount
	opSubscriptionItems // GET /v1/subscription_items?subscription=
	opInvoiceLines      // GET /v1/invoices/{id}/lines
)

// resource is one listable, retrievable resource.
type resource struct {
	path string // "charges"
	kind objects.Kind
	perm string
	// filters are the implemented list parameters; unsupported are parameters Stripe accepts on
	// this list but the simulator does not implement (400 rather than silently ignored).
	filters     []filterDef
	unsupported []string
	// defaultFilter applies when the request sends none of defaultUnless (subscriptions hide
	// canceled ones unless status is given).
	defaultFilter func(any) bool
	defaultKey    string
	defaultUnless string

	allowedParams map[string]bool // built once by init from filters and unsupported
}

func (r *resource) allowed() map[string]bool {
	if r.allowedParams != nil {
		return r.allowedParams
	}
	m := map[string]bool{}
	for _, f := range r.filters {
		m[f.name] = true
	}
	for _, u := range r.unsupported {
		m[u] = false
	}
	return m
}

var resources = map[string]*resource{}

func init() {
	for _, r := range []*resource{
		{path: "balance_transactions", kind: objects.KindBalanceTransaction, perm: PermBalanceTransaction, filters: []filterDef{
			eq("type", func(o *objects.BalanceTransaction) string { return o.Type }, true),
			eq("payout", func(o *objects.BalanceTransaction) string { return o.PayoutID }, true),
			eq("source", func(o *objects.BalanceTransaction) string { return string(o.Source) }, false),
			eq("currency", func(o *objects.BalanceTransaction) string { return o.Currency }, true),
		}},
		{path: "charges", kind: objects.KindCharge, perm: PermCharge, filters: []filterDef{
			eq("customer", func(o *objects.Charge) string { return string(o.CustomerID()) }, false),
			eq("payment_intent", func(o *objects.Charge) string { return string(o.PaymentIntent) }, false),
		}, unsupported: []string{"transfer_group"}},
		{path: "disputes", kind: objects.KindDispute, perm: PermDispute, filters: []filterDef{
			eq("charge", func(o *objects.Dispute) string { return o.Charge }, false),
			eq("payment_intent", func(o *objects.Dispute) string { return string(o.PaymentIntent) }, false),
		}},
		{path: "subscriptions", kind: objects.KindSubscription, perm: PermSubscription, filters: []filterDef{
			subscriptionStatus,
			eq("customer", func(o *objects.Subscription) string { return o.Customer }, false),
			oneOf("collection_method", func(o *objects.Subscription) string { return o.CollectionMethod }, "charge_automatically", "send_invoice"),
			{name: "price", build: func(vals []string) (func(any) bool, string, *apiError) {
				v := vals[len(vals)-1]
				return func(o any) bool {
					for _, it := range o.(*objects.Subscription).Items.Data {
						if it.Price.ID == v {
							return true
						}
					}
					return false
				}, "", nil
			}},
		}, unsupported: []string{"automatic_tax", "current_period_end", "current_period_start", "customer_account", "test_clock"},
			defaultFilter: notCanceled, defaultKey: "status=default", defaultUnless: "status"},
		{path: "invoices", kind: objects.KindInvoice, perm: PermInvoice, filters: []filterDef{
			oneOf("status", func(o *objects.Invoice) string { return string(o.Status) }, "draft", "open", "paid", "uncollectible", "void"),
			eq("customer", func(o *objects.Invoice) string { return o.CustomerID() }, false),
			eq("subscription", invoiceSubscription, false),
			oneOf("collection_method", func(o *objects.Invoice) string { return o.CollectionMethod }, "charge_automatically", "send_invoice"),
		}, unsupported: []string{"customer_account", "due_date"}},
		{path: "prices", kind: objects.KindPrice, perm: PermPrice, filters: []filterDef{
			boolFilter("active", func(o *objects.Price) bool { return o.Active }),
			eq("product", func(o *objects.Price) string { return o.Product }, false),
			eq("currency", func(o *objects.Price) string { return o.Currency }, false),
			oneOf("type", func(o *objects.Price) string { return o.Type }, "one_time", "recurring"),
		}, unsupported: []string{"lookup_keys", "recurring"}},
		{path: "products", kind: objects.KindProduct, perm: PermProduct, filters: []filterDef{
			boolFilter("active", func(o *objects.Product) bool { return o.Active }),
		}, unsupported: []string{"ids", "shippable", "url"}},
		{path: "customers", kind: objects.KindCustomer, perm: PermCustomer, filters: []filterDef{
			eq("email", func(o *objects.Customer) string { return string(o.Email) }, false),
		}, unsupported: []string{"test_clock"}},
		{path: "coupons", kind: objects.KindCoupon, perm: PermCoupon},
		{path: "payouts", kind: objects.KindPayout, perm: PermPayout, filters: []filterDef{
			oneOf("status", func(o *objects.Payout) string { return o.Status }, "pending", "in_transit", "paid", "failed", "canceled"),
		}, unsupported: []string{"arrival_date", "destination"}},
		{path: "events", kind: objects.KindEvent, perm: PermEvent, filters: []filterDef{eventType, eventTypes},
			unsupported: []string{"delivery_success"}},
		// Invoice items: the simulator holds only pending proration items (invoice null).
		{path: "invoiceitems", kind: objects.KindInvoiceItem, perm: PermInvoice, filters: []filterDef{
			eq("customer", func(o *objects.InvoiceItem) string { return o.Customer }, false),
			boolFilter("pending", func(o *objects.InvoiceItem) bool { return o.Invoice == "" }),
			eq("invoice", func(o *objects.InvoiceItem) string { return string(o.Invoice) }, false),
		}, unsupported: []string{"customer_account"}},
		{path: "subscription_items", kind: objects.KindSubscriptionItem, perm: PermSubscription},
		{path: "refunds", kind: objects.KindRefund, perm: PermRefund, filters: []filterDef{
			eq("charge", func(o *objects.Refund) string { return string(o.Charge) }, false),
			eq("payment_intent", func(o *objects.Refund) string { return string(o.PaymentIntent) }, false),
		}},
		{path: "invoice_payments", kind: objects.KindInvoicePayment, perm: PermInvoice, filters: []filterDef{
			eq("invoice", func(o *objects.InvoicePayment) string { return o.Invoice }, false),
			oneOf("status", func(o *objects.InvoicePayment) string { return o.Status }, "canceled", "open", "paid"),
		}, unsupported: []string{"payment[type]", "payment[payment_intent]", "payment[payment_record]"}},
	} {
		r.allowedParams = r.allowed()
		resources[r.path] = r
	}
}

func invoiceSubscription(o *objects.Invoice) string {
	if o.Parent == nil || o.Parent.SubscriptionDetails == nil {
		return ""
	}
	return o.Parent.SubscriptionDetails.Subscription
}

// route is a matched request path.
type route struct {
	endpoint string // counts and faults name: "GET /v1/charges/{id}"
	op       opKind
	res      *resource
	id       string
}

// match maps a path to an endpoint (method aside). ok is false for unrecognized URLs.
func match(p string) (route, bool) {
	rest, found := strings.CutPrefix(p, "/v1/")
	if !found {
		return route{}, false
	}
	segs := strings.Split(rest, "/")
	for i, s := range segs {
		if s == "" {
			return route{}, false // empty segment: "/v1/customers/" or "//"
		}
		if u, err := url.PathUnescape(s); err == nil {
			segs[i] = u
		}
	}
	switch {
	case len(segs) == 1 && segs[0] == "balance":
		return route{endpoint: "GET /v1/balance", op: opBalance}, true
	case len(segs) == 1 && segs[0] == "account":
		return route{endpoint: "GET /v1/account", op: opAccount}, true
	}
	res := resources[segs[0]]
	if res == nil {
		return route{}, false
	}
	base := "GET /v1/" + res.path
	switch {
	case len(segs) == 1 && res.kind == objects.KindSubscriptionItem:
		return route{endpoint: base, op: opSubscriptionItems, res: res}, true
	case len(segs) == 1:
		return route{endpoint: base, op: opList, res: res}, true
	case len(segs) == 2:
		return route{endpoint: base + "/{id}", op: opRetrieve, res: res, id: segs[1]}, true
	case len(segs) == 3 && res.kind == objects.KindInvoice && segs[2] == "lines":
		return route{endpoint: base + "/{id}/lines", op: opInvoiceLines, res: res, id: segs[1]}, true
	}
	return route{}, false
}

// Endpoints lists every endpoint the simulator serves, by the names used in counts and faults.
func Endpoints() []string {
	out := []string{"GET /v1/account", "GET /v1/balance"}
	for _, r := range []string{"balance_transactions", "charges", "coupons", "customers", "disputes", "events", "invoice_payments", "invoices",
		"payouts", "prices", "products", "refunds", "subscription_items", "subscriptions"} {
		out = append(out, "GET /v1/"+r, "GET /v1/"+r+"/{id}")
		if r == "invoices" {
			out = append(out, "GET /v1/invoices/{id}/lines")
		}
	}
	return out
}
