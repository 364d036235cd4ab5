package objects_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// rawEvents renders fixed payloads, standing in for the generator's event source.
type rawEvents map[int32][2]string

func (r rawEvents) EventPayload(ref int32) (json.RawMessage, json.RawMessage, error) {
	p := r[ref]
	var prev json.RawMessage
	if p[1] != "" {
		prev = json.RawMessage(p[1])
	}
	return json.RawMessage(p[0]), prev, nil
}

// An event whose payload comes from a source marshals exactly as one holding the payload.
func TestEventSourceMarshalsLikeRawPayload(t *testing.T) {
	src := rawEvents{1: {`{"id":"in_1","object":"invoice","note":"<&>"}`, ""}, 2: {`{"id":"sub_1"}`, `{"cancel_at":null}`}}
	for ref, p := range src {
		held := objects.Event{ID: "evt_1", Created: 5, Type: "x", Data: objects.EventData{Object: json.RawMessage(p[0])}}
		if p[1] != "" {
			held.Data.PreviousAttributes = json.RawMessage(p[1])
		}
		lazy := objects.Event{ID: "evt_1", Created: 5, Type: "x", Data: objects.EventData{Source: src, Ref: ref}}
		a, err := json.Marshal(&held)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(&lazy)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("ref %d:\nheld %s\nlazy %s", ref, a, b)
		}
	}
}

// fixedLines renders the same lines for every invoice, standing in for the generator's source.
type fixedLines []objects.LineItem

func (f fixedLines) InvoiceLines(int32) []objects.LineItem {
	return append([]objects.LineItem(nil), f...)
}

// An invoice whose lines come from a source marshals exactly as one holding them, and its
// lines carry the invoice id and livemode.
func TestLineSourceMarshalsLikeHeldLines(t *testing.T) {
	lines := make(fixedLines, 12)
	for i := range lines {
		lines[i] = objects.LineItem{ID: "il_" + string(rune('a'+i)), Amount: int64(i)}
	}
	held := objects.Invoice{ID: "in_1", Lines: objects.List[objects.LineItem]{Data: append([]objects.LineItem(nil), lines...)}, Livemode: true}
	held.FillDefaults()
	for i := range held.AllLines() {
		held.AllLines()[i].Livemode = true
	}
	lazy := objects.Invoice{ID: "in_1", LineSource: lines, Livemode: true}
	lazy.FillDefaults()
	a, err := json.Marshal(&held)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(&lazy)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("held %s\nlazy %s", a, b)
	}
	all := lazy.AllLines()
	if len(all) != 12 || all[11].Invoice != "in_1" || !all[11].Livemode {
		t.Errorf("AllLines: %d lines, last %+v", len(all), all[len(all)-1])
	}
}

// Invoice URLs derived from the account match the generator's old stored form.
func TestInvoiceURLsFromAccount(t *testing.T) {
	in := objects.Invoice{ID: "in_1Abc", More: &objects.InvoiceMore{URLAccount: "acct_1X"}}
	b, err := json.Marshal(&in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"hosted_invoice_url":"https://invoice.stripe.com/i/acct_1X/test_1Abc"`,
		`"invoice_pdf":"https://pay.stripe.com/invoice/acct_1X/test_1Abc/pdf"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("missing %s in %s", want, b)
		}
	}
	if c, _ := json.Marshal(&objects.Charge{ID: "ch_1", ReceiptURLFromID: true}); !bytes.Contains(c, []byte(`"receipt_url":"https://pay.stripe.com/receipts/payment/ch_1"`)) {
		t.Errorf("charge receipt url: %s", c)
	}
}

// Marshal writes exactly json.Marshal's bytes, for held event payloads (which it compacts and
// escapes like encoding/json) and for the sample's charges and invoices.
func TestMarshalMatchesEncodingJSON(t *testing.T) {
	s := sampleStore(t, false)
	ev := objects.Event{ID: "evt_<1>", APIVersion: "v", Type: "a&b", Request: objects.EventRequest{ID: "req_1"},
		Data: objects.EventData{Object: json.RawMessage("{ \"a\" : \"<b>\" }"), PreviousAttributes: json.RawMessage(`{"x": 1}`)}}
	vals := []any{&ev, &objects.Event{ID: "evt_2"}}
	for i := range s.Charges {
		vals = append(vals, &s.Charges[i])
	}
	for i := range s.Invoices {
		vals = append(vals, &s.Invoices[i])
	}
	for i := range s.Events {
		vals = append(vals, &s.Events[i])
	}
	for _, v := range vals {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := objects.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("objects.Marshal:\n%s\njson.Marshal:\n%s", got, want)
		}
	}
}
