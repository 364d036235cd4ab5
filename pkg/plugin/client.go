package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/sharedstore"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/pkg/usage"
)

// newStripeClient makes the data source's Stripe client: a real key against Stripe (or the base
// URL an admin set), or the demo account served in process by the simulator. A real key's requests
// go through the transport Grafana's settings for this instance describe (inst.HTTPClientOptions:
// Grafana's proxy settings, the secure SOCKS proxy of private data source connect, the SDK's
// middlewares and user agent), under the client's own rate budget, retries and redaction.
//
// Every attempt is counted in the data source's usage counters (the stripe_api_* metrics) and
// exported to Prometheus under its UID; with a connected account every request carries it.
func newStripeClient(ctx context.Context, s models.Settings, inst backend.DataSourceInstanceSettings, logger log.Logger, counter *usage.Counter, shared *sharedstore.Store) (*stripeapi.Client, error) {
	cfg := stripeapi.Config{
		APIKey:            s.APIKey,
		AllowSecretKey:    s.AllowSecretKey,
		BaseURL:           s.APIBaseURL,
		RateLimit:         s.RateLimit,
		EndpointRateLimit: s.EndpointRateLimit,
		Logger:            logger,
		ConnectedAccount:  s.ConnectedAccount,
		Usage:             counter,
		OnAttempt:         promObserver(inst.UID),
		Replicas:          s.Replicas,
	}
	if shared != nil {
		cfg.Shared = shared
	}
	if s.Source == models.SourceDemo {
		demoConfig(ctx, &cfg)
		return stripeapi.New(cfg)
	}
	opts, err := inst.HTTPClientOptions(ctx)
	if err != nil {
		return nil, stripeapi.ConfigError("The data source's HTTP settings (proxy, secure SOCKS proxy) cannot be used: " + err.Error() +
			". Check them in the data source settings, and Grafana's [secure_socks_datasource_proxy] settings.")
	}
	cfg.HTTPOptions = &opts
	return stripeapi.New(cfg)
}
