package stripeapi

import "strings"

// endpointOf names the API operation a request is, as Stripe's per-endpoint limits count them
// and as the simulator's request counts name them: the method and the path with its ids
// replaced by {id} ("GET /v1/charges", "GET /v1/subscriptions/{id}",
// "GET /v1/invoices/{id}/lines"). Stripe's v1 paths alternate collection and id after the
// version ("/v1/customers/{id}/balance_transactions/{id}"), so every second segment is an id.
// The query is not part of the name: listing charges with and without a filter is one endpoint.
func endpointOf(method, path string) string {
	rest, ok := strings.CutPrefix(path, "/v1/")
	if !ok {
		return method + " " + path
	}
	segs := strings.Split(rest, "/")
	for i := 1; i < len(segs); i += 2 {
		if segs[i] != "" {
			segs[i] = "{id}"
		}
	}
	return method + " /v1/" + strings.Join(segs, "/")
}
