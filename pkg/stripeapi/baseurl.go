package stripeapi

import (
	"net/url"
	"strings"
)

// A base URL may carry a path prefix (a proxy serving Stripe's API under
// https://proxy.example/stripe). stripe-go must not see it: it reads the API version from the
// request path ("/v1/...") and, given "/stripe/v1/...", cannot parse Stripe's error JSON, so a
// 403 would lose the permission it names. stripe-go gets the scheme and host; the transport adds
// the prefix to each attempt as it sends it.

// splitBaseURL returns the scheme and host of a checked base URL, and its path prefix without a
// trailing slash (nil when there is none).
func splitBaseURL(base string) (origin string, prefix *url.URL) {
	u, err := url.Parse(base)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		return base, nil
	}
	p := &url.URL{Path: strings.TrimRight(u.Path, "/"), RawPath: strings.TrimRight(u.RawPath, "/")}
	return u.Scheme + "://" + u.Host, p
}

// withPrefix puts prefix in front of u's path, keeping an escaped form consistent.
func withPrefix(u *url.URL, prefix *url.URL) {
	if prefix == nil {
		return
	}
	if u.RawPath != "" || prefix.RawPath != "" {
		u.RawPath = prefix.EscapedPath() + u.EscapedPath()
	}
	u.Path = prefix.Path + u.Path
}
