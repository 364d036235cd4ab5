package fetch

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Blobs is where a Store keeps its cache across restarts: named, opaque values (encrypted and
// bounded by its implementation, *persist.Store). Every method may fail; a value that cannot be
// read is a miss, never a wrong number.
type Blobs interface {
	Put(name string, value []byte) error
	Get(name string) (value []byte, ok bool, err error)
	Delete(name string) error
	List(prefix string) ([]string, error)
}

// What the Store writes is stamped with diskFormat (disk_format.go): the layout below and the
// record types, encoded with encoding/gob. A store written in another format is discarded and
// read again from Stripe.

// What a Store keeps on disk:
//
//	"store"           diskState: the format, the last event sync, each cache's coverage
//	"<cache>/<day>"   the records of one UTC day of a cache (gob []R)
//	"kept/<name>"     a value a holder keeps beside the caches (Keep)
//
// Days are written when they change (a read, an event, an eviction deletes), the state after
// them: a process killed between the two leaves days newer than the state, which the next start
// brings up to date from the events since the state's sync (applying an event again changes
// nothing). A covered day without its blob is simply read again.
const stateBlob = "store"

type diskState struct {
	Format   int64
	LastSync time.Time
	SavedAt  time.Time
	Caches   map[string]diskCache
}

// diskCache is one cache's state: what it covers, and the days that have records (a covered day
// without records has no blob).
type diskCache struct {
	Coverage []diskSpan
	Days     []int64
}

type diskSpan struct {
	From, To int64
	At       time.Time
}

type dayKey struct {
	cache string
	day   int64
}

func dayBlob(cache string, day int64) string { return cache + "/" + strconv.FormatInt(day, 10) }

// keptBlob is the name a holder's value is kept under.
func keptBlob(name string) string { return "kept/" + name }

// diskWriter is the Store's persistence: what changed since the last write, and the goroutine
// that writes it.
type diskWriter struct {
	blobs    Blobs
	loaded   chan struct{} // closed once the cache on disk is in memory (or found unusable)
	wake     chan struct{}
	done     chan struct{} // closed when the writer has written everything and stopped
	every    time.Duration
	log      func(msg string, args ...any)
	dirty    map[dayKey]bool // days changed since the last write (s.mu held)
	changed  bool            // the state changed since the last write (s.mu held)
	keptMu   sync.Mutex
	kept     map[string]keptValue // values holders keep, with when each was last written
	keptWake chan struct{}
}

// keptValue is a holder's value to write: encode makes its bytes (called off the Store's lock).
type keptValue struct {
	encode  func() ([]byte, error)
	written time.Time
	due     bool
}

// encodeGob is a value in the Store's disk format: the format number, then the value.
func encodeGob(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := gob.NewEncoder(&b)
	if err := enc.Encode(diskFormat); err != nil {
		return nil, err
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// EncodeKept is a holder's value in the Store's disk format, for a value kept elsewhere than on
// the Store's disk (the replicas' shared store); DecodeKept reads it back, refusing another format.
func EncodeKept(v any) ([]byte, error) { return encodeGob(v) }

// DecodeKept reads what EncodeKept wrote into v; another format is an error.
func DecodeKept(raw []byte, v any) error { return decodeGob(raw, v) }

// decodeGob reads what encodeGob wrote into v; another format is an error.
func decodeGob(raw []byte, v any) error {
	dec := gob.NewDecoder(bytes.NewReader(raw))
	var format int64
	if err := dec.Decode(&format); err != nil {
		return err
	}
	if format != diskFormat {
		return fmt.Errorf("format %d, not %d", format, diskFormat)
	}
	return dec.Decode(v)
}

// startDisk loads what disk holds and starts the writer (called by NewStore).
func (s *Store) startDisk(blobs Blobs, every time.Duration, log func(string, ...any)) {
	if every <= 0 {
		every = 2 * time.Second
	}
	if log == nil {
		log = func(string, ...any) {}
	}
	s.disk = &diskWriter{blobs: blobs, loaded: make(chan struct{}), wake: make(chan struct{}, 1), done: make(chan struct{}),
		every: every, log: log, dirty: map[dayKey]bool{}, kept: map[string]keptValue{}}
	go func() {
		s.load()
		close(s.disk.loaded)
		s.writeLoop()
	}()
}

// markDirty notes that a cache's day changed (s.mu held).
func (s *Store) markDirty(cache string, day int64) {
	if s.disk == nil || s.diskClosed {
		return
	}
	s.disk.dirty[dayKey{cache, day}] = true
	s.markChanged()
}

// markChanged notes that the state (coverage, last sync) changed (s.mu held).
func (s *Store) markChanged() {
	if s.disk == nil || s.diskClosed {
		return
	}
	s.disk.changed = true
	select {
	case s.disk.wake <- struct{}{}:
	default:
	}
}

// waitLoaded waits until the cache on disk is in memory.
func (s *Store) waitLoaded(done <-chan struct{}) error {
	if s.disk == nil {
		return nil
	}
	select {
	case <-s.disk.loaded:
		return nil
	case <-done:
		return fmt.Errorf("the query ended while the data source loaded its cache from disk")
	}
}

// load puts the cache on disk in memory: each cache's covered days, the last sync. A store of
// another format, or one that cannot be read, is wiped: the caches start empty, as without disk.
func (s *Store) load() {
	d := s.disk
	raw, ok, err := d.blobs.Get(stateBlob)
	var st diskState
	if err == nil && ok {
		err = decodeGob(raw, &st)
	}
	if !ok || err != nil {
		if err != nil {
			d.log("The cache on disk cannot be used and is read again from Stripe", "error", err.Error())
		}
		s.wipe()
		return
	}
	for _, c := range s.caches {
		c.load(d.blobs, st.Caches[c.name()], d.log)
	}
	s.mu.Lock()
	s.lastSync = st.LastSync
	s.evict()
	s.mu.Unlock()
}

// wipe deletes everything the Store wrote.
func (s *Store) wipe() {
	names, err := s.disk.blobs.List("")
	if err != nil {
		return
	}
	for _, n := range names {
		_ = s.disk.blobs.Delete(n)
	}
}

// writeLoop writes what changed, at most every d.every, until the Store closes; then once more.
func (s *Store) writeLoop() {
	d := s.disk
	defer close(d.done)
	for {
		select {
		case <-d.wake:
		case <-s.ctx.Done():
			s.flush(true)
			return
		}
		s.flush(false)
		select {
		case <-time.After(d.every):
		case <-s.ctx.Done():
			s.flush(true)
			return
		}
	}
}

// flush writes the changed days, the state after them, and the kept values that are due (all of
// them when final).
func (s *Store) flush(final bool) {
	d := s.disk
	type job struct {
		c    cacheOps
		key  dayKey
		recs any
		ok   bool
	}
	s.mu.Lock()
	var jobs []job
	for k := range d.dirty {
		for _, c := range s.caches {
			if c.name() == k.cache {
				recs, ok := c.daySnapshot(k.day)
				jobs = append(jobs, job{c, k, recs, ok})
			}
		}
	}
	d.dirty = map[dayKey]bool{}
	changed := d.changed
	d.changed = false
	st := diskState{Format: diskFormat, LastSync: s.lastSync, SavedAt: s.now(), Caches: map[string]diskCache{}}
	for _, c := range s.caches {
		st.Caches[c.name()] = c.diskState()
	}
	s.mu.Unlock()

	for _, j := range jobs {
		name := dayBlob(j.key.cache, j.key.day)
		if !j.ok {
			_ = d.blobs.Delete(name)
			continue
		}
		raw, err := encodeGob(j.recs)
		if err == nil {
			err = d.blobs.Put(name, raw)
		}
		if err != nil {
			// Nothing stale may stay behind: a covered day without its blob is read again.
			_ = d.blobs.Delete(name)
			d.log("A cached day could not be written to disk", "blob", name, "error", err.Error())
		}
	}
	if changed || len(jobs) > 0 {
		if raw, err := encodeGob(st); err == nil {
			if err := d.blobs.Put(stateBlob, raw); err != nil {
				d.log("The cache state could not be written to disk", "error", err.Error())
			}
		}
	}
	s.flushKept(final)
}

// Keep writes a holder's value to disk beside the caches (the whole-history reads), at most
// every `every` (the first time at once; always when the Store closes): encode is called off the
// caller's goroutine and must return the value as it is then. Without disk it does nothing.
func (s *Store) Keep(name string, every time.Duration, encode func() (any, error)) {
	d := s.disk
	if d == nil {
		return
	}
	d.keptMu.Lock()
	kv := d.kept[name]
	kv.encode = func() ([]byte, error) {
		v, err := encode()
		if err != nil {
			return nil, err
		}
		return encodeGob(v)
	}
	kv.due = kv.written.IsZero() || time.Since(kv.written) >= every
	d.kept[name] = kv
	d.keptMu.Unlock()
	if kv.due {
		select {
		case d.wake <- struct{}{}:
		default:
		}
	}
}

// flushKept writes the kept values that are due (all when final).
func (s *Store) flushKept(final bool) {
	d := s.disk
	d.keptMu.Lock()
	var names []string
	for name, kv := range d.kept {
		if kv.due || (final && kv.encode != nil) {
			names = append(names, name)
		}
	}
	d.keptMu.Unlock()
	for _, name := range names {
		d.keptMu.Lock()
		kv := d.kept[name]
		kv.due = false
		kv.written = time.Now()
		d.kept[name] = kv
		d.keptMu.Unlock()
		raw, err := kv.encode()
		if err == nil {
			err = d.blobs.Put(keptBlob(name), raw)
		}
		if err != nil {
			_ = d.blobs.Delete(keptBlob(name))
			d.log("A whole-history read could not be written to disk", "name", name, "error", err.Error())
		}
	}
}

// Recall reads a holder's value kept on disk into v: false when there is none or it cannot be
// read (another format, a damaged file), which deletes it.
func (s *Store) Recall(name string, v any) bool {
	if s.disk == nil {
		return false
	}
	<-s.disk.loaded // a store of another format is wiped first
	raw, ok, err := s.disk.blobs.Get(keptBlob(name))
	if err != nil || !ok {
		return false
	}
	if err := decodeGob(raw, v); err != nil {
		_ = s.disk.blobs.Delete(keptBlob(name))
		s.disk.log("A whole-history read on disk cannot be used and is read again from Stripe", "name", name, "error", err.Error())
		return false
	}
	return true
}

// name is the cache's resource name (its blobs' prefix).
func (c *Cache[R]) name() string { return c.spec.Name }

// daySnapshot is the day's records as they are now (s.mu held): its slice, which is replaced,
// never changed in place; false when the day is not held.
func (c *Cache[R]) daySnapshot(day int64) (any, bool) {
	b := c.days[day]
	if b == nil {
		return nil, false
	}
	return b.recs, true
}

// diskState is the cache's state to write (s.mu held).
func (c *Cache[R]) diskState() diskCache {
	st := diskCache{Coverage: make([]diskSpan, 0, len(c.cov)), Days: make([]int64, 0, len(c.days))}
	for _, r := range c.cov {
		st.Coverage = append(st.Coverage, diskSpan{From: r.from, To: r.to, At: r.at})
	}
	for d := range c.days {
		st.Days = append(st.Days, d)
	}
	slices.Sort(st.Days)
	return st
}

// load puts the days on disk in memory: those the state written lists, each record once and
// only where covered. A listed day whose blob is missing or damaged is left uncovered (read again
// when needed); a blob the state does not list is deleted. Older days count as used longer ago,
// so the memory budget forgets them first.
func (c *Cache[R]) load(blobs Blobs, st diskCache, log func(string, ...any)) {
	var cov coverage
	for _, sp := range st.Coverage {
		cov = cov.add(span{sp.From, sp.To}, sp.At)
	}
	names, err := blobs.List(c.name() + "/")
	if err != nil {
		return
	}
	days := map[int64][]R{}
	for _, n := range names {
		day, err := strconv.ParseInt(strings.TrimPrefix(n, c.name()+"/"), 10, 64)
		if _, listed := slices.BinarySearch(st.Days, day); err != nil || !listed {
			_ = blobs.Delete(n)
			continue
		}
		raw, ok, err := blobs.Get(n)
		var recs []R
		if err == nil && ok {
			err = decodeGob(raw, &recs)
		}
		if !ok || err != nil {
			_ = blobs.Delete(n)
			continue
		}
		days[day] = recs
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	// Every listed day must have come from disk; the others are read again.
	for _, d := range st.Days {
		if _, ok := days[d]; !ok {
			cov = cov.remove(span{d * secondsPerDay, (d + 1) * secondsPerDay})
		}
	}
	order := make([]int64, 0, len(days))
	for d := range days {
		order = append(order, d)
	}
	slices.Sort(order)
	for _, d := range order {
		var kept []R
		var n int64
		for _, r := range days[d] {
			if cov.has(c.spec.Created(r)) {
				if c.spec.Intern != nil {
					r = c.spec.Intern(r)
				}
				kept = append(kept, r)
				n += int64(c.spec.Size(r))
			}
		}
		if len(kept) == 0 {
			continue
		}
		b := c.bucket(d)
		b.recs, b.bytes = kept, n
		c.s.bytes += n
	}
	c.cov = cov
	c.version++
	log("Loaded the cache from disk", "resource", c.name(), "days", len(order))
}
