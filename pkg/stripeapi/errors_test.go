package stripeapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stripe/stripe-go/v85"
)

// Stripe's 401 and 403 messages as documented (STRIPE-API-SHAPES.md §2), with the masked key
// rewritten to mask testKey the way Stripe masks: prefix, asterisks, last 4 (401) or 6 (403).
var (
	msg401 = "Invalid API Key provided: rk_test_**********************" + testKey[len(testKey)-4:]
	msg403 = "The provided key 'rk_test_" + strings.Repeat("*", 93) + testKey[len(testKey)-6:] +
		"' does not have the required permissions for this endpoint on account 'acct_1PJBLEBBLEfV'. " +
		"Having the 'rak_charge_read' permission would allow this request to continue."
	msg403New = "Permission denied. The provided key 'rk_test_***..." + testKey[len(testKey)-6:] +
		"' does not have the required permissions. Enabling \"Prices Read\" ('plan_read') permissions on this key would allow this request to continue."
	msg403Restricted = "The provided key 'rk_test_*****" + testKey[len(testKey)-6:] +
		"' does not have access to account 'acct_1PJBLEBBLEfV' (or that account does not exist). This is a restricted API key, but the required permissions are not available for use by restricted keys."
	msg403KYC = "The provided key 'rk_test_*********qs8Kgd' does not have the required permissions for this endpoint on account 'acct_1PJBLEBBLEfV'. Having the 'rak_accounts_kyc_id_numbers_read' permission would allow this request to continue."
)

func answer(status int, reqID, code, msg string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) { stripeError(w, status, reqID, code, msg) }
}

func TestAuthError(t *testing.T) {
	f := newFake(t, answer(401, "req_401", "", msg401))
	c := newTestClient(t, f.URL)
	_, err := c.Balance(context.Background())
	e := mustKind(t, err, KindAuth)
	want := "Stripe refused the API key (HTTP 401: Invalid API Key provided: [redacted key]). The key may have been rolled, deleted or mistyped; " +
		"paste a current key from the Stripe Dashboard (Developers → API keys) into the data source settings. (Stripe request id req_401)"
	if err.Error() != want {
		t.Errorf("message:\n got %s\nwant %s", err, want)
	}
	if e.Status != 401 || len(f.requests()) != 1 {
		t.Errorf("status %d after %d requests; a 401 is never retried", e.Status, len(f.requests()))
	}
}

func TestExpiredKey(t *testing.T) {
	f := newFake(t, answer(401, "req_exp", "api_key_expired", "Expired API Key provided: rk_test_***"+testKey[len(testKey)-4:]))
	c := newTestClient(t, f.URL)
	_, err := c.Balance(context.Background())
	mustKind(t, err, KindAuth)
	if !strings.Contains(err.Error(), "it has expired") {
		t.Errorf("message: %s", err)
	}
}

func TestPermissionErrors(t *testing.T) {
	cases := []struct {
		name, msg, wantPerm, wantMsg string
	}{
		{"having phrasing", msg403, "rak_charge_read",
			"Stripe refused the key: it is missing the 'rak_charge_read' permission. Edit the restricted key in the Stripe Dashboard (Developers → API keys) and allow Charges: Read."},
		{"enabling phrasing", msg403New, "rak_plan_read",
			"Stripe refused the key: it is missing the 'rak_plan_read' permission. Edit the restricted key in the Stripe Dashboard (Developers → API keys) and allow Prices: Read."},
		{"permission outside the catalog", msg403KYC, "rak_accounts_kyc_id_numbers_read",
			"Stripe refused the key: it is missing the 'rak_accounts_kyc_id_numbers_read' permission. Edit the restricted key in the Stripe Dashboard (Developers → API keys) and allow that permission (Read)."},
		{"not for restricted keys", msg403Restricted, "",
			"Stripe does not let restricted keys call GET /v1/balance: no permission that a restricted key can have allows it. Features that need it are unavailable with this key; an administrator can use a secret key instead by enabling \"Allow secret key\" in the data source settings."},
		{"no permission named: the catalog's", "Forbidden.", "rak_balance_read",
			"Stripe refused the key: it is missing the 'rak_balance_read' permission. Edit the restricted key in the Stripe Dashboard (Developers → API keys) and allow Balance: Read."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, answer(403, "req_403", "", tc.msg))
			c := newTestClient(t, f.URL)
			_, err := c.Balance(context.Background())
			e := mustKind(t, err, KindPermission)
			if e.Permission != tc.wantPerm {
				t.Errorf("permission = %q, want %q", e.Permission, tc.wantPerm)
			}
			if e.Message != tc.wantMsg {
				t.Errorf("message:\n got %s\nwant %s", e.Message, tc.wantMsg)
			}
			if e.RequestID != "req_403" || !strings.HasSuffix(err.Error(), "(Stripe request id req_403)") {
				t.Errorf("request id lost: %q / %s", e.RequestID, err)
			}
			assertNoKey(t, testKey, err.Error())
		})
	}
}

func TestNotFound(t *testing.T) {
	f := newFake(t, answer(404, "req_404", "resource_missing", "No such invoice: 'in_missing'"))
	c := newTestClient(t, f.URL)
	err := c.ListInvoiceLines(context.Background(), "in_missing", func(*stripe.InvoiceLineItem) error { return nil })
	mustKind(t, err, KindNotFound)
	if !strings.Contains(err.Error(), "Stripe found nothing at GET /v1/invoices/in_missing/lines (No such invoice: 'in_missing').") {
		t.Errorf("message: %s", err)
	}
}

func TestNetworkError(t *testing.T) {
	// A port nothing listens on: take one and close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := newTestClient(t, "http://"+addr)
	_, err = c.Balance(context.Background())
	e := mustKind(t, err, KindNetwork)
	for _, s := range []string{"Could not reach Stripe at http://" + addr, "connection refused", "3 attempts", "proxy and firewall"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message lacks %q: %s", s, err)
		}
	}
	if e.Retries != 2 || c.Stats().Requests != 3 {
		t.Errorf("retries %d, requests %d; connection errors are retried", e.Retries, c.Stats().Requests)
	}
	if !IsDownstream(err) {
		t.Error("network errors to Stripe are downstream")
	}
}

func TestTimeout(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		select { // hang until the client gives up
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.Timeout = 50 * time.Millisecond; cfg.MaxRetries = 1 })
	_, err := c.Balance(context.Background())
	mustKind(t, err, KindTimeout)
	want := "Stripe did not answer GET /v1/balance within 50ms (2 attempts)."
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message:\n %s\nwant it to contain\n %s", err, want)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("errors.Is(err, context.DeadlineExceeded) should hold for a timeout")
	}
}

func TestTimeoutWhileReadingTheBody(t *testing.T) {
	// Headers arrive, the body stalls: the per-attempt timeout covers reading the answer.
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"object":"balance",`))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.Timeout = 50 * time.Millisecond; cfg.MaxRetries = -1 })
	_, err := c.Balance(context.Background())
	mustKind(t, err, KindTimeout)
}

func TestCancellationDuringBackoffIsPrompt(t *testing.T) {
	f := newFake(t, answer(500, "req_500", "", "boom"))
	// A 10s backoff: if cancellation did not interrupt it, the call would take 10s.
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RetryBaseDelay = 10 * time.Second; cfg.RetryMaxDelay = 10 * time.Second })
	c.tr.jitter = func() float64 { return 1 }
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Balance(ctx)
	elapsed := time.Since(start)
	e := mustKind(t, err, KindCanceled)
	if elapsed > 2*time.Second {
		t.Errorf("returned %v after cancel; the backoff must stop at once", elapsed)
	}
	if !errors.Is(err, context.Canceled) {
		t.Error("errors.Is(err, context.Canceled) should hold")
	}
	if e.Message != "The request to Stripe was canceled before it finished." {
		t.Errorf("message: %s", e.Message)
	}
}

func TestCancellationWhileWaitingForBudget(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, "", balanceBody) })
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 0.1 }) // one request per 10s
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Balance(ctx)
	mustKind(t, err, KindCanceled)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned %v after cancel; waiting for the budget must stop at once", d)
	}
}

func TestDeadlineShorterThanBudgetWait(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { writeJSON(w, 200, "", balanceBody) })
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 0.1 })
	if _, err := c.Balance(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.Balance(ctx)
	mustKind(t, err, KindTimeout)
	if !strings.Contains(err.Error(), "request budget (0.1 requests/s)") {
		t.Errorf("message should blame the budget: %s", err)
	}
}

// A deadline that runs out in the budget's queue (a waiter of another endpoint went first, which
// the up-front estimate cannot count on) blames the budget too, not Stripe.
func TestDeadlinePassingInTheBudgetQueue(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/v1/charges" {
			serveList(w, r, charges(1))
			return
		}
		writeJSON(w, 200, "", balanceBody)
	})
	c := newTestClient(t, f.URL, func(cfg *Config) { cfg.RateLimit = 10 }) // one request every 110 ms
	// A manual clock that starts now and stands still: the caller's real deadline passes while
	// nobody may leave.
	clk := &manualClock{origin: time.Now()}
	c.tr.pacer = newPacer(clk, c.rate, c.endpointRate)
	if _, err := c.Balance(context.Background()); err != nil { // leaves at 0
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() { // queued first: may leave at 110 ms
		if err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil }); err != nil {
			t.Error(err)
		}
	})
	settle(t, c.tr.pacer, 2)
	// Alone on its endpoint the balance could leave at 110 ms, within its 150 ms, so it is not
	// refused up front; behind the charges it would leave at 220 ms.
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	_, err := c.Balance(ctx)
	clk.advance(time.Second)
	wg.Wait()
	mustKind(t, err, KindTimeout)
	if !strings.Contains(err.Error(), "while waiting for the data source's request budget (10 requests/s) before GET /v1/balance") {
		t.Errorf("message should blame the budget: %s", err)
	}
}

func TestAnswerThatIsNotStripes(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = w.Write([]byte("<html><body>Bad gateway</body></html>"))
	})
	c := newTestClient(t, f.URL)
	_, err := c.Balance(context.Background())
	e := mustKind(t, err, KindStripeServer)
	if e.Status != 502 || !strings.Contains(err.Error(), "HTTP 502 and a body that is not a Stripe error") || strings.Contains(err.Error(), "<html>") {
		t.Errorf("status %d, message %s", e.Status, err)
	}
}

func TestUnreadableSuccess(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte("<html>captive portal</html>"))
	})
	c := newTestClient(t, f.URL)
	_, err := c.Balance(context.Background())
	// Stripe always answers JSON: a 2xx that is not is something on the way (a body cut off
	// and re-framed, a captive portal), retried like any other network fault.
	e := mustKind(t, err, KindNetwork)
	if !strings.Contains(err.Error(), "Stripe's answer to GET /v1/balance was cut off or is not JSON (HTTP 200, 2 retries)") ||
		strings.Contains(err.Error(), "captive") {
		t.Errorf("message: %s", err)
	}
	if n := len(f.requests()); n != 3 || e.Retries != 2 {
		t.Errorf("%d requests, %d retries; want 1 + 2 retries", n, e.Retries)
	}
}

func TestRedirectRefused(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Redirect(w, r, "https://elsewhere.example/v1/balance", http.StatusFound)
	})
	c := newTestClient(t, f.URL)
	_, err := c.Balance(context.Background())
	mustKind(t, err, KindConfig)
	if len(f.requests()) != 1 {
		t.Error("the redirect was followed")
	}
}

// TestKeyNeverInErrors runs every failure this package can report with Stripe messages that
// quote the key (masked as Stripe does, in full, and as a bare tail) and checks no tail of the
// key of 4 or more characters survives in the error string.
func TestKeyNeverInErrors(t *testing.T) {
	tail4, tail6 := testKey[len(testKey)-4:], testKey[len(testKey)-6:]
	messages := []string{
		msg401, msg403, msg403New, msg403Restricted,
		"Invalid API Key provided: " + testKey,
		"The key ending in " + tail6 + " is not valid.",
		"key=" + testKey[8:],
		"Expired API Key provided: rk_test_…" + tail4 + ".",
		"sk_live_" + strings.Repeat("*", 20) + tail4 + " and pk_test_abc",
	}
	statuses := []int{400, 401, 403, 404, 409, 429, 500}
	var texts []string
	for _, m := range messages {
		for _, s := range statuses {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Stripe-Should-Retry", "false")
				stripeError(w, s, "req_"+tail6, "", m)
			})
			c := newTestClient(t, f.URL)
			_, err := c.Balance(context.Background())
			if err == nil {
				t.Fatal("no error")
			}
			texts = append(texts, err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err))
			err = c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
			texts = append(texts, err.Error())
			f.Close()
		}
	}
	c := newTestClient(t, "http://127.0.0.1:1")
	texts = append(texts, c.String(), fmt.Sprintf("%v %+v %#v", c, c, c), fmt.Sprintf("%v %+v %#v", *c, *c, *c))
	cfg := Config{APIKey: testKey}
	texts = append(texts, fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg))
	for _, text := range texts {
		assertNoKey(t, testKey, text)
	}
}

func TestRedactorMasks(t *testing.T) {
	r := redactor{}
	cases := map[string]string{
		"Invalid API Key provided: sk_test_**********************Aso0": "Invalid API Key provided: [redacted key]",
		"key 'rk_test_****qs8Kgd' on account":                          "key '[redacted key]' on account",
		"rk_live_...qs8Kgd.":                                           "[redacted key].",
		"pk_live_abcDEF123 and sk_live_xyz":                            "[redacted key] and [redacted key]",
		"No such customer: 'cus_PD6LSQd0tEf6Dh'":                       "No such customer: 'cus_PD6LSQd0tEf6Dh'",
		"risk_test_ok":                                                 "risk_test_ok",
	}
	for in, want := range cases {
		if got := r.clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDownstreamMarking(t *testing.T) {
	downstream := []Kind{KindConfig, KindAuth, KindPermission, KindRateLimited, KindNotFound, KindInvalidRequest,
		KindStripeServer, KindNetwork, KindTimeout, KindCanceled}
	for _, k := range downstream {
		err := &Error{Kind: k, Message: "m"}
		if !IsDownstream(err) {
			t.Errorf("%s should be downstream", k)
		}
		marked := MarkDownstream(fmt.Errorf("query A: %w", err))
		if !backend.IsDownstreamError(marked) {
			t.Errorf("%s: the SDK does not see the marked error as downstream", k)
		}
		if KindOf(marked) != k {
			t.Errorf("%s: *Error lost after marking", k)
		}
		if marked.Error() != "query A: m" {
			t.Errorf("marking changed the text: %q", marked.Error())
		}
	}
	for _, k := range []Kind{KindInvalidArgument, KindPageLimit} {
		err := &Error{Kind: k, Message: "m"}
		if IsDownstream(err) || MarkDownstream(err) != error(err) {
			t.Errorf("%s is the plugin's own error, not downstream", k)
		}
	}
	if IsDownstream(errors.New("callback failed")) {
		t.Error("foreign errors are not downstream")
	}
}
