package stripeapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// A restricted test key that may read the balance but not charges.
const balanceOnlyKey = "rk_test_51BalanceOnlyKeyForThePrefixTest000000000000000000000000000000000000000Pfx9"

// Behind a proxy that serves Stripe under a path, reads work and a 403 still names the
// permission Stripe's message names (stripe-go parses the error only for /v1 paths).
func TestBaseURLWithAPathPrefix(t *testing.T) {
	acct, err := simulator.New("tiny", 7, time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler(server.Key{Value: balanceOnlyKey, Permissions: []string{server.PermBalance}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var paths []string
	mux := http.NewServeMux()
	mux.Handle("/stripe/", http.StripPrefix("/stripe", h))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { h.Close(); srv.Close() })

	c := newTestClient(t, srv.URL+"/stripe/", func(cfg *Config) { cfg.APIKey = balanceOnlyKey })
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatalf("balance through the prefix: %v", err)
	}
	err = c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
	e := mustKind(t, err, KindPermission)
	if e.Permission != server.PermCharge {
		t.Errorf("permission %q, want %q (the one the simulator's 403 names): %v", e.Permission, server.PermCharge, err)
	}
	want := []string{"/stripe/v1/balance", "/stripe/v1/charges"}
	if len(paths) != 2 || paths[0] != want[0] || paths[1] != want[1] {
		t.Errorf("the server saw %v, want %v", paths, want)
	}
	if s := c.String(); s == "" || !containsAll(s, srv.URL+"/stripe") {
		t.Errorf("the client names its base URL with the prefix: %s", s)
	}
}

func TestWithPrefixKeepsEscapes(t *testing.T) {
	_, prefix := splitBaseURL("https://proxy.example/a%2Fb/stripe")
	u := &url.URL{Path: "/v1/invoices/in_1/lines"}
	withPrefix(u, prefix)
	if u.Path != "/a/b/stripe/v1/invoices/in_1/lines" || u.EscapedPath() != "/a%2Fb/stripe/v1/invoices/in_1/lines" {
		t.Errorf("path %q, escaped %q", u.Path, u.EscapedPath())
	}
	origin, none := splitBaseURL("https://api.stripe.com")
	if origin != "https://api.stripe.com" || none != nil {
		t.Errorf("no prefix: %q, %v", origin, none)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
