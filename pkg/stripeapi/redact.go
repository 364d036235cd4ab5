package stripeapi

import (
	"regexp"
	"strings"
)

// redactedKey replaces anything that looks like a Stripe key in text we pass on.
const redactedKey = "[redacted key]"

// keyLike matches Stripe keys in full and in the masked forms Stripe writes into its own error
// messages: "sk_test_**********Aso0", "rk_test_***...qs8Kgd", "rk_live_…qs8Kgd". Those masks
// keep the last 4 to 6 characters of the key, which is exactly what must not reach a panel.
var keyLike = regexp.MustCompile(`\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9*]*(?:(?:\.{2,}|…)[A-Za-z0-9*]+)?`)

// alnumRun finds the word-like runs checked against the configured key's suffixes.
var alnumRun = regexp.MustCompile(`[A-Za-z0-9]{4,}`)

// redactor cleans text for one client. It knows the client's key so it can also remove the key
// and its tail when they appear without a recognisable prefix.
type redactor struct {
	key string
}

func (r redactor) clean(s string) string {
	s = keyLike.ReplaceAllString(s, redactedKey)
	if r.key == "" {
		return s
	}
	s = strings.ReplaceAll(s, r.key, redactedKey)
	// Every tail of the key that is 4 or more characters long contains the key's last 4
	// characters, so removing each word-like run that contains them removes every such tail,
	// including a masked tail quoted without its prefix ("key ending qs8Kgd"). A run of ordinary
	// text is only touched if it happens to contain those 4 random characters.
	tail := r.key[max(0, len(r.key)-4):]
	if !alnumOnly(tail) {
		return strings.ReplaceAll(s, tail, redactedKey)
	}
	return alnumRun.ReplaceAllStringFunc(s, func(run string) string {
		if strings.Contains(run, tail) {
			return redactedKey
		}
		return run
	})
}

func alnumOnly(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r == '_' || !isKeyChar(r) })
}
