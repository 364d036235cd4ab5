package generator

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/revops/stripe-datasource/pkg/simulator/internal/keyorder"
	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// APIVersion is the pinned version (the one stripe-go v85 pins): every list and retrieve response
// is in it, and so are the events of an account without an API version history
// (Profile.APIVersions); older events are rendered in their own version (render_versions.go).
const APIVersion = "2026-03-25.dahlia"

// Render puts the model into a finalized test-mode objects.Store, every object as it is at Now.
// Events carry their object as it was at the event.
func Render(m *Model) (*objects.Store, error) {
	r, err := newRenderer(m)
	if err != nil {
		return nil, err
	}
	st := objects.NewStore(false)
	st.Account = r.account()
	st.Balance = r.balance()
	r.catalog(st)
	// Objects go into the store in list order (newest first: created, then id, descending), so
	// Finalize only checks the order instead of moving large structs.
	st.Customers = make([]objects.Customer, len(m.Customers))
	for k, i := range newestFirst(len(m.Customers), func(i int) (int64, string) { return m.Customers[i].Created, m.Customers[i].ID }) {
		st.Customers[k] = r.customer(i)
	}
	st.Subscriptions = make([]objects.Subscription, len(m.Subscriptions))
	for k, i := range newestFirst(len(m.Subscriptions), func(i int) (int64, string) { return m.Subscriptions[i].Created, m.Subscriptions[i].ID }) {
		st.Subscriptions[k] = r.subscription(i, r.now)
		if d := r.discount(i); d != nil {
			st.Discounts = append(st.Discounts, *d)
		}
	}
	st.Invoices = make([]objects.Invoice, len(m.Invoices))
	for k, i := range newestFirst(len(m.Invoices), func(i int) (int64, string) { return m.Invoices[i].Created, m.Invoices[i].ID }) {
		st.Invoices[k] = r.invoice(i, r.now)
	}
	st.Charges = make([]objects.Charge, len(m.Charges))
	for k, i := range newestFirst(len(m.Charges), func(i int) (int64, string) { return m.Charges[i].Created, m.Charges[i].ID }) {
		st.Charges[k] = r.charge(i, r.now)
	}
	st.Refunds = make([]objects.Refund, len(m.Refunds))
	for k, i := range newestFirst(len(m.Refunds), func(i int) (int64, string) { return m.Refunds[i].Created, m.Refunds[i].ID }) {
		st.Refunds[k] = r.refund(i)
	}
	st.Disputes = make([]objects.Dispute, len(m.Disputes))
	for k, i := range newestFirst(len(m.Disputes), func(i int) (int64, string) { return m.Disputes[i].Created, m.Disputes[i].ID }) {
		st.Disputes[k] = r.dispute(i, r.now)
	}
	st.Payouts = make([]objects.Payout, len(m.Payouts))
	for k, i := range newestFirst(len(m.Payouts), func(i int) (int64, string) { return m.Payouts[i].Created, m.Payouts[i].ID }) {
		st.Payouts[k] = r.payout(i, r.now)
	}
	st.InvoiceItems = r.pendingItems()
	st.InvoicePayments = r.invoicePayments()
	n := len(m.Ledger)
	st.BalanceTransactions = make([]objects.BalanceTransaction, n)
	for i := range m.Ledger { // the ledger is kept in (Created, ID) order
		st.BalanceTransactions[n-1-i] = r.balanceTransaction(&m.Ledger[i])
	}
	events, err := r.events()
	if err != nil {
		return nil, err
	}
	st.Events = events
	if err := st.Finalize(); err != nil {
		return nil, fmt.Errorf("generator: rendering %s: %w", m.Profile.Name, err)
	}
	return st, nil
}

// newestFirst returns the indexes 0..n-1 in list order: by (created, id) descending.
func newestFirst(n int, key func(i int) (int64, string)) []int32 {
	order := keyorder.Ascending(n, key)
	slices.Reverse(order)
	return order
}

// renderer holds what rendering shares: values that many objects point to, and indexes.
type renderer struct {
	m   *Model
	now int64

	prices  []objects.Price // rendered once, copied into subscription items
	coupons []objects.Coupon
	// versions are the account's API versions by event time; vc the JSON old versions embed.
	versions    eventVersions
	vc          versionCache
	arena       memberArena // for inVersion, which eventSource.mu serializes
	outcomes    map[outcomeKey]*objects.ChargeOutcome
	payers      []*objects.ChargePayer // per customer and payment method, built on first use
	chargeMores []*objects.ChargeMore  // per decline, built on first use
	bankDetails *objects.PaymentMethodDetails
	// invoiceNumbers is each invoice's number (finalized invoices only).
	invoiceNumbers []string
	nextInvoiceSeq []int64 // per customer
	// ledgerOf finds a record's balance transactions by kind and source.
	ledgerOf map[ledgerRef][]int32
	// invoiceParents is invoice.parent per subscription, shared by the subscription's invoices;
	// invoicePayers the customer members per customer; invoiceMore the members every draft
	// invoice [0] and every finalized one [1] share.
	invoiceParents []*objects.InvoiceParent
	invoicePayers  []*objects.InvoicePayer
	invoiceMore    [2]*objects.InvoiceMore
}

type outcomeKey struct {
	decline int
	risk    int64
	pending bool
}

type ledgerRef struct {
	kind   LedgerKind
	source int32
}

func newRenderer(m *Model) (*renderer, error) {
	r := &renderer{m: m, now: m.Now.Unix(), outcomes: map[outcomeKey]*objects.ChargeOutcome{},
		payers: make([]*objects.ChargePayer, 2*len(m.Customers)), chargeMores: make([]*objects.ChargeMore, len(Declines)),
		ledgerOf: map[ledgerRef][]int32{}}
	if err := validateAPIVersions(m.Profile.APIVersions); err != nil {
		return nil, fmt.Errorf("generator: rendering %s: %w", m.Profile.Name, err)
	}
	r.versions = newEventVersions(m.Profile.APIVersions, r.now)
	r.renderCatalog()
	if err := r.buildVersionCache(); err != nil {
		return nil, err
	}
	r.bankDetails = &objects.PaymentMethodDetails{Type: "us_bank_account"}
	for i := range m.Ledger {
		e := &m.Ledger[i]
		if e.Kind == LedgerDispute || e.Kind == LedgerDisputeReversal {
			k := ledgerRef{LedgerDispute, e.Source}
			r.ledgerOf[k] = append(r.ledgerOf[k], int32(i))
		}
	}
	r.numberInvoices()
	// Shared values are built up front: lazily rendered events read them concurrently.
	r.invoiceParents = make([]*objects.InvoiceParent, len(m.Subscriptions))
	for i := range m.Subscriptions {
		r.invoiceParents[i] = &objects.InvoiceParent{Type: "subscription_details",
			SubscriptionDetails: &objects.InvoiceSubscriptionDetails{Subscription: m.Subscriptions[i].ID}}
	}
	r.invoicePayers = make([]*objects.InvoicePayer, len(m.Customers))
	for i := range m.Customers {
		c := &m.Customers[i]
		r.invoicePayers[i] = &objects.InvoicePayer{Customer: c.ID, CustomerEmail: objects.NullString(c.Email),
			CustomerName: objects.NullString(c.Name), CustomerTaxExempt: "none"}
	}
	draft := objects.InvoiceMore{AccountCountry: objects.NullString(m.AccountCountry), AccountName: objects.NullString(businessName(m.Profile))}
	final := draft
	final.URLAccount = m.AccountID
	r.invoiceMore = [2]*objects.InvoiceMore{&draft, &final}
	return r, nil
}

// numberInvoices gives finalized invoices their customer-scoped numbers (PREFIX-0001, ...) in
// finalization order, as Stripe numbers them.
func (r *renderer) numberInvoices() {
	m := r.m
	r.invoiceNumbers = make([]string, len(m.Invoices))
	r.nextInvoiceSeq = make([]int64, len(m.Customers))
	finalized := make([]int32, 0, len(m.Invoices))
	for i := range m.Invoices {
		if m.Invoices[i].FinalizedAt != 0 {
			finalized = append(finalized, int32(i))
		}
	}
	order := keyorder.Ascending(len(finalized), func(k int) (int64, string) {
		inv := &m.Invoices[finalized[k]]
		return inv.FinalizedAt, inv.ID
	})
	for _, k := range order {
		ii := finalized[k]
		inv := &m.Invoices[ii]
		r.nextInvoiceSeq[inv.Customer]++
		r.invoiceNumbers[ii] = invoiceNumber(m.Customers[inv.Customer].InvoicePrefix, r.nextInvoiceSeq[inv.Customer])
	}
}

// invoiceNumber is PREFIX-0001: the sequence number zero-padded to at least four digits.
func invoiceNumber(prefix string, seq int64) string {
	digits := strconv.FormatInt(seq, 10)
	if len(digits) < 4 {
		digits = "0000"[len(digits):] + digits
	}
	return prefix + "-" + digits
}

func i64(v int64) *int64 { return &v }

// optTime is a nullable timestamp: set when t is not zero and not after at.
func optTime(t, at int64) *int64 {
	if t == 0 || t > at {
		return nil
	}
	return &t
}

func (r *renderer) account() objects.Account {
	m := r.m
	return objects.Account{
		ID:               m.AccountID,
		BusinessProfile:  &objects.BusinessProfile{MCC: "5734", Name: objects.NullString(businessName(m.Profile)), URL: "https://saas.example"},
		BusinessType:     "company",
		ChargesEnabled:   true,
		Country:          m.AccountCountry,
		Created:          m.Start.Unix() - 60*secondsPerDay,
		DefaultCurrency:  m.SettlementCurrencies[0],
		DetailsSubmitted: true,
		Email:            "billing@saas.example",
		PayoutsEnabled:   true,
		Settings: &objects.AccountSettings{
			Dashboard: objects.AccountDashboard{DisplayName: objects.NullString(displayName(m.Profile)), Timezone: "Etc/UTC"},
			Payments:  objects.AccountPayments{StatementDescriptor: "SIMSAAS"},
		},
		Type: "standard",
	}
}

// businessName is the account's public name.
func businessName(p Profile) string {
	if p.BusinessName != "" {
		return p.BusinessName
	}
	return "Simulated SaaS, Inc."
}

// displayName is the account's name in the Dashboard, which the plugin shows first.
func displayName(p Profile) string {
	if p.BusinessName != "" {
		return p.BusinessName + " (" + p.Name + ")"
	}
	return "Simulated SaaS (" + p.Name + ")"
}

// balance is the ledger summed at Now: available once available_on has passed, pending before.
func (r *renderer) balance() objects.Balance {
	avail, pend := map[string]int64{}, map[string]int64{}
	for i := range r.m.Ledger {
		e := &r.m.Ledger[i]
		if e.AvailableOn <= r.now {
			avail[e.Currency] += e.Net()
		} else {
			pend[e.Currency] += e.Net()
		}
	}
	var b objects.Balance
	for _, c := range r.m.SettlementCurrencies {
		a, p := avail[c], pend[c]
		b.Available = append(b.Available, objects.BalanceAmount{Amount: a, Currency: c, SourceTypes: &objects.SourceTypes{Card: i64(a)}})
		b.Pending = append(b.Pending, objects.BalanceAmount{Amount: p, Currency: c, SourceTypes: &objects.SourceTypes{Card: i64(p)}})
	}
	return b
}
