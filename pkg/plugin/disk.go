package plugin

import (
	"context"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/persist"
)

// keptReadEvery is how often, at most, a whole-history read is written to disk again as events
// bring it up to date: writing a large account's invoices takes seconds of CPU, and the events of
// the minutes lost in a crash are read again at the next start anyway.
const keptReadEvery = 10 * time.Minute

// diskLocks lets one data source instance at a time use a cache directory in this process:
// Grafana makes the new instance of an edited data source before it disposes of the old one,
// whose last writes must land before the new one reads.
var diskLocks = struct {
	mu   sync.Mutex
	open map[string]chan struct{} // closed when the instance using the path has closed it
}{open: map[string]chan struct{}{}}

// openDisk opens the data source's cache on disk, encrypted with a key derived from secret (its
// Stripe key and connected account, diskSecret; another secret starts fresh). Nil when the setting turns it off or the directory is not
// usable (the data source then works as before: from memory, read again after a restart).
// release closes it, after the Store has written everything.
func openDisk(ctx context.Context, s models.Settings, inst backend.DataSourceInstanceSettings, secret string, logger log.Logger) (store *persist.Store, release func()) {
	if s.DisableDiskCache || inst.UID == "" {
		return nil, nil
	}
	dir := s.CacheDirectory
	if dir == "" {
		var err error
		if dir, err = persist.DefaultDir(); err != nil {
			logger.Warn("No directory for the cache on disk; the data source keeps its cache in memory only", "error", err.Error())
			return nil, nil
		}
	}
	path := persist.StorePath(dir, backend.PluginConfigFromContext(ctx).OrgID, inst.UID)
	mine := make(chan struct{})
	for {
		diskLocks.mu.Lock()
		prev, busy := diskLocks.open[path]
		if !busy {
			diskLocks.open[path] = mine
		}
		diskLocks.mu.Unlock()
		if !busy {
			break
		}
		select {
		case <-prev:
		case <-time.After(30 * time.Second):
			logger.Warn("The cache on disk is still in use by the previous instance of this data source; keeping the cache in memory only", "path", path)
			return nil, nil
		}
	}
	unlock := func() {
		diskLocks.mu.Lock()
		delete(diskLocks.open, path)
		diskLocks.mu.Unlock()
		close(mine)
	}
	st, err := persist.Open(path, []byte(secret), persist.Options{Log: func(msg string, args ...any) { logger.Info(msg, args...) }})
	if err != nil {
		logger.Warn("The cache on disk cannot be opened; the data source keeps its cache in memory only", "path", path, "error", err.Error())
		unlock()
		return nil, nil
	}
	return st, func() {
		if err := st.Close(); err != nil {
			logger.Warn("Closing the cache on disk", "error", err.Error())
		}
		unlock()
	}
}

// diskSecret is what a data source's cache on disk is encrypted with: its Stripe key and, when it
// reads a connected account, that account. Another secret makes the store start fresh (the old
// blobs are deleted, never read), so after the connected account is changed the data source never
// answers from the other account's records; in memory the new settings get a new instance anyway.
func diskSecret(key, connectedAccount string) string {
	if connectedAccount == "" {
		return key // as caches written before connected accounts existed
	}
	return key + "\x00Stripe-Account: " + connectedAccount
}

// keptRead is a whole-history read as kept on disk: the value and when it was current.
type keptRead[T any] struct {
	V         T
	CheckedAt time.Time
	ReadAt    time.Time
}

// persistReads makes the instance's whole-history reads survive restarts: each is read back from
// disk at its first use, brought up to date with the events since it was current (as an old
// read in memory would be), and written again after it changes (at most every keptReadEvery, and
// when the instance is disposed of).
func (d *Datasource) persistReads() {
	keep := func(name string, m interface{ kept() (any, error) }) func() {
		return func() { d.fetch.Keep(name, keptReadEvery, m.kept) }
	}
	d.billing.onSaved = keep("billing", &d.billing)
	d.invoices.onSaved = keep("invoices", &d.invoices)
	d.billing.recall = func() (keptRead[*fetch.Billing], bool) {
		var k keptRead[*fetch.Billing]
		if !d.fetch.Recall("billing", &k) || k.V == nil {
			return k, false
		}
		k.V = k.V.Interned()
		return k, true
	}
	d.invoices.recall = func() (keptRead[fetch.InvoiceLists], bool) {
		var k keptRead[fetch.InvoiceLists]
		if !d.fetch.Recall("invoices", &k) {
			return k, false
		}
		k.V = k.V.Interned()
		return k, true
	}
}
