package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// DefaultAPIVersion is the version echoed in Stripe-Version when a request sends none: the one
// stripe-go v85 pins (stripe.APIVersion), which the plugin sends.
const DefaultAPIVersion = "2026-03-25.dahlia"

// Config configures a Handler.
type Config struct {
	// Test and Live are the finalized stores test-mode and live-mode keys read. Either may be nil:
	// requests with a key of that mode then see an empty account (empty lists, zero balance).
	Test, Live *objects.Store
	// Connected are the accounts connected to the served account (Stripe Connect), each a
	// finalized store of its own: a request whose Stripe-Account header names one reads it, with
	// the key's ConnectPermissions. Any other account named there is Stripe's account_invalid.
	Connected []*objects.Store
	// Keys are the accepted API keys.
	Keys []Key
	// APIVersion is echoed in Stripe-Version when the request sends none (default
	// DefaultAPIVersion).
	APIVersion string
	// Knobs are the initial runtime behaviours (see SetKnobs).
	Knobs Knobs
	// Now is the clock (default time.Now), used by the rate limiter and request log URLs.
	Now func() time.Time
}

// Handler serves Stripe's v1 REST API (the GET endpoints the plugin reads) from the stores.
// It is safe for concurrent use.
type Handler struct {
	test, live *objects.Store
	connected  map[connectedKey]*objects.Store
	subsets    map[*objects.Store]*subsetCache
	keys       map[string]*keyInfo
	version    string
	now        func() time.Time

	knobs    atomic.Pointer[knobState]
	buckets  [2]bucket // test, live
	strict   strictLimiter
	counts   counter
	arrivals arrivals
	closing  chan struct{}
	closeMu  sync.Once
}

// connectedKey finds a connected account: by mode (a test key reads test-mode accounts) and id.
type connectedKey struct {
	live bool
	id   string
}

// knobState is one SetKnobs generation: the knobs and the fault bookkeeping they need.
type knobState struct {
	k       Knobs
	matched []atomic.Int64 // per fault: matching requests seen, for Nth
	rngMu   sync.Mutex
	rng     *rand.Rand
}

// New validates the configuration and returns a Handler.
func New(cfg Config) (*Handler, error) {
	h := &Handler{
		test: cfg.Test, live: cfg.Live,
		keys:    map[string]*keyInfo{},
		version: cfg.APIVersion,
		now:     cfg.Now,
		closing: make(chan struct{}),
	}
	if h.version == "" {
		h.version = DefaultAPIVersion
	}
	if h.now == nil {
		h.now = time.Now
	}
	for _, st := range []*objects.Store{cfg.Test, cfg.Live} {
		if st != nil && !st.Finalized() {
			return nil, errors.New("server: a store must be finalized (Store.Finalize) before serving")
		}
	}
	if cfg.Test != nil && cfg.Test.Livemode || cfg.Live != nil && !cfg.Live.Livemode {
		return nil, errors.New("server: Config.Test must be a test-mode store and Config.Live a live-mode one")
	}
	if h.test == nil {
		h.test = emptyStore(false)
	}
	if h.live == nil {
		h.live = emptyStore(true)
	}
	h.subsets = map[*objects.Store]*subsetCache{h.test: {}, h.live: {}}
	h.connected = map[connectedKey]*objects.Store{}
	for _, st := range cfg.Connected {
		if st == nil || !st.Finalized() {
			return nil, errors.New("server: a connected account's store must be finalized (Store.Finalize) before serving")
		}
		k := connectedKey{st.Livemode, st.Account.ID}
		if _, dup := h.connected[k]; dup || st.Account.ID == h.test.Account.ID || st.Account.ID == h.live.Account.ID {
			return nil, fmt.Errorf("server: connected account %q is served twice", st.Account.ID)
		}
		h.connected[k] = st
		h.subsets[st] = &subsetCache{}
	}
	for _, k := range cfg.Keys {
		ki, err := parseKey(k)
		if err != nil {
			return nil, err
		}
		h.keys[ki.value] = ki
	}
	h.SetKnobs(cfg.Knobs)
	return h, nil
}

func emptyStore(live bool) *objects.Store {
	s := objects.NewStore(live)
	_ = s.Finalize() // an empty store cannot hold duplicate ids
	return s
}

// SetKnobs replaces the runtime knobs; Nth counters and rate-limit buckets start afresh.
func (h *Handler) SetKnobs(k Knobs) {
	st := &knobState{k: k, matched: make([]atomic.Int64, len(k.Faults)), rng: rand.New(rand.NewPCG(k.Seed, 0x5eed))}
	h.knobs.Store(st)
	h.buckets[0].reset()
	h.buckets[1].reset()
	h.strict.reset()
}

// Knobs returns the current knobs.
func (h *Handler) Knobs() Knobs { return h.knobs.Load().k }

// Counts returns a snapshot of the requests served so far, by endpoint and status, with the
// busiest second and the faults injected.
func (h *Handler) Counts() Counts {
	c := h.counts.snapshot()
	c.maxPerSecond, c.maxPerSecondOf = h.arrivals.maxima()
	return c
}

// ResetCounts sets every request count, the busiest seconds and the fault counts back to zero.
func (h *Handler) ResetCounts() {
	h.counts.reset()
	h.arrivals.reset()
}

// Close releases requests held by FaultTimeout and latency, so an http.Server or
// httptest.Server serving this handler can shut down. The handler answers nothing afterwards
// except 503s.
func (h *Handler) Close() { h.closeMu.Do(func() { close(h.closing) }) }

// requestState is what one request accumulates on its way through ServeHTTP.
type requestState struct {
	id      string
	route   route
	matched bool
	key     *keyInfo
	store   *objects.Store
	status  int
}

// ServeHTTP answers one request: Request-Id and Stripe-Version headers, then authentication,
// rate limit, injected faults, latency, routing, permission, parameters, and the response.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	arrived := h.now()
	rs := &requestState{id: newRequestID()}
	rs.route, rs.matched = match(r.URL.Path)
	endpoint := EndpointUnrecognized
	if rs.matched {
		endpoint = rs.route.endpoint
	}
	hdr := w.Header()
	hdr.Set("Request-Id", rs.id)
	version := r.Header.Get("Stripe-Version")
	if version == "" {
		version = h.version
	}
	hdr.Set("Stripe-Version", version)
	hdr.Set("Cache-Control", "no-cache, no-store")
	h.arrivals.add(endpoint, arrived)
	cw := &countedWriter{ResponseWriter: w, count: func(status int) { h.counts.add(endpoint, status) }}
	defer cw.done()
	w = cw

	select {
	case <-h.closing:
		rs.status = h.writeError(w, rs, &apiError{status: http.StatusServiceUnavailable, Type: "api_error", Message: "The Stripe simulator is shutting down."})
		return
	default:
	}

	key := keyFromRequest(r)
	if key == "" {
		rs.status = h.writeError(w, rs, errNoKey())
		return
	}
	ki, ok := h.keys[key]
	if !ok {
		rs.status = h.writeError(w, rs, errInvalidKey(key))
		return
	}
	rs.key = ki
	rs.store = h.test
	if ki.live {
		rs.store = h.live
	}
	// A platform acts on a connected account by naming it in Stripe-Account; naming the key's
	// own account is the same as naming none.
	if acct := strings.TrimSpace(r.Header.Get("Stripe-Account")); acct != "" && acct != rs.store.Account.ID {
		st := h.connected[connectedKey{ki.live, acct}]
		if st == nil {
			rs.status = h.writeError(w, rs, errAccountInvalid(ki.value, acct))
			return
		}
		rs.store, rs.key = st, ki.onConnected
	}

	ks := h.knobs.Load()
	if rl := ks.k.RateLimit; rl.Strict {
		release, ok := h.strict.admit(ki.live, endpoint, arrived, rl)
		if !ok {
			rs.status = h.writeError(w, rs, errRateLimit(ki.live))
			return
		}
		defer release()
	} else if !h.allow(ki, ks) {
		rs.status = h.writeError(w, rs, errRateLimit(ki.live))
		return
	}
	fault := h.pickFault(ks, endpoint)
	// Faults are counted where they are applied: a reset or a cut-off body needs a body to cut,
	// so those are counted only once the request is answered with one.
	if fault != nil {
		switch fault.Kind {
		case FaultServerError:
			h.counts.fault(fault.Kind)
			rs.status = h.writeError(w, rs, errServer(fault.ShouldRetry))
			return
		case FaultLockTimeout:
			h.counts.fault(fault.Kind)
			rs.status = h.writeError(w, rs, errLockTimeout())
			return
		case FaultTimeout:
			h.counts.fault(fault.Kind)
			select {
			case <-r.Context().Done():
			case <-h.closing:
			}
			return // status 0: nothing was answered
		}
	}
	if d := ks.k.Latency; d > 0 && !h.sleep(r.Context(), d) {
		return // the client gave up while waiting
	}

	body, release, aerr := h.serve(r, rs)
	if release != nil {
		defer release()
	}
	if aerr != nil {
		rs.status = h.writeError(w, rs, aerr)
		return
	}
	if fault != nil {
		switch fault.Kind {
		case FaultConnectionReset:
			h.counts.fault(fault.Kind)
			if resetMidResponse(w, rs.id, version, body) {
				return
			}
			h.truncate(w, body) // no hijacking (HTTP/2): degrade to a truncated body
			rs.status = http.StatusOK
			return
		case FaultTruncated:
			h.counts.fault(fault.Kind)
			h.truncate(w, body)
			rs.status = http.StatusOK
			return
		}
	}
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	rs.status = http.StatusOK
}

// truncate answers 200 with the first half of the body.
func (h *Handler) truncate(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body[:len(body)/2])
}

// serve routes an authenticated request and renders its body; release, when not nil, recycles
// the body's buffer after it has been written.
func (h *Handler) serve(r *http.Request, rs *requestState) (body []byte, release func(), err *apiError) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if rs.matched {
			return nil, nil, errReadOnly(r.Method, r.URL.Path)
		}
		return nil, nil, errUnrecognizedURL(r.Method, r.URL.Path)
	}
	if !rs.matched {
		return nil, nil, errUnrecognizedURL(r.Method, r.URL.Path)
	}
	ro := rs.route
	switch ro.op {
	case opBalance:
		if !rs.key.can(PermBalance) {
			return nil, nil, errMissingPermission(rs.key.value, rs.store.Account.ID, PermBalance)
		}
		if _, perr := parseQuery(r.URL.Query(), nil, queryRetrieve); perr != nil {
			return nil, nil, perr
		}
		b, aerr := marshal(&rs.store.Balance)
		return b, nil, aerr
	case opAccount:
		if rs.key.restricted && !rs.key.can(PermAccount) {
			return nil, nil, errRestrictedKeyNotAllowed(rs.key.value, rs.store.Account.ID)
		}
		if _, perr := parseQuery(r.URL.Query(), nil, queryRetrieve); perr != nil {
			return nil, nil, perr
		}
		b, aerr := marshal(&rs.store.Account)
		return b, nil, aerr
	}
	if !rs.key.can(ro.res.perm) {
		return nil, nil, errMissingPermission(rs.key.value, rs.store.Account.ID, ro.res.perm)
	}
	switch ro.op {
	case opList:
		return h.list(r, rs)
	case opRetrieve:
		return h.retrieve(r, rs)
	case opSubscriptionItems:
		return h.subscriptionItems(r, rs)
	case opInvoiceLines:
		return h.invoiceLines(r, rs)
	}
	return nil, nil, errUnrecognizedURL(r.Method, r.URL.Path)
}

func marshal(v any) ([]byte, *apiError) {
	b, err := objects.Marshal(v)
	if err != nil {
		return nil, internalError(err)
	}
	return b, nil
}

// writeError writes Stripe's error envelope and returns the status written.
func (h *Handler) writeError(w http.ResponseWriter, rs *requestState, e *apiError) int {
	body, err := json.Marshal(struct {
		Error *apiError `json:"error"`
	}{e})
	if err != nil {
		body = []byte(`{"error":{"message":"The Stripe simulator failed to encode an error.","type":"api_error"}}`)
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	if e.shouldRetry != "" {
		hdr.Set("Stripe-Should-Retry", e.shouldRetry)
	}
	if e.status == http.StatusMethodNotAllowed {
		hdr.Set("Allow", "GET")
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
	return e.status
}

// allow applies the rate limit of the key's mode.
func (h *Handler) allow(ki *keyInfo, ks *knobState) bool {
	rl := ks.k.RateLimit
	rate, b := rl.Test, &h.buckets[0]
	if ki.live {
		rate, b = rl.Live, &h.buckets[1]
	}
	return b.take(h.now(), rate, rl.Burst)
}

// pickFault returns the first fault that fires for this request, or nil.
func (h *Handler) pickFault(ks *knobState, endpoint string) *Fault {
	var fired *Fault
	for i := range ks.k.Faults {
		f := &ks.k.Faults[i]
		if f.Endpoint != "" && f.Endpoint != endpoint {
			continue
		}
		n := ks.matched[i].Add(1) // every matching request counts, fired or not
		if fired != nil {
			continue
		}
		if f.Nth > 0 && n == int64(f.Nth) {
			fired = f
			continue
		}
		if f.Probability > 0 {
			ks.rngMu.Lock()
			x := ks.rng.Float64()
			ks.rngMu.Unlock()
			if x < f.Probability {
				fired = f
			}
		}
	}
	return fired
}

// sleep waits d; false when the request's context ended (or the handler closed) first.
func (h *Handler) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-h.closing:
		return false
	}
}

// resetMidResponse hijacks the connection, writes the status line, headers and half the body,
// then closes it with a TCP reset. false when the connection cannot be hijacked.
func resetMidResponse(w http.ResponseWriter, reqID, version string, body []byte) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return false
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\nRequest-Id: %s\r\nStripe-Version: %s\r\n\r\n", len(body), reqID, version)
	b.Write(body[:len(body)/2])
	_, _ = buf.Write(b.Bytes())
	_ = buf.Flush()
	if tcp, ok := conn.(interface{ SetLinger(int) error }); ok {
		_ = tcp.SetLinger(0) // close with RST, not FIN: "connection reset by peer"
	}
	_ = conn.Close()
	return true
}

// newRequestID returns "req_" and 14 random letters and digits, like Stripe's.
func newRequestID() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 4+14)
	copy(b, "req_")
	for i := 4; i < len(b); i++ {
		b[i] = alphabet[rand.IntN(len(alphabet))]
	}
	return string(b)
}
