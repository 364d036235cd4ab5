package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/revops/stripe-datasource/pkg/money"
)

// Query is the query model a panel or alert rule stores. It is a public contract: fields are
// only ever added, and an absent field means the documented default.
type Query struct {
	// Metric is a catalog metric id (pkg/catalog/catalog.json), for example "net_revenue".
	Metric string `json:"metric"`
	// Bucket is auto, hour, day, week or month. Empty means auto.
	Bucket string `json:"bucket,omitempty"`
	// TimeZone is the IANA zone buckets align in. Empty means the data source default.
	TimeZone string `json:"timeZone,omitempty"`
	// Currencies keeps only these lower-case ISO codes. Empty means every currency.
	Currencies []string `json:"currencies,omitempty"`
	// Customer keeps only charges of this customer id (cus_…). Empty means every customer.
	Customer string `json:"customer,omitempty"`
	// PaymentMethodType keeps only charges paid with this payment method type (card, sepa_debit,
	// us_bank_account, …). Empty means every type.
	PaymentMethodType string `json:"paymentMethodType,omitempty"`
	// TopN is how many values of a dimension get their own series before the rest is summed as
	// "other". 0 means DefaultTopN.
	TopN int `json:"topN,omitempty"`
	// DueWithinDays keeps only open disputes that still need a response and are due within this
	// many days. 0: every open dispute.
	DueWithinDays int `json:"dueWithinDays,omitempty"`

	// QueryType is "" for a metric, or "variable" or "annotation" (Grafana also passes it
	// outside the JSON; either place counts).
	QueryType string `json:"queryType,omitempty"`
	// Variable is the list a template variable query asks for (queryType "variable"): a catalog
	// variable id such as "currencies".
	Variable string `json:"variable,omitempty"`
	// Annotation is the event kind an annotation query asks for (queryType "annotation"): a
	// catalog annotation id such as "disputes_opened".
	Annotation string `json:"annotation,omitempty"`
	// Search narrows the customers variable list to customers whose name, email or id contains
	// it, in any case (Grafana's ${__searchFilter} fills it as the user types). Empty: all.
	Search string `json:"search,omitempty"`
	// MinAmount keeps only events of at least this amount, in each currency's own units. 0: all.
	MinAmount float64 `json:"minAmount,omitempty"`

	// Unresolved lists template variables that reached the backend unexpanded (a public or
	// externally shared dashboard does not expand them); their options fall back to defaults.
	Unresolved []string `json:"-"`
	// ConvertTo converts every amount into one currency (a lower-case ISO code, or "default" for
	// the data source's reporting currency). Empty: one series per currency.
	ConvertTo string `json:"convertTo,omitempty"`
	// Breakdown splits MRR and ARR by product, price or interval; none (default) keeps one
	// series per currency.
	Breakdown string `json:"breakdown,omitempty"`
	// Discounts is which coupons MRR subtracts: forever (default), all or none.
	Discounts string `json:"discounts,omitempty"`
	// ChurnMoment is when a canceled subscription stops counting: period_end (default) or
	// cancellation.
	ChurnMoment string `json:"churnMoment,omitempty"`
	// Paused is whether paused subscriptions count zero (default) or their value.
	Paused string `json:"paused,omitempty"`
	// Metered is how metered prices count in MRR: exclude (default, Stripe's definition) or
	// last_invoice (what the most recent finalized invoice billed for them).
	Metered string `json:"metered,omitempty"`
	// Retention is what cohort retention follows: logo (default, customers) or revenue (MRR).
	Retention string `json:"retention,omitempty"`
	// CohortMonths is how many months after its first a cohort is followed. 0 means
	// DefaultCohortMonths.
	CohortMonths int `json:"cohortMonths,omitempty"`
	// Format is how cohort retention is shaped: table (default) or heatmap (Grafana's heatmap
	// panel's heatmap-rows frames).
	Format string `json:"format,omitempty"`
}

// Subscription metric options (catalog options breakdown, discounts, churnMoment, paused).
const (
	BreakdownNone       = "none"
	DiscountsForever    = "forever"
	DiscountsAll        = "all"
	DiscountsNone       = "none"
	ChurnAtPeriodEnd    = "period_end"
	ChurnAtCancellation = "cancellation"
	PausedZero          = "zero"
	PausedValue         = "value"
	MeteredExclude      = "exclude"
	MeteredLastInvoice  = "last_invoice"
	RetentionLogo       = "logo"
	RetentionRevenue    = "revenue"
	FormatTable         = "table"
	FormatHeatmap       = "heatmap"
)

// Cohort retention's months (option cohortMonths): a year by default, three at most.
const (
	DefaultCohortMonths = 12
	MaxCohortMonths     = 36
)

// choice normalises an option's value: empty means def, anything else must be one of allowed.
func choice(name, v, def string, allowed ...string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return def, nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", fmt.Errorf("%s %q is not one of %s", name, v, strings.Join(allowed, ", "))
}

// unresolved says whether a value is a template variable nobody expanded: "$currency",
// "${currency}" or Grafana's older "[[currency]]".
func unresolved(v string) bool {
	v = strings.TrimSpace(v)
	return strings.HasPrefix(v, "$") || (strings.HasPrefix(v, "[[") && strings.HasSuffix(v, "]]"))
}

// Query types besides metric queries (Grafana's DataQuery.queryType).
const (
	QueryTypeVariable   = "variable"
	QueryTypeAnnotation = "annotation"
)

// Dimension series bounds: enough for a legend to stay readable.
const (
	DefaultTopN = 5
	MaxTopN     = 25
)

// Buckets a query may ask for.
const (
	BucketAuto  = "auto"
	BucketHour  = "hour"
	BucketDay   = "day"
	BucketWeek  = "week"
	BucketMonth = "month"
)

// ParseQuery decodes a stored query and normalises it. defaultZone is the data source's zone.
func ParseQuery(raw json.RawMessage) (Query, error) {
	var q Query
	if err := json.Unmarshal(raw, &q); err != nil {
		return Query{}, fmt.Errorf("the query is not valid JSON: %w", err)
	}
	q.Metric = strings.TrimSpace(q.Metric)
	// A dashboard shared publicly sends its queries as saved: variables in free-text options
	// mean "the default" there rather than a typo.
	// An unexpanded ${__searchFilter} (Grafana fills it only while someone types) is no search.
	for _, field := range []*string{&q.TimeZone, &q.Customer, &q.PaymentMethodType, &q.Search} {
		if unresolved(*field) {
			q.Unresolved = append(q.Unresolved, strings.TrimSpace(*field))
			*field = ""
		}
	}
	q.Search = strings.TrimSpace(q.Search)
	q.Bucket = strings.ToLower(strings.TrimSpace(q.Bucket))
	if q.Bucket == "" {
		q.Bucket = BucketAuto
	}
	switch q.Bucket {
	case BucketAuto, BucketHour, BucketDay, BucketWeek, BucketMonth:
	default:
		return Query{}, fmt.Errorf("bucket %q is not one of auto, hour, day, week, month", q.Bucket)
	}
	var err error
	if q.Breakdown, err = choice("breakdown", q.Breakdown, BreakdownNone, BreakdownNone, "product", "price", "interval"); err != nil {
		return Query{}, err
	}
	if q.Discounts, err = choice("discounts", q.Discounts, DiscountsForever, DiscountsForever, DiscountsAll, DiscountsNone); err != nil {
		return Query{}, err
	}
	if q.ChurnMoment, err = choice("churnMoment", q.ChurnMoment, ChurnAtPeriodEnd, ChurnAtPeriodEnd, ChurnAtCancellation); err != nil {
		return Query{}, err
	}
	if q.Paused, err = choice("paused", q.Paused, PausedZero, PausedZero, PausedValue); err != nil {
		return Query{}, err
	}
	if q.Metered, err = choice("metered", q.Metered, MeteredExclude, MeteredExclude, MeteredLastInvoice); err != nil {
		return Query{}, err
	}
	if q.Retention, err = choice("retention", q.Retention, RetentionLogo, RetentionLogo, RetentionRevenue); err != nil {
		return Query{}, err
	}
	if q.Format, err = choice("format", q.Format, FormatTable, FormatTable, FormatHeatmap); err != nil {
		return Query{}, err
	}
	if q.CohortMonths == 0 {
		q.CohortMonths = DefaultCohortMonths
	}
	if q.CohortMonths < 1 || q.CohortMonths > MaxCohortMonths {
		return Query{}, fmt.Errorf("cohort months is %d; choose between 1 and %d", q.CohortMonths, MaxCohortMonths)
	}
	if q.TimeZone != "" {
		if _, err := time.LoadLocation(q.TimeZone); err != nil {
			return Query{}, fmt.Errorf("time zone %q is not an IANA time zone name", q.TimeZone)
		}
	}
	q.ConvertTo = strings.ToLower(strings.TrimSpace(q.ConvertTo))
	if unresolved(q.ConvertTo) {
		q.Unresolved = append(q.Unresolved, q.ConvertTo)
		q.ConvertTo = ""
	}
	if q.ConvertTo != "" && q.ConvertTo != ConvertDefault && !money.Supported(q.ConvertTo) {
		return Query{}, fmt.Errorf("convert to %q is not a currency code Stripe supports: use a lower-case three-letter ISO code such as usd or eur, %q for the data source's reporting currency, or leave it empty for one series per currency",
			q.ConvertTo, ConvertDefault)
	}
	if err := q.normaliseChargeFilters(); err != nil {
		return Query{}, err
	}
	if q.TopN == 0 {
		q.TopN = DefaultTopN
	}
	if q.TopN < 1 || q.TopN > MaxTopN {
		return Query{}, fmt.Errorf("top N is %d; choose between 1 and %d", q.TopN, MaxTopN)
	}
	if q.DueWithinDays < 0 || q.DueWithinDays > 365 {
		return Query{}, fmt.Errorf("due within %d days: choose between 1 and 365 days, or leave it empty for every open dispute", q.DueWithinDays)
	}
	if q.MinAmount < 0 {
		return Query{}, fmt.Errorf("the minimum amount is %v; it cannot be negative", q.MinAmount)
	}
	cur := q.Currencies[:0]
	for _, c := range q.Currencies {
		for _, raw := range strings.Split(c, ",") { // a multi-value variable may arrive joined
			part := strings.ToLower(strings.Trim(strings.TrimSpace(raw), "{}"))
			// "$__all" and "*" are what an unexpanded "All" looks like; "all" is a currency (Albanian lek).
			switch {
			case part == "" || part == "$__all" || part == "*":
			case unresolved(part):
				q.Unresolved = append(q.Unresolved, strings.TrimSpace(raw))
			case !money.Supported(part):
				// A typo must not read as a flat zero series (an alert rule would read 0).
				return Query{}, fmt.Errorf("currency %q is not a currency code Stripe supports: use lower-case three-letter ISO codes such as usd, eur or jpy",
					strings.TrimSpace(raw))
			default:
				cur = append(cur, part)
			}
		}
	}
	q.Currencies = cur
	return q, nil
}

// normaliseChargeFilters checks the customer and payment method filters, so that a typo reads as
// an error rather than as an empty panel.
func (q *Query) normaliseChargeFilters() error {
	q.Customer = strings.TrimSpace(q.Customer)
	if q.Customer != "" && !strings.HasPrefix(q.Customer, "cus_") {
		return fmt.Errorf("customer %q is not a Stripe customer id (they start with cus_)", q.Customer)
	}
	q.PaymentMethodType = strings.ToLower(strings.TrimSpace(q.PaymentMethodType))
	for _, r := range q.PaymentMethodType {
		if (r < 'a' || r > 'z') && r != '_' {
			return fmt.Errorf("payment method type %q is not a Stripe payment method type (for example card, sepa_debit, us_bank_account)", q.PaymentMethodType)
		}
	}
	return nil
}
