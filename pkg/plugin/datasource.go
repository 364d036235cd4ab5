// Package plugin is the Grafana glue: it turns instance settings into a Stripe client, answers
// Save & test, routes each query to its metric and hands results to pkg/frames. It holds no
// metric logic and no HTTP details of Stripe.
package plugin

import (
	"context"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/sharedstore"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/revops/stripe-datasource/pkg/usage"
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ backend.CallResourceHandler   = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured Stripe data source. Grafana makes a new one whenever the settings
// change, so everything in it (client, rate budget) belongs to exactly one key.
type Datasource struct {
	settings models.Settings
	client   *stripeapi.Client
	// fetch is the shared, cached reader every query and alert rule of this instance goes through.
	fetch *fetch.Store
	// setupErr is why no client could be made (no key, a key of the wrong kind, a bad URL). It is
	// kept rather than returned from NewDatasource so that Save & test and every query can show
	// the actionable message instead of Grafana's generic "plugin unavailable".
	setupErr error
	logger   log.Logger
	// usage counts the data source's requests to Stripe; it outlives the instance (api_usage.go).
	usage *usage.Counter
	// now is the clock ("time left", the bucket in progress); tests pin it.
	now func() time.Time
	// access is the editors' cached view of what the key may read.
	access accessCache
	// billing and invoices share one read of those histories among the queries (shared_read.go).
	billing  sharedRead[*fetch.Billing]
	invoices sharedRead[fetch.InvoiceLists]
	// reconstructions share the MRR reconstruction of those reads among panels (reconstructions.go).
	reconstructions reconstructions
	// account is the account's default currency, what convertTo "default" means by default.
	account accountCurrency
	// ctx is the instance's own: the reads it starts run under it, whatever query started them,
	// until Dispose ends it.
	ctx    context.Context
	cancel context.CancelFunc
	// releaseDisk closes the cache on disk once the Store has written it (nil without one).
	releaseDisk func()
	// shared is the store the replicas of a Grafana in high availability share (nil: none).
	shared   *sharedstore.Store
	disposed sync.Once
}

// NewDatasource builds an instance from Grafana's stored settings.
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	ds := &Datasource{logger: backend.Logger.FromContext(ctx), now: time.Now}
	settings, err := models.LoadSettings(s)
	if err != nil {
		ds.setupErr = stripeapi.ConfigError(err.Error()) // the message names the setting
		return ds, nil
	}
	ds.settings = settings
	ds.usage = usageFor(backend.PluginConfigFromContext(ctx).OrgID, s.UID)
	key := settings.APIKey
	if settings.Source == models.SourceDemo {
		key = simulator.DemoKey
	}
	if ds.shared, ds.setupErr = openShared(settings, diskSecret(key, settings.ConnectedAccount), ds.logger); ds.setupErr != nil {
		return ds, nil
	}
	ds.client, ds.setupErr = newStripeClient(ctx, settings, s, ds.logger, ds.usage, ds.shared)
	if ds.client != nil {
		opt := fetch.Options{MaxBytes: settings.MemoryBudget()}
		if disk, release := openDisk(ctx, settings, s, diskSecret(key, settings.ConnectedAccount), ds.logger); disk != nil {
			opt.Disk, opt.Log, ds.releaseDisk = disk, func(msg string, args ...any) { ds.logger.Info(msg, args...) }, release
		}
		ds.startStore(opt)
		if opt.Disk != nil {
			ds.persistReads()
		}
		if ds.shared != nil {
			ds.shareReads()
		}
	}
	return ds, nil
}

// startStore makes the instance's shared fetch layer over its client, on the instance's clock
// (which tests and the benchmark move), and the context its shared reads run under.
func (d *Datasource) startStore(opt fetch.Options) {
	opt.Now = func() time.Time { return d.now() }
	d.fetch = fetch.NewStore(d.client, opt)
	d.ctx, d.cancel = context.WithCancel(context.Background())
	live.Lock()
	live.m[d] = struct{}{}
	live.Unlock()
	d.billing.owner, d.invoices.owner = d.ctx, d.ctx
	// What the whole-history reads and the reconstructions keep counts against the Store's
	// memory budget, beside its cached records.
	d.billing.held = func(b *fetch.Billing) { d.fetch.Hold("billing", b.Bytes()) }
	d.invoices.held = func(l fetch.InvoiceLists) { d.fetch.Hold("invoices", l.Bytes()) }
	d.reconstructions.held = func(n int64) { d.fetch.Hold("reconstructions", n) }
}

// Dispose releases the instance when its settings change: the reads in flight stop, and the
// cache on disk gets what changed. Safe to call more than once (Shutdown does too).
func (d *Datasource) Dispose() {
	d.disposed.Do(func() {
		live.Lock()
		delete(live.m, d)
		live.Unlock()
		if d.cancel != nil {
			d.cancel()
		}
		if d.fetch != nil {
			d.fetch.Close() // writes what changed first
		}
		if d.releaseDisk != nil {
			d.releaseDisk()
		}
		if d.shared != nil {
			d.shared.Close()
		}
	})
}

// live are the instances not disposed of yet, for Shutdown.
var live = struct {
	sync.Mutex
	m map[*Datasource]struct{}
}{m: map[*Datasource]struct{}{}}

// Shutdown disposes of every instance, so that each writes its cache to disk before the process
// ends (Grafana stops a plugin without disposing of its instances).
func Shutdown() {
	live.Lock()
	all := make([]*Datasource, 0, len(live.m))
	for d := range live.m {
		all = append(all, d)
	}
	live.Unlock()
	for _, d := range all {
		d.Dispose()
	}
}
