package plugin

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// demoBaseURL is never dialled: the demo transport answers every request in process. It is a
// loopback address so that the access layer accepts plain http for it.
const demoBaseURL = "http://127.0.0.1"

// demoRefresh is how old the demo account may get before it is generated again at the present
// moment, so that the demo's "today" keeps moving. The generator anchors history to a fixed
// start date, so a newer account extends the old one instead of rewriting it.
const demoRefresh = 15 * time.Minute

// demoConfig points the client at the simulated demo account, through the same access layer
// (rate budget, retries, pagination) and the same metric code as a real key.
func demoConfig(_ context.Context, cfg *stripeapi.Config) {
	cfg.APIKey = simulator.DemoKey
	cfg.BaseURL = demoBaseURL
	cfg.AllowSecretKey = false
	cfg.HTTPClient = &http.Client{Transport: &demoTransport{}}
}

// demoTransport serves requests from the current demo account. The first request waits for the
// account to be generated; later ones keep using the previous account while a newer one is
// being generated in the background.
type demoTransport struct {
	mu         sync.Mutex
	rt         http.RoundTripper
	at         time.Time
	refreshing bool
	err        error
}

func (d *demoTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rt, err := d.current()
	if err != nil {
		return nil, err
	}
	return rt.RoundTrip(req)
}

func (d *demoTransport) current() (http.RoundTripper, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.rt == nil {
		d.rt, d.err = generateDemo()
		d.at = time.Now()
		if d.err != nil {
			rt, err := d.rt, d.err
			d.rt, d.err = nil, nil // try again on the next request
			return rt, err
		}
	} else if time.Since(d.at) > demoRefresh && !d.refreshing {
		d.refreshing = true
		go d.refresh()
	}
	return d.rt, nil
}

func (d *demoTransport) refresh() {
	rt, err := generateDemo()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.refreshing = false
	if err == nil {
		d.rt, d.at = rt, time.Now()
	}
}

func generateDemo() (http.RoundTripper, error) {
	acct, err := simulator.Demo(time.Now())
	if err != nil {
		return nil, err
	}
	return acct.RoundTripper()
}
