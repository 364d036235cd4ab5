package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
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
	if q.TimeZone != "" {
		if _, err := time.LoadLocation(q.TimeZone); err != nil {
			return Query{}, fmt.Errorf("time zone %q is not an IANA time zone name", q.TimeZone)
		}
	}
	cur := q.Currencies[:0]
	for _, c := range q.Currencies {
		for _, part := range strings.Split(c, ",") { // a multi-value variable may arrive joined
			part = strings.ToLower(strings.Trim(strings.TrimSpace(part), "{}"))
			// "$__all" and "*" are what an unexpanded "All" looks like; "all" is a currency (Albanian lek).
			if part != "" && part != "$__all" && part != "*" {
				cur = append(cur, part)
			}
		}
	}
	q.Currencies = cur
	return q, nil
}
