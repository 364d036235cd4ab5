package generator

import "math/rand/v2"

// behavior is what drives one customer's timelines: the profile's rates plus, for scripted story
// customers, forced choices (zero values mean "draw at random").
type behavior struct {
	Rates
	currency    string
	subscribeAt int64 // absolute sign-up time of the first subscription
	plan        PlanKey
	quantity    int64
	coupon      string // "" = draw, "none" = no coupon
	trialDays   int64  // 0 = draw, -1 = no trial
	trialEnd    string // "" = draw, or convert | cancel | pause
	resume      int    // 0 = draw, 1 = resumes, -1 = never
	resumeAfter int64  // forced days paused before resuming
	metered     int    // 0 = draw, 1 = with a metered item, -1 = without
	sendInvoice int    // 0 = draw, 1 = emailed invoices, -1 = charged automatically
	late        int    // emailed invoices: 0 = draw, 1 = paid late, 2 = never paid, -1 = on time
	maxChanges  int    // 0 = unlimited
	changeKind  int    // forced kind of every change (with Rates set to 1 for it)
	// cancelAt forces a cancellation request at this time (cancelNow: immediately).
	cancelAt  int64
	cancelNow bool
	// failRenewal forces the first attempt of renewal number failRenewal (1 = first renewal) to
	// fail, with failures failed attempts in all (4 = every retry fails).
	failRenewal int
	failures    int
	finalUnpaid int   // 0 = draw, 1 = unpaid, -1 = canceled
	incomplete  int   // 0 = draw, 1 = first payment fails and expires, 2 = fails then recovers
	reactivate  int   // 0 = draw, 1 = comes back
	addonAt     int64 // forced start of the add-on subscription
	// reactivateAfterDays forces the delay before coming back.
	reactivateAfterDays int64
	noAftermath         bool // no refunds or disputes on subscription charges
	fast                bool // compressed refund/dispute timings, for short histories
	oneOffs             []oneOffScript
}

// forReactivation is the behaviour of a customer's next subscription: random again.
func (b behavior) forReactivation() behavior {
	return behavior{Rates: b.Rates, currency: b.currency, noAftermath: b.noAftermath, fast: b.fast, coupon: "none", trialDays: -1}
}

// timeline is one independent stream of a customer's life (their one-off purchases, or one
// subscription), with its own random stream and its own ID sequence.
type timeline struct {
	g    *gen
	r    *rand.Rand
	ids  *idSource
	cust int32
	beh  *behavior

	// capture, when set, makes the next charge a partial capture of that amount.
	capture int64

	reactivates     bool
	reactivateDelay int64
}

func (g *gen) newTimeline(day int64, arrival, number int, cust int32, beh *behavior) *timeline {
	return &timeline{
		g:    g,
		r:    newStream(g.seed, purposeTimeline, uint64(day)<<24|uint64(arrival), uint64(number)),
		ids:  newIDSource(g.acct, day, arrival, number),
		cust: cust,
		beh:  beh,
	}
}

func (tl *timeline) customer() *Customer { return &tl.g.m.Customers[tl.cust] }
