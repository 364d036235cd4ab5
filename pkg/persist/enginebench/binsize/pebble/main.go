// Command pebble is the plugin (as pkg/main.go starts it) with github.com/cockroachdb/pebble/v2 linked in and used, to measure what
// the engine adds to the plugin binary (TestBinarySize). Run with an argument, it would use it.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"

	"github.com/cockroachdb/pebble/v2"
	"github.com/revops/stripe-datasource/pkg/plugin"
)

func main() {
	if len(os.Args) > 1 {
		use(os.Args[1])
	}
	datasource.Manage("revops-stripe-datasource", plugin.NewDatasource, datasource.ManageOpts{})
}

func use(path string) {
	db, err := pebble.Open(path, &pebble.Options{})
	if err != nil {
		return
	}
	defer db.Close()
	db.Set([]byte("k"), []byte("v"), pebble.Sync)
	if _, c, err := db.Get([]byte("k")); err == nil {
		c.Close()
	}
	if it, err := db.NewIter(nil); err == nil {
		for it.First(); it.Valid(); it.Next() {
		}
		it.Close()
	}
}
