// Package objectstest builds a small, hand-made account for tests: every object kind the
// simulator serves, with the variants that matter (failed charge, refund, dispute withdrawn and
// reinstated, tiered metered price, canceled and trialing subscriptions, proration lines, an
// invoice with more lines than Stripe embeds, events). Values follow the shapes doc's examples.
package objectstest

import (
	"encoding/json"
	"fmt"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// T0 is the sample account's reference time (2026-07-01T00:00:00Z); every timestamp is relative.
const T0 int64 = 1782864000

const (
	day   = 86400
	month = 30 * day
)

// AccountID is the sample account's id.
const AccountID = "acct_1Nv0FGQ9RKHgCVdK"

// NewSampleStore returns a finalized sample store for one mode. Test-mode and live-mode stores
// hold different objects (ids carry a mode marker) so mode separation is observable.
func NewSampleStore(livemode bool) (*objects.Store, error) {
	s := objects.NewStore(livemode)
	m := "T" // mode marker inside ids
	if livemode {
		m = "L"
	}
	id := func(prefix string, n int) string { return fmt.Sprintf("%s_1Pi%s%08dLkdIwHu7ix", prefix, m, n) }

	s.Account = objects.Account{
		ID:               AccountID,
		BusinessProfile:  &objects.BusinessProfile{MCC: "5734", Name: "Acme, Inc.", URL: "https://acme.example"},
		BusinessType:     "company",
		ChargesEnabled:   true,
		Country:          "US",
		Created:          1700000000,
		DefaultCurrency:  "usd",
		DetailsSubmitted: true,
		Email:            "billing@acme.example",
		PayoutsEnabled:   true,
		Settings: &objects.AccountSettings{
			CardPayments: objects.AccountCardPayments{StatementDescriptorPrefix: "ACME"},
			Dashboard:    objects.AccountDashboard{DisplayName: "Acme", Timezone: "America/New_York"},
			Payments:     objects.AccountPayments{StatementDescriptor: "ACME"},
		},
		Type: "standard",
	}
	s.Balance = objects.Balance{
		Available: objects.Array[objects.BalanceAmount]{{Amount: 184210, Currency: "usd", SourceTypes: &objects.SourceTypes{Card: objects.Int64(184210)}}},
		Pending:   objects.Array[objects.BalanceAmount]{{Amount: 25870, Currency: "usd", SourceTypes: &objects.SourceTypes{Card: objects.Int64(25870)}}},
	}

	// Catalog: a flat monthly price, a yearly price, a tiered metered price, a one-time price.
	prodPro, prodAPI := "prod_QZ9xAbCdEfGh12", "prod_QZ9xApiUsage0"
	if livemode {
		prodPro, prodAPI = "prod_LZ9xAbCdEfGh12", "prod_LZ9xApiUsage0"
	}
	pricePro, priceProYear, priceAPI, priceSetup := id("price", 1), id("price", 2), id("price", 3), id("price", 4)
	s.Products = []objects.Product{
		{ID: prodPro, Active: true, Created: T0 - 30*day, DefaultPrice: objects.NullString(pricePro), Name: "Pro", Updated: T0 - 30*day},
		{ID: prodAPI, Active: true, Created: T0 - 29*day, Name: "API usage", UnitLabel: "call", Updated: T0 - 29*day},
	}
	monthly := &objects.Recurring{Interval: "month", IntervalCount: 1, UsageType: "licensed"}
	s.Prices = []objects.Price{
		{ID: pricePro, Active: true, BillingScheme: "per_unit", Created: T0 - 30*day, Currency: "usd", Product: prodPro,
			Recurring: monthly, TaxBehavior: "unspecified", Type: "recurring", UnitAmount: objects.Int64(2900), UnitAmountDecimal: objects.Decimal(2900)},
		{ID: priceProYear, Active: true, BillingScheme: "per_unit", Created: T0 - 30*day, Currency: "usd", Nickname: "Pro yearly", Product: prodPro,
			Recurring: &objects.Recurring{Interval: "year", IntervalCount: 1, UsageType: "licensed"}, TaxBehavior: "exclusive", Type: "recurring",
			UnitAmount: objects.Int64(29000), UnitAmountDecimal: objects.Decimal(29000)},
		{ID: priceAPI, Active: true, BillingScheme: "tiered", Created: T0 - 29*day, Currency: "usd", Product: prodAPI,
			Recurring:   &objects.Recurring{Interval: "month", IntervalCount: 1, Meter: "mtr_test_61QwErTyUiOp", UsageType: "metered"},
			TaxBehavior: "unspecified", TiersMode: "graduated", Type: "recurring",
			Tiers: []objects.PriceTier{
				{UnitAmount: objects.Int64(10), UnitAmountDecimal: "10", UpTo: objects.Int64(1000)},
				{FlatAmount: objects.Int64(500), FlatAmountDecimal: "500", UnitAmount: objects.Int64(8), UnitAmountDecimal: "8"},
			}},
		{ID: priceSetup, Active: false, BillingScheme: "per_unit", Created: T0 - 28*day, Currency: "usd", LookupKey: "setup_fee", Product: prodPro,
			TaxBehavior: "unspecified", Type: "one_time", UnitAmount: objects.Int64(0), UnitAmountDecimal: "0"},
	}
	priceByID := map[string]objects.Price{}
	for _, p := range s.Prices {
		priceByID[p.ID] = p
	}

	coupon := "SPRING25"
	if livemode {
		coupon = "LIVE10"
	}
	s.Coupons = []objects.Coupon{
		{ID: coupon, Created: T0 - 20*day, Duration: "repeating", DurationInMonths: objects.Int64(3), Name: "Spring 25% off",
			PercentOff: objects.Float64(25), TimesRedeemed: 12, Valid: true},
		{ID: "FIVEOFF", Created: T0 - 19*day, AmountOff: objects.Int64(500), Currency: "usd", Duration: "once", Name: "$5 off", TimesRedeemed: 1, Valid: false,
			MaxRedemptions: objects.Int64(1), RedeemBy: objects.Int64(T0 + 60*day), Metadata: objects.Metadata{{Key: "campaign", Value: "spring"}}},
	}

	// Customers and their subscriptions.
	cus := []string{id("cus", 1), id("cus", 2), id("cus", 3)}
	sub := []string{id("sub", 1), id("sub", 2), id("sub", 3)}
	disc := id("di", 1)
	s.Discounts = []objects.Discount{{
		ID: disc, Customer: objects.NullString(cus[0]), End: objects.Int64(T0 + 3*month),
		Source: objects.DiscountSource{Coupon: objects.NullString(coupon)}, Start: T0, Subscription: objects.NullString(sub[0]),
	}}
	customerDiscount := s.Discounts[0] // inline copy: customer.discount is not a reference
	s.Customers = []objects.Customer{
		{ID: cus[0], Created: T0 - 100, Currency: "usd", Email: "jenny.rosen@example.com", InvoicePrefix: "7FE1103",
			InvoiceSettings: objects.CustomerInvoiceSettings{DefaultPaymentMethod: "pm_1PiF0cLkdIwHu7ixPmCard12"},
			Name:            "Jenny Rosen", NextInvoiceSequence: 3, TaxExempt: "none", Discount: &customerDiscount},
		{ID: cus[1], Created: T0 + 5*day, Email: "sam@example.com", InvoicePrefix: "9AB2201", Name: "Sam Lee", NextInvoiceSequence: 1,
			TaxExempt: "none", Address: &objects.Address{Country: "DE", PostalCode: "10115"}, PreferredLocales: objects.Array[string]{"de"}},
		{ID: cus[2], Created: T0 + 6*day, Delinquent: true, InvoicePrefix: "CC33301", NextInvoiceSequence: 2, TaxExempt: "none",
			Metadata: objects.Metadata{{Key: "crm_id", Value: "42"}}},
	}
	item := func(n int, subID, priceID string, created, start, end int64, qty *int64) objects.SubscriptionItem {
		return objects.SubscriptionItem{ID: fmt.Sprintf("si_Q%s%011d", m, n), Created: created, CurrentPeriodStart: start, CurrentPeriodEnd: end,
			Price: priceByID[priceID], Quantity: qty, Subscription: subID}
	}
	s.Subscriptions = []objects.Subscription{
		{ID: sub[0], BillingCycleAnchor: T0, CollectionMethod: "charge_automatically", Created: T0, Currency: "usd", Customer: cus[0],
			DefaultPaymentMethod: "pm_1PiF0cLkdIwHu7ixPmCard12", Discounts: objects.Array[string]{disc}, LatestInvoice: objects.NullString(id("in", 2)),
			Items: objects.List[objects.SubscriptionItem]{Data: objects.Array[objects.SubscriptionItem]{
				item(1, sub[0], pricePro, T0+1, T0+month, T0+2*month, objects.Int64(1)),
				item(2, sub[0], priceAPI, T0+2, T0+month, T0+2*month, nil),
			}},
			StartDate: T0, Status: "active"},
		{ID: sub[1], BillingCycleAnchor: T0 + 5*day + 14*day, CollectionMethod: "charge_automatically", Created: T0 + 5*day, Currency: "usd", Customer: cus[1],
			Items: objects.List[objects.SubscriptionItem]{Data: objects.Array[objects.SubscriptionItem]{
				item(3, sub[1], priceProYear, T0+5*day, T0+5*day, T0+19*day, objects.Int64(3)),
			}},
			StartDate: T0 + 5*day, Status: "trialing", TrialStart: objects.Int64(T0 + 5*day), TrialEnd: objects.Int64(T0 + 19*day),
			CancelAtPeriodEnd: true, CancelAt: objects.Int64(T0 + 19*day)},
		{ID: sub[2], BillingCycleAnchor: T0 + 6*day, CollectionMethod: "send_invoice", Created: T0 + 6*day, Currency: "usd", Customer: cus[2],
			DaysUntilDue: objects.Int64(30),
			Items: objects.List[objects.SubscriptionItem]{Data: objects.Array[objects.SubscriptionItem]{
				item(4, sub[2], pricePro, T0+6*day, T0+6*day, T0+6*day+month, objects.Int64(2)),
			}},
			StartDate: T0 + 6*day, Status: "canceled", CanceledAt: objects.Int64(T0 + 20*day), EndedAt: objects.Int64(T0 + 20*day),
			CancellationDetails: objects.CancellationDetails{Reason: "cancellation_requested", Feedback: "too_expensive"},
			PauseCollection:     &objects.PauseCollection{Behavior: "void"}},
	}

	// Money movement: charges, their balance transactions, a refund, a dispute, a payout.
	ch := []string{id("ch", 1), id("ch", 2), id("ch", 3)}
	txn := []string{id("txn", 1), id("txn", 2), id("txn", 3), id("txn", 4), id("txn", 5), id("txn", 6), id("txn", 7)}
	re1, dp1, po1 := id("re", 1), id("dp", 1), id("po", 1)
	card := &objects.PaymentMethodDetails{Type: "card", Card: &objects.CardDetails{Brand: "visa", Country: "US", ExpMonth: 8, ExpYear: 2030,
		Funding: "credit", Last4: "4242", Network: "visa", RegulatedStatus: "unregulated"}}
	okOutcome := &objects.ChargeOutcome{NetworkStatus: "approved_by_network", RiskLevel: "normal", RiskScore: objects.Int64(32),
		SellerMessage: "Payment complete.", Type: "authorized"}
	s.Charges = []objects.Charge{
		{ID: ch[0], Amount: 2900, AmountCaptured: 2900, AmountRefunded: 1000, BalanceTransaction: objects.NullString(txn[0]),
			Captured: true, Created: T0 + 100, Currency: "usd", Description: "Subscription creation",
			Disputed: true, Outcome: okOutcome, Paid: true, PaymentIntent: "pi_3PiF0cLkdIwHu7ix1HiJkLmN",
			ReceiptURL: "https://pay.stripe.com/receipts/payment/x", Status: "succeeded",
			Payer: &objects.ChargePayer{BillingDetails: objects.BillingDetails{Name: "Jenny Rosen", Address: &objects.Address{}},
				Customer: objects.NullString(cus[0]), PaymentMethod: "pm_1PiF0cLkdIwHu7ixPmCard12", PaymentMethodDetails: card},
			More: &objects.ChargeMore{CalculatedStatementDescriptor: "ACME"}},
		{ID: ch[1], Amount: 2900, Created: T0 + 8*day, Currency: "usd",
			Outcome: &objects.ChargeOutcome{NetworkStatus: "declined_by_network", Reason: "insufficient_funds", RiskLevel: "normal", RiskScore: objects.Int64(26),
				SellerMessage: "The bank returned the decline code `insufficient_funds`.", Type: "issuer_declined"},
			Status: "failed",
			Payer: &objects.ChargePayer{BillingDetails: objects.BillingDetails{Email: "sam@example.com"}, Customer: objects.NullString(cus[1]),
				PaymentMethodDetails: card},
			More: &objects.ChargeMore{FailureCode: "card_declined", FailureMessage: "Your card has insufficient funds."}},
		{ID: ch[2], Amount: 5800, AmountCaptured: 5800, BalanceTransaction: objects.NullString(txn[5]), Captured: true, Created: T0 + 8*day, // same second as ch[1]: tie broken by id
			Currency: "usd", Outcome: okOutcome, Paid: true, Status: "succeeded",
			Payer: &objects.ChargePayer{Customer: objects.NullString(cus[2]), PaymentMethodDetails: card},
			More:  &objects.ChargeMore{Metadata: objects.Metadata{{Key: "order", Value: "A-1"}}}},
	}
	fee := func(amount int64, desc string) objects.Array[objects.FeeDetail] {
		return objects.Array[objects.FeeDetail]{{Amount: amount, Currency: "usd", Description: objects.NullString(desc), Type: "stripe_fee"}}
	}
	disputeWithdrawal := objects.BalanceTransaction{ID: txn[2], Amount: -2900, AvailableOn: T0 + 10*day, BalanceType: "payments", Created: T0 + 10*day,
		Currency: "usd", Description: objects.NullString("Chargeback withdrawal for " + ch[0]), Fee: 1500, FeeDetails: fee(1500, "Dispute fee"),
		Net: -4400, ReportingCategory: "dispute", Source: objects.NullString(dp1), Status: "available", Type: "adjustment"}
	disputeReinstated := objects.BalanceTransaction{ID: txn[3], Amount: 2900, AvailableOn: T0 + 25*day, BalanceType: "payments", Created: T0 + 25*day,
		Currency: "usd", Description: objects.NullString("Chargeback reversal for " + ch[0]), Fee: -1500, FeeDetails: fee(-1500, "Dispute fee refund"),
		Net: 4400, ReportingCategory: "dispute_reversal", Source: objects.NullString(dp1), Status: "available", Type: "adjustment"}
	s.BalanceTransactions = []objects.BalanceTransaction{
		{ID: txn[0], Amount: 2900, AvailableOn: T0 + 7*day, BalanceType: "payments", Created: T0 + 100, Currency: "usd",
			Description: "Subscription creation", Fee: 114, FeeDetails: fee(114, "Stripe processing fees"), Net: 2786, ReportingCategory: "charge",
			Source: objects.NullString(ch[0]), Status: "available", Type: "charge", PayoutID: po1},
		{ID: txn[1], Amount: -1000, AvailableOn: T0 + 9*day, BalanceType: "payments", Created: T0 + 9*day, Currency: "usd",
			Description: "REFUND FOR CHARGE", Net: -1000, ReportingCategory: "refund", Source: objects.NullString(re1), Status: "available", Type: "refund",
			PayoutID: po1},
		disputeWithdrawal,
		disputeReinstated,
		{ID: txn[4], Amount: -1886, AvailableOn: T0 + 12*day, BalanceType: "payments", Created: T0 + 11*day, Currency: "usd",
			Description: "STRIPE PAYOUT", Net: -1886, ReportingCategory: "payout", Source: objects.NullString(po1), Status: "available", Type: "payout",
			PayoutID: po1},
		{ID: txn[5], Amount: 5800, AvailableOn: T0 + 15*day, BalanceType: "payments", Created: T0 + 8*day, Currency: "usd",
			Fee: 198, FeeDetails: fee(198, "Stripe processing fees"), Net: 5602, ReportingCategory: "charge", Source: objects.NullString(ch[2]),
			Status: "pending", Type: "charge", ExchangeRate: objects.Float64(1.0842)},
		{ID: txn[6], Amount: -500, AvailableOn: T0 + 30*day, BalanceType: "payments", Created: T0 + 30*day, Currency: "usd",
			Description: "Billing - Usage Fee", Net: -500, ReportingCategory: "fee", Status: "available", Type: "stripe_fee"},
	}
	s.Refunds = []objects.Refund{{ID: re1, Amount: 1000, BalanceTransaction: objects.NullString(txn[1]), Charge: objects.NullString(ch[0]),
		Created: T0 + 9*day, Currency: "usd", Customer: objects.NullString(cus[0]), PaymentIntent: "pi_3PiF0cLkdIwHu7ix1HiJkLmN",
		PaymentMethod: "pm_1PiF0cLkdIwHu7ixPmCard12", Reason: "requested_by_customer", Status: "succeeded"}}
	s.Disputes = []objects.Dispute{{ID: dp1, Amount: 2900, BalanceTransactions: objects.Array[objects.BalanceTransaction]{disputeWithdrawal, disputeReinstated},
		Charge: ch[0], Created: T0 + 10*day, Currency: "usd",
		EvidenceDetails: objects.DisputeEvidenceDetails{DueBy: objects.Int64(T0 + 20*day), SubmissionCount: 1, HasEvidence: true},
		PaymentIntent:   "pi_3PiF0cLkdIwHu7ix1HiJkLmN",
		PaymentMethodDetails: &objects.DisputePaymentMethodDetails{Type: "card",
			Card: &objects.DisputeCardDetails{Brand: "visa", CaseType: "chargeback", Network: "visa", NetworkReasonCode: "10.4"}},
		Reason: "fraudulent", Status: "won"}}
	s.Payouts = []objects.Payout{{ID: po1, Amount: 1886, ArrivalDate: T0 + 12*day, Automatic: true, BalanceTransaction: objects.NullString(txn[4]),
		Created: T0 + 11*day, Currency: "usd", Description: "STRIPE PAYOUT", Destination: "ba_1PiAbCLkdIwHu7ixBaNk0001", Method: "standard",
		ReconciliationStatus: "completed", SourceType: "card", Status: "paid", TraceID: &objects.PayoutTraceID{Status: "supported", Value: "TRACE123"},
		Type: "bank_account"}}

	// Invoices: a paid first invoice with a discount, and a cycle invoice with 12 lines (more than
	// Stripe embeds) including a proration credit and debit.
	in1, in2 := id("in", 1), id("in", 2)
	subParent := func(subID string) *objects.InvoiceParent {
		return &objects.InvoiceParent{Type: "subscription_details", SubscriptionDetails: &objects.InvoiceSubscriptionDetails{Subscription: subID}}
	}
	line := func(n int, amount int64, priceID, product string, proration bool, credited *objects.CreditedItems, start, end int64) objects.LineItem {
		var ii objects.NullString
		if proration {
			ii = objects.NullString(fmt.Sprintf("ii_1Pi%s%08dInVoIc", m, n))
		}
		return objects.LineItem{ID: fmt.Sprintf("il_1Pi%s%08dLn", m, n), Amount: amount, Currency: "usd",
			Description: objects.NullString(fmt.Sprintf("line %d", n)), Discountable: !proration,
			Parent: &objects.LineItemParent{Type: "subscription_item_details", SubscriptionItemDetails: &objects.SubscriptionItemParent{
				InvoiceItem: ii, Proration: proration, ProrationDetails: objects.ProrationDetails{CreditedItems: credited},
				Subscription: objects.NullString(sub[0]), SubscriptionItem: fmt.Sprintf("si_Q%s%011d", m, 1)}},
			Period:   objects.Period{Start: start, End: end},
			Pricing:  &objects.LineItemPricing{PriceDetails: &objects.PriceDetails{Price: priceID, Product: product}, UnitAmountDecimal: objects.Decimal(amount)},
			Quantity: objects.Int64(1), QuantityDecimal: "1", Subscription: objects.NullString(sub[0]), Subtotal: amount}
	}
	first := line(1, 2900, pricePro, prodPro, false, nil, T0, T0+month)
	first.DiscountAmounts = objects.Array[objects.DiscountAmount]{{Amount: 725, Discount: disc}}
	first.PretaxCreditAmounts = objects.Array[objects.PretaxCreditAmount]{{Amount: 725, Discount: disc, Type: "discount"}}
	lines2 := []objects.LineItem{
		line(2, -1450, pricePro, prodPro, true, &objects.CreditedItems{Invoice: in1, InvoiceLineItems: []string{first.ID}}, T0+15*day, T0+month),
		line(3, 14500, priceProYear, prodPro, true, nil, T0+15*day, T0+month),
	}
	for n := 4; n <= 13; n++ {
		lines2 = append(lines2, line(n, 10, priceAPI, prodAPI, false, nil, T0+month, T0+2*month))
	}
	var total2 int64
	for _, l := range lines2 {
		total2 += l.Amount
	}
	jenny := &objects.InvoicePayer{Customer: cus[0], CustomerEmail: "jenny.rosen@example.com", CustomerName: "Jenny Rosen", CustomerTaxExempt: "none"}
	s.Invoices = []objects.Invoice{
		{ID: in1, AmountDue: 2175, AmountPaid: 2175, AttemptCount: 1, Attempted: true,
			BillingReason: "subscription_create", CollectionMethod: "charge_automatically", Created: T0, Currency: "usd",
			Payer: jenny, Discounts: objects.Array[string]{disc}, EffectiveAt: objects.Int64(T0 + 60), EndingBalance: objects.Int64(0),
			More: &objects.InvoiceMore{AccountCountry: "US", AccountName: "Acme, Inc.",
				HostedInvoiceURL: "https://invoice.stripe.com/i/x", InvoicePDF: "https://pay.stripe.com/invoice/x/pdf"},
			Lines: objects.List[objects.LineItem]{Data: objects.Array[objects.LineItem]{first}}, Number: "7FE1103-0001", Parent: subParent(sub[0]),
			PeriodEnd: T0, PeriodStart: T0, Status: "paid",
			StatusTransitions: objects.InvoiceStatusTransitions{FinalizedAt: objects.Int64(T0 + 60), PaidAt: objects.Int64(T0 + 100)},
			Subtotal:          2900, SubtotalExcludingTax: objects.Int64(2900), Total: 2175, TotalExcludingTax: objects.Int64(2175),
			TotalDiscountAmounts:     objects.Array[objects.DiscountAmount]{{Amount: 725, Discount: disc}},
			TotalPretaxCreditAmounts: objects.Array[objects.PretaxCreditAmount]{{Amount: 725, Discount: disc, Type: "discount"}},
			WebhooksDeliveredAt:      objects.Int64(T0 + 1)},
		{ID: in2, AmountDue: total2, AmountRemaining: total2, AutoAdvance: true,
			BillingReason: "subscription_cycle", CollectionMethod: "charge_automatically", Created: T0 + month, Currency: "usd",
			Payer: &objects.InvoicePayer{Customer: cus[0], CustomerTaxExempt: "none"}, More: &objects.InvoiceMore{AccountCountry: "US", AccountName: "Acme, Inc."},
			Discounts: objects.Array[string]{disc}, DueDate: nil, EffectiveAt: objects.Int64(T0 + month + 3600),
			Lines: objects.List[objects.LineItem]{Data: objects.Array[objects.LineItem](lines2)}, NextPaymentAttempt: objects.Int64(T0 + month + 3600),
			Number: "7FE1103-0002", Parent: subParent(sub[0]), PeriodEnd: T0 + month, PeriodStart: T0, Status: "open",
			StatusTransitions: objects.InvoiceStatusTransitions{FinalizedAt: objects.Int64(T0 + month + 3600)},
			Subtotal:          total2, Total: total2},
	}

	// Invoice payments: the first invoice paid by the first charge's payment intent, the second's
	// default payment still open.
	s.InvoicePayments = []objects.InvoicePayment{
		{ID: fmt.Sprintf("inpay_1Pi%s00000001PaY", m), AmountPaid: objects.Int64(2175), AmountRequested: 2175, Created: T0 + 60, Currency: "usd",
			Invoice: in1, IsDefault: true, Payment: objects.InvoicePaymentPayment{Type: "payment_intent", PaymentIntent: "pi_3PiF0cLkdIwHu7ix1HiJkLmN"},
			Status: "paid", StatusTransitions: objects.InvoicePaymentStatusTransitions{PaidAt: objects.Int64(T0 + 100)}},
		{ID: fmt.Sprintf("inpay_1Pi%s00000002PaY", m), AmountRequested: total2, Created: T0 + month + 3600, Currency: "usd",
			Invoice: in2, IsDefault: true, Payment: objects.InvoicePaymentPayment{Type: "payment_intent", PaymentIntent: "pi_3PiF0cLkdIwHu7ix2OpEnPaY"},
			Status: "open"},
	}
	payJSON, err := json.Marshal(&s.InvoicePayments[0])
	if err != nil {
		return nil, fmt.Errorf("objectstest: render invoice payment: %w", err)
	}

	// Events: a paid invoice, a subscription update with previous_attributes.
	for i := range s.Invoices {
		s.Invoices[i].FillDefaults()
	}
	for i := range s.Subscriptions {
		s.Subscriptions[i].FillDefaults()
	}
	invJSON, err := json.Marshal(&s.Invoices[0])
	if err != nil {
		return nil, fmt.Errorf("objectstest: render invoice: %w", err)
	}
	subJSON, err := json.Marshal(&s.Subscriptions[1])
	if err != nil {
		return nil, fmt.Errorf("objectstest: render subscription: %w", err)
	}
	s.Events = []objects.Event{
		{ID: id("evt", 1), APIVersion: "2026-03-25.dahlia", Created: T0 + 100, Data: objects.EventData{Object: invJSON}, Type: "invoice.paid"},
		{ID: id("evt", 3), APIVersion: "2026-03-25.dahlia", Created: T0 + 100, Data: objects.EventData{Object: payJSON}, Type: "invoice_payment.paid"},
		{ID: id("evt", 2), APIVersion: "2026-03-25.dahlia", Created: T0 + 5*day + 10, PendingWebhooks: 1,
			Data:    objects.EventData{Object: subJSON, PreviousAttributes: json.RawMessage(`{"cancel_at_period_end":false,"cancel_at":null}`)},
			Request: objects.EventRequest{ID: "req_zgxnSj0ZmjQvcL", IdempotencyKey: "8d3c6f2e-1b7a-4c2e-9d61-1f0e2a3b4c5d"}, Type: "customer.subscription.updated"},
	}
	// Pending invoice items: a downgrade from yearly back to monthly Pro in the second period,
	// its credit and debit waiting for the next invoice (invoice null).
	pendingItem := func(n int, amount int64, priceID string) objects.InvoiceItem {
		return objects.InvoiceItem{ID: fmt.Sprintf("ii_1Pi%s%08dPeNdIn", m, n), Amount: amount, Currency: "usd", Customer: cus[0],
			Date: T0 + month + 10*day, Description: objects.NullString(fmt.Sprintf("pending %d", n)), NetAmount: amount,
			Parent: &objects.InvoiceItemParentRef{Type: "subscription_details", SubscriptionDetails: &objects.InvoiceItemSubscriptionParent{
				Subscription: sub[0], SubscriptionItem: fmt.Sprintf("si_Q%s%011d", m, 1)}},
			Period:    objects.Period{Start: T0 + month + 10*day, End: T0 + 2*month},
			Pricing:   &objects.LineItemPricing{PriceDetails: &objects.PriceDetails{Price: priceID, Product: prodPro}, UnitAmountDecimal: objects.Decimal(amount)},
			Proration: true, Quantity: 1, QuantityDecimal: "1"}
	}
	s.InvoiceItems = []objects.InvoiceItem{pendingItem(2, 1933, pricePro), pendingItem(1, -9667, priceProYear)}
	if err := s.Finalize(); err != nil {
		return nil, fmt.Errorf("objectstest: %w", err)
	}
	return s, nil
}
