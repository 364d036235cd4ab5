package generator

import (
	"fmt"
	"strings"
	"time"
)

// APIVersionSpan is one span of an account's API version history (Profile.APIVersions): events
// created from FromDaysAgo days before `now` until the next span starts are rendered in Version.
// The first span also covers everything before its own start.
type APIVersionSpan struct {
	FromDaysAgo int
	Version     string // "YYYY-MM-DD" or "YYYY-MM-DD.release", e.g. "2024-06-20", "2025-03-31.basil"
}

// BasilVersion is the first version of the basil release: the one that moved the billing
// period onto subscription items and removed the legacy invoice and line members.
const BasilVersion = "2025-03-31.basil"

// Dates at which the shapes the simulator renders changed (docs.stripe.com/changelog).
const (
	dateRefundsNotEmbedded   = "2022-11-15" // charge.refunds no longer embedded
	dateSubscriptionDiscount = "2023-10-16" // subscription.discounts (ids) rendered from here on (simulator's choice)
	dateBasil                = "2025-03-31" // subscription periods on items; invoice.parent; line.parent/pricing
	dateClover               = "2025-09-30" // discount.source replaces the auto-expanded discount.coupon
)

// mixedHistory is the default history of the built-in profiles: events before day -12 in old,
// then basil, and the pinned release for the last three days.
func mixedHistory(old string) []APIVersionSpan {
	return []APIVersionSpan{{FromDaysAgo: 30, Version: old}, {FromDaysAgo: 12, Version: BasilVersion}, {FromDaysAgo: 3, Version: APIVersion}}
}

// versionDate is the date a version string carries ("2024-06-20" of "2024-06-20" and of
// "2024-06-20.acacia"), or an error for anything else.
func versionDate(v string) (string, error) {
	date, release, dotted := strings.Cut(v, ".")
	if _, err := time.Parse("2006-01-02", date); err != nil || len(date) != 10 {
		return "", fmt.Errorf("API version %q is not YYYY-MM-DD or YYYY-MM-DD.release", v)
	}
	if dotted {
		if release == "" {
			return "", fmt.Errorf("API version %q has an empty release name", v)
		}
		for _, c := range release {
			if c < 'a' || c > 'z' {
				return "", fmt.Errorf("API version %q: release name %q is not lowercase letters", v, release)
			}
		}
	}
	return date, nil
}

// validateAPIVersions checks a history: parseable versions, spans oldest first.
func validateAPIVersions(h []APIVersionSpan) error {
	for i, s := range h {
		if _, err := versionDate(s.Version); err != nil {
			return err
		}
		if s.FromDaysAgo < 0 {
			return fmt.Errorf("API version span %d (%s) starts %d days ago, want >= 0", i, s.Version, s.FromDaysAgo)
		}
		if i > 0 && s.FromDaysAgo >= h[i-1].FromDaysAgo {
			return fmt.Errorf("API version spans must be oldest first: span %d (%s) starts %d days ago, span %d %d days ago",
				i, s.Version, s.FromDaysAgo, i-1, h[i-1].FromDaysAgo)
		}
	}
	return nil
}

// versionRules are what one API version changes in the shapes the simulator renders, relative
// to the pinned version (the zero value is the pinned version's rules).
type versionRules struct {
	legacyBilling        bool // before basil: top-level periods/plan/quantity/discount, invoice.subscription, line.price...
	legacyDiscountCoupon bool // before clover: discount.coupon (full object) instead of discount.source
	noSubDiscounts       bool // subscription.discounts absent (legacy discount only)
	embeddedRefunds      bool // before 2022-11-15: charge.refunds embedded
}

// rulesFor returns the rules of a version that passed versionDate.
func rulesFor(v string) versionRules {
	date, _ := versionDate(v)
	return versionRules{
		legacyBilling:        date < dateBasil,
		legacyDiscountCoupon: date < dateClover,
		noSubDiscounts:       date < dateSubscriptionDiscount,
		embeddedRefunds:      date < dateRefundsNotEmbedded,
	}
}

// pinned reports whether the version renders exactly as the pinned one.
func (v versionRules) pinned() bool { return v == versionRules{} }

// eventVersions maps an event's creation time to its API version: the spans' start times
// (Unix seconds) and versions, oldest first.
type eventVersions struct {
	starts   []int64
	versions []string
	rules    []versionRules
}

func newEventVersions(h []APIVersionSpan, now int64) eventVersions {
	var ev eventVersions
	for _, s := range h {
		ev.starts = append(ev.starts, now-int64(s.FromDaysAgo)*secondsPerDay)
		ev.versions = append(ev.versions, s.Version)
		ev.rules = append(ev.rules, rulesFor(s.Version))
	}
	return ev
}

// at returns the span index of an event created at t (-1: no history, the pinned version).
func (ev *eventVersions) at(t int64) int {
	if len(ev.starts) == 0 {
		return -1
	}
	k := 0
	for i := 1; i < len(ev.starts); i++ {
		if t >= ev.starts[i] {
			k = i
		}
	}
	return k
}

// version is the API version of an event created at t.
func (ev *eventVersions) version(t int64) string {
	if k := ev.at(t); k >= 0 {
		return ev.versions[k]
	}
	return APIVersion
}

// rulesAt are the rendering rules of an event created at t.
func (ev *eventVersions) rulesAt(t int64) versionRules {
	if k := ev.at(t); k >= 0 {
		return ev.rules[k]
	}
	return versionRules{}
}

// EventAPIVersion is the API version the account had at instant t (Unix seconds): the version
// an event created at t is rendered in and names in its api_version.
func (m *Model) EventAPIVersion(t int64) string {
	ev := newEventVersions(m.Profile.APIVersions, m.Now.Unix())
	return ev.version(t)
}
