package plugin

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/sharedstore"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// openShared opens the shared store the settings name (nil when none). Its values are sealed and
// its keys named from secret (the Stripe key and connected account, as the cache on disk).
func openShared(s models.Settings, secret string, logger log.Logger) (*sharedstore.Store, error) {
	if s.SharedStoreURL == "" {
		return nil, nil
	}
	st, err := sharedstore.Open(sharedstore.Config{URL: s.SharedStoreURL, Password: s.SharedStorePassword, Secret: secret,
		Log: func(msg string, args ...any) {
			logger.Warn(msg, append(args, "sharedStore", sharedstore.RedactURL(s.SharedStoreURL))...)
		}})
	if err != nil {
		return nil, stripeapi.ConfigError(fmt.Sprintf("The shared store (Redis) URL cannot be used: %s. Fix it in the data source settings (High availability) and save.",
			sharedstore.CleanError(err, s.SharedStorePassword)))
	}
	return st, nil
}

// SharedHealth is the shared store's part of the Save & test details.
type SharedHealth struct {
	URL       string  `json:"url"`
	Reachable bool    `json:"reachable"`
	InUse     bool    `json:"inUse"`
	LatencyMs float64 `json:"latencyMs,omitempty"`
	Error     string  `json:"error,omitempty"`
	Replica   string  `json:"replica"`
	Replicas  int     `json:"replicas"`
	// Leases are the reads replicas hold now: who reads what.
	Leases []SharedLease `json:"leases,omitempty"`
	// Hits counts the answers this replica took from the others' reads.
	Hits int64 `json:"hits"`
}

// SharedLease is a read a replica holds.
type SharedLease struct {
	Replica string `json:"replica"`
	Read    string `json:"read"`
}

// sharedHealth looks at the shared store for Save & test: nil without one.
func (d *Datasource) sharedHealth(ctx context.Context) (*SharedHealth, string) {
	if d.shared == nil {
		return nil, ""
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	st := d.shared.State(ctx)
	h := &SharedHealth{URL: sharedstore.RedactURL(d.settings.SharedStoreURL), Reachable: st.Reachable, InUse: st.InUse,
		LatencyMs: float64(st.Latency.Microseconds()) / 1000, Error: st.Error, Replica: st.Replica, Replicas: d.settings.Replicas,
		Hits: d.client.SharedState().Hits}
	for _, l := range st.Leases {
		h.Leases = append(h.Leases, SharedLease{Replica: l.Replica, Read: l.Read})
	}
	var b strings.Builder
	switch {
	case !st.Reachable:
		fmt.Fprintf(&b, "The shared store %s is unreachable (%s): this replica answers from what it has and keeps to 1/%d of the request budget (%s), reading for itself until it is back.",
			h.URL, st.Error, d.settings.Replicas, budgetShare(d.client, d.settings.Replicas))
	case !st.InUse:
		fmt.Fprintf(&b, "The shared store %s answers again (%.1f ms) and is used again in a moment; until then this replica keeps to 1/%d of the request budget.", h.URL, h.LatencyMs, d.settings.Replicas)
	default:
		fmt.Fprintf(&b, "Shared store %s reachable (%.1f ms): the %d replicas share one request budget and one read of each range.", h.URL, h.LatencyMs, d.settings.Replicas)
		if len(st.Leases) > 0 {
			parts := make([]string, 0, len(st.Leases))
			for _, l := range st.Leases {
				parts = append(parts, l.Replica+" reads "+l.Read)
			}
			more := ""
			if st.More > 0 {
				more = fmt.Sprintf(" and %d more", st.More)
			}
			fmt.Fprintf(&b, " Reading now: %s%s.", strings.Join(parts, "; "), more)
		}
	}
	return h, b.String()
}

// budgetShare is one replica's share of the budgets, as text.
func budgetShare(c *stripeapi.Client, replicas int) string {
	n := float64(max(1, replicas))
	return fmt.Sprintf("%g requests/s, %g per endpoint", c.RateLimit()/n, c.EndpointRateLimit()/n)
}

// sharedNotice is the frame notice while the shared store is configured but unreachable.
func (d *Datasource) sharedNotice() (data.Notice, bool) {
	if d.shared == nil || d.shared.Up() {
		return data.Notice{}, false
	}
	return data.Notice{Severity: data.NoticeSeverityWarning, Text: fmt.Sprintf(
		"The shared store of the Grafana replicas is unreachable: this replica answers from what it has and reads for itself within 1/%d of the request budget until it is back.",
		max(1, d.settings.Replicas))}, true
}

// shareReads lets the replicas adopt each other's whole-history reads through the shared store: a
// replica about to read a history whole takes the latest one another kept (sealed, in the disk
// cache's format) and brings it up to date with the events since, as after a restart it would take
// the one on disk. Each whole read is kept at once; the updates after it at most every keptReadEvery.
func (d *Datasource) shareReads() {
	d.billing.adopt = adoptShared(d, "billing", func(k keptRead[*fetch.Billing]) (keptRead[*fetch.Billing], bool) {
		if k.V == nil {
			return k, false
		}
		k.V = k.V.Interned()
		return k, true
	})
	d.invoices.adopt = adoptShared(d, "invoices", func(k keptRead[fetch.InvoiceLists]) (keptRead[fetch.InvoiceLists], bool) {
		k.V = k.V.Interned()
		return k, true
	})
	d.billing.shared = shareRead(d, "billing", &d.billing)
	d.invoices.shared = shareRead(d, "invoices", &d.invoices)
}

func adoptShared[T any](d *Datasource, name string, prepare func(keptRead[T]) (keptRead[T], bool)) func() (keptRead[T], bool) {
	return func() (keptRead[T], bool) {
		var k keptRead[T]
		raw, ok := d.shared.Recall(d.ctx, name)
		if !ok {
			return k, false
		}
		if err := fetch.DecodeKept(raw, &k); err != nil {
			d.logger.Info("A whole-history read in the shared store is of another format; this replica reads it from Stripe", "name", name, "error", err.Error())
			return k, false
		}
		return prepare(k)
	}
}

func shareRead[T any](d *Datasource, name string, m *sharedRead[T]) func() {
	var mu sync.Mutex
	var lastRead, lastWrite time.Time
	return func() {
		v, err := m.kept()
		if err != nil {
			return
		}
		k := v.(keptRead[T])
		mu.Lock()
		due := !k.ReadAt.Equal(lastRead) || time.Since(lastWrite) >= keptReadEvery
		if due {
			lastRead, lastWrite = k.ReadAt, time.Now()
		}
		mu.Unlock()
		if !due {
			return
		}
		go func() {
			raw, err := fetch.EncodeKept(k)
			if err == nil {
				err = d.shared.Keep(d.ctx, name, raw, readMaxAge)
			}
			if err != nil {
				d.logger.Debug("A whole-history read was not kept in the shared store", "name", name, "error", sharedstore.CleanError(err, d.settings.SharedStorePassword))
			}
		}()
	}
}
