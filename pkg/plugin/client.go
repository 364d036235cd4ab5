package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// newStripeClient makes the data source's Stripe client: a real key against Stripe (or the base
// URL an admin set), or the demo account served in process by the simulator.
func newStripeClient(ctx context.Context, s models.Settings, logger log.Logger) (*stripeapi.Client, error) {
	cfg := stripeapi.Config{
		APIKey:            s.APIKey,
		AllowSecretKey:    s.AllowSecretKey,
		BaseURL:           s.APIBaseURL,
		RateLimit:         s.RateLimit,
		EndpointRateLimit: s.EndpointRateLimit,
		Logger:            logger,
	}
	if s.Source == models.SourceDemo {
		demoConfig(ctx, &cfg)
	}
	return stripeapi.New(cfg)
}
