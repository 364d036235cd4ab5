// Package models holds the two public contracts Grafana stores for us: the data source settings
// (jsonData + secureJsonData) and the query model. Both outlive any release, so fields are only
// ever added; an old field keeps its meaning.
package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/sharedstore"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
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
	// MemoryBudgetMB bounds, in MiB, what the data source keeps in memory between queries: its
	// cached records, the whole-history reads and the MRR reconstructions. 0 means
	// DefaultMemoryBudgetMB.
	MemoryBudgetMB float64 `json:"memoryBudgetMB,omitempty"`
	// DisableDiskCache turns off the cache on disk, which lets a restarted Grafana answer from
	// what it read before instead of reading the account's history again.
	DisableDiskCache bool `json:"disableDiskCache,omitempty"`
	// CacheDirectory is where the cache on disk lives; empty means the plugin's default under
	// Grafana's data path (persist.DefaultDir).
	CacheDirectory string `json:"cacheDirectory,omitempty"`
	// TimeZone is the IANA zone queries use when they name none. Empty means UTC.
	TimeZone string `json:"timeZone,omitempty"`
	// AllowSecretKey lets an admin use a full-access sk_ key deliberately.
	AllowSecretKey bool `json:"allowSecretKey,omitempty"`
	// ConnectedAccount, when set, is the Stripe Connect account (acct_…) the data source reads
	// with its platform's key: every request carries it in the Stripe-Account header, and every
	// number is that account's. Empty means the key's own account.
	ConnectedAccount string `json:"connectedAccount,omitempty"`
	// SharedStoreURL, when set, is the Redis (or Valkey) the replicas of a Grafana in high
	// availability share (redis://host:6379/0, rediss:// for TLS): one request budget and one read
	// for all of them (pkg/sharedstore). Empty: this Grafana's budget and reads are its own.
	SharedStoreURL string `json:"sharedStoreUrl,omitempty"`
	// Replicas is how many Grafana replicas share the budget: while the shared store is
	// unreachable, each keeps to the budget divided by it. Required with SharedStoreURL.
	Replicas int `json:"replicas,omitempty"`

	// ReportingCurrency is the currency a query's convertTo "default" converts into. Empty means
	// the account's default currency (/v1/account default_currency).
	ReportingCurrency string `json:"reportingCurrency,omitempty"`
	// ExchangeRates is the admin's rate table, the last of the three rate sources (after the
	// rates Stripe applied on the account's own balance transactions).
	ExchangeRates []ExchangeRate `json:"exchangeRates,omitempty"`

	// APIKey comes from secureJsonData["apiKey"]; it is never serialised.
	APIKey string `json:"-"`
	// SharedStorePassword comes from secureJsonData["sharedStorePassword"]; never serialised.
	SharedStorePassword string `json:"-"`
}

// DefaultMemoryBudgetMB is the memory budget when none is set: enough for an account of tens of
// thousands of subscriptions (a medium account's dashboard keeps about 110 MiB).
const DefaultMemoryBudgetMB = 256

// MemoryBudget is the memory budget in bytes.
func (s Settings) MemoryBudget() int64 {
	mb := s.MemoryBudgetMB
	if mb == 0 {
		mb = DefaultMemoryBudgetMB
	}
	return int64(mb * (1 << 20))
}

// SecureKeyAPIKey is the secureJsonData key holding the Stripe key.
const SecureKeyAPIKey = "apiKey"

// SecureKeySharedStorePassword is the secureJsonData key holding the shared store's password.
const SecureKeySharedStorePassword = "sharedStorePassword"

// MaxReplicas bounds the replicas setting: a budget divided further leaves each replica nothing.
const MaxReplicas = 100

// SettingError is a data source setting that cannot be used. Setting is its jsonData key;
// Message, written for the person editing the settings, names it as the config editor labels it.
type SettingError struct {
	Setting string
	Message string
}

func (e *SettingError) Error() string { return e.Message }

// settingLabels are the config editor's labels of the jsonData keys (src/components/config).
var settingLabels = map[string]string{
	"source": "Read from", "apiBaseUrl": "Stripe API base URL", "rateLimit": "Request rate budget", "endpointRateLimit": "Per-endpoint rate budget",
	"memoryBudgetMB": "Memory budget", "disableDiskCache": "Keep the cache on disk", "cacheDirectory": "Cache directory",
	"timeZone": "Default time zone", "allowSecretKey": "Allow a full-access secret key (sk_)", "connectedAccount": "Connected account",
	"reportingCurrency": "Reporting currency", "exchangeRates": "Exchange rates",
	"sharedStoreUrl": "Shared store (Redis) URL", "replicas": "Grafana replicas",
}

// settingError names the setting at fault, with what to do.
func settingError(key, format string, args ...any) *SettingError {
	return &SettingError{Setting: key, Message: fmt.Sprintf("The data source setting \"%s\" (%s) %s Fix it in the data source settings and save.",
		settingLabels[key], key, fmt.Sprintf(format, args...))}
}

// LoadSettings reads and validates the instance settings. Errors are *SettingError, naming the
// setting at fault.
func LoadSettings(src backend.DataSourceInstanceSettings) (Settings, error) {
	var s Settings
	if len(src.JSONData) > 0 {
		if err := json.Unmarshal(src.JSONData, &s); err != nil {
			var typ *json.UnmarshalTypeError
			if errors.As(err, &typ) && settingLabels[typ.Field] != "" {
				return Settings{}, settingError(typ.Field, "must be %s, not %s.", jsonKinds[typ.Type.Kind()], rawSetting(src.JSONData, typ.Field))
			}
			return Settings{}, &SettingError{Message: "The data source settings (jsonData) are not valid JSON: " + err.Error() +
				". Save the data source again from its settings page, or fix its provisioning file."}
		}
	}
	s.APIKey = strings.TrimSpace(src.DecryptedSecureJSONData[SecureKeyAPIKey])
	s.SharedStorePassword = src.DecryptedSecureJSONData[SecureKeySharedStorePassword]
	if s.Source == "" {
		s.Source = SourceKey
	}
	if s.Source != SourceKey && s.Source != SourceDemo {
		return Settings{}, settingError("source", "is %q: use %q to read a Stripe account with an API key, or %q for the simulated demo account.",
			s.Source, SourceKey, SourceDemo)
	}
	s.APIBaseURL = strings.TrimRight(strings.TrimSpace(s.APIBaseURL), "/")
	if s.APIBaseURL == "" {
		s.APIBaseURL = DefaultAPIBaseURL
	}
	if s.RateLimit < 0 || math.IsNaN(s.RateLimit) {
		return Settings{}, settingError("rateLimit", "must be a positive number of requests per second (or empty for the default), not %v.", s.RateLimit)
	}
	if s.EndpointRateLimit < 0 || math.IsNaN(s.EndpointRateLimit) {
		return Settings{}, settingError("endpointRateLimit", "must be a positive number of requests per second (or empty for the default), not %v.", s.EndpointRateLimit)
	}
	if s.MemoryBudgetMB < 0 || math.IsNaN(s.MemoryBudgetMB) || (s.MemoryBudgetMB > 0 && s.MemoryBudgetMB < 16) {
		return Settings{}, settingError("memoryBudgetMB", "must be at least 16 MiB (or empty for the default of %d MiB), not %v.", DefaultMemoryBudgetMB, s.MemoryBudgetMB)
	}
	s.CacheDirectory = strings.TrimSpace(s.CacheDirectory)
	if s.CacheDirectory != "" && !filepath.IsAbs(s.CacheDirectory) {
		return Settings{}, settingError("cacheDirectory", "is %q, which is not an absolute path: the plugin runs in Grafana's working directory, so give the whole path (for example /var/lib/grafana/plugins-data/revops-stripe-datasource).", s.CacheDirectory)
	}
	s.ConnectedAccount = strings.TrimSpace(s.ConnectedAccount)
	if s.Source == SourceDemo {
		// The demo is one simulated account with none connected; an id left from before switching
		// to it (the editor hides the field then) must not break it.
		s.ConnectedAccount = ""
	}
	if s.ConnectedAccount != "" && !stripeapi.ValidConnectedAccount(s.ConnectedAccount) {
		return Settings{}, settingError("connectedAccount", "is %q, which is not a Stripe account id: it is acct_ followed by letters and digits (for example acct_1032D82eZvKYlo2C), as the Stripe Dashboard shows it under Connect → Connected accounts. Leave it empty to read the key's own account.", s.ConnectedAccount)
	}
	if err := s.checkSharedStore(); err != nil {
		return Settings{}, err
	}
	if s.TimeZone != "" {
		if _, err := time.LoadLocation(s.TimeZone); err != nil {
			return Settings{}, settingError("timeZone", "is %q, which is not an IANA time zone name (for example UTC, Europe/Berlin, America/New_York).", s.TimeZone)
		}
	}
	if err := s.checkExchangeRates(); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// jsonKinds says what a setting of each Go kind must be, in JSON terms.
var jsonKinds = map[reflect.Kind]string{
	reflect.Float64: "a number", reflect.String: "text", reflect.Bool: "true or false", reflect.Slice: "a list",
	reflect.Int: "a whole number",
}

// rawSetting is a setting's value as stored, for a message (cut short if long).
func rawSetting(jsonData []byte, key string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(jsonData, &m) != nil {
		return "what is stored"
	}
	v := string(m[key])
	if len(v) > 40 {
		v = v[:40] + "…"
	}
	return v
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

// checkSharedStore validates the high-availability settings: a Redis URL (its password never in the
// message) and, with it, the number of replicas.
func (s *Settings) checkSharedStore() error {
	s.SharedStoreURL = strings.TrimSpace(s.SharedStoreURL)
	if s.SharedStoreURL == "" {
		if s.Replicas < 0 || s.Replicas > MaxReplicas {
			return settingError("replicas", "must be a whole number from 1 to %d, not %d.", MaxReplicas, s.Replicas)
		}
		return nil
	}
	if _, err := sharedstore.ParseURL(s.SharedStoreURL); err != nil {
		return settingError("sharedStoreUrl", "%s. Put the password in the Shared store password field rather than in the URL.", sharedstore.CleanError(err, s.SharedStorePassword))
	}
	if s.Replicas < 1 || s.Replicas > MaxReplicas {
		return settingError("replicas", "must be the number of Grafana replicas sharing the shared store (1 to %d), not %d: while the store is unreachable each replica keeps to the request budget divided by it, so that together they never send more than the budget.", MaxReplicas, s.Replicas)
	}
	return nil
}
