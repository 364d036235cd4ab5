// Package simulator is the convenience entry point to the Stripe account simulator: generate an
// account (generator), render it into a store (objects), serve it over Stripe's REST API
// (server), and ask the ground truth about it (truth). The plugin's tests, the demo data source
// and the benchmarks use it.
package simulator

import (
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/revops/stripe-datasource/pkg/simulator/generator"
	"github.com/revops/stripe-datasource/pkg/simulator/objects"
	"github.com/revops/stripe-datasource/pkg/simulator/server"
	"github.com/revops/stripe-datasource/pkg/simulator/truth"
)

// DemoKey is the restricted test-mode key the simulator accepts, with every read permission the
// plugin needs. It is not a real key: it only opens the simulator.
const DemoKey = "rk_test_51SimDemoAccountReadOnlyKey0000000000000000000000000000000000000000000000000000000000000000000000simdemo"

// DemoSeed and DemoProfileName are what the demo data source shows.
const (
	DemoSeed        uint64 = 20250101
	DemoProfileName        = "small"
)

// Account is a generated account: the generator's model, the rendered store, and its truth.
type Account struct {
	Model *generator.Model
	Store *objects.Store
	// Connected are the accounts connected to this one (Stripe Connect), served to its keys when
	// a request's Stripe-Account header names them (AddConnected).
	Connected []*Account

	truthMu sync.Mutex
	truths  map[truth.Options]*truth.Truth
}

// New generates a built-in profile (see generator.ProfileNames) for seed at now.
func New(profileName string, seed uint64, now time.Time) (*Account, error) {
	p, err := generator.NamedProfile(profileName)
	if err != nil {
		return nil, err
	}
	return NewFromProfile(p, seed, now)
}

// NewFromProfile generates an account from a (possibly tweaked) profile.
func NewFromProfile(p generator.Profile, seed uint64, now time.Time) (*Account, error) {
	m, err := generator.Generate(p, seed, now)
	if err != nil {
		return nil, err
	}
	// Collect what generating left behind before rendering allocates the store (about as much
	// again as the model). Otherwise the collector's goal is twice whatever it last found live,
	// possibly mid-generation with scratch still live, and the heap may grow to it: measured
	// on "large", the peak RSS drops from 3.1 GB to 2.4 GB for the same total CPU.
	runtime.GC()
	st, err := generator.Render(m)
	if err != nil {
		return nil, err
	}
	return &Account{Model: m, Store: st, truths: map[truth.Options]*truth.Truth{}}, nil
}

// DemoProfile is the demo account's profile: "small" with a fixed start date derived from
// DemoSeed, so a moving `now` extends its history instead of rewriting it. Like "small" it has a
// mixed API version history: events before day -12 in 2024-06-20, then 2025-03-31.basil, and
// the pinned version for the last 3 days (set APIVersions to nil for pinned-only events).
func DemoProfile() generator.Profile {
	p, _ := generator.NamedProfile(DemoProfileName) // a built-in name: cannot fail
	p.Start = DemoStart(DemoSeed)
	p.MonthlyGrowth = 0.02
	return p
}

// DemoStart is the demo account's first day: a fixed calendar date in 2025 derived from the seed.
func DemoStart(seed uint64) time.Time {
	return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(seed%28))
}

// DemoRate is the rate the demo account converts one major unit of from into to at on a UTC day
// (day number): the demo data source's rate table, standing in for the one an admin keeps.
func DemoRate(day int64, from, to string) float64 {
	return generator.ProfileRate(DemoProfile(), DemoSeed, day, from, to)
}

// DemoCurrency is the demo account's default currency (its first settlement currency), what
// GET /v1/account's default_currency says.
func DemoCurrency() string { return DemoProfile().SettlementCurrencies[0] }

// DemoCurrencies are the currencies the demo account presents or settles in.
func DemoCurrencies() []string {
	p := DemoProfile()
	seen := map[string]bool{}
	var out []string
	for _, c := range p.PresentmentCurrencies {
		if !seen[c.Currency] {
			seen[c.Currency] = true
			out = append(out, c.Currency)
		}
	}
	for _, c := range p.SettlementCurrencies {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// Demo generates the demo account as it is at now.
func Demo(now time.Time) (*Account, error) {
	return NewFromProfile(DemoProfile(), DemoSeed, now)
}

// Truth returns the account's ground truth under the given MRR options (cached per options).
func (a *Account) Truth(opts truth.Options) *truth.Truth {
	a.truthMu.Lock()
	defer a.truthMu.Unlock()
	if t, ok := a.truths[opts]; ok {
		return t
	}
	t := truth.New(a.Model, opts)
	a.truths[opts] = t
	return t
}

// DefaultTruth is the truth under METRICS.md's default options.
func (a *Account) DefaultTruth() *truth.Truth { return a.Truth(truth.DefaultOptions()) }

// ConnectedProfileName is the profile of the accounts AddConnected makes: smaller than a
// platform's usual profiles, so a test with connected accounts stays quick.
const ConnectedProfileName = "tiny"

// ConnectedSeed is the seed of a platform's i-th connected account (from 1): derived from the
// platform's, so the same platform always has the same connected accounts, and different from
// it, so each is an account of its own (its own id, customers and payments).
func ConnectedSeed(platformSeed uint64, i int) uint64 {
	return platformSeed*1_000_003 + uint64(i)
}

// AddConnected generates the platform's next connected account from profileName (empty:
// ConnectedProfileName), at the platform's now, named "Connected Shop <i>". Its ground truth is
// its own Truth. Add connected accounts before serving the platform (Handler).
func (a *Account) AddConnected(profileName string) (*Account, error) {
	if profileName == "" {
		profileName = ConnectedProfileName
	}
	p, err := generator.NamedProfile(profileName)
	if err != nil {
		return nil, err
	}
	i := len(a.Connected) + 1
	p.BusinessName = fmt.Sprintf("Connected Shop %d", i)
	c, err := NewFromProfile(p, ConnectedSeed(a.Model.Seed, i), a.Model.Now)
	if err != nil {
		return nil, err
	}
	if c.Store.Account.ID == a.Store.Account.ID {
		return nil, fmt.Errorf("simulator: connected account %d has the platform's id %s", i, c.Store.Account.ID)
	}
	a.Connected = append(a.Connected, c)
	return c, nil
}

// Handler serves the account over Stripe's API to DemoKey (and to any extra keys), and its
// connected accounts to requests naming them in Stripe-Account. DemoKey may read everything on
// the connected accounts too (the Connect column of its permissions), except GET /v1/account,
// as on the platform. Call Close on it when done.
func (a *Account) Handler(extra ...server.Key) (*server.Handler, error) {
	keys := append([]server.Key{{Value: DemoKey, Permissions: server.AllReadPermissions, ConnectPermissions: server.AllReadPermissions}}, extra...)
	var connected []*objects.Store
	for _, c := range a.Connected {
		connected = append(connected, c.Store)
	}
	h, err := server.New(server.Config{Test: a.Store, Keys: keys, Connected: connected})
	if err != nil {
		return nil, fmt.Errorf("simulator: %w", err)
	}
	return h, nil
}

// RoundTripper serves the account in process: requests to any host go straight to the account's
// handler, without a socket.
func (a *Account) RoundTripper(extra ...server.Key) (http.RoundTripper, error) {
	h, err := a.Handler(extra...)
	if err != nil {
		return nil, err
	}
	return NewRoundTripper(h), nil
}
