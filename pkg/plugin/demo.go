package plugin

import (
	"context"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// demoConfig points the client at the in-process simulator. Filled in with the simulator.
func demoConfig(_ context.Context, cfg *stripeapi.Config) {}
