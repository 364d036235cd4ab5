package stripeapi

import (
	"strings"
)

// KeyType says how much a key may do.
type KeyType string

// Key types the plugin distinguishes.
const (
	// KeyRestricted is an rk_ key: only the permissions its creator granted. Recommended.
	KeyRestricted KeyType = "restricted"
	// KeySecret is an sk_ key: full read and write access to the account.
	KeySecret KeyType = "secret"
)

// Mode is the Stripe mode a key belongs to.
type Mode string

// Stripe modes.
const (
	ModeLive Mode = "live"
	ModeTest Mode = "test"
)

// KeyInfo is what the plugin may know about a key without holding on to it.
type KeyInfo struct {
	Type KeyType
	Mode Mode
}

// Live reports whether the key reads live (real money) data.
func (k KeyInfo) Live() bool { return k.Mode == ModeLive }

// Prefixes as Stripe issues them (docs.stripe.com/keys). Webhook signing secrets are not API
// keys but are the secret people most often paste by mistake, so they get their own message.
const (
	prefixRestrictedLive = "rk_live_"
	prefixRestrictedTest = "rk_test_"
	prefixSecretLive     = "sk_live_"
	prefixSecretTest     = "sk_test_"
	prefixPublishable    = "pk_"
	prefixWebhookSecret  = "whsec_"
)

const createRestrictedKey = "Create a restricted key in the Stripe Dashboard (Developers → API keys → Create restricted key), " +
	"give it Read access to the resources you want to chart and nothing else, and paste it here."

// ParseKey checks a Stripe API key before any call is made and says what kind it is.
//
// Restricted keys (rk_live_, rk_test_) are accepted. Secret keys (sk_live_, sk_test_) give full
// write access to the account, which a dashboard never needs, so they are refused unless the
// administrator opted in with allowSecret. Publishable keys (pk_) cannot read data and are always
// refused. Error messages never repeat the key or any part of it beyond the prefix the user can
// already see in the Dashboard.
func ParseKey(key string, allowSecret bool) (KeyInfo, error) {
	if strings.TrimSpace(key) == "" {
		return KeyInfo{}, configError("No Stripe API key is configured. " + createRestrictedKey)
	}
	if strings.ContainsFunc(key, func(r rune) bool { return !isKeyChar(r) }) {
		// Spaces, quotes or line breaks usually mean a copy-paste picked up more than the key.
		return KeyInfo{}, configError("The Stripe API key contains characters a Stripe key never has (spaces, quotes, line breaks or similar). " +
			"Copy the key again from the Stripe Dashboard (Developers → API keys) and paste only the key.")
	}
	var info KeyInfo
	switch {
	case strings.HasPrefix(key, prefixRestrictedLive):
		info = KeyInfo{Type: KeyRestricted, Mode: ModeLive}
	case strings.HasPrefix(key, prefixRestrictedTest):
		info = KeyInfo{Type: KeyRestricted, Mode: ModeTest}
	case strings.HasPrefix(key, prefixSecretLive):
		info = KeyInfo{Type: KeySecret, Mode: ModeLive}
	case strings.HasPrefix(key, prefixSecretTest):
		info = KeyInfo{Type: KeySecret, Mode: ModeTest}
	case strings.HasPrefix(key, prefixPublishable):
		return KeyInfo{}, configError("This is a publishable key (pk_): it is meant for browsers and cannot read account data. " + createRestrictedKey)
	case strings.HasPrefix(key, prefixWebhookSecret):
		return KeyInfo{}, configError("This is a webhook signing secret (whsec_), not an API key. " + createRestrictedKey)
	default:
		return KeyInfo{}, configError("This is not a Stripe API key the plugin accepts: keys must start with rk_live_ or rk_test_ " +
			"(restricted, recommended), or sk_live_ or sk_test_ (secret, only when allowed in the settings). " + createRestrictedKey)
	}
	if len(key) <= len(prefixRestrictedLive) {
		return KeyInfo{}, configError("The Stripe API key is incomplete: only its prefix was pasted. Copy the whole key from the Stripe Dashboard (Developers → API keys).")
	}
	if info.Type == KeySecret && !allowSecret {
		return KeyInfo{}, configError("This is a secret key (" + string(info.Mode) + " mode): it has full read and write access to your Stripe account, " +
			"and the plugin only reads. " + createRestrictedKey +
			" If you must use the secret key, an administrator can enable \"Allow secret key\" in the data source settings.")
	}
	return info, nil
}

// isKeyChar is the alphabet Stripe keys are written in.
func isKeyChar(r rune) bool {
	return r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
}
