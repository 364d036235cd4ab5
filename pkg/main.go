// Command gpx_stripe is the backend of the Stripe data source. Grafana starts it and talks to it
// over gRPC; datasource.Manage makes one plugin.Datasource per configured data source and a new
// one whenever its settings change.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/revops/stripe-datasource/pkg/plugin"
)

func main() {
	// Grafana stops a plugin by closing its connection (Manage then returns) or with a signal;
	// either way every instance writes its cache to disk first (plugin.Shutdown).
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-stop
		plugin.Shutdown()
		os.Exit(0)
	}()
	err := datasource.Manage("revops-stripe-datasource", plugin.NewDatasource, datasource.ManageOpts{})
	plugin.Shutdown()
	if err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
