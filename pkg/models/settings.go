// Package models holds the two public contracts Grafana stores for us: the data source settings
// (jsonData + secureJsonData) and the query model. Both outlive any release, so fields are only
// ever added; an old field keeps its meaning.
package models

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Source says where the data source reads from.
const (
	SourceKey  = "key"  // a Stripe API key (the default)
	SourceDemo = "demo" // the built-in simulated account; no key, no network
)

// DefaultAPIBaseURL is Stripe's API host.
const DefaultAPIBaseURL = "https://api.stripe.com"

// Settings is the data source configuration. JSON names are the jsonData keys the config
// editor writes (src/types.ts mirrors them).
type Settings struct {
	// Source is SourceKey or SourceDemo. Empty means SourceKey.
	Source string `json:"source,omitempty"`
	// APIBaseURL overrides Stripe's API host (proxies, tests). Empty means DefaultAPIBaseURL.
	APIBaseURL string `json:"apiBaseUrl,omitempty"`
	// RateLimit is the request budget per second for this data source. 0 means the default
	// for the key's mode (stripeapi.DefaultLiveRateLimit, DefaultTestRateLimit).
	RateLimit float64 `json:"rateLimit,omitempty"`
	// EndpointRateLimit is the request budget per second of each Stripe endpoint ("GET
	// /v1/charges"), within RateLimit. 0 means the default for the key's mode
	// (stripeapi.DefaultLiveEndpointRateLimit, DefaultTestEndpointRateLimit).
	EndpointRateLimit float64 `json:"endpointRateLimit,omitempty"`
	// TimeZone is the IANA zone queries use when they name none. Empty means UTC.
	TimeZone string `json:"timeZone,omitempty"`
	// AllowSecretKey lets an admin use a full-access sk_ key deliberately.
	AllowSecretKey bool `json:"allowSecretKey,omitempty"`

	// APIKey comes from secureJsonData["apiKey"]; it is never serialised.
	APIKey string `json:"-"`
}

// SecureKeyAPIKey is the secureJsonData key holding the Stripe key.
const SecureKeyAPIKey = "apiKey"

// LoadSettings reads and validates the instance settings. Errors name the setting at fault.
func LoadSettings(src backend.DataSourceInstanceSettings) (Settings, error) {
	var s Settings
	if len(src.JSONData) > 0 {
		if err := json.Unmarshal(src.JSONData, &s); err != nil {
			return Settings{}, fmt.Errorf("the data source settings are not valid JSON: %w", err)
		}
	}
	s.APIKey = strings.TrimSpace(src.DecryptedSecureJSONData[SecureKeyAPIKey])
	if s.Source == "" {
		s.Source = SourceKey
	}
	if s.Source != SourceKey && s.Source != SourceDemo {
		return Settings{}, fmt.Errorf("unknown data source mode %q: choose a Stripe key or the demo account", s.Source)
	}
	s.APIBaseURL = strings.TrimRight(strings.TrimSpace(s.APIBaseURL), "/")
	if s.APIBaseURL == "" {
		s.APIBaseURL = DefaultAPIBaseURL
	}
	if s.RateLimit < 0 {
		return Settings{}, fmt.Errorf("the request rate budget must be positive, got %v", s.RateLimit)
	}
	if s.EndpointRateLimit < 0 {
		return Settings{}, fmt.Errorf("the per-endpoint request rate budget must be positive, got %v", s.EndpointRateLimit)
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil {
			return Settings{}, fmt.Errorf("default time zone %q is not an IANA time zone name", s.TimeZone)
		}
	}
	return s, nil
}

// Location is the default zone for queries.
func (s Settings) Location() *time.Location {
	if s.TimeZone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil { // validated in LoadSettings
		return time.UTC
	}
	return loc
}
