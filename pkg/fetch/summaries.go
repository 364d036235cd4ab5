package fetch

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Summarize hands every record created in w to a summary made by build (an aggregation into a
// panel's buckets), like Read, and shares that summary with every caller asking for the same
// key and window over the same records: the panels of a dashboard on one resource get the same
// time range from Grafana, and their metrics come from the same aggregate (net revenue, gross
// volume and fees are fields of one sum), so they aggregate the records once instead of once a
// panel. key must name everything that makes two summaries differ (bucket grid, filters); the
// records are the same when the readers planned at the same cache version and waited for the
// same listings. Callers must not change the summary they get.
func Summarize[R any, A any](ctx context.Context, c *Cache[R], w Window, key string, build func() A, add func(A, R)) (A, error) {
	var zero A
	sn, err := c.snapshot(ctx, w)
	if err != nil {
		return zero, err
	}
	if sn == nil {
		return build(), nil
	}
	k := summaryKey{key: key, window: w, version: sn.version, reads: sn.readsKey()}
	c.s.mu.Lock()
	if c.summaries == nil {
		c.summaries = map[summaryKey]*summary{}
	}
	for old := range c.summaries { // summaries of records since changed are never asked again
		if old.version != sn.version {
			delete(c.summaries, old)
		}
	}
	if sm := c.summaries[k]; sm != nil {
		c.s.mu.Unlock()
		select {
		case <-sm.done:
			return sm.v.(A), nil
		case <-ctx.Done():
			return zero, ctx.Err()
		}
	}
	sm := &summary{done: make(chan struct{})}
	c.summaries[k] = sm
	c.summarized++
	c.s.mu.Unlock()
	a := build()
	sn.each(c.spec.Created, func(r R) { add(a, r) })
	sm.v = a
	close(sm.done)
	return a, nil
}

// summaryKey identifies a summary: the caller's key, the window, and the records it was made of.
type summaryKey struct {
	key     string
	window  Window
	version uint64
	reads   string // the listings waited for, by identity
}

// summary is one shared summary, complete when done is closed.
type summary struct {
	done chan struct{}
	v    any
}

// readsKey names the listings a snapshot waited for (each flight by its number and clip: a
// number, unlike an address, is never reused, so a summary need not keep its flights alive).
func (sn *snapshot[R]) readsKey() string {
	ids := make([]string, 0, len(sn.waits))
	for _, w := range sn.waits {
		ids = append(ids, fmt.Sprintf("%d:%d-%d", w.f.seq, w.clip.from, w.clip.to))
	}
	slices.Sort(ids)
	return strings.Join(ids, ",")
}
