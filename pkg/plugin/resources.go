package plugin

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

// CallResource serves the plugin's resource endpoints (/api/datasources/uid/<uid>/resources/...).
// Nothing served here ever contains the key.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	switch req.Path {
	case "catalog":
		return sendJSON(sender, http.StatusOK, catalog.Raw())
	case "access":
		status, body := d.resourceAccess(ctx)
		return sendJSON(sender, status, body)
	case "reads":
		// The long reads in flight and how far they have got (patience.go).
		body, err := json.Marshal(d.readsInFlight())
		if err != nil {
			return err
		}
		return sendJSON(sender, http.StatusOK, body)
	default:
		return sendJSON(sender, http.StatusNotFound, []byte(`{"message":"unknown resource path"}`))
	}
}

func sendJSON(sender backend.CallResourceResponseSender, status int, body []byte) error {
	return sender.Send(&backend.CallResourceResponse{
		Status:  status,
		Headers: map[string][]string{"Content-Type": {"application/json"}},
		Body:    body,
	})
}
