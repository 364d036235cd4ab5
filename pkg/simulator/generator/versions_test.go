package generator

import (
	"strings"
	"testing"
)

// Any YYYY-MM-DD or YYYY-MM-DD.release version is accepted and rendered by the rules of its
// date; anything else, and spans not oldest first, are profile errors.
func TestAPIVersionHistoryIsValidated(t *testing.T) {
	for _, v := range []string{"2019-12-03", "2020-08-27", "2024-06-20", "2025-03-31.basil", "2025-08-27.basil", "2025-09-30.clover", "2026-03-25.dahlia", "2030-01-01.zebra"} {
		p, _ := NamedProfile("tiny")
		p.APIVersions = []APIVersionSpan{{FromDaysAgo: 0, Version: v}}
		if err := p.Validate(); err != nil {
			t.Errorf("%s refused: %v", v, err)
		}
	}
	bad := map[string][]APIVersionSpan{
		"no date":            {{0, "basil"}},
		"short date":         {{0, "2024-6-20"}},
		"no such day":        {{0, "2024-02-30"}},
		"empty release":      {{0, "2024-06-20."}},
		"capitalised":        {{0, "2025-03-31.Basil"}},
		"empty":              {{0, ""}},
		"newest first":       {{3, APIVersion}, {12, "2024-06-20"}},
		"same start":         {{12, "2024-06-20"}, {12, BasilVersion}},
		"negative start":     {{30, "2024-06-20"}, {-1, BasilVersion}},
		"bad in second span": {{30, "2024-06-20"}, {12, "2025-03-31 basil"}},
	}
	for name, h := range bad {
		p, _ := NamedProfile("tiny")
		p.APIVersions = h
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "tiny") {
			t.Errorf("%s (%v): error %v", name, h, err)
		}
		if _, err := Generate(p, 1, testNow); err == nil {
			t.Errorf("%s: generated", name)
		}
	}
}

// The rules of each version, by its date (a table written from STRIPE-IN-THE-WILD.md §1).
func TestVersionRules(t *testing.T) {
	cases := map[string]versionRules{
		"2019-12-03":        {legacyBilling: true, legacyDiscountCoupon: true, noSubDiscounts: true, embeddedRefunds: true},
		"2022-11-14":        {legacyBilling: true, legacyDiscountCoupon: true, noSubDiscounts: true, embeddedRefunds: true},
		"2022-11-15":        {legacyBilling: true, legacyDiscountCoupon: true, noSubDiscounts: true},
		"2023-10-16":        {legacyBilling: true, legacyDiscountCoupon: true},
		"2024-06-20":        {legacyBilling: true, legacyDiscountCoupon: true},
		"2024-09-30.acacia": {legacyBilling: true, legacyDiscountCoupon: true},
		"2025-03-31.basil":  {legacyDiscountCoupon: true},
		"2025-08-27.basil":  {legacyDiscountCoupon: true},
		"2025-09-30.clover": {},
		"2026-03-25.dahlia": {},
	}
	for v, want := range cases {
		if got := rulesFor(v); got != want {
			t.Errorf("%s: %+v, want %+v", v, got, want)
		}
	}
}
