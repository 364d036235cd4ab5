package generator

// PlanKey names a plan template of the built-in catalog. Each template becomes one price per
// presentment currency.
type PlanKey string

// Plan templates. The sign-up plans are what Profile.Plans weights; the add-on and the metered plan
// are attached by the generator itself.
const (
	PlanStarterMonthly    PlanKey = "starter_monthly"
	PlanProMonthly        PlanKey = "pro_monthly"
	PlanBusinessMonthly   PlanKey = "business_monthly"
	PlanStarterYearly     PlanKey = "starter_yearly"
	PlanProYearly         PlanKey = "pro_yearly"
	PlanBusinessQuarterly PlanKey = "business_quarterly"
	PlanTeamWeekly        PlanKey = "team_weekly"
	PlanTeamPlusWeekly    PlanKey = "team_plus_weekly"
	PlanSeatsVolume       PlanKey = "seats_volume"
	PlanSeatsGraduated    PlanKey = "seats_graduated"
	PlanFree              PlanKey = "free"
	PlanSupportAddon      PlanKey = "support_addon"
	PlanAPIUsage          PlanKey = "api_usage"
)

// planTemplate is a price before it is put in a currency. Amounts are US cents; every currency
// scales them by its priceFactor and rounds to 100 minor units, then multiplies by `multiple`. The
// multiples make every monthly normalisation exact in every currency (yearly ÷12, weekly ×52/12,
// quarterly ÷3) and every 10/20/25/50% discount exact too, so the ground-truth MRR never rounds.
type planTemplate struct {
	product       string // product key
	nickname      string
	interval      string // day | week | month | year
	intervalCount int64
	unitCents     int64 // per-unit amount before scaling (0 for tiered, free)
	multiple      int64
	tiers         []tierTemplate
	tiersMode     string // volume | graduated, for tiered prices
	metered       bool
	family        string // upgrades and downgrades move within a family, by rank
	rank          int
	perSeat       bool // quantity changes apply
}

type tierTemplate struct {
	upTo      int64 // 0 = infinity
	unitCents int64
	flatCents int64
}

var planTemplates = map[PlanKey]planTemplate{
	PlanStarterMonthly:    {product: "starter", nickname: "Starter monthly", interval: "month", intervalCount: 1, unitCents: 2900, multiple: 1, family: "core_month", rank: 1, perSeat: true},
	PlanProMonthly:        {product: "pro", nickname: "Pro monthly", interval: "month", intervalCount: 1, unitCents: 9900, multiple: 1, family: "core_month", rank: 2, perSeat: true},
	PlanBusinessMonthly:   {product: "business", nickname: "Business monthly", interval: "month", intervalCount: 1, unitCents: 29900, multiple: 1, family: "core_month", rank: 3},
	PlanStarterYearly:     {product: "starter", nickname: "Starter yearly", interval: "year", intervalCount: 1, unitCents: 2400, multiple: 12, family: "core_year", rank: 1, perSeat: true},
	PlanProYearly:         {product: "pro", nickname: "Pro yearly", interval: "year", intervalCount: 1, unitCents: 8200, multiple: 12, family: "core_year", rank: 2, perSeat: true},
	PlanBusinessQuarterly: {product: "business", nickname: "Business quarterly", interval: "month", intervalCount: 3, unitCents: 26900, multiple: 3, family: "core_quarter", rank: 1},
	PlanTeamWeekly:        {product: "team", nickname: "Team weekly", interval: "week", intervalCount: 1, unitCents: 500, multiple: 3, family: "team_week", rank: 1},
	PlanTeamPlusWeekly:    {product: "team", nickname: "Team Plus weekly", interval: "week", intervalCount: 1, unitCents: 1000, multiple: 3, family: "team_week", rank: 2},
	PlanSeatsVolume: {product: "seats", nickname: "Seats (volume)", interval: "month", intervalCount: 1, multiple: 1, tiersMode: "volume",
		tiers: []tierTemplate{{upTo: 5, unitCents: 1500}, {upTo: 20, unitCents: 1200}, {unitCents: 900}}, family: "seats_volume", rank: 1, perSeat: true},
	PlanSeatsGraduated: {product: "seats", nickname: "Seats (graduated)", interval: "month", intervalCount: 1, multiple: 1, tiersMode: "graduated",
		tiers: []tierTemplate{{upTo: 10, unitCents: 1000, flatCents: 2000}, {unitCents: 800}}, family: "seats_graduated", rank: 1, perSeat: true},
	PlanFree:         {product: "free", nickname: "Free", interval: "month", intervalCount: 1, unitCents: 0, multiple: 1, family: "free", rank: 0},
	PlanSupportAddon: {product: "support", nickname: "Priority support", interval: "month", intervalCount: 1, unitCents: 4900, multiple: 1, family: "support", rank: 1},
	PlanAPIUsage:     {product: "api", nickname: "API calls", interval: "month", intervalCount: 1, unitCents: 2, multiple: 1, metered: true, family: "api", rank: 1},
}

// planOrder fixes the order prices are created in (map iteration order is random).
var planOrder = []PlanKey{
	PlanStarterMonthly, PlanProMonthly, PlanBusinessMonthly, PlanStarterYearly, PlanProYearly,
	PlanBusinessQuarterly, PlanTeamWeekly, PlanTeamPlusWeekly, PlanSeatsVolume, PlanSeatsGraduated,
	PlanFree, PlanSupportAddon, PlanAPIUsage,
}

// productNames names the products; productOrder fixes their creation order.
var productNames = map[string]string{
	"starter": "Starter", "pro": "Pro", "business": "Business", "team": "Team", "seats": "Seats",
	"free": "Free", "support": "Priority support", "api": "API usage",
}

var productOrder = []string{"starter", "pro", "business", "team", "seats", "free", "support", "api"}

// scaleAmount puts a US-cent template amount into cur: scaled by the currency's factor and rounded
// to a round amount (100 minor units; metered unit prices, being tiny, round to 1).
func scaleAmount(cents int64, cur string, round int64) int64 {
	if cents == 0 {
		return 0
	}
	v := float64(cents) * currencyTable[cur].priceFactor
	r := int64(v/float64(round)+0.5) * round
	if r == 0 {
		r = round
	}
	return r
}

// Coupon durations.
const (
	DurationForever   = "forever"
	DurationOnce      = "once"
	DurationRepeating = "repeating"
)

// couponTemplates are the account's coupons. Percentages are 10/20/25/50 so that discounted MRR
// stays exact (see planTemplate). amount_off coupons exist only in usd.
var couponTemplates = []Coupon{
	{ID: "FOREVER20", Name: "20% off forever", Duration: DurationForever, PercentOff: 20},
	{ID: "LOYAL10", Name: "Loyalty 10%", Duration: DurationForever, PercentOff: 10},
	{ID: "LAUNCH25", Name: "Launch 25% for 3 months", Duration: DurationRepeating, DurationInMonths: 3, PercentOff: 25},
	{ID: "WELCOME50", Name: "Welcome 50% first invoice", Duration: DurationOnce, PercentOff: 50},
	{ID: "SAVE12USD", Name: "$12 off first invoice", Duration: DurationOnce, AmountOff: 1200, Currency: "usd"},
}
