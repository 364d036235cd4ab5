package stripeapi

import (
	"context"
	"net/http"
	"testing"

	"github.com/stripe/stripe-go/v85"
)

// BenchmarkListCharges measures paging through 1,000 charges (10 pages) from a local server
// with no budget in the way: the cost of this package plus stripe-go's decoding per list.
func BenchmarkListCharges(b *testing.B) {
	items := charges(1000)
	f := newFake(b, func(w http.ResponseWriter, r *http.Request, n int) { serveList(w, r, items) })
	c, err := New(Config{APIKey: testKey, BaseURL: f.URL, RateLimit: 1e6, EndpointRateLimit: 1e6})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := c.ListCharges(context.Background(), Window{}, func(*stripe.Charge) error { n++; return nil }); err != nil || n != 1000 {
			b.Fatalf("read %d: %v", n, err)
		}
	}
	s := c.Stats()
	b.ReportMetric(float64(s.Requests)/float64(b.N), "requests/op")
}

// BenchmarkErrorMapping measures turning a Stripe 403 into a user-facing *Error, redaction
// included, which runs once per failed request.
func BenchmarkErrorMapping(b *testing.B) {
	c, err := New(Config{APIKey: testKey, BaseURL: "http://127.0.0.1:1"})
	if err != nil {
		b.Fatal(err)
	}
	se := &stripe.Error{HTTPStatusCode: 403, Msg: msg403, RequestID: "req_1"}
	op := operation{path: "/v1/charges", resource: "charges"}
	b.ReportAllocs()
	for b.Loop() {
		if e := c.mapError(context.Background(), op, se, snapshot{attempts: 1}); e.Permission != "rak_charge_read" {
			b.Fatal(e)
		}
	}
}
