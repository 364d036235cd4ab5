package server

import (
	"net/http"
	"strings"
	"testing"
)

// Invoice payments tie a payment intent (or a charge) to the invoice it pays: listed by invoice
// and status, retrieved by id, and included in the invoice on expand[]=payments.
func TestInvoicePaymentsListFiltersAndInclude(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	s := hs.test
	in1, in2 := s.Invoices[len(s.Invoices)-1], s.Invoices[0] // newest first: in2 is the open cycle invoice
	all := hs.get(t, keyTest, "/v1/invoice_payments").list(t)
	if len(all.Data) != 2 || all.URL != "/v1/invoice_payments" {
		t.Fatalf("list: %d payments, url %q", len(all.Data), all.URL)
	}
	got := hs.get(t, keyTest, "/v1/invoice_payments?invoice="+in1.ID).list(t)
	if len(got.Data) != 1 || member(t, decode(t, got.Data[0]), "payment.payment_intent") != "pi_3PiF0cLkdIwHu7ix1HiJkLmN" {
		t.Errorf("invoice=%s: %s", in1.ID, got.Data)
	}
	if n := len(hs.get(t, keyTest, "/v1/invoice_payments?status=open").list(t).Data); n != 1 {
		t.Errorf("status=open: %d, want 1", n)
	}
	if e := hs.get(t, keyTest, "/v1/invoice_payments?status=unpaid").apiErr(t, http.StatusBadRequest); !strings.Contains(e.Error.Message, "Invalid status") {
		t.Errorf("status=unpaid: %+v", e.Error)
	}
	if e := hs.get(t, keyTest, "/v1/invoice_payments?payment[type]=charge").apiErr(t, http.StatusBadRequest); e.Error.Param != "payment[type]" {
		t.Errorf("payment[type]: %+v", e.Error)
	}
	id := member(t, decode(t, got.Data[0]), "id").(string)
	one := hs.get(t, keyTest, "/v1/invoice_payments/"+id+"?expand[]=invoice").object(t)
	if member(t, one, "invoice.id") != in1.ID {
		t.Errorf("retrieve with invoice expanded: %v", one["invoice"])
	}
	// Included only when expanded, on retrieve and on the list.
	if _, ok := hs.get(t, keyTest, "/v1/invoices/"+in2.ID).object(t)["payments"]; ok {
		t.Error("payments must be absent unless expanded")
	}
	inv := hs.get(t, keyTest, "/v1/invoices/"+in2.ID+"?expand[]=payments").object(t)
	if member(t, inv, "payments.url") != "/v1/invoice_payments?invoice="+in2.ID || member(t, inv, "payments.has_more") != false {
		t.Errorf("payments envelope: %v", inv["payments"])
	}
	for _, raw := range hs.get(t, keyTest, "/v1/invoices?expand[]=data.payments").list(t).Data {
		in := decode(t, raw)
		data := member(t, in, "payments.data").([]any)
		if len(data) != 1 || member(t, data[0], "invoice") != in["id"] {
			t.Errorf("%s: payments %v", in["id"], data)
		}
	}
	// A restricted key without invoices cannot read them.
	if e := hs.get(t, keyRkBTOnly, "/v1/invoice_payments").apiErr(t, http.StatusForbidden); !strings.Contains(e.Error.Message, "rak_invoice_read") {
		t.Errorf("403: %q", e.Error.Message)
	}
}

// Refunds are listed by creation, by charge and by payment intent, in their presentment currency.
func TestRefundsList(t *testing.T) {
	hs := newHarness(t, nil, Knobs{})
	re := hs.test.Refunds[0]
	for _, q := range []string{"", "?charge=" + string(re.Charge), "?payment_intent=" + string(re.PaymentIntent)} {
		l := hs.get(t, keyTest, "/v1/refunds"+q).list(t)
		if ids := l.ids(t); len(ids) != 1 || ids[0] != re.ID {
			t.Errorf("refunds%s: %v", q, ids)
		}
	}
	if n := len(hs.get(t, keyTest, "/v1/refunds?charge=ch_none").list(t).Data); n != 0 {
		t.Errorf("charge=ch_none: %d refunds", n)
	}
	if e := hs.get(t, keyRkBTOnly, "/v1/refunds").apiErr(t, http.StatusForbidden); !strings.Contains(e.Error.Message, "rak_refund_read") {
		t.Errorf("403: %q", e.Error.Message)
	}
}
