// Package contract checks pkg/stripeapi's requests against stripe-mock, Stripe's own mock
// server, which validates every request against Stripe's OpenAPI spec and answers 400 to
// unknown parameters, wrong enum values and malformed filters. It proves the parameters this
// package sends exist in Stripe's API; it says nothing about the data, which are fixtures.
package contract

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"go/build"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
	"github.com/stripe/stripe-go/v85"
)

// stripe-mock accepts rk_test_ keys of three underscore-separated parts.
const mockKey = "rk_test_contract0123456789"

// One stripe-mock serves every test of the package: starting it takes seconds.
var (
	mockURL     string // base URL of the running stripe-mock, "" if it is not running
	mockMissing string // why it is not running
)

func TestMain(m *testing.M) {
	stop, err := startStripeMock()
	if err != nil {
		mockMissing = err.Error()
	}
	code := m.Run()
	stop()
	os.Exit(code)
}

// mock returns stripe-mock's base URL, or skips the test (fails it when CI=true) if stripe-mock
// is not available.
func mock(t *testing.T) string {
	t.Helper()
	if mockURL != "" {
		return mockURL
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(mockMissing)
	}
	t.Skip(mockMissing)
	return ""
}

// findStripeMock looks on PATH, then in GOPATH/bin where `go install` puts it.
func findStripeMock() (string, error) {
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	for _, dir := range filepath.SplitList(build.Default.GOPATH) {
		p := filepath.Join(dir, "bin", "stripe-mock")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", errors.New("stripe-mock not found on PATH or in GOPATH/bin; install it with: go install github.com/stripe/stripe-mock@v0.203.0")
}

var listening = regexp.MustCompile(`Listening for HTTP at address: (\S+)`)

// startStripeMock runs stripe-mock on loopback ports the system picks (HTTPS too, so it never
// takes its default port 12112 on every interface), waits until it answers, and sets mockURL.
// stop ends the process.
func startStripeMock() (stop func(), err error) {
	stop = func() {}
	bin, err := findStripeMock()
	if err != nil {
		return stop, err
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return stop, err
	}
	cmd.Stderr = cmd.Stdout // stripe-mock logs its address on stderr
	if err := cmd.Start(); err != nil {
		return stop, fmt.Errorf("starting %s: %w", bin, err)
	}
	stop = func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}

	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, out) // keep draining so stripe-mock never blocks on logging
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(30 * time.Second):
		return stop, errors.New("stripe-mock did not report its address within 30s")
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, base+"/v1/balance", nil)
		req.Header.Set("Authorization", "Bearer "+mockKey)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				mockURL = base
				return stop, nil
			}
		}
		if time.Now().After(deadline) {
			return stop, fmt.Errorf("stripe-mock at %s does not answer: %v", base, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestStripeMockRejectsUnknownParameters shows the oracle has teeth: if stripe-mock accepted
// anything, the other tests would prove nothing.
func TestStripeMockRejectsUnknownParameters(t *testing.T) {
	base := mock(t)
	for _, q := range []string{"/v1/charges?no_such_param=1", "/v1/invoices?status=unpaid", "/v1/subscriptions?status=sometimes"} {
		req, _ := http.NewRequest(http.MethodGet, base+q, nil)
		req.Header.Set("Authorization", "Bearer "+mockKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s: HTTP %d, want 400", q, resp.StatusCode)
		}
	}
}

// TestEveryReadIsAccepted drives every list and get function with the parameters production
// uses and requires stripe-mock to accept each request: for the key's own account, and for a
// connected account (every request then carries Stripe-Account, which stripe-mock, like Stripe,
// takes on every operation).
func TestEveryReadIsAccepted(t *testing.T) {
	t.Run("own account", func(t *testing.T) { everyReadIsAccepted(t, "") })
	t.Run("connected account", func(t *testing.T) { everyReadIsAccepted(t, "acct_1032D82eZvKYlo2C") })
}

func everyReadIsAccepted(t *testing.T, connectedAccount string) {
	base := mock(t)
	c, err := stripeapi.New(stripeapi.Config{
		APIKey:            mockKey,
		ConnectedAccount:  connectedAccount,
		BaseURL:           base,
		RateLimit:         200,
		EndpointRateLimit: 200,
		// stripe-mock serves fixtures; should one ever claim has_more forever, stop with an
		// explicit page-limit error (accepted below) instead of looping. Nothing is truncated
		// silently: the limit is an error.
		MaxPages:   3,
		MaxRetries: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// A realistic window: the 30 days before now.
	now := time.Now()
	w := stripeapi.WindowFor(now.AddDate(0, 0, -30), now)

	var invoiceID, subscriptionID string
	counts := map[string]int{}
	count := func(name string) func() { return func() { counts[name]++ } }
	check := func(name string, err error) {
		t.Helper()
		if err != nil && stripeapi.KindOf(err) != stripeapi.KindPageLimit {
			t.Errorf("%s: stripe-mock refused or failed (%s): %v", name, stripeapi.KindOf(err), err)
		}
	}

	check("ListBalanceTransactions", c.ListBalanceTransactions(ctx, w, each[*stripe.BalanceTransaction](count("balance_transactions"))))
	check("ListCharges", c.ListCharges(ctx, w, each[*stripe.Charge](count("charges"))))
	check("ListDisputes", c.ListDisputes(ctx, w, each[*stripe.Dispute](count("disputes"))))
	check("ListPayouts", c.ListPayouts(ctx, w, each[*stripe.Payout](count("payouts"))))
	check("ListRefundTransactions (type filter, source expanded)", c.ListRefundTransactions(ctx, w, each[*stripe.BalanceTransaction](count("refund balance transactions"))))
	for _, status := range append([]string{""}, stripeapi.InvoiceStatuses...) {
		check("ListInvoices status="+status, c.ListInvoices(ctx, w, status, func(in *stripe.Invoice) error {
			counts["invoices"]++
			invoiceID = in.ID
			return nil
		}))
	}
	check("ListSubscriptions", c.ListSubscriptions(ctx, w, func(s *stripe.Subscription) error {
		counts["subscriptions"]++
		subscriptionID = s.ID
		return nil
	}))
	check("ListPrices", c.ListPrices(ctx, w, each[*stripe.Price](count("prices"))))
	check("ListPricesActive active=false", c.ListPricesActive(ctx, w, false, each[*stripe.Price](count("prices"))))
	check("ListRefunds", c.ListRefunds(ctx, w, each[*stripe.Refund](count("refunds"))))
	check("ListProducts", c.ListProducts(ctx, w, each[*stripe.Product](count("products"))))
	check("ListCustomers", c.ListCustomers(ctx, w, each[*stripe.Customer](count("customers"))))
	check("ListCoupons", c.ListCoupons(ctx, w, each[*stripe.Coupon](count("coupons"))))
	check("ListInvoiceItems pending=true", c.ListInvoiceItems(ctx, w, true, each[*stripe.InvoiceItem](count("invoice_items"))))
	check("ListInvoiceItems", c.ListInvoiceItems(ctx, w, false, each[*stripe.InvoiceItem](count("invoice_items"))))
	check("ListEvents (no filter)", c.ListEvents(ctx, w, nil, each[*stripe.Event](count("events"))))
	check("ListEvents (types, split in groups of 20)", c.ListEvents(ctx, w, eventTypes, each[*stripe.Event](count("events"))))
	check("ListEvents (open window)", c.ListEvents(ctx, stripeapi.Window{}, eventTypes[:3], each[*stripe.Event](count("events"))))

	if invoiceID == "" || subscriptionID == "" {
		t.Fatalf("stripe-mock returned no invoice (%q) or subscription (%q) to read lines and items of", invoiceID, subscriptionID)
	}
	check("ListInvoiceLines", c.ListInvoiceLines(ctx, invoiceID, each[*stripe.InvoiceLineItem](count("invoice_lines"))))
	check("ListInvoicePayments", c.ListInvoicePayments(ctx, invoiceID, each[*stripe.InvoicePayment](count("invoice_payments"))))
	check("ListSubscriptionItems", c.ListSubscriptionItems(ctx, subscriptionID, each[*stripe.SubscriptionItem](count("subscription_items"))))
	// Objects of events in API versions the plugin cannot read are retrieved by id, with the
	// expansions their list reads make (stripe-mock's fixture ids do the job of real ones).
	for _, o := range [][2]string{{"subscription", subscriptionID}, {"invoice", invoiceID}, {"charge", "ch_1"}, {"dispute", "dp_1"}} {
		raw, err := c.RetrieveObject(ctx, o[0], o[1])
		check("RetrieveObject "+o[0], err)
		if err == nil && len(raw) > 0 {
			counts["retrieved"]++
		}
	}

	if _, err := c.Balance(ctx); err != nil {
		t.Errorf("Balance: %v", err)
	}
	if _, err := c.Account(ctx); err != nil {
		t.Errorf("Account: %v", err)
	}
	for _, r := range catalog.Get().Resources {
		check("Probe "+r.ID, c.Probe(ctx, r.ID))
	}

	// Each list delivered its fixture: the responses decoded into the pinned stripe-go types.
	for _, name := range []string{"balance_transactions", "charges", "disputes", "payouts", "invoices", "subscriptions",
		"prices", "products", "customers", "coupons", "events", "invoice_lines", "subscription_items", "invoice_items", "retrieved",
		"refunds", "invoice_payments"} {
		if counts[name] == 0 {
			t.Errorf("%s: no objects delivered", name)
		}
	}
	t.Logf("objects per list: %v; %s", counts, statsLine(c.Stats()))
}

// TestErrorsFromStripeMock checks an error built from a real Stripe-shaped answer: stripe-mock
// refuses a malformed key with 401, which must map to an authentication error without the key.
func TestErrorsFromStripeMock(t *testing.T) {
	base := mock(t)
	// stripe-mock refuses keys not of the form sk|rk _ test _ x; this one has four parts.
	c, err := stripeapi.New(stripeapi.Config{APIKey: "rk_test_bad_key", BaseURL: base, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Balance(context.Background())
	var e *stripeapi.Error
	if !errors.As(err, &e) || e.Kind != stripeapi.KindAuth || e.Status != http.StatusUnauthorized {
		t.Fatalf("want an auth error with HTTP 401, got %v", err)
	}
	if strings.Contains(err.Error(), "bad_key") {
		t.Errorf("the key leaked into the error: %s", err)
	}
}

// eventTypes are 22 real event names the subscription metrics read, so the list is split.
var eventTypes = []string{
	"customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted",
	"customer.subscription.paused", "customer.subscription.resumed", "customer.subscription.trial_will_end",
	"customer.subscription.pending_update_applied", "customer.subscription.pending_update_expired",
	"invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_failed", "invoice.voided",
	"invoice.marked_uncollectible", "invoice.updated", "charge.succeeded", "charge.failed", "charge.refunded",
	"charge.dispute.created", "charge.dispute.closed", "payout.paid", "payout.failed",
}

func each[T any](f func()) func(T) error { return func(T) error { f(); return nil } }

func statsLine(s stripeapi.Stats) string {
	return fmt.Sprintf("%d requests, %d retries", s.Requests, s.Retries)
}
