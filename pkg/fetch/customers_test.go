package fetch

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v85"
)

// customerFeed is an account of a few customers whose list and events the test changes: the
// simulator's customers never change, real ones are renamed and deleted.
type customerFeed struct {
	noClient
	mu        sync.Mutex
	customers []*stripe.Customer // newest first, as Stripe lists them
	events    []*stripe.Event
}

func (f *customerFeed) ListCustomers(_ context.Context, w Window, fn func(*stripe.Customer) error) error {
	f.mu.Lock()
	list := slices.Clone(f.customers)
	f.mu.Unlock()
	for _, c := range list {
		if w.Has(c.Created) {
			if err := fn(c); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *customerFeed) ListEvents(_ context.Context, w Window, types []string, fn func(*stripe.Event) error) error {
	f.mu.Lock()
	list := slices.Clone(f.events)
	f.mu.Unlock()
	for _, e := range list {
		if w.Has(e.Created) && slices.Contains(types, string(e.Type)) {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// change records an event about c at the given time, as Stripe does when a customer changes.
func (f *customerFeed) change(t *testing.T, typ string, c *stripe.Customer, at time.Time) {
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, &stripe.Event{ID: "evt_" + c.ID + typ, Type: stripe.EventType(typ), Created: at.Unix(),
		Data: &stripe.EventData{Raw: raw}})
}

// A renamed customer shows its new name and a deleted one leaves the cached list, as a fresh
// list from Stripe would show, from the events alone.
func TestCustomersFollowUpdatesAndDeletions(t *testing.T) {
	day := int64(secondsPerDay)
	start := t0.Unix() - 30*day
	ada := &stripe.Customer{ID: "cus_ada", Created: start + 3*day, Name: "Ada", Email: "ada@example.com"}
	bob := &stripe.Customer{ID: "cus_bob", Created: start + 2*day, Name: "Bob", Email: "bob@example.com"}
	cy := &stripe.Customer{ID: "cus_cy", Created: start + day, Name: "Cy", Email: "cy@example.com"}
	feed := &customerFeed{customers: []*stripe.Customer{ada, bob, cy}}
	clk := &clock{t: t0}
	s := NewStore(feed, Options{Now: clk.now})
	t.Cleanup(s.Close)

	read := func() map[string]Customer {
		t.Helper()
		out := map[string]Customer{}
		if err := s.Customers(context.Background(), Window{}, func(c Customer) { out[c.ID] = c }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := read(); len(got) != 3 || got["cus_bob"].Name != "Bob" {
		t.Fatalf("first read: %v", got)
	}

	// Bob is renamed, Cy deleted (Stripe's list no longer has Cy), and Di signs up.
	renamed := *bob
	renamed.Name, renamed.Email = "Robert", "robert@example.com"
	di := &stripe.Customer{ID: "cus_di", Created: t0.Unix() + 60, Name: "Di"}
	feed.mu.Lock()
	feed.customers = []*stripe.Customer{di, ada, &renamed}
	feed.mu.Unlock()
	feed.change(t, "customer.updated", &renamed, t0.Add(30*time.Second))
	feed.change(t, "customer.deleted", cy, t0.Add(40*time.Second))
	clk.set(t0.Add(2 * time.Minute))

	got := read()
	want := map[string]string{"cus_ada": "Ada", "cus_bob": "Robert", "cus_di": "Di"}
	if len(got) != len(want) {
		t.Errorf("after the changes: %v, want %v", got, want)
	}
	for id, name := range want {
		if got[id].Name != name {
			t.Errorf("%s: name %q, want %q", id, got[id].Name, name)
		}
	}
	if got["cus_bob"].Email != "robert@example.com" {
		t.Errorf("cus_bob: email %q, want the updated one", got["cus_bob"].Email)
	}
}
