package server

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

func TestAuthenticationErrors(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	e := hs.get(t, "", "/v1/charges").apiErr(t, http.StatusUnauthorized)
	const noKey = "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
	if e.Error.Message != noKey || e.Error.Type != "invalid_request_error" || e.Error.Code != "" || e.Error.Param != "" {
		t.Errorf("no key: %+v", e.Error)
	}
	// Masked like Stripe's example: prefix kept, 16 of the 20 characters after it hidden, last 4 shown.
	e = hs.get(t, "sk_test_51UnknownKeyxxxxAso0", "/v1/charges").apiErr(t, http.StatusUnauthorized)
	if e.Error.Message != "Invalid API Key provided: sk_test_****************Aso0" {
		t.Errorf("unknown key: %q", e.Error.Message)
	}
	// Authentication comes before routing: an unknown URL without a key is a 401.
	hs.get(t, "", "/v1/nothing-here").apiErr(t, http.StatusUnauthorized)
	// A malformed Authorization header carries no key.
	req, _ := http.NewRequest(http.MethodGet, hs.srv.URL+"/v1/charges", nil)
	req.Header.Set("Authorization", "Token "+keyTest)
	resp, err := hs.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("Token scheme: %d", resp.StatusCode)
	}
}

func TestBasicAuthLikeCurl(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	req, _ := http.NewRequest(http.MethodGet, hs.srv.URL+"/v1/balance", nil)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(keyTest+":")))
	resp, err := hs.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("basic auth (curl -u key:): %d", resp.StatusCode)
	}
}

func TestRestrictedKeyPermissions(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	e := hs.get(t, keyRkBTOnly, "/v1/charges").apiErr(t, http.StatusForbidden)
	want := "The provided key 'rk_test_********************AbC123' does not have the required permissions for this endpoint on account 'acct_1Nv0FGQ9RKHgCVdK'. Having the 'rak_charge_read' permission would allow this request to continue."
	if e.Error.Message != want || e.Error.Type != "invalid_request_error" || e.Error.Code != "" || e.Error.DocURL != "" {
		t.Errorf("403:\n got %+v\nwant %q", e.Error, want)
	}
	for path, perm := range map[string]string{
		"/v1/balance": "rak_balance_read", "/v1/balance_transactions": "rak_balance_transaction_source_read",
		"/v1/disputes": "rak_dispute_read", "/v1/subscriptions": "rak_subscription_read",
		"/v1/subscription_items?subscription=sub_x": "rak_subscription_read", "/v1/invoices": "rak_invoice_read",
		"/v1/invoices/in_x/lines": "rak_invoice_read", "/v1/prices": "rak_plan_read", "/v1/products/prod_x": "rak_product_read",
		"/v1/customers": "rak_customer_read", "/v1/coupons": "rak_coupon_read", "/v1/payouts": "rak_payout_read",
		"/v1/events/evt_x": "rak_event_read",
	} {
		e := hs.get(t, keyRkNoAccess, path).apiErr(t, http.StatusForbidden)
		if !strings.HasSuffix(e.Error.Message, "Having the '"+perm+"' permission would allow this request to continue.") ||
			!strings.Contains(e.Error.Message, "'rk_test_*********************000000'") {
			t.Errorf("%s: %q", path, e.Error.Message)
		}
		if r := hs.get(t, keyRkAll, path); r.status == http.StatusForbidden {
			t.Errorf("%s: a key with every read permission got 403", path)
		}
	}
	// The key with every permission reads what the secret key reads.
	if a, b := hs.get(t, keyRkAll, "/v1/charges").body, hs.get(t, keyTest, "/v1/charges").body; string(a) != string(b) {
		t.Error("a fully permitted restricted key must see the same charges as the secret key")
	}
}

func TestAccountEndpointAndRestrictedKeys(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	acct := hs.get(t, keyTest, "/v1/account").object(t)
	if acct["id"] != "acct_1Nv0FGQ9RKHgCVdK" || member(t, acct, "settings.dashboard.display_name") != "Acme" {
		t.Errorf("account: %v", acct)
	}
	e := hs.get(t, keyRkAll, "/v1/account").apiErr(t, http.StatusForbidden)
	want := "The provided key 'rk_test_**********************qs8Kgd' does not have the required permissions for this endpoint on account 'acct_1Nv0FGQ9RKHgCVdK'. This is a restricted API key, but the required permissions are not available for use by restricted keys."
	if e.Error.Message != want {
		t.Errorf("restricted /v1/account:\n got %q\nwant %q", e.Error.Message, want)
	}
	if r := hs.get(t, keyRkAccount, "/v1/account"); r.status != http.StatusOK {
		t.Errorf("a key holding rak_connected_account_read: %d", r.status)
	}
}

func TestModesAreSeparate(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	liveIDs := hs.get(t, keyLive, "/v1/charges").list(t).ids(t)
	testIDs := hs.get(t, keyTest, "/v1/charges").list(t).ids(t)
	if len(liveIDs) != len(hs.live.Charges) || len(testIDs) != len(hs.test.Charges) {
		t.Fatalf("live %d / test %d charges", len(liveIDs), len(testIDs))
	}
	for _, id := range liveIDs {
		if !strings.Contains(id, "PiL") {
			t.Errorf("live key saw %s, not a live-store id", id)
		}
		hs.get(t, keyTest, "/v1/charges/"+id).apiErr(t, http.StatusNotFound)
	}
	ch := hs.get(t, keyLive, "/v1/charges/"+liveIDs[0]).object(t)
	if ch["livemode"] != true {
		t.Error("live charges have livemode true")
	}
	if hs.get(t, keyTest, "/v1/balance").object(t)["livemode"] != false || hs.get(t, keyLive, "/v1/balance").object(t)["livemode"] != true {
		t.Error("balance livemode must follow the key's mode")
	}
	// The live 404 log URL has no /test/ segment.
	e := hs.get(t, keyLive, "/v1/customers/cus_missing").apiErr(t, http.StatusNotFound)
	if !strings.HasPrefix(e.Error.RequestLogURL, "https://dashboard.stripe.com/logs/req_") {
		t.Errorf("live request_log_url %q", e.Error.RequestLogURL)
	}
}

func TestResourceMissingAndUnknownURLs(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	r := hs.get(t, keyTest, "/v1/customers/cus_PD6LSQd0tEf6Dh")
	e := r.apiErr(t, http.StatusNotFound)
	if e.Error.Code != "resource_missing" || e.Error.Param != "id" || e.Error.Message != "No such customer: 'cus_PD6LSQd0tEf6Dh'" ||
		e.Error.DocURL != "https://stripe.com/docs/error-codes/resource-missing" ||
		!strings.HasPrefix(e.Error.RequestLogURL, "https://dashboard.stripe.com/test/logs/"+r.header.Get("Request-Id")+"?t=") {
		t.Errorf("404: %+v", e.Error)
	}
	e = hs.get(t, keyTest, "/v1/customers/").apiErr(t, http.StatusNotFound)
	if e.Error.Message != "Unrecognized request URL (GET: /v1/customers/). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/." {
		t.Errorf("trailing slash: %q", e.Error.Message)
	}
	e = hs.get(t, keyTest, "/v1/foo").apiErr(t, http.StatusNotFound)
	if e.Error.Message != "Unrecognized request URL (GET: /v1/foo). Please see https://stripe.com/docs or we can help at https://support.stripe.com/." {
		t.Errorf("unknown url: %q", e.Error.Message)
	}
	for _, m := range []string{http.MethodPost, http.MethodDelete} {
		r := hs.do(t, context.Background(), m, keyTest, "/v1/charges")
		e := r.apiErr(t, http.StatusMethodNotAllowed)
		if r.header.Get("Allow") != "GET" || !strings.Contains(e.Error.Message, "read-only") {
			t.Errorf("%s: %+v allow=%q", m, e.Error, r.header.Get("Allow"))
		}
	}
	hs.do(t, context.Background(), http.MethodPost, keyTest, "/v1/foo").apiErr(t, http.StatusNotFound)
}

func TestHeadersOnEveryResponse(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	seen := map[string]bool{}
	for _, tc := range []struct{ key, path string }{{keyTest, "/v1/charges"}, {"", "/v1/charges"}, {keyTest, "/v1/nope"}, {keyRkNoAccess, "/v1/charges"}} {
		r := hs.get(t, tc.key, tc.path)
		id := r.header.Get("Request-Id")
		if !requestIDPattern.MatchString(id) || seen[id] {
			t.Errorf("%s: Request-Id %q (must be req_ + 14 alphanumerics, unique)", tc.path, id)
		}
		seen[id] = true
		if r.header.Get("Stripe-Version") != DefaultAPIVersion || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: Stripe-Version %q Content-Type %q", tc.path, r.header.Get("Stripe-Version"), r.header.Get("Content-Type"))
		}
	}
	req, _ := http.NewRequest(http.MethodGet, hs.srv.URL+"/v1/balance", nil)
	req.Header.Set("Authorization", "Bearer "+keyTest)
	req.Header.Set("Stripe-Version", "2025-09-30.clover")
	resp, err := hs.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Stripe-Version") != "2025-09-30.clover" {
		t.Errorf("Stripe-Version not echoed: %q", resp.Header.Get("Stripe-Version"))
	}
}
