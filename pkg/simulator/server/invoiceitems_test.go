package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
)

// TestInvoiceItemsList: the sample account holds two pending proration items (a credit and a
// debit of one downgrade); the pending, customer and created filters select them as Stripe
// documents, one is retrievable by id, and a key without rak_invoice_read is refused.
func TestInvoiceItemsList(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	ids := func(path string) []string {
		t.Helper()
		var out []string
		for _, raw := range hs.get(t, keyTest, path).list(t).Data {
			var o struct {
				ID      string  `json:"id"`
				Invoice *string `json:"invoice"`
			}
			if err := json.Unmarshal(raw, &o); err != nil {
				t.Fatal(err)
			}
			if o.Invoice != nil {
				t.Errorf("%s: %s has an invoice; the sample's items are pending", path, o.ID)
			}
			out = append(out, o.ID)
		}
		return out
	}
	all := ids("/v1/invoiceitems")
	if len(all) != 2 {
		t.Fatalf("want the sample's 2 pending items, got %v", all)
	}
	if got := ids("/v1/invoiceitems?pending=true"); len(got) != 2 {
		t.Errorf("pending=true: want 2 items, got %v", got)
	}
	if got := ids("/v1/invoiceitems?pending=false"); len(got) != 0 {
		t.Errorf("pending=false: want none (every item is pending), got %v", got)
	}
	owner := hs.test.InvoiceItems[0].Customer
	if got := ids("/v1/invoiceitems?customer=" + owner); len(got) != 2 {
		t.Errorf("customer filter: want 2 items, got %v", got)
	}
	for _, c := range hs.test.Customers {
		if c.ID == owner {
			continue
		}
		if got := ids("/v1/invoiceitems?customer=" + c.ID); len(got) != 0 {
			t.Errorf("customer %s: want none, got %v", c.ID, got)
		}
	}
	date := hs.test.InvoiceItems[0].Date
	if got := ids("/v1/invoiceitems?created[gt]=" + strconv.FormatInt(date, 10)); len(got) != 0 {
		t.Errorf("created[gt] the items' date: want none, got %v", got)
	}
	if got := ids("/v1/invoiceitems?created[gte]=" + strconv.FormatInt(date, 10)); len(got) != 2 {
		t.Errorf("created[gte] the items' date: want 2, got %v", got)
	}
	if r := hs.get(t, keyTest, "/v1/invoiceitems/"+all[0]); r.status != http.StatusOK {
		t.Errorf("retrieve %s: status %d: %s", all[0], r.status, r.body)
	}
	if r := hs.get(t, keyTest, "/v1/invoiceitems?pending=maybe"); r.status != http.StatusBadRequest {
		t.Errorf("pending=maybe: want 400, got %d", r.status)
	}
	if r := hs.get(t, keyRkBTOnly, "/v1/invoiceitems"); r.status != http.StatusForbidden {
		t.Errorf("a key without %s: want 403, got %d", PermInvoice, r.status)
	}
}
