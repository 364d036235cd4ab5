package objects

// Price is a price (shapes doc §8). Tiers is includable: served only with expand[]=tiers.
type Price struct {
	ID                string     `json:"id"`
	Object            TagPrice   `json:"object"`
	Active            bool       `json:"active"`
	BillingScheme     string     `json:"billing_scheme"` // per_unit | tiered
	Created           int64      `json:"created"`
	Currency          string     `json:"currency"`
	CustomUnitAmount  Null       `json:"custom_unit_amount"`
	Livemode          bool       `json:"livemode"`
	LookupKey         NullString `json:"lookup_key"`
	Metadata          Metadata   `json:"metadata"`
	Nickname          NullString `json:"nickname"`
	Product           string     `json:"product"` // [E] prod_..., never null
	Recurring         *Recurring `json:"recurring"`
	TaxBehavior       NullString `json:"tax_behavior"` // exclusive | inclusive | unspecified
	TiersMode         NullString `json:"tiers_mode"`   // graduated | volume
	TransformQuantity Null       `json:"transform_quantity"`
	Type              string     `json:"type"`                // one_time | recurring
	UnitAmount        *int64     `json:"unit_amount"`         // nil for tiered prices
	UnitAmountDecimal NullString `json:"unit_amount_decimal"` // e.g. "2900"; "" for tiered prices

	// Tiers is the includable price.tiers (billing_scheme=tiered only); never marshalled here.
	Tiers []PriceTier `json:"-"`
}

// Recurring is price.recurring (nil = null for one_time prices).
type Recurring struct {
	Interval      string     `json:"interval"` // day | week | month | year
	IntervalCount int64      `json:"interval_count"`
	Meter         NullString `json:"meter"`
	// TrialPeriodDays is deprecated (absent from spec3.json) but still sent, and required in the SDK spec.
	TrialPeriodDays *int64 `json:"trial_period_days"`
	UsageType       string `json:"usage_type"` // licensed | metered
}

// PriceTier is one entry of the includable price.tiers; UpTo nil is the last, unbounded tier.
type PriceTier struct {
	FlatAmount        *int64     `json:"flat_amount"`
	FlatAmountDecimal NullString `json:"flat_amount_decimal"`
	UnitAmount        *int64     `json:"unit_amount"`
	UnitAmountDecimal NullString `json:"unit_amount_decimal"`
	UpTo              *int64     `json:"up_to"`
}

// Plan is the legacy plan object, sent only as subscription_item.plan, mirroring its price.
type Plan struct {
	ID              string     `json:"id"`
	Object          TagPlan    `json:"object"`
	Active          bool       `json:"active"`
	Amount          *int64     `json:"amount"`
	AmountDecimal   NullString `json:"amount_decimal"`
	BillingScheme   string     `json:"billing_scheme"`
	Created         int64      `json:"created"`
	Currency        string     `json:"currency"`
	Interval        string     `json:"interval"`
	IntervalCount   int64      `json:"interval_count"`
	Livemode        bool       `json:"livemode"`
	Metadata        Metadata   `json:"metadata"`
	Meter           NullString `json:"meter"`
	Nickname        NullString `json:"nickname"`
	Product         NullString `json:"product"` // [E] prod_...
	TiersMode       NullString `json:"tiers_mode"`
	TransformUsage  Null       `json:"transform_usage"`
	TrialPeriodDays *int64     `json:"trial_period_days"`
	UsageType       string     `json:"usage_type"`
}

// PlanFromPrice builds the plan mirror of a recurring price. A one-time price has no plan; its
// interval fields stay empty (subscription items always use recurring prices).
func PlanFromPrice(p *Price) Plan {
	pl := Plan{
		ID:            p.ID,
		Active:        p.Active,
		Amount:        p.UnitAmount,
		AmountDecimal: p.UnitAmountDecimal,
		BillingScheme: p.BillingScheme,
		Created:       p.Created,
		Currency:      p.Currency,
		Livemode:      p.Livemode,
		Metadata:      p.Metadata,
		Nickname:      p.Nickname,
		Product:       NullString(p.Product),
		TiersMode:     p.TiersMode,
	}
	if r := p.Recurring; r != nil {
		pl.Interval = r.Interval
		pl.IntervalCount = r.IntervalCount
		pl.Meter = r.Meter
		pl.TrialPeriodDays = r.TrialPeriodDays
		pl.UsageType = r.UsageType
	}
	return pl
}
