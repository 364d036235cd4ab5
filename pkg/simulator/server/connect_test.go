package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/objects"
	"github.com/revops/stripe-datasource/pkg/simulator/objects/objectstest"
	"github.com/revops/stripe-datasource/pkg/simulator/objects/openapicheck"
)

// Keys of the Connect tests: a restricted key with the Connect column filled in, and one without.
const (
	keyRkConnect   = "rk_test_51NvRestrictedConnectAllCn4x2Q"
	keyRkNoConnect = "rk_test_51NvRestrictedNoConnectNc7y3R"
)

// connectHarness serves the sample account (both modes) with one generated test-mode account
// connected to it.
func connectHarness(t *testing.T) (*harness, *objects.Store) {
	t.Helper()
	p, err := generator.NamedProfile("tiny")
	if err != nil {
		t.Fatal(err)
	}
	p.APIVersions, p.BusinessName = nil, "Connected Shop"
	m, err := generator.Generate(p, 11, time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := generator.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	test, err := objectstest.NewSampleStore(false)
	if err != nil {
		t.Fatal(err)
	}
	live, err := objectstest.NewSampleStore(true)
	if err != nil {
		t.Fatal(err)
	}
	keys := append(testKeys(),
		Key{Value: keyRkConnect, Permissions: AllReadPermissions, ConnectPermissions: append([]string{PermAccount}, AllReadPermissions...)},
		Key{Value: keyRkNoConnect, Permissions: AllReadPermissions})
	h, err := New(Config{Test: test, Live: live, Keys: keys, Connected: []*objects.Store{conn}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	return &harness{h: h, srv: srv, test: test, live: live}, conn
}

// getAs is get with a Stripe-Account header.
func (hs *harness) getAs(t testing.TB, key, account, path string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, hs.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Stripe-Account", account)
	resp, err := hs.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

func TestStripeAccountServesTheConnectedAccount(t *testing.T) {
	hs, conn := connectHarness(t)
	acct := conn.Account.ID
	if acct == hs.test.Account.ID {
		t.Fatalf("the connected account has the platform's id %s", acct)
	}
	// The account itself, as the connected account sees itself.
	a := hs.getAs(t, keyTest, acct, "/v1/account").object(t)
	if a["id"] != acct || a["business_profile"].(map[string]any)["name"] != "Connected Shop" {
		t.Errorf("account: id %v, business profile %v", a["id"], a["business_profile"])
	}
	// Its charges, every one of them, and none of the platform's.
	var got []string
	after := ""
	for {
		l := hs.getAs(t, keyRkConnect, acct, "/v1/charges?limit=100"+after).list(t)
		ids := l.ids(t)
		got = append(got, ids...)
		if !l.HasMore {
			break
		}
		after = "&starting_after=" + ids[len(ids)-1]
	}
	coll := conn.Collection(objects.KindCharge)
	if len(got) != coll.Len() || len(got) == 0 {
		t.Fatalf("%d charges served, the connected account has %d", len(got), coll.Len())
	}
	for _, id := range got {
		if _, ok := conn.Lookup(objects.KindCharge, id); !ok {
			t.Errorf("charge %s is not the connected account's", id)
		}
	}
	// Naming the key's own account is naming none.
	if own := hs.getAs(t, keyTest, hs.test.Account.ID, "/v1/account").object(t); own["id"] != hs.test.Account.ID {
		t.Errorf("own account named: %v", own["id"])
	}
	// Without the header, the platform.
	if own := hs.get(t, keyTest, "/v1/account").object(t); own["id"] != hs.test.Account.ID {
		t.Errorf("no header: %v", own["id"])
	}
}

func TestStripeAccountErrorsAreStripes(t *testing.T) {
	hs, conn := connectHarness(t)
	// An account that does not exist, or is not connected: Stripe's 403 account_invalid, the key
	// masked to its last 6 characters as in its 403 messages.
	e := hs.getAs(t, keyRkAll, "acct_1NoSuchAccount00", "/v1/charges").apiErr(t, http.StatusForbidden)
	want := "The provided key 'rk_test_**********************qs8Kgd' does not have access to account 'acct_1NoSuchAccount00' (or that account does not exist). Application access may have been revoked."
	if e.Error.Message != want || e.Error.Code != "account_invalid" || e.Error.Type != "invalid_request_error" ||
		e.Error.DocURL != "https://stripe.com/docs/error-codes/account-invalid" {
		t.Errorf("unknown account:\n got %+v\nwant %q", e.Error, want)
	}
	// A live key does not reach a test-mode connected account.
	hs.getAs(t, keyLive, conn.Account.ID, "/v1/charges").apiErr(t, http.StatusForbidden)
	// A restricted key without Connect permissions is refused the connected account's data,
	// naming the connected account and the permission, as on the platform.
	e = hs.getAs(t, keyRkNoConnect, conn.Account.ID, "/v1/charges").apiErr(t, http.StatusForbidden)
	if !strings.Contains(e.Error.Message, "on account '"+conn.Account.ID+"'") || !strings.Contains(e.Error.Message, "'rak_charge_read'") {
		t.Errorf("no Connect permission: %q", e.Error.Message)
	}
	// GET /v1/account on the connected account needs its own permission there too.
	hs.getAs(t, keyRkAll, conn.Account.ID, "/v1/account").apiErr(t, http.StatusForbidden)
	if a := hs.getAs(t, keyRkConnect, conn.Account.ID, "/v1/account").object(t); a["id"] != conn.Account.ID {
		t.Errorf("restricted key with Connect permissions: %v", a["id"])
	}
}

// What a connected account serves, and Stripe's error for one the key cannot reach, conform to
// Stripe's OpenAPI spec like the platform's answers (the spec documents no Stripe-Account
// parameter: it is a header of every operation, https://docs.stripe.com/connect/authentication).
func TestConnectedAccountAnswersConformToTheSpec(t *testing.T) {
	spec, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	hs, conn := connectHarness(t)
	acct := conn.Account.ID
	check := func(key, account, path string, status int) {
		t.Helper()
		r := hs.getAs(t, key, account, path)
		if r.status != status {
			t.Fatalf("%s: status %d, want %d: %.300s", path, r.status, status, r.body)
		}
		p, _, _ := strings.Cut(path, "?")
		ro, ok := match(p)
		if !ok {
			t.Fatalf("%s: not a served endpoint", path)
		}
		problems, err := spec.ValidateResponse(http.MethodGet, specPaths[ro.endpoint], r.status, r.body)
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range problems {
			t.Errorf("%s (%d, Stripe-Account %s): %s", path, r.status, account, pr)
		}
	}
	check(keyTest, acct, "/v1/account", 200)
	check(keyTest, acct, "/v1/balance", 200)
	for _, res := range []string{"balance_transactions", "charges", "subscriptions", "invoices", "customers", "events"} {
		check(keyTest, acct, "/v1/"+res+"?limit=100", 200)
	}
	check(keyTest, "acct_1NoSuchAccount00", "/v1/charges", 403)
}
