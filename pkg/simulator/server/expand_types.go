package server

import "github.com/revops/stripe-datasource/pkg/simulator/objects"

// fieldKind says how a member can take part in an expand[] path.
type fieldKind uint8

const (
	// fExpandable holds an ID (or an array of IDs) that expands to an object of one of targets.
	fExpandable fieldKind = iota + 1
	// fInline is an embedded object (or array of them) of kind target: not expandable itself,
	// but paths may go through it (subscription_item.price.product).
	fInline
	// fNested is an embedded anonymous object (or array of them) described by nested.
	fNested
	// fList is an embedded list envelope whose data holds objects of kind target.
	fList
	// fIncludable is absent unless expanded (price.tiers, charge.refunds, customer.subscriptions).
	fIncludable
)

// fieldDef describes one member for expansion.
type fieldDef struct {
	kind    fieldKind
	targets []objects.Kind
	nested  *typeDef
	// notServed marks members Stripe can expand but whose objects the simulator does not hold
	// (payment intents, payment methods, applications, ...): expanding one that has a value is a
	// clear 400 rather than a silently unexpanded ID.
	notServed string
	// coveredByParent: expanding needs no permission beyond the parent's
	// (rak_balance_transaction_source_read covers balance_transaction.source).
	coveredByParent bool
	// include builds an includable member from the parent object's id; listOf is set when it is a
	// list envelope, so paths can continue through its data.
	include func(s *objects.Store, parentID string) (any, error)
	listOf  objects.Kind
}

// typeDef is the expandable structure of one object type.
type typeDef struct{ fields map[string]*fieldDef }

func expandable(targets ...objects.Kind) *fieldDef {
	return &fieldDef{kind: fExpandable, targets: targets}
}

func notServed(what string) *fieldDef { return &fieldDef{kind: fExpandable, notServed: what} }

func inline(k objects.Kind) *fieldDef { return &fieldDef{kind: fInline, targets: []objects.Kind{k}} }

func nested(fields map[string]*fieldDef) *fieldDef {
	return &fieldDef{kind: fNested, nested: &typeDef{fields: fields}}
}

func list(k objects.Kind) *fieldDef { return &fieldDef{kind: fList, targets: []objects.Kind{k}} }

// discountAmounts is the shape of total_discount_amounts[] / discount_amounts[] /
// *pretax_credit_amounts[]: an expandable discount.
var discountAmounts = nested(map[string]*fieldDef{"discount": expandable(objects.KindDiscount)})

// typeDefs is what the simulator does for the members an expand path may name: expand an ID,
// include a member, or go through an embedded object or list. Which paths are valid at all is
// the spec's rule (expand_spec.go); a valid path through a member not listed here changes
// nothing, except that an ID the simulator cannot expand is refused (expander.object).
var typeDefs map[objects.Kind]*typeDef

func init() {
	source := expandable(objects.KindCharge, objects.KindRefund, objects.KindDispute, objects.KindPayout)
	source.coveredByParent = true
	typeDefs = map[objects.Kind]*typeDef{
		objects.KindBalanceTransaction: {fields: map[string]*fieldDef{"source": source}},
		objects.KindCharge: {fields: map[string]*fieldDef{
			"balance_transaction":         expandable(objects.KindBalanceTransaction),
			"customer":                    expandable(objects.KindCustomer),
			"failure_balance_transaction": expandable(objects.KindBalanceTransaction),
			"payment_intent":              notServed("payment_intent"),
			"application":                 notServed("application"),
			"application_fee":             notServed("application_fee"),
			"on_behalf_of":                notServed("account"),
			"review":                      notServed("review"),
			"source_transfer":             notServed("transfer"),
			"transfer":                    notServed("transfer"),
			"outcome":                     nested(map[string]*fieldDef{"rule": notServed("rule")}),
			"transfer_data":               nested(map[string]*fieldDef{"destination": notServed("account")}),
			"refunds":                     {kind: fIncludable, include: includeRefunds, listOf: objects.KindRefund},
		}},
		objects.KindRefund: {fields: map[string]*fieldDef{
			"balance_transaction":         expandable(objects.KindBalanceTransaction),
			"charge":                      expandable(objects.KindCharge),
			"customer":                    expandable(objects.KindCustomer),
			"failure_balance_transaction": expandable(objects.KindBalanceTransaction),
			"payment_intent":              notServed("payment_intent"),
			"payment_method":              notServed("payment_method"),
			"source_transfer_reversal":    notServed("transfer_reversal"),
			"transfer_reversal":           notServed("transfer_reversal"),
		}},
		objects.KindDispute: {fields: map[string]*fieldDef{
			"charge":               expandable(objects.KindCharge),
			"payment_intent":       notServed("payment_intent"),
			"balance_transactions": inline(objects.KindBalanceTransaction),
		}},
		objects.KindSubscription: {fields: map[string]*fieldDef{
			"customer":               expandable(objects.KindCustomer),
			"discounts":              expandable(objects.KindDiscount),
			"latest_invoice":         expandable(objects.KindInvoice),
			"default_payment_method": notServed("payment_method"),
			"default_source":         notServed("source"),
			"pending_setup_intent":   notServed("setup_intent"),
			"schedule":               notServed("subscription_schedule"),
			"test_clock":             notServed("test_helpers.test_clock"),
			"on_behalf_of":           notServed("account"),
			"application":            notServed("application"),
			"items":                  list(objects.KindSubscriptionItem),
		}},
		objects.KindSubscriptionItem: {fields: map[string]*fieldDef{
			"discounts": expandable(objects.KindDiscount),
			"price":     inline(objects.KindPrice),
		}},
		objects.KindPrice: {fields: map[string]*fieldDef{
			"product": expandable(objects.KindProduct),
			"tiers":   {kind: fIncludable, include: includeTiers},
		}},
		objects.KindProduct: {fields: map[string]*fieldDef{
			"default_price": expandable(objects.KindPrice),
			"tax_code":      notServed("tax_code"),
		}},
		objects.KindDiscount: {fields: map[string]*fieldDef{
			"customer":       expandable(objects.KindCustomer),
			"promotion_code": notServed("promotion_code"),
			"source":         nested(map[string]*fieldDef{"coupon": expandable(objects.KindCoupon)}),
		}},
		objects.KindCoupon: {fields: map[string]*fieldDef{}},
		objects.KindInvoice: {fields: map[string]*fieldDef{
			"customer":  expandable(objects.KindCustomer),
			"discounts": expandable(objects.KindDiscount),
			"parent": nested(map[string]*fieldDef{
				"subscription_details": nested(map[string]*fieldDef{"subscription": expandable(objects.KindSubscription)}),
			}),
			"total_discount_amounts":      discountAmounts,
			"total_pretax_credit_amounts": discountAmounts,
			"lines":                       list(objects.KindLineItem),
			"payments":                    {kind: fIncludable, include: includeInvoicePayments, listOf: objects.KindInvoicePayment},
			"default_payment_method":      notServed("payment_method"),
			"default_source":              notServed("source"),
			"latest_revision":             notServed("invoice"),
			"on_behalf_of":                notServed("account"),
			"application":                 notServed("application"),
			"test_clock":                  notServed("test_helpers.test_clock"),
			"account_tax_ids":             notServed("tax_id"),
		}},
		objects.KindLineItem: {fields: map[string]*fieldDef{
			"pricing": nested(map[string]*fieldDef{
				"price_details": nested(map[string]*fieldDef{"price": expandable(objects.KindPrice)}),
			}),
			"discounts":             expandable(objects.KindDiscount),
			"discount_amounts":      discountAmounts,
			"pretax_credit_amounts": discountAmounts,
			"subscription":          expandable(objects.KindSubscription),
		}},
		objects.KindCustomer: {fields: map[string]*fieldDef{
			"default_source":   notServed("source"),
			"test_clock":       notServed("test_helpers.test_clock"),
			"invoice_settings": nested(map[string]*fieldDef{"default_payment_method": notServed("payment_method")}),
			"discount":         inline(objects.KindDiscount),
			"subscriptions":    {kind: fIncludable, include: includeSubscriptions, listOf: objects.KindSubscription},
		}},
		objects.KindPayout: {fields: map[string]*fieldDef{
			"balance_transaction":         expandable(objects.KindBalanceTransaction),
			"failure_balance_transaction": expandable(objects.KindBalanceTransaction),
			"original_payout":             expandable(objects.KindPayout),
			"reversed_by":                 expandable(objects.KindPayout),
			"destination":                 notServed("bank_account"),
			"application_fee":             notServed("application_fee"),
		}},
		objects.KindEvent: {fields: map[string]*fieldDef{}},
		objects.KindInvoicePayment: {fields: map[string]*fieldDef{
			"invoice": expandable(objects.KindInvoice),
			"payment": nested(map[string]*fieldDef{
				"charge":         expandable(objects.KindCharge),
				"payment_intent": notServed("payment_intent"),
				"payment_record": notServed("payment_record"),
			}),
		}},
	}
}

// kindPerm is the restricted-key permission that reads objects of each kind.
var kindPerm = map[objects.Kind]string{
	objects.KindBalanceTransaction: PermBalanceTransaction,
	objects.KindCharge:             PermCharge,
	objects.KindRefund:             PermCharge,
	objects.KindDispute:            PermDispute,
	objects.KindSubscription:       PermSubscription,
	objects.KindSubscriptionItem:   PermSubscription,
	objects.KindPrice:              PermPrice,
	objects.KindProduct:            PermProduct,
	objects.KindDiscount:           PermCoupon,
	objects.KindCoupon:             PermCoupon,
	objects.KindInvoice:            PermInvoice,
	objects.KindLineItem:           PermInvoice,
	objects.KindCustomer:           PermCustomer,
	objects.KindPayout:             PermPayout,
	objects.KindEvent:              PermEvent,
	objects.KindInvoiceItem:        PermInvoice,
	objects.KindInvoicePayment:     PermInvoice,
}

// includeTiers is the includable price.tiers.
func includeTiers(s *objects.Store, priceID string) (any, error) {
	v, ok := s.Lookup(objects.KindPrice, priceID)
	if !ok {
		return nil, errDangling(objects.KindPrice, priceID)
	}
	tiers := v.(*objects.Price).Tiers
	if tiers == nil {
		tiers = []objects.PriceTier{}
	}
	return tiers, nil
}

// embeddedList is the envelope of an includable list.
type embeddedList struct {
	Object  objects.TagList `json:"object"`
	Data    []any           `json:"data"`
	HasMore bool            `json:"has_more"`
	URL     string          `json:"url"`
}

// includeRefunds is the includable charge.refunds: every refund of the charge, newest first.
func includeRefunds(s *objects.Store, chargeID string) (any, error) {
	l := embeddedList{Data: []any{}, URL: objects.ChargeRefundsURL(chargeID)}
	for _, r := range s.RefundsOfCharge(chargeID) {
		l.Data = append(l.Data, r)
	}
	return l, nil
}

// includeInvoicePayments is the includable invoice.payments: every payment of the invoice, newest
// first; like the lines, the first 10 are embedded and has_more says when there are more.
func includeInvoicePayments(s *objects.Store, invoiceID string) (any, error) {
	l := embeddedList{Data: []any{}, URL: objects.InvoicePaymentsURL(invoiceID)}
	for _, p := range s.PaymentsOfInvoice(invoiceID) {
		if len(l.Data) == objects.EmbeddedInvoiceLines {
			l.HasMore = true
			break
		}
		l.Data = append(l.Data, p)
	}
	return l, nil
}

// includeSubscriptions is the includable customer.subscriptions: like the subscriptions list's
// default, canceled subscriptions are left out; the first 10 are embedded.
func includeSubscriptions(s *objects.Store, customerID string) (any, error) {
	l := embeddedList{Data: []any{}, URL: objects.CustomerSubscriptionsURL(customerID)}
	for _, sub := range s.SubscriptionsOfCustomer(customerID) {
		if sub.Status == "canceled" {
			continue
		}
		if len(l.Data) == 10 {
			l.HasMore = true
			break
		}
		l.Data = append(l.Data, sub)
	}
	return l, nil
}
