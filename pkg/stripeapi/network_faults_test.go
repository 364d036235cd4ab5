package stripeapi

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
)

// servedAccount serves the simulator's "small" account (about 330 list pages of the resources
// read below) over HTTP/1 on loopback, where a connection reset is a real TCP reset.
func servedAccount(t *testing.T, knobs server.Knobs) (*simulator.Account, *server.Handler, string) {
	t.Helper()
	acct, err := simulator.New("small", 7, time.Date(2026, 11, 20, 15, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	h, err := acct.Handler()
	if err != nil {
		t.Fatal(err)
	}
	h.SetKnobs(knobs)
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.Close(); srv.Close() })
	return acct, h, srv.URL
}

func faultyClient(t *testing.T, url string) *Client {
	return newTestClient(t, url, func(cfg *Config) {
		cfg.APIKey = simulator.DemoKey
		cfg.MaxRetries = 4
	})
}

// readEverything lists the resources a dashboard reads in full and returns their ids by resource.
func readEverything(t *testing.T, c *Client) map[string][]string {
	t.Helper()
	ctx := context.Background()
	got := map[string][]string{}
	add := func(res, id string) { got[res] = append(got[res], id) }
	all := Window{}
	for res, list := range map[string]func() error{
		"balance_transactions": func() error {
			return c.ListBalanceTransactions(ctx, all, func(o *stripe.BalanceTransaction) error { add("balance_transactions", o.ID); return nil })
		},
		"charges": func() error {
			return c.ListCharges(ctx, all, func(o *stripe.Charge) error { add("charges", o.ID); return nil })
		},
		"customers": func() error {
			return c.ListCustomers(ctx, all, func(o *stripe.Customer) error { add("customers", o.ID); return nil })
		},
		"subscriptions": func() error {
			return c.ListSubscriptions(ctx, all, func(o *stripe.Subscription) error { add("subscriptions", o.ID); return nil })
		},
		"payouts": func() error {
			return c.ListPayouts(ctx, all, func(o *stripe.Payout) error { add("payouts", o.ID); return nil })
		},
		"disputes": func() error {
			return c.ListDisputes(ctx, all, func(o *stripe.Dispute) error { add("disputes", o.ID); return nil })
		},
	} {
		if err := list(); err != nil {
			t.Fatalf("%s: %v", res, err)
		}
	}
	return got
}

// truthIDs are the ids the simulator's store holds, the ground truth of a full read.
func truthIDs(acct *simulator.Account) map[string][]string {
	s := acct.Store
	ids := map[string][]string{}
	for i := range s.BalanceTransactions {
		ids["balance_transactions"] = append(ids["balance_transactions"], s.BalanceTransactions[i].ID)
	}
	for i := range s.Charges {
		ids["charges"] = append(ids["charges"], s.Charges[i].ID)
	}
	for i := range s.Customers {
		ids["customers"] = append(ids["customers"], s.Customers[i].ID)
	}
	for i := range s.Subscriptions {
		ids["subscriptions"] = append(ids["subscriptions"], s.Subscriptions[i].ID)
	}
	for i := range s.Payouts {
		ids["payouts"] = append(ids["payouts"], s.Payouts[i].ID)
	}
	for i := range s.Disputes {
		ids["disputes"] = append(ids["disputes"], s.Disputes[i].ID)
	}
	return ids
}

// Under a 5% rate of resets (and separately of cut-off bodies) every list is read whole, and
// each fault the server injected cost exactly one retry.
func TestFullReadSurvivesNetworkFaults(t *testing.T) {
	for _, kind := range []server.FaultKind{server.FaultConnectionReset, server.FaultTruncated} {
		t.Run(kind.String(), func(t *testing.T) {
			acct, h, url := servedAccount(t, server.Knobs{Seed: 11, Faults: []server.Fault{{Kind: kind, Probability: 0.05}}})
			c := faultyClient(t, url)
			got := readEverything(t, c)
			want := truthIDs(acct)
			for res, ids := range want {
				g := slices.Sorted(slices.Values(got[res]))
				w := slices.Sorted(slices.Values(ids))
				if !slices.Equal(g, w) {
					t.Errorf("%s: read %d objects, the account has %d", res, len(g), len(w))
				}
			}
			injected := h.Counts().Faults(kind)
			s := c.Stats()
			t.Logf("%s: %d requests, %d faults injected, %d retries", kind, s.Requests, injected, s.Retries)
			if injected == 0 {
				t.Fatal("no fault was injected: the test would prove nothing")
			}
			if s.Retries != injected {
				t.Errorf("%d retries for %d injected faults; each fault must be retried once, nothing else", s.Retries, injected)
			}
		})
	}
}

// When every answer breaks, the error says what happened after the last retry.
func TestEveryAnswerBrokenEndsWithANamedError(t *testing.T) {
	for _, tc := range []struct {
		kind server.FaultKind
		want []string // one of them
	}{
		// A reset that arrives after the half body was read surfaces as the early end of it.
		{server.FaultConnectionReset, []string{
			"The connection to Stripe was reset while reading the answer to GET /v1/charges (4 retries).",
			"Stripe's answer to GET /v1/charges was cut off before its end (4 retries).",
		}},
		{server.FaultTruncated, []string{"Stripe's answer to GET /v1/charges was cut off or is not JSON (HTTP 200, 4 retries)."}},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			_, h, url := servedAccount(t, server.Knobs{Faults: []server.Fault{{Kind: tc.kind, Endpoint: "GET /v1/charges", Probability: 1}}})
			c := faultyClient(t, url)
			err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { return nil })
			e := mustKind(t, err, KindNetwork)
			t.Log(err)
			if !slices.ContainsFunc(tc.want, func(w string) bool { return strings.Contains(err.Error(), w) }) {
				t.Errorf("message:\n %s\nwant one of %q", err, tc.want)
			}
			if e.Retries != 4 || h.Counts().Faults(tc.kind) != 5 {
				t.Errorf("%d retries, %d faults at the server; want 4 and 1 + 4", e.Retries, h.Counts().Faults(tc.kind))
			}
			if !IsDownstream(err) || strings.Contains(err.Error(), "not the JSON Stripe sends") {
				t.Errorf("downstream %v: %s", IsDownstream(err), err)
			}
			assertNoKey(t, simulator.DemoKey, err.Error())
		})
	}
}
