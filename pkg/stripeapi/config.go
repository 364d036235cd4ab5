package stripeapi

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"

	"github.com/revops/stripe-datasource/pkg/usage"
)

// Defaults. Stripe's limits are per account: 100 requests/s in live mode and 25 in test mode,
// and 25/s per endpoint (each API operation, such as listing charges) by default
// (docs.stripe.com/rate-limits). The merchant's own servers share them: a reporting tool that
// takes most of the limit makes the checkout fail with 429s. This data source is a background
// reader, so by default it takes a quarter of the live limit and well under an endpoint's
// (Stripe's advice: keep background jobs to a subset of the limit); in test mode, where the
// limit is 25/s, 10.
const (
	DefaultBaseURL               = "https://api.stripe.com"
	DefaultLiveRateLimit         = 25.0
	DefaultTestRateLimit         = 10.0
	DefaultLiveEndpointRateLimit = 10.0
	DefaultTestEndpointRateLimit = 10.0
	DefaultMaxRetries            = 4
	DefaultRetryBaseDelay        = 500 * time.Millisecond
	DefaultRetryMaxDelay         = 8 * time.Second
	DefaultMaxRetryAfter         = 30 * time.Second
	DefaultTimeout               = 30 * time.Second
	// PageSize is the largest page Stripe lists return.
	PageSize = 100
)

// Logger is the part of the SDK's log.Logger this package uses; log.DefaultLogger fits.
type Logger interface {
	Debug(msg string, args ...any)
	Warn(msg string, args ...any)
}

// Config configures one Client, that is one data source.
type Config struct {
	// APIKey is the Stripe key (rk_ recommended). It stays inside the Client.
	APIKey string
	// AllowSecretKey accepts an sk_ key; without it sk_ keys are refused.
	AllowSecretKey bool
	// BaseURL is Stripe's API address; empty means DefaultBaseURL. It must be https unless
	// the host is a loopback address (simulators, stripe-mock, local test servers), because the
	// key travels in every request. It may end in a path prefix (a proxy serving Stripe's API
	// at https://proxy.example/stripe), which every request then carries before /v1.
	BaseURL string
	// RateLimit is the request budget in requests per second, shared by every query of the
	// data source, retries included: in no window of a second do more attempts leave the
	// client. 0 means DefaultLiveRateLimit or DefaultTestRateLimit by the key's mode. A budget
	// of 1/s or more that is not whole counts as its whole part.
	RateLimit float64
	// EndpointRateLimit is the same budget for each endpoint (method and path with ids
	// replaced: "GET /v1/charges", "GET /v1/invoices/{id}/lines"); a request needs both. 0
	// means DefaultLiveEndpointRateLimit or DefaultTestEndpointRateLimit by the key's mode.
	EndpointRateLimit float64
	// MaxRetries bounds retries per request. 0 means DefaultMaxRetries; negative means none.
	MaxRetries int
	// RetryBaseDelay and RetryMaxDelay shape the exponential backoff: the wait before retry n
	// (from 0) is uniformly random in [0, min(RetryMaxDelay, RetryBaseDelay·2ⁿ)). 0 means the
	// defaults. Tests use a few milliseconds.
	RetryBaseDelay time.Duration
	RetryMaxDelay  time.Duration
	// MaxRetryAfter is the longest Retry-After the client will wait; a longer one ends the
	// retries and returns the error. 0 means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// Timeout bounds each attempt, from sending the request to reading the whole answer.
	// 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxPages, when positive, makes a list fail with KindPageLimit instead of reading page
	// MaxPages+1. It never truncates silently. 0 means no limit.
	MaxPages int
	// HTTPClient, if set, supplies the transport (proxy, TLS) under this package's rate limiting
	// and retries. Its Timeout is ignored in favour of Timeout, which applies per attempt.
	HTTPClient *http.Client
	// HTTPOptions, used when HTTPClient is nil, builds the transport with the SDK's
	// httpclient.GetTransport (proxy from the environment, TLS settings, SDK middlewares).
	// Nil means the SDK defaults.
	HTTPOptions *httpclient.Options
	// Logger receives a debug line per attempt (method, path, query, status, duration, Stripe's
	// request id) and one per retry. Nil means no logging. Lines never hold the key.
	Logger Logger
	// ConnectedAccount, when set, is the Stripe Connect account (acct_…) every request reads: it
	// is sent as the Stripe-Account header, so the platform's key reads that account.
	ConnectedAccount string
	// Usage, when set, counts every attempt by endpoint and outcome and records the client's
	// request budget (the stripe_api_* metrics). It may outlive the client: a data source keeps
	// one across its settings changes.
	Usage *usage.Counter
	// OnAttempt, when set, is called after every attempt (the plugin exports them to Prometheus).
	// It runs on the request's goroutine and must not block.
	OnAttempt func(Attempt)
	// Shared, when set, is the store shared with the other replicas of a Grafana in high
	// availability (shared.go): the budgets above then hold for all replicas together, and a read
	// several replicas need is sent once. Nil: this client's budgets are its own.
	Shared Shared
	// Replicas is how many Grafana replicas share the budgets: while Shared is unreachable this
	// client keeps to the budgets divided by it. Below 1 counts as 1.
	Replicas int
}

// Attempt is one HTTP attempt as it returned, without anything secret.
type Attempt struct {
	// Endpoint is the API operation with ids replaced ("GET /v1/invoices/{id}/lines").
	Endpoint string
	// Status is the HTTP status of the whole answer, 0 when none arrived whole.
	Status int
	// Outcome is usage.Outcome(Status): ok, 429, 4xx, 5xx or network.
	Outcome  string
	Duration time.Duration
}

// connectedAccountForm is Stripe's account id: "acct_" and letters and digits.
var connectedAccountForm = regexp.MustCompile(`^acct_[A-Za-z0-9]+$`)

// ValidConnectedAccount reports whether id has the form of a Stripe account id (acct_…).
func ValidConnectedAccount(id string) bool { return connectedAccountForm.MatchString(id) }

// String keeps the key out of anything that formats a Config with %v.
func (c Config) String() string {
	return fmt.Sprintf("stripeapi.Config{BaseURL:%q RateLimit:%v EndpointRateLimit:%v key:%s}", c.BaseURL, c.RateLimit, c.EndpointRateLimit, maskedPresence(c.APIKey))
}

// GoString does the same for %#v.
func (c Config) GoString() string { return c.String() }

func maskedPresence(key string) string {
	if key == "" {
		return "none"
	}
	return "set"
}

// settings is a validated Config with every default applied.
type settings struct {
	key            KeyInfo
	baseURL        string
	rate           float64
	endpointRate   float64
	maxRetries     int
	baseDelay      time.Duration
	maxDelay       time.Duration
	maxRetryAfter  time.Duration
	attemptTimeout time.Duration
	maxPages       int
	account        string
}

func (c Config) validate() (settings, error) {
	info, err := ParseKey(c.APIKey, c.AllowSecretKey)
	if err != nil {
		return settings{}, err
	}
	s := settings{key: info, maxPages: c.MaxPages, account: strings.TrimSpace(c.ConnectedAccount)}
	if s.account != "" && !ValidConnectedAccount(s.account) {
		return settings{}, configError(fmt.Sprintf("The connected account %q is not a Stripe account id: it is acct_ followed by letters and digits, as the Stripe Dashboard shows it (Connect → Connected accounts).", s.account))
	}
	if s.baseURL, err = checkBaseURL(c.BaseURL); err != nil {
		return settings{}, err
	}

	live := info.Mode == ModeLive
	if s.rate, err = budget("request rate budget", c.RateLimit, live, DefaultLiveRateLimit, DefaultTestRateLimit); err != nil {
		return settings{}, err
	}
	if s.endpointRate, err = budget("per-endpoint request rate budget", c.EndpointRateLimit, live, DefaultLiveEndpointRateLimit, DefaultTestEndpointRateLimit); err != nil {
		return settings{}, err
	}

	s.maxRetries = c.MaxRetries
	if s.maxRetries == 0 {
		s.maxRetries = DefaultMaxRetries
	} else if s.maxRetries < 0 {
		s.maxRetries = 0
	}
	durations := []struct {
		name string
		in   time.Duration
		def  time.Duration
		out  *time.Duration
	}{
		{"retry base delay", c.RetryBaseDelay, DefaultRetryBaseDelay, &s.baseDelay},
		{"retry maximum delay", c.RetryMaxDelay, DefaultRetryMaxDelay, &s.maxDelay},
		{"longest Retry-After", c.MaxRetryAfter, DefaultMaxRetryAfter, &s.maxRetryAfter},
		{"request timeout", c.Timeout, DefaultTimeout, &s.attemptTimeout},
	}
	for _, d := range durations {
		if d.in < 0 {
			return settings{}, configError(fmt.Sprintf("The %s must not be negative, got %v.", d.name, d.in))
		}
		*d.out = d.in
		if d.in == 0 {
			*d.out = d.def
		}
	}
	if s.maxDelay < s.baseDelay {
		s.maxDelay = s.baseDelay
	}
	if s.maxPages < 0 {
		return settings{}, configError(fmt.Sprintf("The page limit must not be negative, got %d.", s.maxPages))
	}
	return s, nil
}

// budget checks a requests-per-second setting and applies the default of the key's mode.
func budget(name string, v float64, live bool, liveDefault, testDefault float64) (float64, error) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
		return 0, configError(fmt.Sprintf("The %s must be a positive number of requests per second, got %v.", name, v))
	case v > 0:
		return v, nil
	case live:
		return liveDefault, nil
	default:
		return testDefault, nil
	}
}

// checkBaseURL accepts https URLs, and http only to loopback hosts, so the key is never sent
// in clear text over a network.
func checkBaseURL(raw string) (string, error) {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	if raw == "" {
		return DefaultBaseURL, nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", configError(fmt.Sprintf("The Stripe API base URL %q is not an http(s) address like %s.", raw, DefaultBaseURL))
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", configError(fmt.Sprintf("The Stripe API base URL %q must not contain a query, a fragment or credentials.", u.Redacted()))
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", configError(fmt.Sprintf("The Stripe API base URL %q uses plain http: the key would travel unencrypted. Use https (plain http is only accepted for localhost).", raw))
	}
	return raw, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
