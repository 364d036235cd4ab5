package stripeapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Test keys. Stripe keys are a prefix plus a long run of base62; these are made up. The tail
// "qs8Kgd" is the one Stripe's documented 403 message shows masked (STRIPE-API-SHAPES.md §2).
const (
	testKey  = "rk_test_51PJBLEBBLEfVx7TqZ0aN4mW9cR2hY8uJ3kL6pQ1sD5fG7vB0nX4zC9eT2yU6iO3wA8qs8Kgd"
	otherKey = "rk_test_51QQQQQQQQQQQQa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5zZ9Xw2"
	liveKey  = "rk_live_51PJBLEBBLEfVx7TqZ0aN4mW9cR2hY8uJ3kL6pQ1sD5fG7vB0nX4zC9eT2yU6iO3wA8Lv9Xp2"
)

// seen is one request as the fake Stripe received it.
type seen struct {
	at     time.Time
	method string
	path   string
	query  url.Values
	header http.Header
}

// fakeStripe is an httptest server that records every request and answers with handle.
type fakeStripe struct {
	*httptest.Server
	mu     sync.Mutex
	seen   []seen
	handle func(w http.ResponseWriter, r *http.Request, n int)
}

func newFake(t testing.TB, handle func(w http.ResponseWriter, r *http.Request, n int)) *fakeStripe {
	t.Helper()
	f := &fakeStripe{handle: handle}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		n := len(f.seen)
		f.seen = append(f.seen, seen{at: time.Now(), method: r.Method, path: r.URL.Path, query: r.URL.Query(), header: r.Header.Clone()})
		f.mu.Unlock()
		f.handle(w, r, n)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeStripe) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.seen...)
}

// newTestClient builds a client for f with fast retries; mods adjust the config.
func newTestClient(t *testing.T, baseURL string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		APIKey:            testKey,
		BaseURL:           baseURL,
		RateLimit:         1000,
		EndpointRateLimit: 1000,
		MaxRetries:        2,
		RetryBaseDelay:    time.Millisecond,
		RetryMaxDelay:     2 * time.Millisecond,
		Timeout:           5 * time.Second,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// writeJSON writes a 200 with body and Stripe's Request-Id header.
func writeJSON(w http.ResponseWriter, status int, reqID string, body any) {
	w.Header().Set("Content-Type", "application/json")
	if reqID != "" {
		w.Header().Set("Request-Id", reqID)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// stripeError writes Stripe's v1 error envelope: type is invalid_request_error for 4xx and
// api_error for 5xx; code is left out when empty, as Stripe does.
func stripeError(w http.ResponseWriter, status int, reqID, code, msg string) {
	e := map[string]any{"message": msg, "type": "invalid_request_error"}
	if status >= 500 {
		e["type"] = "api_error"
	}
	if code != "" {
		e["code"] = code
		e["doc_url"] = "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(code, "_", "-")
	}
	writeJSON(w, status, reqID, map[string]any{"error": e})
}

// charges makes n charge objects, newest first, ids ch_0000 (newest) .. ch_n-1.
func charges(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range n {
		out[i] = map[string]any{
			"id": fmt.Sprintf("ch_%04d", i), "object": "charge", "amount": 1000 + i, "currency": "usd",
			"created": 1700000000 - i, "status": "succeeded", "livemode": false,
		}
	}
	return out
}

// serveList answers like a Stripe list endpoint over items (newest first): limit (default
// 10, 1..100), starting_after = id of the last object already seen, has_more.
func serveList(w http.ResponseWriter, r *http.Request, items []map[string]any) {
	q := r.URL.Query()
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			stripeError(w, 400, "req_badlimit", "parameter_invalid_integer", "Invalid integer: "+v)
			return
		}
		limit = n
	}
	start := 0
	if after := q.Get("starting_after"); after != "" {
		start = -1
		for i, it := range items {
			if it["id"] == after {
				start = i + 1
			}
		}
		if start < 0 {
			stripeError(w, 404, "req_nosuch", "resource_missing", "No such object: '"+after+"'")
			return
		}
	}
	end := min(start+limit, len(items))
	writeJSON(w, 200, "req_list", map[string]any{
		"object": "list", "url": r.URL.Path, "has_more": end < len(items), "data": items[start:end],
	})
}

// indexed reads an array parameter as stripe-go encodes it (name[0]=a&name[1]=b), in order.
func indexed(q url.Values, name string) []string {
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(name) + `\[(\d+)\]$`)
	type kv struct {
		i int
		v string
	}
	var got []kv
	for k, vs := range q {
		if m := re.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			got = append(got, kv{i, vs[0]})
		}
	}
	sort.Slice(got, func(a, b int) bool { return got[a].i < got[b].i })
	out := make([]string, len(got))
	for i, g := range got {
		out[i] = g.v
	}
	return out
}

// balanceBody is a minimal balance object (STRIPE-API-SHAPES.md §17).
var balanceBody = map[string]any{
	"object":    "balance",
	"available": []any{map[string]any{"amount": 1234, "currency": "usd", "source_types": map[string]any{"card": 1234}}},
	"pending":   []any{map[string]any{"amount": 50, "currency": "usd"}},
	"livemode":  false,
}

// errorText collects every error string a test wants checked for the key.
func assertNoKey(t *testing.T, key, text string) {
	t.Helper()
	for i := 0; len(key)-i >= 4; i++ {
		if strings.Contains(text, key[i:]) {
			t.Fatalf("text contains the key's tail %q: %s", key[i:], text)
		}
	}
}
