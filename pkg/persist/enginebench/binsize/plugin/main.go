// Command plugin is the plugin (as pkg/main.go starts it) with nothing linked in and used, to measure what
// the engine adds to the plugin binary (TestBinarySize). Run with an argument, it would use it.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"

	"github.com/revops/stripe-datasource/pkg/plugin"
)

func main() {
	if len(os.Args) > 1 {
		use(os.Args[1])
	}
	datasource.Manage("revops-stripe-datasource", plugin.NewDatasource, datasource.ManageOpts{})
}
func use(string) {}
