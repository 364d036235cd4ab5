package stripeapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Shared is a store shared with the other replicas of a Grafana in high availability (Redis;
// pkg/sharedstore implements it). With one, every replica's requests draw from one global and one
// per-endpoint budget, and a GET that several replicas send at about the same time is sent once:
// one replica holds a lease on it, the others wait and use the answer it stored. Without one
// (Config.Shared nil) nothing changes.
type Shared interface {
	// Up reports whether the shared store is in use now: reachable, and confirmed back for long
	// enough after being unreachable (see SwitchSpread).
	Up() bool
	// SwitchSpread bounds how far apart in time the replicas notice the store going away or
	// coming back (how often each one looks). A replica switching budgets waits that long, plus
	// a budget window, before its first request, so the departures of the two budgets never
	// share a window.
	SwitchSpread() time.Duration
	// Take waits until one request to endpoint may leave by the shared budgets: across all
	// replicas, departures at least global apart, and on endpoint at least perEndpoint apart. An
	// error that is not the context's says the store could not be used (it is then down).
	Take(ctx context.Context, endpoint string, global, perEndpoint time.Duration) error
	// Share returns the answer another replica stored for key (fetched no earlier than
	// notBefore) with hit true; or, holding key's lease, calls fetch once and stores what it
	// returns (nil: nothing to store) for the others; or, when the store cannot be used, just
	// calls fetch. label says what the read is, for Save & test (no secret). It returns an error
	// only when ctx ends before any of these.
	Share(ctx context.Context, key, label string, notBefore time.Time, fetch func() *SharedAnswer) (ans SharedAnswer, hit bool, err error)
}

// SharedAnswer is a successful answer as it is shared: its body, Stripe's request id, and when the
// request that got it left (the state it shows is at least that recent).
type SharedAnswer struct {
	Body      []byte
	RequestID string
	FetchedAt time.Time
}

// sharedFreshness is how old, at most, a shared answer may be relative to the request that would
// use it: the same second of tolerance the caches already allow between a read's start and what
// it covers (only seconds older than the read's start are covered, events are applied from a second
// before the last sync). Within it, an answer another replica fetched is as good as one fetched
// now; an older one is read again.
const sharedFreshness = time.Second

// sharedKey names a request in the shared store: a digest of the connected account, path and
// query (stripe-go encodes parameters in a fixed order), never the URL itself.
func (t *transport) sharedKey(req *http.Request) string {
	h := sha256.Sum256([]byte(t.account + "\n" + req.URL.Path + "?" + req.URL.RawQuery))
	return hex.EncodeToString(h[:16])
}

// roundTripShared sends a GET through the shared store: answered from another replica's read, or
// read here (budget, retries) and stored for the others.
func (t *transport) roundTripShared(req *http.Request, endpoint string) (*http.Response, error) {
	var resp *http.Response
	var rerr error
	query := req.URL.RawQuery
	if q, err := url.QueryUnescape(query); err == nil {
		query = q // created[gte]=…, as people read it in Save & test
	}
	label := strings.TrimSpace(endpoint + " " + t.clean(query))
	ans, hit, err := t.shared.Share(req.Context(), t.sharedKey(req), label, time.Now().Add(-sharedFreshness), func() *SharedAnswer {
		var sent time.Time
		resp, rerr = t.roundTripLocal(req, endpoint, &sent)
		if rerr != nil || resp.StatusCode != http.StatusOK {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			rerr = err
			return nil
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return &SharedAnswer{Body: body, RequestID: resp.Header.Get("Request-Id"), FetchedAt: sent}
	})
	switch {
	case err != nil:
		return nil, err
	case !hit:
		return resp, rerr
	}
	t.sharedHits.Add(1)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	if ans.RequestID != "" {
		h.Set("Request-Id", ans.RequestID)
	}
	return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(ans.Body)), ContentLength: int64(len(ans.Body)), Request: req}, nil
}

// budgetMode is which budget a client with a shared store draws from.
type budgetMode uint8

const (
	modeShared budgetMode = iota + 1 // the shared budgets, at the configured rates
	modeLocal                        // the store is down: this replica's share of the budget
)

// syncMode switches the pacer to the budget the shared store's state calls for, and returns it.
// A switch holds every departure for a while (see Shared.SwitchSpread): requests sent just before
// by the other budget must have left the window.
func (t *transport) syncMode() budgetMode {
	want := modeLocal
	if t.shared.Up() {
		want = modeShared
	}
	t.modeMu.Lock()
	defer t.modeMu.Unlock()
	if t.mode == want {
		return want
	}
	divisor := 1.0
	if want == modeLocal {
		divisor = float64(max(1, t.replicas))
	}
	quiet := departureWindow + t.shared.SwitchSpread()
	if t.mode == 0 {
		quiet = 0 // the client's first request: nothing left under another budget
	}
	t.pacer.share(divisor, quiet)
	t.mode = want
	if t.logger != nil && quiet > 0 {
		if want == modeLocal {
			t.logger.Warn("The shared store is unreachable: this replica keeps to its share of the request budget", "replicas", t.replicas, "budget", t.pacer.effectiveRate())
		} else {
			t.logger.Warn("The shared store is back: the replicas share one request budget again")
		}
	}
	return want
}

// currentMode is the mode last set by syncMode.
func (t *transport) currentMode() budgetMode {
	t.modeMu.Lock()
	defer t.modeMu.Unlock()
	return t.mode
}

// waitShared is waitBudget with a shared store: the local pacer first (the whole budget while the
// store is up, this replica's share while it is down), then the shared budgets. A mode that
// changed while waiting sends the request round again, under the new budget and after its quiet
// time.
func (t *transport) waitShared(ctx context.Context, endpoint string) (time.Duration, error) {
	for {
		mode := t.syncMode()
		departed, err := t.pacer.wait(ctx, endpoint)
		if err != nil {
			return 0, err
		}
		if t.currentMode() != mode || t.shared.Up() != (mode == modeShared) {
			continue
		}
		if mode == modeLocal {
			return departed, nil
		}
		err = t.shared.Take(ctx, endpoint, t.sharedGap, t.sharedEndpointGap)
		if err == nil {
			return departed, nil
		}
		if ctx.Err() != nil {
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return 0, errBudgetDeadline
			}
			return 0, ctx.Err()
		}
		// The store failed: it is down now, and the next round keeps to the local share.
	}
}

// SharedState is what a client's requests did with the shared store.
type SharedState struct {
	// Mode is "shared", "local" (the store down: this replica's share of the budget) or "" (no
	// shared store).
	Mode string
	// Hits counts answers taken from another replica's read instead of sent.
	Hits int64
}

func (t *transport) sharedState() SharedState {
	st := SharedState{Hits: t.sharedHits.Load()}
	switch t.currentMode() {
	case modeShared:
		st.Mode = "shared"
	case modeLocal:
		st.Mode = "local"
	}
	return st
}
