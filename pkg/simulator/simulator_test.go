package simulator

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

var testNow = time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)

// storeDigest hashes every object of the store as JSON, in list order.
func storeDigest(t *testing.T, st *objects.Store) string {
	t.Helper()
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, v := range []any{st.Account, st.Balance, st.BalanceTransactions, st.Charges, st.Refunds, st.Disputes, st.Subscriptions,
		st.Prices, st.Products, st.Discounts, st.Coupons, st.Invoices, st.Customers, st.Payouts, st.Events} {
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestRenderedBytesAreDeterministic(t *testing.T) {
	a, err := New("tiny", 9, testNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New("tiny", 9, testNow)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New("tiny", 10, testNow)
	if err != nil {
		t.Fatal(err)
	}
	da, db, dc := storeDigest(t, a.Store), storeDigest(t, b.Store), storeDigest(t, c.Store)
	if da != db {
		t.Error("same inputs, different bytes")
	}
	if da == dc {
		t.Error("different seeds, same bytes")
	}
}

func get(t *testing.T, rt http.RoundTripper, key, path string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "https://api.stripe.com"+path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// The demo key reads everything through the in-process transport, and what it reads agrees with
// the truth (the balance) and the model (list sizes).
func TestRoundTripperServesTheAccount(t *testing.T) {
	a, err := New("tiny", 9, testNow)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := a.RoundTripper()
	if err != nil {
		t.Fatal(err)
	}
	code, body := get(t, rt, DemoKey, "/v1/balance")
	if code != 200 {
		t.Fatalf("balance: %d %s", code, body)
	}
	var bal struct {
		Available []struct {
			Amount   int64
			Currency string
		}
	}
	if err := json.Unmarshal(body, &bal); err != nil {
		t.Fatal(err)
	}
	for _, want := range a.DefaultTruth().Balance() {
		found := false
		for _, got := range bal.Available {
			if got.Currency == want.Currency {
				found = got.Amount == want.Available
			}
		}
		if !found {
			t.Errorf("served balance %+v, truth %+v", bal.Available, want)
		}
	}
	// Page through every balance transaction.
	n, after := 0, ""
	for {
		path := "/v1/balance_transactions?limit=100"
		if after != "" {
			path += "&starting_after=" + after
		}
		code, body := get(t, rt, DemoKey, path)
		if code != 200 {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		var page struct {
			Data    []struct{ ID string }
			HasMore bool `json:"has_more"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		n += len(page.Data)
		if !page.HasMore || len(page.Data) == 0 {
			break
		}
		after = page.Data[len(page.Data)-1].ID
	}
	if n != len(a.Model.Ledger) {
		t.Errorf("served %d balance transactions, model has %d", n, len(a.Model.Ledger))
	}
	if code, _ := get(t, rt, "rk_test_wrong", "/v1/charges"); code != 401 {
		t.Errorf("wrong key: %d, want 401", code)
	}
	for _, path := range []string{"/v1/subscriptions?status=all&limit=3", "/v1/invoices?limit=3", "/v1/charges?limit=3",
		"/v1/disputes", "/v1/events?limit=3", "/v1/payouts?limit=3", "/v1/customers?limit=3", "/v1/prices?limit=3", "/v1/coupons"} {
		if code, body := get(t, rt, DemoKey, path); code != 200 || !bytes.Contains(body, []byte(`"object":"list"`)) {
			t.Errorf("%s: %d %.200s", path, code, body)
		}
	}
}

func TestDemoStartIsFixed(t *testing.T) {
	a, err := Demo(testNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Demo(testNow.Add(36 * time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !a.Model.Start.Equal(b.Model.Start) || !a.Model.Start.Equal(DemoStart(DemoSeed)) {
		t.Fatalf("demo start moved: %v %v", a.Model.Start, b.Model.Start)
	}
	if len(b.Model.Ledger) <= len(a.Model.Ledger) {
		t.Fatal("a later demo has no more history")
	}
}

func TestUnknownProfile(t *testing.T) {
	if _, err := New("gigantic", 1, testNow); err == nil {
		t.Fatal("no error for an unknown profile")
	}
}
