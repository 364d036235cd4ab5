package stripeapi

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/revops/stripe-datasource/pkg/usage"
)

// transport is the client's http.RoundTripper: it waits for the request budget (global and of
// the request's endpoint) before every attempt, bounds each attempt in time, and retries what
// is safe to retry. stripe-go's own retries are switched off so this is the only retry loop.
type transport struct {
	next           http.RoundTripper
	prefix         *url.URL // the base URL's path, added to each attempt (see baseurl.go)
	pacer          *pacer
	maxRetries     int
	baseDelay      time.Duration
	maxDelay       time.Duration
	maxRetryAfter  time.Duration
	attemptTimeout time.Duration
	logger         Logger
	// jitter returns a number in [0, 1); replaced in tests to make backoff deterministic.
	jitter func() float64
	// account is sent as Stripe-Account on every attempt when set (a Connect platform reading
	// a connected account).
	account   string
	red       *redactor
	usage     *usage.Counter
	onAttempt func(Attempt)

	// shared, when set, is the store shared with the other replicas (shared.go): one budget at
	// the configured rates (spaced sharedGap and sharedEndpointGap) while it is up, this
	// replica's share (the budget divided by replicas) while it is down.
	shared            Shared
	replicas          int
	sharedGap         time.Duration
	sharedEndpointGap time.Duration
	modeMu            sync.Mutex
	mode              budgetMode
	sharedHits        atomic.Int64

	requests     atomic.Int64
	retries      atomic.Int64
	lockTimeouts atomic.Int64
	waitedNanos  atomic.Int64
	limited      limitedCounts
}

// Stats are a client's counters since it was created, for benchmarks, tests and debugging.
type Stats struct {
	// Requests is the number of HTTP attempts sent to Stripe, retries included.
	Requests int64
	// Retries is how many of those attempts repeated an earlier one.
	Retries int64
	// RateLimited is the number of 429 answers that were rate limits (Stripe's rate_limit, or a
	// 429 without a code), each of which lowered the effective budget for a while.
	RateLimited int64
	// RateLimitedByEndpoint splits RateLimited by endpoint ("GET /v1/charges").
	RateLimitedByEndpoint map[string]int64
	// LockTimeouts is the number of 429 lock_timeout answers: an object busy with another
	// request, not the account's limit, so they leave the budget alone.
	LockTimeouts int64
	// EffectiveRateLimit is the global budget now, in requests per second: the configured one,
	// or less while it recovers from a rate limit.
	EffectiveRateLimit float64
	// BudgetWait is the total time requests waited for the request rate budget.
	BudgetWait time.Duration
}

func (t *transport) stats() Stats {
	total, by := t.limited.snapshot()
	return Stats{
		Requests:              t.requests.Load(),
		Retries:               t.retries.Load(),
		RateLimited:           total,
		RateLimitedByEndpoint: by,
		LockTimeouts:          t.lockTimeouts.Load(),
		EffectiveRateLimit:    t.pacer.effectiveRate(),
		BudgetWait:            time.Duration(t.waitedNanos.Load()),
	}
}

// limitedCounts counts rate-limit answers per endpoint.
type limitedCounts struct {
	mu    sync.Mutex
	total int64
	by    map[string]int64
}

func (l *limitedCounts) add(endpoint string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.by == nil {
		l.by = map[string]int64{}
	}
	l.total++
	l.by[endpoint]++
}

func (l *limitedCounts) snapshot() (int64, map[string]int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	by := make(map[string]int64, len(l.by))
	for e, n := range l.by {
		by[e] = n
	}
	return l.total, by
}

// errNotRead guards the promise that the plugin only reads: any other method is refused
// before it reaches the network.
var errNotRead = errors.New("stripeapi only sends GET requests")

// errBudgetDeadline says the query's deadline would pass while waiting for the rate budget.
// It wraps context.DeadlineExceeded so callers can treat it as the timeout it is.
var errBudgetDeadline = fmt.Errorf("the query's deadline would pass while waiting for the request rate budget: %w", context.DeadlineExceeded)

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet {
		closeBody(req.Body)
		return nil, errNotRead
	}
	endpoint := endpointOf(req.Method, req.URL.Path)
	if t.shared != nil {
		return t.roundTripShared(req, endpoint)
	}
	return t.roundTripLocal(req, endpoint, nil)
}

// roundTripLocal sends req to Stripe within the budget, retrying what is safe to retry. sent, when
// set, receives when the last attempt left.
func (t *transport) roundTripLocal(req *http.Request, endpoint string, sentAt *time.Time) (*http.Response, error) {
	ctx := req.Context()
	tr := trackerFrom(ctx)
	for attempt := 0; ; attempt++ {
		departed, err := t.waitBudget(ctx, endpoint)
		if err != nil {
			tr.noteBudget(err)
			return nil, err
		}
		sent := time.Now()
		if sentAt != nil {
			*sentAt = sent
		}
		resp, body, err := t.attempt(ctx, req)
		t.observe(req, endpoint, attempt, resp, time.Since(sent))
		if attempt > 0 {
			t.retries.Add(1)
		}
		tr.noteAttempt(ctx, attempt, resp, err)
		if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
			t.note429(endpoint, errorCode(body), departed)
		}

		delay, retry := t.nextDelay(ctx, attempt, resp, err)
		if !retry {
			return resp, err
		}
		t.logRetry(req, attempt, resp, err, delay)
		if err := sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// attempt sends one copy of req and reads the whole answer, both bounded by the per-attempt
// timeout. A failure to read the answer whole is an *answerError.
func (t *transport) attempt(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	actx, cancel := context.WithTimeout(ctx, t.attemptTimeout)
	defer cancel()
	areq := req.Clone(actx)
	withPrefix(areq.URL, t.prefix)
	if t.account != "" {
		// Set here rather than per call in stripe-go's params, so that no request of any
		// method (lists, retrieves, probes, retries) can leave without it.
		areq.Header.Set("Stripe-Account", t.account)
	}
	// GET bodies are empty, so replaying is safe; stripe-go still sets a body reader, and a
	// fresh copy keeps a consumed one from being reused.
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, nil, err
		}
		areq.Body = body
	}
	t.requests.Add(1)
	resp, err := t.next.RoundTrip(areq)
	if err != nil {
		return nil, nil, err
	}
	body, err := readAnswer(resp)
	if err != nil {
		if actx.Err() != nil {
			// The attempt ran out of time, or the caller gave up, while the body was arriving.
			return nil, nil, actx.Err()
		}
		return nil, nil, err
	}
	return resp, body, nil
}

// note429 counts a 429 and, unless it is a lock_timeout (the object is busy, not the
// account), lowers the budget: the account's limit is being reached, most likely together with
// the merchant's own servers, and a retry must wait for the lowered budget.
func (t *transport) note429(endpoint, code string, departed time.Duration) {
	if code == "lock_timeout" {
		t.lockTimeouts.Add(1)
		return
	}
	t.limited.add(endpoint)
	t.pacer.lower(departed)
}

// waitBudget blocks until the request may leave for its endpoint, the context ends, or it is
// clear the context's deadline would pass first (errBudgetDeadline). The next RoundTripper is
// called right after it returns: the pacer stamps the departure, not a reservation.
func (t *transport) waitBudget(ctx context.Context, endpoint string) (departed time.Duration, err error) {
	start := time.Now()
	if t.shared != nil {
		departed, err = t.waitShared(ctx, endpoint)
	} else {
		departed, err = t.pacer.wait(ctx, endpoint)
	}
	t.waitedNanos.Add(int64(time.Since(start)))
	return departed, err
}

// nextDelay decides whether to retry after an attempt and how long to wait first.
func (t *transport) nextDelay(ctx context.Context, attempt int, resp *http.Response, err error) (time.Duration, bool) {
	if attempt >= t.maxRetries || ctx.Err() != nil {
		return 0, false
	}
	retryAfter, retryable := classify(resp, err)
	if !retryable {
		return 0, false
	}
	delay := t.backoff(attempt)
	if retryAfter > t.maxRetryAfter {
		// Waiting minutes inside a dashboard query is worse than saying "later".
		return 0, false
	}
	delay = max(delay, retryAfter)
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= delay {
		// The query would end while we sleep; return the real answer instead of a timeout.
		return 0, false
	}
	return delay, true
}

// backoff is exponential backoff with full jitter: uniform in [0, min(max, base·2ⁿ)).
func (t *transport) backoff(attempt int) time.Duration {
	ceiling := t.maxDelay
	if attempt < 30 {
		if d := t.baseDelay << attempt; d > 0 && d < ceiling {
			ceiling = d
		}
	}
	return time.Duration(t.jitter() * float64(ceiling))
}

// classify says whether an answer may be retried and the Retry-After Stripe asked for.
//
// Stripe-Should-Retry decides when present: "false" never retries, "true" retries even a 4xx
// such as 409. Otherwise every 429 (rate_limit and lock_timeout alike; for reads both only mean
// "later"), every 5xx, every answer reset or cut off on the way, and every transport failure
// except certificate and scheme problems is retried. Only GETs reach here, so a repeat cannot change anything at Stripe.
func classify(resp *http.Response, err error) (retryAfter time.Duration, retryable bool) {
	var ae *answerError
	if errors.As(err, &ae) {
		return 0, ae.retryable()
	}
	if err != nil {
		return 0, retryableTransportError(err)
	}
	retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	switch resp.Header.Get("Stripe-Should-Retry") {
	case "false":
		return 0, false
	case "true":
		return retryAfter, true
	}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		return retryAfter, true
	}
	return 0, false
}

func retryableTransportError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.Is(err, context.Canceled):
		return false
	case errors.As(err, &unknownAuthority), errors.As(err, &hostname), errors.As(err, &invalid), errors.As(err, &verify):
		// A certificate problem does not fix itself in a second.
		return false
	}
	return true
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date; 0 when absent or invalid.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 || secs > 24*3600 {
			return 0
		}
		return time.Duration(secs * float64(time.Second))
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// sleep waits d or until ctx ends, whichever is first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// observe counts an attempt that returned (usage counters, the OnAttempt hook) and logs it at
// debug level. A nil resp is an attempt without a whole answer (attempt returns none then).
func (t *transport) observe(req *http.Request, endpoint string, attempt int, resp *http.Response, took time.Duration) {
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	outcome := usage.Outcome(status)
	if t.usage != nil {
		t.usage.Add(endpoint, outcome)
	}
	if t.onAttempt != nil {
		t.onAttempt(Attempt{Endpoint: endpoint, Status: status, Outcome: outcome, Duration: took})
	}
	if t.logger == nil {
		return
	}
	args := []any{"method", req.Method, "path", t.clean(req.URL.Path), "query", t.clean(req.URL.RawQuery),
		"status", status, "outcome", outcome, "duration", took.String(), "attempt", attempt + 1}
	if resp != nil {
		args = append(args, "requestId", t.clean(resp.Header.Get("Request-Id")))
	}
	if t.account != "" {
		args = append(args, "stripeAccount", t.account)
	}
	t.logger.Debug("Stripe request", args...)
}

// clean removes anything key-like from logged text. Stripe puts no secret in a query string, but
// a query is whatever the caller's parameters were, so it is treated like any text passed on.
func (t *transport) clean(s string) string {
	if t.red == nil {
		return redactor{}.clean(s)
	}
	return t.red.clean(s)
}

func (t *transport) logRetry(req *http.Request, attempt int, resp *http.Response, err error, delay time.Duration) {
	if t.logger == nil {
		return
	}
	args := []any{"path", req.URL.Path, "retry", attempt + 1, "delay", delay.String()}
	if resp != nil {
		args = append(args, "status", resp.StatusCode, "requestId", resp.Header.Get("Request-Id"))
	} else if err != nil {
		// Transport errors name the URL and the failing operation, never headers.
		args = append(args, "error", err.Error())
	}
	t.logger.Debug("Retrying Stripe request", args...)
}

func closeBody(b io.ReadCloser) {
	if b != nil {
		b.Close()
	}
}

func newJitter() func() float64 {
	// math/rand/v2's top-level functions are safe for concurrent use and need no shared seed.
	return rand.Float64
}
