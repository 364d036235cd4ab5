package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// healthTimeout bounds Save & test so a hanging network answers with a message, not a spinner.
const healthTimeout = 20 * time.Second

// GroupHealth is one line of the permission matrix Save & test returns in its JSON details.
type GroupHealth struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	OK      bool     `json:"ok"`
	Missing []string `json:"missingPermissions,omitempty"`
	Error   string   `json:"error,omitempty"`
}

// HealthDetails is the JSON part of the Save & test answer.
type HealthDetails struct {
	Mode    string `json:"mode"`
	Account string `json:"account,omitempty"`
	// ConnectedAccount is the Stripe Connect account the data source reads (acct_…), if any.
	ConnectedAccount string `json:"connectedAccount,omitempty"`
	DefaultCurrency  string `json:"defaultCurrency,omitempty"`
	// EventVersions are the API versions of the account's recent events (health_versions.go).
	EventVersions []stripeapi.EventVersion `json:"eventVersions,omitempty"`
	// Reads are the long reads in flight (patience.go).
	Reads *readsInFlight `json:"reads,omitempty"`
	// Shared is the shared store of a Grafana in high availability, when one is set (shared.go).
	Shared         *SharedHealth `json:"sharedStore,omitempty"`
	Groups         []GroupHealth `json:"groups"`
	VerboseMessage string        `json:"verboseMessage"`
}

// CheckHealth is Save & test: it checks the key's form, calls Stripe once per resource in
// parallel, and answers which metric groups work and which permission each other one lacks.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.setupErr != nil {
		return healthError(d.setupErr.Error()), nil
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()

	shared, sharedText := d.sharedHealth(ctx)
	if sharedText != "" {
		sharedText = " " + sharedText
	}
	probes := d.probeAll(ctx)
	// A key that may not read the connected account gets Stripe's account_invalid on every
	// probe: say it once, with what to do.
	for _, err := range probes {
		if stripeapi.IsAccountInvalid(err) {
			return healthError(err.Error()), nil
		}
	}
	// One answer that says the key itself is wrong (401), or that Stripe cannot be reached,
	// explains every probe: say it once.
	for _, kind := range []stripeapi.Kind{stripeapi.KindAuth, stripeapi.KindNetwork, stripeapi.KindTimeout, stripeapi.KindRateLimited, stripeapi.KindStripeServer} {
		for _, err := range probes {
			if stripeapi.KindOf(err) == kind {
				return healthError(err.Error() + d.rateLimitNote() + sharedText), nil
			}
		}
	}

	details := HealthDetails{Mode: d.modeLabel(), ConnectedAccount: d.client.ConnectedAccount(), Shared: shared}
	// With a connected account, GET /v1/account carries its Stripe-Account header and answers
	// with that account.
	if acct, err := d.client.Account(ctx); err == nil && acct != nil {
		details.Account = accountName(acct.Settings, acct.BusinessProfile, acct.Email, acct.ID)
		details.DefaultCurrency = strings.ToUpper(string(acct.DefaultCurrency))
	}
	if probes["events"] == nil {
		details.EventVersions, _ = d.client.RecentEventVersions(ctx) // the events probe just answered; a failure here only leaves the line out
	}
	working := 0
	for _, g := range catalog.Get().Groups {
		if len(g.Resources) == 0 {
			continue // read from the plugin's own counters: nothing for the key to be allowed
		}
		gh := GroupHealth{ID: g.ID, Label: g.Label, OK: true}
		for _, res := range g.Resources {
			err := probes[res]
			if err == nil {
				continue
			}
			gh.OK = false
			var se *stripeapi.Error
			if errors.As(err, &se) && se.Kind == stripeapi.KindPermission && se.Permission != "" {
				gh.Missing = appendUnique(gh.Missing, se.Permission)
			} else if gh.Error == "" {
				gh.Error = err.Error()
			}
		}
		if gh.OK {
			working++
		}
		details.Groups = append(details.Groups, gh)
	}
	details.VerboseMessage = matrixText(details.Groups)

	status := backend.HealthStatusOk
	if working == 0 {
		status = backend.HealthStatusError
	}
	js, _ := json.Marshal(details)
	msg := summary(details, working) + d.rateLimitNote() + d.memoryNote() + sharedText
	if s := eventVersionsSentence(details.EventVersions); s != "" {
		msg += " " + s
	}
	if r := d.readsInFlight(); r.Text != "" {
		msg += " " + r.Text
		details.Reads = &r
		js, _ = json.Marshal(details)
	}
	return &backend.CheckHealthResult{Status: status, Message: msg, JSONDetails: js}, nil
}

// probeAll runs one cheap read per catalog resource, all at once (the client's rate budget
// still applies).
func (d *Datasource) probeAll(ctx context.Context) map[string]error {
	var mu sync.Mutex
	var wg sync.WaitGroup
	out := map[string]error{}
	for _, r := range catalog.Get().Resources {
		wg.Add(1)
		go func(id string) {
			defer wg.Done()
			err := d.client.Probe(ctx, id)
			mu.Lock()
			out[id] = err
			mu.Unlock()
		}(r.ID)
	}
	wg.Wait()
	return out
}

func (d *Datasource) modeLabel() string {
	if d.settings.Source == models.SourceDemo {
		return "demo"
	}
	return string(d.client.Key().Mode)
}

func summary(h HealthDetails, working int) string {
	var b strings.Builder
	switch h.Mode {
	case "demo":
		b.WriteString("Connected to the demo account (simulated, no key needed)")
	default:
		fmt.Fprintf(&b, "Connected to Stripe in %s mode", h.Mode)
	}
	switch {
	case h.ConnectedAccount != "" && h.Account != "" && h.Account != h.ConnectedAccount:
		fmt.Fprintf(&b, ", reading the connected account %s (%s)", h.Account, h.ConnectedAccount)
	case h.ConnectedAccount != "":
		fmt.Fprintf(&b, ", reading the connected account %s", h.ConnectedAccount)
	case h.Account != "":
		fmt.Fprintf(&b, ": %s", h.Account)
	}
	if h.Account != "" && h.DefaultCurrency != "" {
		fmt.Fprintf(&b, " (default currency %s)", h.DefaultCurrency)
	}
	b.WriteString(". ")
	total := len(h.Groups)
	if working == total {
		fmt.Fprintf(&b, "All %d metric groups work.", total)
		return b.String()
	}
	fmt.Fprintf(&b, "%d of %d metric groups work.", working, total)
	for _, g := range h.Groups {
		if g.OK {
			continue
		}
		if len(g.Missing) > 0 {
			fmt.Fprintf(&b, " %s needs %s.", g.Label, quoteAll(g.Missing))
		} else {
			fmt.Fprintf(&b, " %s: %s", g.Label, g.Error)
		}
	}
	if working > 0 && h.ConnectedAccount != "" {
		b.WriteString(" Enable the missing permissions for connected accounts (the Connect column) on the restricted key in the Stripe Dashboard (Developers → API keys), then test again.")
	} else if working > 0 {
		b.WriteString(" Enable the missing permissions on the restricted key in the Stripe Dashboard (Developers → API keys), then test again.")
	}
	return b.String()
}

func matrixText(groups []GroupHealth) string {
	var b strings.Builder
	for _, g := range groups {
		switch {
		case g.OK:
			fmt.Fprintf(&b, "✔ %s\n", g.Label)
		case len(g.Missing) > 0:
			fmt.Fprintf(&b, "✘ %s: enable %s\n", g.Label, quoteAll(g.Missing))
		default:
			fmt.Fprintf(&b, "✘ %s: %s\n", g.Label, g.Error)
		}
	}
	return b.String()
}

func quoteAll(perms []string) string {
	sorted := append([]string(nil), perms...)
	sort.Strings(sorted)
	q := make([]string, len(sorted))
	for i, p := range sorted {
		q[i] = "'" + p + "'"
	}
	return strings.Join(q, " and ")
}

func appendUnique(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

func healthError(msg string) *backend.CheckHealthResult {
	return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: msg}
}
