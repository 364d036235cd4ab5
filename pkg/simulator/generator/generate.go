package generator

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/internal/keyorder"
)

// gen holds what every timeline of one generation run shares.
type gen struct {
	m        *Model
	p        *Profile
	seed     uint64
	now      int64
	start    int64
	acct     string
	prices   map[priceKey]int32
	coupons  map[string]int32
	settles  map[string]bool
	cwWeight []float64
	planW    []float64
	// charges and invoices grow here while customers are simulated; Generate then moves them
	// into the model (see chunkList).
	charges  chunkList[Charge]
	invoices chunkList[Invoice]
}

type priceKey struct {
	plan     PlanKey
	currency string
}

// Generate builds the account for (profile, seed, now). The same inputs always give the same model.
func Generate(p Profile, seed uint64, now time.Time) (*Model, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if now.IsZero() {
		return nil, fmt.Errorf("generator: now is zero")
	}
	now = now.UTC().Truncate(time.Second)
	start := p.Start.UTC().Truncate(time.Second)
	if p.Start.IsZero() {
		start = time.Unix(addMonths(dayStart(now.Unix()), -p.HistoryMonths), 0).UTC()
	}
	if !start.Before(now) {
		return nil, fmt.Errorf("generator: profile %q starts at %s, not before now %s", p.Name, start.Format(time.RFC3339), now.Format(time.RFC3339))
	}
	if now.Sub(start) > 21*365*24*time.Hour {
		return nil, fmt.Errorf("generator: profile %q covers more than 20 years", p.Name)
	}
	g := &gen{
		p:     &p,
		seed:  seed,
		now:   now.Unix(),
		start: start.Unix(),
		acct:  accountTag(seed),
		m: &Model{
			Seed:                 seed,
			Profile:              p,
			Now:                  now,
			Start:                start,
			SettlementCurrencies: append([]string(nil), p.SettlementCurrencies...),
		},
		prices:  map[priceKey]int32{},
		coupons: map[string]int32{},
		settles: map[string]bool{},
	}
	g.m.AccountID = "acct_1" + g.acct + "Sim"
	g.m.AccountCountry = currencyTable[p.SettlementCurrencies[0]].country
	for _, c := range p.SettlementCurrencies {
		g.settles[c] = true
	}
	for _, cw := range p.PresentmentCurrencies {
		g.cwWeight = append(g.cwWeight, cw.Weight)
	}
	for _, pw := range p.Plans {
		g.planW = append(g.planW, pw.Weight)
	}
	g.buildCatalog()
	g.arrivals()
	if p.Stories {
		g.stories()
	}
	g.m.Charges, g.m.Invoices = g.charges.slice(), g.invoices.slice()
	g.billingFees()
	g.buildLedger()
	g.payouts()
	g.sortLedger()
	g.events()
	return g.m, nil
}

// buildCatalog creates the products, one price per plan template and presentment currency, and the
// coupons. The catalog predates the account's first customer by 30 days.
func (g *gen) buildCatalog() {
	created := g.start - 30*secondsPerDay
	ids := newIDSource(g.acct, dayOf(created), systemArrival, 0)
	productIdx := map[string]int32{}
	for _, key := range productOrder {
		productIdx[key] = int32(len(g.m.Products))
		g.m.Products = append(g.m.Products, Product{ID: ids.next("prod"), Key: key, Name: productNames[key], Created: created})
	}
	for _, cw := range g.p.PresentmentCurrencies {
		cur := cw.Currency
		for _, plan := range planOrder {
			t := planTemplates[plan]
			pr := Price{
				ID: ids.next("price"), Product: productIdx[t.product], Plan: plan, Nickname: t.nickname, Currency: cur,
				Interval: t.interval, IntervalCount: t.intervalCount, Metered: t.metered, Created: created,
			}
			round := int64(100)
			if t.metered {
				round = 1
			}
			if len(t.tiers) > 0 {
				pr.TiersMode = t.tiersMode
				for _, tt := range t.tiers {
					pr.Tiers = append(pr.Tiers, Tier{UpTo: tt.upTo, UnitAmount: scaleAmount(tt.unitCents, cur, 100), FlatAmount: scaleAmount(tt.flatCents, cur, 100)})
				}
			} else {
				pr.UnitAmount = t.multiple * scaleAmount(t.unitCents, cur, round)
			}
			g.prices[priceKey{plan, cur}] = int32(len(g.m.Prices))
			g.m.Prices = append(g.m.Prices, pr)
		}
	}
	for _, c := range couponTemplates {
		c.Created = created
		g.coupons[c.ID] = int32(len(g.m.Coupons))
		g.m.Coupons = append(g.m.Coupons, c)
	}
}

// arrivals walks the days from the start to now; each day's sign-ups come from that day's own
// stream, and each customer's life from the customer's own streams.
func (g *gen) arrivals() {
	first, last := dayOf(g.start), dayOf(g.now)
	for day := first; day <= last; day++ {
		r := newStream(g.seed, purposeArrivals, uint64(day), 0)
		mean := g.p.NewCustomersPerDay * math.Pow(1+g.p.MonthlyGrowth, float64(day-first)/30)
		if wd := time.Unix(day*secondsPerDay, 0).UTC().Weekday(); wd == time.Saturday || wd == time.Sunday {
			mean *= 0.7
		}
		n := poisson(r, mean)
		if n > storyArrivalBase {
			n = storyArrivalBase
		}
		for i := 0; i < n; i++ {
			t := day*secondsPerDay + r.Int64N(secondsPerDay)
			if t < g.start || t > g.now {
				continue
			}
			g.customerLife(day, i, t, behavior{Rates: g.p.Rates}, "")
		}
	}
}

// customerLife creates one customer and simulates everything the customer does.
func (g *gen) customerLife(day int64, arrival int, t int64, beh behavior, story string) {
	r := newStream(g.seed, purposeCustomer, uint64(day), uint64(arrival))
	ci := g.newCustomer(r, day, arrival, t, beh.currency, story)
	// The customer's later choices are drawn here, in a fixed number of draws, so they do not
	// depend on how far the customer's timelines got before `now`.
	subscribes := chance(r, beh.Subscribe)
	addon := chance(r, beh.SecondSubscription)
	addonDelay := between(r, 10, 90) * secondsPerDay
	subDelay := between(r, 0, 2*secondsPerDay)
	switch {
	case beh.subscribeAt != 0:
		subDelay = beh.subscribeAt - t
	case story != "":
		subDelay = 0
	}
	oneOffs := poisson(r, beh.OneOffPerCustomer)
	if beh.oneOffs != nil {
		oneOffs = 0
	}

	tl := g.newTimeline(day, arrival, timelineOneOff, ci, &beh)
	tl.randomOneOffs(oneOffs, t)
	for i := range beh.oneOffs {
		tl.oneOff(&beh.oneOffs[i])
	}
	if !subscribes {
		return
	}
	subStart := t + subDelay
	addonAt := subStart + addonDelay
	if beh.addonAt != 0 {
		addonAt = beh.addonAt
	}
	if addon && addonAt <= g.now {
		g.newTimeline(day, arrival, maxTimeline, ci, &beh).runSubscription(addonAt, true)
	}
	// Reactivations get the following timelines; the last timeline is the add-on's.
	for timeline := timelineFirstSub; subStart <= g.now && timeline < maxTimeline; timeline++ {
		st := g.newTimeline(day, arrival, timeline, ci, &beh)
		churned := st.runSubscription(subStart, false)
		// A churned customer may come back: the decision and the delay come from the timeline that
		// churned, so they are the same whatever `now` is.
		if churned == 0 || !st.reactivates {
			return
		}
		subStart = churned + st.reactivateDelay
		beh = beh.forReactivation()
	}
}

// newCustomer creates a customer record.
func (g *gen) newCustomer(r *rand.Rand, day int64, arrival int, t int64, forcedCurrency, story string) int32 {
	ids := newIDSource(g.acct, day, arrival, timelineCustomer)
	cur := g.p.PresentmentCurrencies[pickWeighted(r, g.cwWeight)].Currency
	if forcedCurrency != "" {
		cur = forcedCurrency
	}
	first := firstNames[r.IntN(len(firstNames))]
	lastName := lastNames[r.IntN(len(lastNames))]
	country := currencyTable[cur].country
	if chance(r, 0.1) {
		country = foreignCountries[r.IntN(len(foreignCountries))]
	}
	brand := pickWeighted(r, []float64{55, 30, 10, 5})
	exp := time.Unix(t, 0).UTC().AddDate(0, int(between(r, 1, 48)), 0)
	c := Customer{
		ID:       ids.next("cus"),
		Created:  t,
		Name:     first + " " + lastName,
		Currency: cur,
		Story:    story,
		Card: Card{
			PaymentMethod: ids.next("pm"),
			Brand:         cardBrands[brand],
			Last4:         fmt.Sprintf("%04d", r.IntN(10000)),
			ExpMonth:      int64(exp.Month()),
			ExpYear:       int64(exp.Year()),
			Country:       country,
			Funding:       []string{"credit", "debit"}[r.IntN(2)],
		},
		InvoicePrefix: fmt.Sprintf("%08X", mix64(g.seed^uint64(day)<<20^uint64(arrival)))[:7],
	}
	c.Email = fmt.Sprintf("%s.%s.%d@example.com", lower(first), lower(lastName), len(g.m.Customers))
	g.m.Customers = append(g.m.Customers, c)
	return int32(len(g.m.Customers) - 1)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

var (
	firstNames       = []string{"Jenny", "Liam", "Olivia", "Noah", "Emma", "Ava", "Lucas", "Mia", "Hiro", "Yuki", "Fatima", "Omar", "Sofia", "Mateo", "Chloe", "Arjun", "Lena", "Jonas", "Amara", "Ken"}
	lastNames        = []string{"Rosen", "Smith", "Garcia", "Müller", "Tanaka", "Sato", "Al-Sabah", "Khan", "Rossi", "Dubois", "Kim", "Nguyen", "Silva", "Novak", "Jensen", "Cohen", "Okafor", "Larsen"}
	foreignCountries = []string{"US", "GB", "DE", "FR", "BR", "IN", "JP", "CA"}
	cardBrands       = []string{"visa", "mastercard", "amex", "discover"}
)

// sortLedger orders the ledger by (Created, ID): a total order (IDs are unique). Nothing holds
// ledger indexes yet.
func (g *gen) sortLedger() {
	l := g.m.Ledger
	keyorder.Apply(l, keyorder.Ascending(len(l), func(i int) (int64, string) { return l[i].Created, l[i].ID }))
}
