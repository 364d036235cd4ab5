package stripeapi

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

// Stripe names the missing permission in the 403 message, in one of two phrasings seen so far:
//
//	... Having the 'rak_charge_read' permission would allow this request to continue.
//	... Enabling "Prices Read" ('plan_read') permissions on this key would allow this request to continue.
//
// and says so when no restricted key can ever call the endpoint:
//
//	... This is a restricted API key, but the required permissions are not available for use by restricted keys.
var (
	havingPermission   = regexp.MustCompile(`Having the '([A-Za-z0-9_]+)' permission`)
	enablingPermission = regexp.MustCompile(`Enabling "([^"]+)" \('([A-Za-z0-9_]+)'\) permission`)
	notForRestricted   = regexp.MustCompile(`not available for use by restricted keys`)
)

// parsePermission returns the permission Stripe named, in the catalog's rak_ form, and the
// Dashboard label Stripe gave it in the newer phrasing (empty in the older one).
func parsePermission(msg string) (permission, label string) {
	if m := havingPermission.FindStringSubmatch(msg); m != nil {
		return normalizePermission(m[1]), ""
	}
	if m := enablingPermission.FindStringSubmatch(msg); m != nil {
		return normalizePermission(m[2]), m[1]
	}
	return "", ""
}

// normalizePermission writes a permission the way catalog.json does. The newer message quotes
// 'plan_read' where the older one and the catalog say 'rak_plan_read'.
func normalizePermission(p string) string {
	if strings.HasPrefix(p, "rak_") {
		return p
	}
	return "rak_" + p
}

// permissionMessage builds the 403 message and says which permission is missing: the one
// Stripe named or, when it named none, the one the catalog lists for the resource being read.
func permissionMessage(op operation, stripeMsg string) (permission, message string) {
	if notForRestricted.MatchString(stripeMsg) {
		return "", fmt.Sprintf("Stripe does not let restricted keys call %s: no permission that a restricted key can have allows it. "+
			"Features that need it are unavailable with this key; an administrator can use a secret key instead by enabling "+
			"\"Allow secret key\" in the data source settings.", op.request())
	}
	permission, label := parsePermission(stripeMsg)
	if permission == "" {
		if r, ok := catalog.Get().Resource(op.resource); ok && r.Permission != "" {
			permission = r.Permission
		} else {
			return "", fmt.Sprintf("Stripe refused the key for %s (HTTP 403: %s). Edit the restricted key in %s and allow Read access to what it needs.",
				op.request(), trimPeriod(stripeMsg), dashboardKeys)
		}
	}
	return permission, fmt.Sprintf("Stripe refused the key: it is missing the '%s' permission. Edit the restricted key in %s and allow %s.",
		permission, dashboardKeys, allowWhat(permission, label))
}

// allowWhat names the permission as the Dashboard's key editor shows it: "Charges: Read".
func allowWhat(permission, stripeLabel string) string {
	for _, r := range catalog.Get().Resources {
		if r.Permission == permission && r.Label != "" {
			return r.Label + ": Read"
		}
	}
	if name, ok := strings.CutSuffix(stripeLabel, " Read"); ok && name != "" {
		return name + ": Read"
	}
	if stripeLabel != "" {
		return stripeLabel
	}
	return "that permission (Read)"
}
