package plugin

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// The data sources' requests to Stripe as Prometheus metrics. The SDK's datasource.Manage serves
// the default registry at the plugin's metrics endpoint, which Grafana exposes as
// /api/plugins/revops-stripe-datasource/metrics. Labels hold the data source's UID, the endpoint
// with ids replaced ("GET /v1/customers/{id}") and the outcome: never a key, never a customer.
var (
	promRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "stripe_datasource",
		Name:      "api_requests_total",
		Help:      "HTTP attempts sent to Stripe (retries included), by data source UID, endpoint and outcome (ok, 429, 4xx, 5xx, network).",
	}, []string{"datasource_uid", "endpoint", "status"})
	promDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "stripe_datasource",
		Name:      "api_request_duration_seconds",
		Help:      "Duration of each HTTP attempt to Stripe, from sending it to reading its whole answer, by data source UID and endpoint.",
		// A page of 100 objects takes 0.2 to 2 s; a timeout is 30 s.
		Buckets: []float64{0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30},
	}, []string{"datasource_uid", "endpoint"})
)

func init() {
	prometheus.MustRegister(promRequests, promDuration)
}

// promObserver exports a data source's attempts.
func promObserver(uid string) func(stripeapi.Attempt) {
	return func(a stripeapi.Attempt) {
		promRequests.WithLabelValues(uid, a.Endpoint, a.Outcome).Inc()
		promDuration.WithLabelValues(uid, a.Endpoint).Observe(a.Duration.Seconds())
	}
}
