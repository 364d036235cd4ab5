// Package apiversion reads Stripe objects rendered in older API versions as the pinned version
// renders them. Stripe renders each event's data.object and previous_attributes in the API
// version the account had when the event was created, whatever the request's Stripe-Version
// asks (API reference, List events), and most accounts are versions behind: every event the
// plugin follows passes through here before anything decodes it with stripe-go's pinned types.
//
// It is pure: JSON values in, JSON values out; no HTTP, no clock.
package apiversion

import (
	"strings"

	stripe "github.com/stripe/stripe-go/v85"
)

// Pinned is the version the plugin requests and decodes: the one stripe-go pins.
var Pinned = stripe.APIVersion

// The versions whose breaking changes touch the objects the plugin reads (Stripe changelog;
// stripe-go CHANGELOG 82.0.0 for basil, 83.0.0 for clover).
const (
	// Oldest is the oldest version whose shapes this package reads exactly. Older accounts'
	// objects are retrieved again by id (fetch does), one request per changed object.
	Oldest = "2020-08-27"
	// refundsNotEmbedded: charge.refunds is no longer embedded.
	refundsNotEmbedded = "2022-11-15"
	// basil moved the subscription's period onto its items, dropped the legacy discount, plan and
	// quantity members, and moved invoice.subscription and the line and invoice item details
	// under parent and pricing.
	basil = "2025-03-31"
	// clover replaced discount.coupon (auto-expanded) with discount.source.coupon (an id).
	clover = "2025-09-30"
	// partialArrays: up to this version previous_attributes held only the changed elements of
	// an array, not the whole array.
	partialArrays = "2017-04-06"
)

// date is the version's date ("2024-06-20" of "2024-06-20" and of "2025-03-31.basil"), or ""
// when the string is not a version.
func date(v string) string {
	d, _, _ := strings.Cut(v, ".")
	if len(d) != len("2006-01-02") || d[4] != '-' || d[7] != '-' {
		return ""
	}
	for i, r := range d {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return ""
		}
	}
	return d
}

// release is the version's release name ("basil"), "" for versions before releases had names.
func release(v string) string {
	_, name, _ := strings.Cut(v, ".")
	return name
}

// Readable reports whether objects rendered in version v are read exactly by Upgrade: versions
// from Oldest up to the pinned release (a later month of the pinned release only adds fields).
// An unknown string, an older version or a newer release is not: its objects must be retrieved
// in the pinned version instead.
func Readable(v string) bool {
	d := date(v)
	switch {
	case d == "" || d < Oldest:
		return false
	case d <= date(Pinned):
		return true
	default:
		return release(v) != "" && release(v) == release(Pinned)
	}
}

// PreviousComplete reports whether previous_attributes in version v give each changed array
// whole; up to 2017-04-06 they gave only the changed elements, so the object before the change
// cannot be told from them.
func PreviousComplete(v string) bool {
	d := date(v)
	return d != "" && d > partialArrays
}

// before reports whether version v predates the version dated at (unknown strings count as old,
// so their objects are read by every old-shape rule).
func before(v, at string) bool { return date(v) < at }
