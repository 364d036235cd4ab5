package server

import (
	"context"
	"errors"
	"net/http"
	"testing"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

func TestDefaultAPIVersionIsStripeGos(t *testing.T) {
	if DefaultAPIVersion != stripe.APIVersion {
		t.Fatalf("DefaultAPIVersion %q, stripe-go v85 pins %q", DefaultAPIVersion, stripe.APIVersion)
	}
}

func stripeClient(url, key string) *stripe.Client {
	return stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		URL:           stripe.String(url),
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
}

// TestStripeGoPagesThroughTheSimulator lists balance transactions with stripe-go across many
// pages with a created filter, forwards and backwards, and gets every object exactly once.
func TestStripeGoPagesThroughTheSimulator(t *testing.T) {
	s := pagingStore(t, 250)
	hs := newHarness(t, s, Knobs{})
	sc := stripeClient(hs.srv.URL, keyTest)
	ctx := context.Background()
	gte, lt := pageT0+300, pageT0+3000
	want := expectedOrder(s, func(b *objects.BalanceTransaction) bool { return b.Created >= gte && b.Created < lt })

	params := &stripe.BalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: gte, LesserThan: lt}}
	params.Limit = stripe.Int64(9)
	var got []string
	seen := map[string]bool{}
	for bt, err := range sc.V1BalanceTransactions.List(ctx, params).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[bt.ID] {
			t.Fatalf("%s returned twice", bt.ID)
		}
		seen[bt.ID] = true
		got = append(got, bt.ID)
		if bt.Created < gte || bt.Created >= lt {
			t.Fatalf("%s created %d outside the filter", bt.ID, bt.Created)
		}
	}
	if !equalStrings(got, want) {
		t.Fatalf("stripe-go forward:\n got %v\nwant %v", got, want)
	}
	pages := (len(want) + 8) / 9
	if n := hs.h.Counts().Of("GET /v1/balance_transactions", http.StatusOK); n != int64(pages) {
		t.Errorf("%d requests for %d objects, want %d pages", n, len(want), pages)
	}

	// Backwards from the 10th oldest: stripe-go yields the newer objects oldest first.
	anchor := want[len(want)-10]
	back := &stripe.BalanceTransactionListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: gte, LesserThan: lt}}
	back.Limit = stripe.Int64(4)
	back.EndingBefore = stripe.String(anchor)
	var gotBack, wantBack []string
	for i := len(want) - 11; i >= 0; i-- {
		wantBack = append(wantBack, want[i])
	}
	for bt, err := range sc.V1BalanceTransactions.List(ctx, back).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		gotBack = append(gotBack, bt.ID)
	}
	if !equalStrings(gotBack, wantBack) {
		t.Fatalf("stripe-go backward:\n got %v\nwant %v", gotBack, wantBack)
	}
}

// TestStripeGoSeesStripeErrors checks that errors arrive in stripe-go as *stripe.Error with the
// message, status and request id, and that stripe-go's retries work against injected faults.
func TestStripeGoSeesStripeErrors(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	ctx := context.Background()
	sc := stripeClient(hs.srv.URL, keyRkBTOnly)
	var serr *stripe.Error
	var err error
	for _, e := range sc.V1Charges.List(ctx, &stripe.ChargeListParams{}).All(ctx) {
		err = e
		break
	}
	if !errors.As(err, &serr) {
		t.Fatalf("want *stripe.Error, got %T %v", err, err)
	}
	want := "The provided key 'rk_test_********************AbC123' does not have the required permissions for this endpoint on account 'acct_1Nv0FGQ9RKHgCVdK'. Having the 'rak_charge_read' permission would allow this request to continue."
	if serr.HTTPStatusCode != http.StatusForbidden || serr.Msg != want || serr.Type != stripe.ErrorTypeInvalidRequest || serr.RequestID == "" {
		t.Errorf("403 as seen by stripe-go: status %d type %q msg %q request id %q", serr.HTTPStatusCode, serr.Type, serr.Msg, serr.RequestID)
	}

	secret := stripeClient(hs.srv.URL, keyTest)
	_, err = secret.V1Customers.Retrieve(ctx, "cus_missing", nil)
	if !errors.As(err, &serr) || serr.HTTPStatusCode != http.StatusNotFound || serr.Code != stripe.ErrorCodeResourceMissing || serr.Param != "id" {
		t.Errorf("404 as seen by stripe-go: %v", err)
	}

	// stripe-go v85 retries a lock_timeout 429 and a reset connection on its own; the call then
	// succeeds. It does not retry a 500 whose body is a Stripe error (*stripe.Error.canRetry is
	// false for it, and the Stripe-Should-Retry header is never consulted for Stripe errors).
	hs.h.SetKnobs(Knobs{Faults: []Fault{
		{Kind: FaultLockTimeout, Endpoint: "GET /v1/balance", Nth: 1},
		{Kind: FaultConnectionReset, Endpoint: "GET /v1/balance", Nth: 2},
		{Kind: FaultServerError, Endpoint: "GET /v1/balance", Nth: 4, ShouldRetry: "true"},
	}})
	hs.h.ResetCounts()
	if _, err := secret.V1Balance.Retrieve(ctx, nil); err != nil {
		t.Fatalf("stripe-go should retry through a lock_timeout and a reset: %v", err)
	}
	c := hs.h.Counts()
	if c.Of("GET /v1/balance", 429) != 1 || c.Of("GET /v1/balance", 0) != 1 || c.Of("GET /v1/balance", 200) != 1 {
		t.Errorf("retries: 429=%d reset=%d 200=%d, want 1 each", c.Of("GET /v1/balance", 429), c.Of("GET /v1/balance", 0), c.Of("GET /v1/balance", 200))
	}
	_, err = secret.V1Balance.Retrieve(ctx, nil)
	if !errors.As(err, &serr) || serr.HTTPStatusCode != http.StatusInternalServerError || serr.Type != stripe.ErrorTypeAPI {
		t.Errorf("500 as seen by stripe-go: %v", err)
	}
	if n := hs.h.Counts().Of("GET /v1/balance", 500); n != 1 {
		t.Errorf("stripe-go sent the failed request %d times, want 1 (no retry)", n)
	}
	// A rate-limit 429 is not retried by stripe-go: it surfaces.
	hs.h.SetKnobs(Knobs{RateLimit: RateLimit{Test: 0.001, Burst: 1}})
	_, _ = secret.V1Balance.Retrieve(ctx, nil)
	_, err = secret.V1Balance.Retrieve(ctx, nil)
	if !errors.As(err, &serr) || serr.HTTPStatusCode != http.StatusTooManyRequests || serr.Code != stripe.ErrorCodeRateLimit {
		t.Errorf("rate limit as seen by stripe-go: %v", err)
	}
}
