package stripeapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/stripe/stripe-go/v85"
)

// Client reads one Stripe account with one key. It is safe for concurrent use; all its state
// (stripe-go client, transport, limiter, counters) is its own.
type Client struct {
	sc           *stripe.Client
	tr           *transport
	red          *redactor
	key          KeyInfo
	baseURL      string
	rate         float64
	endpointRate float64
	maxPages     int
	account      string
}

// New checks cfg and builds a Client. It makes no network call; use Probe or Balance for that.
// Errors are *Error of KindConfig with a message for the person editing the settings.
func New(cfg Config) (*Client, error) {
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	base, err := baseTransport(cfg)
	if err != nil {
		return nil, configError("The HTTP settings of the data source are not usable: " + redactor{}.clean(err.Error()))
	}
	origin, prefix := splitBaseURL(s.baseURL)
	red := &redactor{key: cfg.APIKey}
	t := &transport{
		next:           base,
		prefix:         prefix,
		pacer:          newPacer(newMonoClock(), s.rate, s.endpointRate),
		maxRetries:     s.maxRetries,
		baseDelay:      s.baseDelay,
		maxDelay:       s.maxDelay,
		maxRetryAfter:  s.maxRetryAfter,
		attemptTimeout: s.attemptTimeout,
		logger:         cfg.Logger,
		jitter:         newJitter(),
		account:        s.account,
		red:            red,
		usage:          cfg.Usage,
		onAttempt:      cfg.OnAttempt,
	}
	if cfg.Shared != nil {
		t.shared, t.replicas = cfg.Shared, cfg.Replicas
		t.sharedGap, t.sharedEndpointGap = spacing(s.rate), spacing(s.endpointRate)
	}
	if cfg.Usage != nil {
		cfg.Usage.SetBudget(s.rate)
	}
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		HTTPClient: &http.Client{Transport: t, CheckRedirect: refuseRedirect},
		URL:        stripe.String(origin),
		// The transport retries; a second loop in stripe-go would multiply attempts and sleep
		// without honouring the context.
		MaxNetworkRetries: stripe.Int64(0),
		// stripe-go's logger would print Stripe's messages, which contain the masked key, to
		// stderr. This package reports failures through its own errors instead.
		LeveledLogger:   &stripe.LeveledLogger{Level: stripe.LevelNull},
		EnableTelemetry: stripe.Bool(false),
	})
	// Every backend slot points at the same read-only transport, so even an accidental call to
	// another stripe-go service cannot leave this client's limits or base URL.
	backends := &stripe.Backends{API: backend, Connect: backend, Uploads: backend, MeterEvents: backend}
	return &Client{
		sc:           stripe.NewClient(cfg.APIKey, stripe.WithBackends(backends)),
		tr:           t,
		red:          red,
		key:          s.key,
		baseURL:      s.baseURL,
		rate:         s.rate,
		endpointRate: s.endpointRate,
		maxPages:     s.maxPages,
		account:      s.account,
	}, nil
}

// baseTransport picks the transport under ours: the caller's client, the SDK's options, or
// the SDK's defaults (which honour HTTP(S)_PROXY from the environment).
func baseTransport(cfg Config) (http.RoundTripper, error) {
	if cfg.HTTPClient != nil {
		if cfg.HTTPClient.Transport != nil {
			return cfg.HTTPClient.Transport, nil
		}
		return httpclient.NewHTTPTransport(), nil
	}
	opts := httpclient.Options{}
	if cfg.HTTPOptions != nil {
		opts = *cfg.HTTPOptions
	}
	return httpclient.GetTransport(opts)
}

// errRedirect: Stripe's API never redirects, so a redirect means the base URL points elsewhere.
var errRedirect = errors.New("the API base URL answered with a redirect")

func refuseRedirect(*http.Request, []*http.Request) error { return errRedirect }

// Key describes the configured key (type and mode, never the key itself).
func (c *Client) Key() KeyInfo { return c.key }

// RateLimit is the request budget in requests per second this client keeps to.
func (c *Client) RateLimit() float64 { return c.rate }

// EndpointRateLimit is the budget of each endpoint ("GET /v1/charges") in requests per second.
func (c *Client) EndpointRateLimit() float64 { return c.endpointRate }

// ConnectedAccount is the connected account (acct_…) every request reads, "" for the key's own.
func (c *Client) ConnectedAccount() string { return c.account }

// Stats returns the client's counters.
func (c *Client) Stats() Stats { return c.tr.stats() }

// SharedState says which budget the client keeps to with a shared store, and how many answers it
// took from the other replicas' reads.
func (c *Client) SharedState() SharedState { return c.tr.sharedState() }

// String keeps the key out of anything that formats a Client.
func (c *Client) String() string {
	acct := ""
	if c.account != "" {
		acct = ", connected account " + c.account
	}
	return fmt.Sprintf("stripeapi.Client{%s %s key, %s%s, %v req/s, %v req/s per endpoint}", c.key.Mode, c.key.Type, c.baseURL, acct, c.rate, c.endpointRate)
}

// GoString does the same for %#v.
func (c *Client) GoString() string { return c.String() }

// String and GoString keep the key out of formatted output if a redactor is ever printed.
func (r redactor) String() string   { return "redactor" }
func (r redactor) GoString() string { return "redactor" }

// call is one request to Stripe: it gives the request a tracker and turns any failure into an
// *Error that names the operation.
func (c *Client) call(ctx context.Context, op operation, do func(context.Context) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	tctx, t := withTracker(ctx)
	err := do(tctx)
	if err == nil {
		return nil
	}
	return c.mapError(ctx, op, err, t.snapshot())
}

// operation names what was being read, for messages and for the permission fallback.
type operation struct {
	// path is the request path without the query ("/v1/charges").
	path string
	// resource is the catalog resource id ("charges"), "" if the path is not in the catalog.
	resource string
}
