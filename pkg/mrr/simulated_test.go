package mrr_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/mrr"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// testNow is the present of every simulated account here.
var testNow = time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC)

const testSeed = 7

// account is a generated account and what the fetchers read from it over HTTP.
type account struct {
	acct     *simulator.Account
	billing  *fetch.Billing
	invoices []records.Invoice // subscription invoices
}

var (
	accountsMu sync.Mutex
	accounts   = map[string]*account{}
)

// simulated generates profile, serves it on loopback as Stripe would and reads it through the
// plugin's own client and fetchers (once per test binary).
func simulated(t testing.TB, profile string) *account {
	t.Helper()
	accountsMu.Lock()
	defer accountsMu.Unlock()
	if a, ok := accounts[profile]; ok {
		return a
	}
	acct, err := simulator.New(profile, testSeed, testNow)
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := stripeapi.New(stripeapi.Config{APIKey: simulator.DemoKey, BaseURL: srv.URL, RateLimit: 100000, EndpointRateLimit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	invoices, err := fetch.Invoices(context.Background(), c, testNow, fetch.Paging{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := fetch.ReadBilling(context.Background(), c, testNow, fetch.Paging{})
	if err != nil {
		t.Fatal(err)
	}
	a := &account{acct: acct, billing: b, invoices: invoices.Subscription}
	accounts[profile] = a
	return a
}

func (a *account) input() mrr.Input {
	b := a.billing
	return mrr.Input{Now: testNow.Unix(), EventsFrom: b.EventsFrom, Subscriptions: b.Subscriptions, Invoices: a.invoices,
		Events: b.Events, Prices: b.Prices, Coupons: b.Coupons, PendingItems: b.PendingItems}
}

// optionPairs are the reconstruction's options with the truth's equivalent.
type optionPair struct {
	name  string
	ours  mrr.Options
	truth truth.Options
}

func optionPairs() []optionPair {
	def := mrr.DefaultOptions()
	all := def
	all.SubtractTemporaryDiscounts = true
	none := def
	none.SubtractForeverDiscounts = false
	cancel := def
	cancel.ChurnAtCancellation = true
	paused := def
	paused.PausedCountsMRR = true
	metered := def
	metered.Metered = mrr.MeteredLastInvoice
	return []optionPair{
		{"default", def, truth.DefaultOptions()},
		{"discounts=all", all, truth.Options{SubtractForeverDiscounts: true, SubtractTemporaryDiscounts: true}},
		{"discounts=none", none, truth.Options{}},
		{"churn=cancellation", cancel, truth.Options{SubtractForeverDiscounts: true, ChurnAtCancellation: true}},
		{"paused=value", paused, truth.Options{SubtractForeverDiscounts: true, PausedCountsMRR: true}},
		{"metered=last_invoice", metered, truth.Options{SubtractForeverDiscounts: true, MeteredLastInvoice: true}},
	}
}
