package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// A platform's connected accounts are accounts of their own, the same for the same platform, and
// served only under Stripe-Account.
func TestConnectedAccountsAreSeparateAccounts(t *testing.T) {
	platform, err := New("tiny", 9, testNow)
	if err != nil {
		t.Fatal(err)
	}
	first, err := platform.AddConnected("")
	if err != nil {
		t.Fatal(err)
	}
	second, err := platform.AddConnected("")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{platform.Store.Account.ID: true, first.Store.Account.ID: true, second.Store.Account.ID: true}
	if len(ids) != 3 {
		t.Fatalf("account ids %v: want three different accounts", ids)
	}
	if first.Model.Seed != ConnectedSeed(9, 1) || second.Model.Seed != ConnectedSeed(9, 2) {
		t.Errorf("seeds %d %d", first.Model.Seed, second.Model.Seed)
	}
	again, err := New("tiny", 9, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := again.AddConnected(""); err != nil || c.Store.Account.ID != first.Store.Account.ID {
		t.Errorf("the same platform's first connected account is %v (%v), want %s", c.Store.Account.ID, err, first.Store.Account.ID)
	}
	if first.Store.Account.BusinessProfile.Name != "Connected Shop 1" || second.Store.Account.BusinessProfile.Name != "Connected Shop 2" {
		t.Errorf("names %q, %q", first.Store.Account.BusinessProfile.Name, second.Store.Account.BusinessProfile.Name)
	}

	rt, err := platform.RoundTripper()
	if err != nil {
		t.Fatal(err)
	}
	newestCustomer := func(account string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, "http://sim/v1/customers?limit=1", nil)
		req.Header.Set("Authorization", "Bearer "+DemoKey)
		if account != "" {
			req.Header.Set("Stripe-Account", account)
		}
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var l struct{ Data []struct{ ID string } }
		_ = json.Unmarshal(b, &l)
		if len(l.Data) == 0 {
			return resp.StatusCode, ""
		}
		return resp.StatusCode, l.Data[0].ID
	}
	_, own := newestCustomer("")
	status, conn := newestCustomer(second.Store.Account.ID)
	if status != 200 || conn == own {
		t.Errorf("the second connected account's newest customer is %q (HTTP %d), the platform's %q", conn, status, own)
	}
	if _, ok := second.Store.Lookup(objects.KindCustomer, conn); !ok {
		t.Errorf("customer %s is not the connected account's", conn)
	}
	if status, _ := newestCustomer("acct_1NotConnected0"); status != http.StatusForbidden {
		t.Errorf("an account not connected: HTTP %d, want 403", status)
	}
}
