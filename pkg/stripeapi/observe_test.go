package stripeapi

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/usage"
)

// attempts collects what OnAttempt is told.
type attempts struct {
	mu  sync.Mutex
	all []Attempt
}

func (a *attempts) add(x Attempt) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.all = append(a.all, x)
}

// Every attempt, retries included, is counted by endpoint and outcome, handed to OnAttempt and
// logged once at debug level with what a person debugging needs, and never the key.
func TestEveryAttemptIsCountedObservedAndLogged(t *testing.T) {
	f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) { stripeError(w, 429, "req_429", "rate_limit", msgRateLimit) }))
	counter := usage.New(nil)
	seen := &attempts{}
	log := &captureLog{}
	c := newTestClient(t, f.URL, func(cfg *Config) {
		cfg.Usage, cfg.OnAttempt, cfg.Logger = counter, seen.add, log
	})
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}

	got := map[usage.Pair]int64{}
	for _, n := range counter.Snapshot().Counts {
		got[n.Pair] += n.N
	}
	want := map[usage.Pair]int64{{Endpoint: "GET /v1/balance", Status: "429"}: 1, {Endpoint: "GET /v1/balance", Status: "ok"}: 1}
	if len(got) != len(want) || got[usage.Pair{Endpoint: "GET /v1/balance", Status: "429"}] != 1 || got[usage.Pair{Endpoint: "GET /v1/balance", Status: "ok"}] != 1 {
		t.Errorf("counted %v, want %v", got, want)
	}
	if b := counter.Snapshot().Budgets; len(b) != 1 || b[0].Rate != c.RateLimit() {
		t.Errorf("budgets %v, want the client's %v/s", b, c.RateLimit())
	}

	if len(seen.all) != 2 || seen.all[0].Status != 429 || seen.all[0].Outcome != usage.RateLimited ||
		seen.all[1].Status != 200 || seen.all[1].Outcome != usage.OK || seen.all[1].Endpoint != "GET /v1/balance" || seen.all[1].Duration <= 0 {
		t.Errorf("attempts observed: %+v", seen.all)
	}

	var lines []string
	for _, l := range log.lines {
		if strings.HasPrefix(l, "Stripe request") {
			lines = append(lines, l)
		}
		assertNoKey(t, testKey, l)
	}
	if len(lines) != 2 {
		t.Fatalf("%d request lines for 2 attempts: %v", len(lines), log.lines)
	}
	for i, want := range [][]string{{"GET", "/v1/balance", "status429", "req_429", "attempt1"}, {"GET", "/v1/balance", "status200", "req_ok", "attempt2", "duration"}} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("line %d lacks %q: %s", i, w, lines[i])
			}
		}
	}
}

// A query or a path carrying something shaped like a key is logged with it redacted. The
// client's own methods check ids and parameters before sending, so stripe-go is called directly
// to send what they would refuse.
func TestLoggedQueriesAndPathsAreRedacted(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, nil) })
	log := &captureLog{}
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.Logger = log })
	ctx := context.Background()
	for range c.sc.V1Customers.List(ctx, &stripe.CustomerListParams{Email: stripe.String(testKey)}).All(ctx) {
	}
	_, _ = c.sc.V1Customers.Retrieve(ctx, otherKey, nil)
	if len(log.lines) < 2 {
		t.Fatalf("logged %v", log.lines)
	}
	all := strings.Join(log.lines, "\n")
	assertNoKey(t, testKey, all)
	assertNoKey(t, otherKey, all)
	if !strings.Contains(all, "email=") || !strings.Contains(all, "/v1/customers") {
		t.Errorf("the query's and path's harmless parts should stay readable: %v", log.lines)
	}
}

// An attempt without an answer counts as network.
func TestAnAttemptWithoutAnAnswerCountsAsNetwork(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {})
	url := f.URL
	f.Close() // connection refused from now on
	counter := usage.New(nil)
	c := newTestClient(t, url, func(cfg *Config) { cfg.Usage, cfg.MaxRetries = counter, -1 })
	if _, err := c.Balance(context.Background()); KindOf(err) != KindNetwork {
		t.Fatalf("err %v", err)
	}
	counts := counter.Snapshot().Counts
	if len(counts) != 1 || counts[0].Status != usage.Network || counts[0].Endpoint != "GET /v1/balance" || counts[0].N != 1 {
		t.Errorf("counted %+v", counts)
	}
}

// Every request, retries included, carries the connected account in Stripe-Account.
func TestConnectedAccountHeaderOnEveryAttempt(t *testing.T) {
	f := newFake(t, failThenBalance(1, func(w http.ResponseWriter) { stripeError(w, 500, "req_500", "", "boom") }))
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.ConnectedAccount = "acct_1Nv0FGQ9RKHgCVdK" })
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
	reqs := f.requests()
	if len(reqs) < 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, r := range reqs {
		if got := r.header.Get("Stripe-Account"); got != "acct_1Nv0FGQ9RKHgCVdK" {
			t.Errorf("%s %s: Stripe-Account %q", r.method, r.path, got)
		}
	}
	if c.ConnectedAccount() != "acct_1Nv0FGQ9RKHgCVdK" || !strings.Contains(c.String(), "acct_1Nv0FGQ9RKHgCVdK") {
		t.Errorf("client %s", c)
	}

	plain := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, "req_ok", balanceBody) })
	if _, err := newTestClient(t, plain.URL).Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, sent := plain.requests()[0].header["Stripe-Account"]; sent {
		t.Error("a data source without a connected account sent Stripe-Account")
	}
}

func TestConnectedAccountMustBeAnAccountID(t *testing.T) {
	for _, bad := range []string{"acct_", "acct_12 34", "cus_123", "ACCT_123", "acct_1Nv0-FG"} {
		_, err := New(Config{APIKey: testKey, ConnectedAccount: bad})
		if KindOf(err) != KindConfig || !strings.Contains(err.Error(), "acct_") {
			t.Errorf("%q: %v, want a config error naming the acct_ form", bad, err)
		}
	}
	for _, good := range []string{"acct_1Nv0FGQ9RKHgCVdK", " acct_1032D82eZvKYlo2C "} {
		if _, err := New(Config{APIKey: testKey, ConnectedAccount: good}); err != nil {
			t.Errorf("%q: %v", good, err)
		}
	}
}

// Stripe's answer for a connected account the key may not read (stripe-php's and real accounts'
// message; code account_invalid, HTTP 403): Stripe's words, then what to do; no permission name,
// since no permission of a restricted key fixes it.
func TestAccountInvalidSaysWhatToDo(t *testing.T) {
	const acct = "acct_1M2KTDCfAzqq5Iv8"
	stripeMsg := "The provided key 'rk_test_" + strings.Repeat("*", 93) + testKey[len(testKey)-6:] + "' does not have access to account '" + acct +
		"' (or that account does not exist). Application access may have been revoked."
	f := newFake(t, answer(403, "req_acct", "account_invalid", stripeMsg))
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.ConnectedAccount = acct })
	_, err := c.Balance(context.Background())
	e := mustKind(t, err, KindPermission)
	if e.Code != "account_invalid" || e.Permission != "" || !IsAccountInvalid(err) || IsAccountInvalid(nil) {
		t.Errorf("code %q permission %q", e.Code, e.Permission)
	}
	for _, want := range []string{acct, "does not have access to account", "Application access may have been revoked", "Connect", "req_acct", "connected account id in the data source settings"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %s", want, err)
		}
	}
	assertNoKey(t, testKey, err.Error())
}

// A restricted key reading a connected account needs the permission in its Connect column.
func TestPermissionOnAConnectedAccountNamesTheConnectColumn(t *testing.T) {
	f := newFake(t, answer(403, "req_403", "", msg403))
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.ConnectedAccount = "acct_1PJBLEBBLEfV" })
	err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
	e := mustKind(t, err, KindPermission)
	if e.Permission != "rak_charge_read" || !strings.Contains(err.Error(), "Connect column") || !strings.Contains(err.Error(), "acct_1PJBLEBBLEfV") {
		t.Errorf("permission %q: %s", e.Permission, err)
	}
	// Without a connected account the message stays as it was.
	plain := newTestClient(t, f.URL)
	if err := plain.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil }); strings.Contains(err.Error(), "Connect") {
		t.Errorf("no connected account: %s", err)
	}
}
