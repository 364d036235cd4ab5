package plugin

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// NewWithClient builds the instance NewDatasource builds, for a program that embeds the data
// source instead of running under Grafana (the load benchmark, tests/bench): over a client the
// caller made (its transport, its rate budget), with zero-value settings (UTC, test-mode links)
// and the clock now (nil: time.Now), which the Store also reads. opt is the Store's options;
// its Now is replaced by now; with opt.Disk the whole-history reads are kept there too, as
// NewDatasource keeps them. Dispose releases it as usual (the caller closes the disk after).
func NewWithClient(client *stripeapi.Client, now func() time.Time, opt fetch.Options) *Datasource {
	if now == nil {
		now = time.Now
	}
	ds := &Datasource{client: client, logger: backend.Logger, now: now}
	ds.startStore(opt)
	if opt.Disk != nil {
		ds.persistReads()
	}
	return ds
}

// Store is the instance's shared fetch layer, for an embedding program's measurements (cache
// statistics, reads from the warm cache).
func (d *Datasource) Store() *fetch.Store { return d.fetch }
