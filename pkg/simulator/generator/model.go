package generator

import "time"

// Model is the generator's own record of what happened in the account: every decision it took,
// with its time. The ground truth is computed from this record; the Stripe objects are rendered
// from it. Times are Unix seconds (Stripe's resolution); amounts are minor units. Cross-references
// are indexes into the Model's slices (-1 = none). Nothing in the model lies after Now.
type Model struct {
	Seed    uint64
	Profile Profile
	Now     time.Time
	Start   time.Time

	AccountID            string
	AccountCountry       string
	SettlementCurrencies []string // the first is the default

	Products      []Product
	Prices        []Price
	Coupons       []Coupon
	Customers     []Customer
	Subscriptions []Subscription
	Invoices      []Invoice
	Charges       []Charge
	Refunds       []Refund
	Disputes      []Dispute
	Payouts       []Payout
	AccountFees   []AccountFee
	// Ledger is every balance transaction, ordered by (Created, ID).
	Ledger []LedgerEntry
	// Events are the last Profile.EventDays days of events, ordered by (Created, ID).
	Events []Event
}

// NowUnix is Now in Unix seconds.
func (m *Model) NowUnix() int64 { return m.Now.Unix() }

// Product is a catalog product.
type Product struct {
	ID      string
	Key     string
	Name    string
	Created int64
}

// Price is a recurring price in one currency.
type Price struct {
	ID            string
	Product       int32
	Plan          PlanKey
	Nickname      string
	Currency      string
	Interval      string // day | week | month | year
	IntervalCount int64
	Metered       bool
	// UnitAmount is the per-unit amount for billing_scheme per_unit (Tiers empty).
	UnitAmount int64
	// Tiers (with TiersMode volume | graduated) make the price tiered.
	TiersMode string
	Tiers     []Tier
	Created   int64
}

// Tier is one price tier; UpTo 0 means infinity.
type Tier struct {
	UpTo       int64
	UnitAmount int64
	FlatAmount int64
}

// Coupon is a coupon of the account.
type Coupon struct {
	ID               string
	Name             string
	Duration         string // forever | once | repeating
	DurationInMonths int64
	PercentOff       float64 // 0 when AmountOff is used
	AmountOff        int64
	Currency         string // with AmountOff
	Created          int64
	TimesRedeemed    int64
}

// Card is a customer's card.
type Card struct {
	PaymentMethod string // pm_...
	Brand         string
	Last4         string
	ExpMonth      int64
	ExpYear       int64
	Country       string
	Funding       string
}

// Customer is a customer of the account.
type Customer struct {
	ID            string
	Created       int64
	Name          string
	Email         string
	Currency      string // presentment currency of everything the customer buys
	Card          Card
	InvoicePrefix string
	// Story names the scripted story the customer acts out ("" for random customers).
	Story string
	// Balance is the customer's credit balance now (negative = credit), from downgrade prorations.
	Balance int64
}

// Subscription statuses.
const (
	StatusIncomplete        = "incomplete"
	StatusIncompleteExpired = "incomplete_expired"
	StatusTrialing          = "trialing"
	StatusActive            = "active"
	StatusPastDue           = "past_due"
	StatusUnpaid            = "unpaid"
	StatusPaused            = "paused"
	StatusCanceled          = "canceled"
)

// Subscription is one subscription's whole life as decided by the generator.
type Subscription struct {
	ID               string
	Customer         int32
	Currency         string
	Created          int64
	CollectionMethod string // charge_automatically | send_invoice
	DaysUntilDue     int64  // send_invoice only
	TrialStart       int64  // 0 = no trial
	TrialEnd         int64
	// BillingCycleAnchor changes when a paused subscription resumes.
	BillingCycleAnchor int64

	// Statuses: the status from At until the next span's At.
	Statuses []StatusSpan
	// Items: the item set from At until the next span's At.
	Items []ItemSpan
	// Periods are the billing periods in order; the current one at t is the last with Start <= t.
	Periods []Period
	// Discount is the subscription's coupon, if any (at most one in a subscription's life).
	Discount *SubDiscount

	CancelAtPeriodEnd  bool
	CanceledAt         int64 // when cancellation was requested (0 = never)
	CancelAt           int64 // scheduled end for cancel-at-period-end
	EndedAt            int64 // when the subscription ended (0 = not ended)
	CancellationReason string

	// Changes drive customer.subscription.* events.
	Changes  []SubChange
	Invoices []int32
	// Pending are the proration lines no invoice has billed at now (a downgrade's credit and
	// debit wait for the next renewal; a subscription that ended first keeps them): the API
	// serves them as pending invoice items.
	Pending []InvoiceLine
}

// StatusSpan is a status that holds from At.
type StatusSpan struct {
	At     int64
	Status string
}

// ItemSpan is the subscription's item set from At.
type ItemSpan struct {
	At    int64
	Items []SubItem
}

// SubItem is one subscription item. An item keeps its ID when its price or quantity changes.
type SubItem struct {
	ID       string
	Price    int32
	Quantity int64
	Created  int64
}

// Period is a billing period [Start, End).
type Period struct{ Start, End int64 }

// SubDiscount is a coupon applied to a subscription.
type SubDiscount struct {
	ID     string
	Coupon int32
	Start  int64
	// End is the API's discount.end: set for repeating coupons, 0 otherwise.
	End int64
	// AppliesUntil is when the discount stops reducing invoices: End for repeating, the end of the
	// period billed by the first invoice it reduced for once, 0 (never) for forever. A once coupon
	// not yet used has AppliesUntil 0.
	AppliesUntil int64
	// RemovedAt is when a once coupon's discount object was removed (on its first invoice).
	RemovedAt int64
}

// ChangeKind says what changed on a subscription.
type ChangeKind uint8

// Kinds of subscription changes.
const (
	ChangeCreated         ChangeKind = iota + 1
	ChangeStatus                     // status moved (trial converted, past_due, active again, unpaid)
	ChangeItems                      // price or quantity changed
	ChangeCancelScheduled            // cancel_at_period_end set
	ChangeDiscountEnded              // a repeating/once discount went away
	ChangePaused
	ChangeResumed
	ChangeDeleted // ended (canceled or incomplete_expired)
)

// SubChange is one change at a time.
type SubChange struct {
	At   int64
	Kind ChangeKind
}

// Line kinds.
const (
	LineSubscription = iota + 1 // the regular line for a licensed item's period
	LineProration               // a mid-period change (credit when Amount < 0)
	LineUsage                   // metered usage billed in arrears
)

// Invoice is an invoice of a subscription.
type Invoice struct {
	ID               string
	Customer         int32
	Subscription     int32
	Currency         string
	Created          int64
	PeriodStart      int64
	PeriodEnd        int64
	BillingReason    string // subscription_create | subscription_cycle | subscription_update
	CollectionMethod string
	DueDate          int64 // send_invoice only
	Lines            []InvoiceLine
	Subtotal         int64
	DiscountAmount   int64
	Total            int64
	StartingBalance  int64 // customer credit before (negative = credit)
	EndingBalance    int64
	AmountDue        int64
	DiscountID       string // the discount that reduced it, "" if none
	FinalizedAt      int64
	PaidAt           int64
	VoidedAt         int64
	UncollectibleAt  int64
	PaymentIntent    string
	// Attempts are the charges made to pay it, in order.
	Attempts []int32
	// NextAttempt is when the next automatic retry would run (for invoices still open at Now).
	NextAttempt int64
}

// InvoiceLine is one line of an invoice.
type InvoiceLine struct {
	ID             string
	Kind           int
	Price          int32
	Quantity       int64
	Amount         int64
	DiscountAmount int64
	PeriodStart    int64
	PeriodEnd      int64
	SubItem        string
	InvoiceItem    string // ii_... for prorations
	// CreditedPrice is the price being credited, for proration credit lines.
	ChangeAt int64
}

// Payment methods.
const (
	MethodCard = iota
	MethodBankDebit
)

// Charge is one payment attempt.
type Charge struct {
	ID            string
	Customer      int32
	Invoice       int32
	PaymentIntent string
	Created       int64
	Amount        int64
	Currency      string
	Method        int
	// Decline indexes Declines; 0 = authorized.
	Decline   int
	RiskScore int64
	// Succeeded is the final outcome. Bank debits stay pending until ResolvedAt.
	Succeeded  bool
	ResolvedAt int64
	// AmountCaptured < Amount when partially captured (the rest reversed at CaptureReversalAt).
	AmountCaptured     int64
	CaptureReversalAt  int64
	CaptureReversalTxn string
	CaptureReversalAmt int64 // in the settlement currency, positive

	Description string

	// Settlement, for charges that reached the balance.
	BalanceTxn     string
	SettleCurrency string
	SettleAmount   int64
	Fee            int64
	ExchangeRate   float64 // 0 = no conversion
	AvailableOn    int64
	// FailureTxn is the charge_failure transaction of a bank debit that failed after settling.
	FailureTxn string

	Refunds []int32
	Dispute int32
}

// StatusAt is the invoice's status at instant at, from the moments the model decided: draft
// until finalized, then open until paid, voided or marked uncollectible.
func (inv *Invoice) StatusAt(at int64) string {
	switch {
	case inv.PaidAt != 0 && inv.PaidAt <= at:
		return "paid"
	case inv.VoidedAt != 0 && inv.VoidedAt <= at:
		return "void"
	case inv.UncollectibleAt != 0 && inv.UncollectibleAt <= at:
		return "uncollectible"
	case inv.FinalizedAt != 0 && inv.FinalizedAt <= at:
		return "open"
	}
	return "draft"
}

// StatusAt is the charge's status at t.
func (c *Charge) StatusAt(t int64) string {
	if c.Method == MethodBankDebit && t < c.ResolvedAt {
		return "pending"
	}
	if c.Succeeded {
		return "succeeded"
	}
	return "failed"
}

// Refund is a refund of a charge.
type Refund struct {
	ID           string
	Charge       int32
	Created      int64
	Amount       int64 // presentment
	Reason       string
	BalanceTxn   string
	SettleAmount int64 // positive, settlement currency
}

// Dispute outcomes.
const (
	OutcomeWon           = "won"
	OutcomeLost          = "lost"
	OutcomeWarningClosed = "warning_closed"
)

// Dispute is a dispute on a charge, with its whole timeline.
type Dispute struct {
	ID         string
	Charge     int32
	Created    int64
	Amount     int64
	Currency   string
	Reason     string
	Inquiry    bool  // warning_* flow, no funds moved
	EvidenceAt int64 // 0 = no evidence submitted
	ClosedAt   int64 // 0 = still open at Now
	Outcome    string
	DueBy      int64

	WithdrawalTxn  string
	ReversalTxn    string // set when won
	SettleCurrency string
	SettleAmount   int64 // positive
	Fee            int64
	ExchangeRate   float64
}

// StatusAt is the dispute's status at t (t >= Created).
func (d *Dispute) StatusAt(t int64) string {
	if d.ClosedAt != 0 && t >= d.ClosedAt {
		return d.Outcome
	}
	under := d.EvidenceAt != 0 && t >= d.EvidenceAt
	switch {
	case d.Inquiry && under:
		return "warning_under_review"
	case d.Inquiry:
		return "warning_needs_response"
	case under:
		return "under_review"
	default:
		return "needs_response"
	}
}

// Payout is an automatic payout.
type Payout struct {
	ID          string
	Created     int64
	ArrivalDate int64
	Amount      int64
	Currency    string
	BalanceTxn  string
}

// AccountFee is a Stripe fee billed to the account itself (the monthly Billing usage fee).
type AccountFee struct {
	BalanceTxn  string
	Created     int64
	Currency    string
	Amount      int64 // positive: what Stripe took
	Description string
}

// LedgerKind is what a balance transaction records.
type LedgerKind uint8

// Ledger kinds, each with its Stripe type and reporting_category (see LedgerKind.Type/Category).
const (
	LedgerCharge LedgerKind = iota + 1
	LedgerChargeFailure
	LedgerCaptureReversal
	LedgerRefund
	LedgerDispute
	LedgerDisputeReversal
	LedgerBillingFee
	LedgerPayout
)

// LedgerEntry is one balance transaction.
type LedgerEntry struct {
	ID           string
	Kind         LedgerKind
	Created      int64
	AvailableOn  int64
	Currency     string
	Amount       int64
	Fee          int64
	ExchangeRate float64
	// Source indexes the record the entry belongs to (Charges, Refunds, Disputes, Payouts,
	// AccountFees by Kind).
	Source int32
	// Payout indexes the payout that paid the entry out (-1 = not yet).
	Payout int32
	// BankDebit marks charge entries of bank debits (type "payment" instead of "charge").
	BankDebit bool
}

// Net is amount - fee.
func (e *LedgerEntry) Net() int64 { return e.Amount - e.Fee }

// Event is one event of the last EventDays days.
type Event struct {
	ID      string
	Type    string
	Created int64
	// Object is the record the event is about, by kind.
	Object ObjectRef
}

// ObjectKind names a kind of record.
type ObjectKind uint8

// Object kinds for event references.
const (
	ObjCustomer ObjectKind = iota + 1
	ObjSubscription
	ObjInvoice
	ObjCharge
	ObjDispute
	ObjPayout
	ObjInvoicePayment // indexes Invoices: the invoice's default payment
)

// ObjectRef points at one record.
type ObjectRef struct {
	Kind  ObjectKind
	Index int32
}
