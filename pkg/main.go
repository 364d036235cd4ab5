// Command gpx_stripe is the backend of the Stripe data source. Grafana starts it and talks to it
// over gRPC; datasource.Manage makes one plugin.Datasource per configured data source and a new
// one whenever its settings change.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/revops/stripe-datasource/pkg/plugin"
)

func main() {
	if err := datasource.Manage("revops-stripe-datasource", plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
