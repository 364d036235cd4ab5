package server

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
)

// Key is an API key the simulator accepts. Its mode (test/live) and kind (secret sk_ or restricted
// rk_) come from its prefix, as with Stripe's keys: sk_test_, sk_live_, rk_test_, rk_live_.
type Key struct {
	// Value is the whole key, for example "rk_test_51Nv0FG...".
	Value string
	// Permissions are the read permissions of a restricted key, by Stripe's names
	// (rak_charge_read, ...; see the Perm constants). Ignored for secret keys, which may read all.
	Permissions []string
	// ConnectPermissions are a restricted key's permissions on the connected accounts
	// (Config.Connected): the Connect column of Stripe's restricted-key editor. A request that
	// names a connected account in Stripe-Account is checked against these instead. Ignored for
	// secret keys.
	ConnectPermissions []string
}

// The read permissions the simulator checks, by Stripe's restricted-key permission names.
const (
	PermBalance            = "rak_balance_read"
	PermBalanceTransaction = "rak_balance_transaction_source_read"
	PermCharge             = "rak_charge_read"
	PermDispute            = "rak_dispute_read"
	PermSubscription       = "rak_subscription_read"
	PermInvoice            = "rak_invoice_read"
	PermPrice              = "rak_plan_read"
	PermProduct            = "rak_product_read"
	PermCustomer           = "rak_customer_read"
	PermPayout             = "rak_payout_read"
	PermEvent              = "rak_event_read"
	PermCoupon             = "rak_coupon_read"
	PermRefund             = "rak_refund_read"
	// PermAccount lets a restricted key read GET /v1/account. Stripe answers that endpoint with
	// "not available for use by restricted keys" for most restricted keys; the simulator does so
	// unless the key holds this permission, so tests can model both kinds of account.
	PermAccount = "rak_connected_account_read"
)

// AllReadPermissions lists every permission above, for a restricted key that may read everything
// the plugin reads.
var AllReadPermissions = []string{PermBalance, PermBalanceTransaction, PermCharge, PermDispute, PermSubscription,
	PermInvoice, PermPrice, PermProduct, PermCustomer, PermPayout, PermEvent, PermCoupon, PermRefund}

// keyInfo is a validated Key.
type keyInfo struct {
	value      string
	live       bool
	restricted bool
	perms      map[string]bool
	// onConnected is the same key acting on a connected account (its Connect permissions).
	onConnected *keyInfo
}

func parseKey(k Key) (*keyInfo, error) {
	var ki keyInfo
	switch {
	case strings.HasPrefix(k.Value, "sk_test_"):
	case strings.HasPrefix(k.Value, "sk_live_"):
		ki.live = true
	case strings.HasPrefix(k.Value, "rk_test_"):
		ki.restricted = true
	case strings.HasPrefix(k.Value, "rk_live_"):
		ki.live, ki.restricted = true, true
	default:
		return nil, fmt.Errorf("server: key %q: want a sk_test_, sk_live_, rk_test_ or rk_live_ prefix", maskKey(k.Value, 4))
	}
	if len(k.Value) <= len("sk_test_") {
		return nil, fmt.Errorf("server: key %q has nothing after its prefix", k.Value)
	}
	ki.value = k.Value
	ki.perms = permSet(k.Permissions)
	connected := ki
	connected.perms = permSet(k.ConnectPermissions)
	ki.onConnected = &connected
	return &ki, nil
}

func permSet(perms []string) map[string]bool {
	m := map[string]bool{}
	for _, p := range perms {
		m[p] = true
	}
	return m
}

// can reports whether the key may use the permission ("" needs none).
func (k *keyInfo) can(perm string) bool { return perm == "" || !k.restricted || k.perms[perm] }

func (k *keyInfo) mode() string {
	if k.live {
		return "live"
	}
	return "test"
}

// keyFromRequest returns the key the request presents, accepting Bearer auth and Basic auth with
// the key as user name (how curl -u sk_...: sends it), as Stripe does. "" means none.
func keyFromRequest(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if h == "" {
		return ""
	}
	scheme, rest, _ := strings.Cut(h, " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(scheme) {
	case "bearer":
		return rest
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return ""
		}
		user, _, _ := strings.Cut(string(raw), ":")
		return user
	}
	return ""
}

// maskKey hides a key the way Stripe's error messages do: the "xx_mode_" prefix stays, every other
// character becomes '*' except the last `show` (4 in 401 messages, 6 in 403 messages).
func maskKey(key string, show int) string {
	prefix := ""
	if i := strings.Index(key, "_"); i >= 0 {
		if j := strings.Index(key[i+1:], "_"); j >= 0 {
			prefix = key[:i+1+j+1]
		}
	}
	body := key[len(prefix):]
	if len(body) <= show {
		return prefix + strings.Repeat("*", len(body))
	}
	return prefix + strings.Repeat("*", len(body)-show) + body[len(body)-show:]
}
