package stripeapi

import (
	"errors"
	"strings"
	"testing"
)

func TestParseKeyAccepts(t *testing.T) {
	cases := []struct {
		key         string
		allowSecret bool
		want        KeyInfo
	}{
		{"rk_live_abc123XYZ", false, KeyInfo{KeyRestricted, ModeLive}},
		{"rk_test_abc123XYZ", false, KeyInfo{KeyRestricted, ModeTest}},
		{"sk_live_abc123XYZ", true, KeyInfo{KeySecret, ModeLive}},
		{"sk_test_abc123XYZ", true, KeyInfo{KeySecret, ModeTest}},
	}
	for _, c := range cases {
		got, err := ParseKey(c.key, c.allowSecret)
		if err != nil || got != c.want {
			t.Errorf("ParseKey(%q, %v) = %+v, %v; want %+v", c.key, c.allowSecret, got, err, c.want)
		}
	}
}

func TestParseKeyRefuses(t *testing.T) {
	cases := []struct {
		name, key string
		// mustSay are phrases the user needs to read to fix the problem.
		mustSay []string
	}{
		{"empty", "", []string{"No Stripe API key is configured", "restricted key"}},
		{"blank", "   ", []string{"No Stripe API key is configured"}},
		{"secret live", "sk_live_abcdef123456", []string{"secret key", "full read and write access", "Create a restricted key", "Allow secret key"}},
		{"secret test", "sk_test_abcdef123456", []string{"secret key (test mode)"}},
		{"publishable", "pk_live_abcdef123456", []string{"publishable key", "cannot read"}},
		{"webhook secret", "whsec_abcdef123456", []string{"webhook signing secret"}},
		{"unknown prefix", "xk_live_abcdef123456", []string{"rk_live_", "rk_test_", "sk_live_", "sk_test_"}},
		{"old style", "abcdef123456", []string{"rk_live_ or rk_test_"}},
		{"prefix only", "rk_live_", []string{"incomplete"}},
		{"pasted with quotes", `"rk_live_abcdef123456"`, []string{"characters a Stripe key never has"}},
		{"inner space", "rk_live_abc def", []string{"characters a Stripe key never has"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseKey(c.key, false)
			if err == nil {
				t.Fatal("accepted")
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != KindConfig {
				t.Fatalf("want *Error of KindConfig, got %T %v", err, err)
			}
			for _, s := range c.mustSay {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message lacks %q: %s", s, err)
				}
			}
			if strings.TrimSpace(c.key) != "" {
				// The message may name a prefix, never the key's characters after it.
				if tail := c.key[min(len(c.key), 8):]; len(tail) >= 4 && strings.Contains(err.Error(), tail) {
					t.Errorf("message repeats the key: %s", err)
				}
			}
			if !IsDownstream(err) {
				t.Error("a key the user configured is a downstream (user) error")
			}
		})
	}
}

func TestSecretKeyAllowedOnlyWhenOptedIn(t *testing.T) {
	if _, err := ParseKey("sk_live_abcdef123456", false); err == nil {
		t.Fatal("sk_ accepted without opt-in")
	}
	if _, err := ParseKey("pk_live_abcdef123456", true); err == nil {
		t.Fatal("pk_ accepted with the secret-key opt-in; publishable keys can never read")
	}
}
