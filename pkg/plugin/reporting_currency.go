package plugin

import (
	"context"
	"strings"
	"sync"

	"github.com/revops/stripe-datasource/pkg/models"
	"github.com/revops/stripe-datasource/pkg/simulator"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// accountCurrency is the account's default currency (/v1/account), asked once per instance: it
// is what convertTo "default" means when the settings name no reporting currency.
type accountCurrency struct {
	mu  sync.Mutex
	cur string
}

// reportingCurrency is the data source's reporting currency: the setting, else the account's
// default currency.
func (d *Datasource) reportingCurrency(ctx context.Context) (string, error) {
	if d.settings.ReportingCurrency != "" {
		return d.settings.ReportingCurrency, nil
	}
	if d.settings.Source == models.SourceDemo {
		return simulator.DemoCurrency(), nil // the demo's key may not read /v1/account either
	}
	d.account.mu.Lock()
	defer d.account.mu.Unlock()
	if d.account.cur != "" {
		return d.account.cur, nil
	}
	acct, err := d.client.Account(ctx)
	if stripeapi.KindOf(err) == stripeapi.KindPermission {
		// Restricted keys may not read /v1/account unless they hold rak_connected_account_read.
		return "", queryError("Convert to \"default\" is the data source's reporting currency, and none is set: Stripe refused this key the account's default currency (GET /v1/account needs the permission rak_connected_account_read, which most restricted keys lack). Set Reporting currency in the data source settings, or give the query a currency code.")
	}
	if err != nil {
		return "", err
	}
	if acct == nil || acct.DefaultCurrency == "" {
		return "", queryError("Stripe names no default currency for this account, so Convert to \"default\" has nothing to convert into: set Reporting currency in the data source settings, or give the query a currency code.")
	}
	d.account.cur = strings.ToLower(string(acct.DefaultCurrency))
	return d.account.cur, nil
}

// convertTarget is the currency the query converts into; empty for one series per currency.
func (d *Datasource) convertTarget(ctx context.Context, q models.Query) (string, error) {
	if q.ConvertTo == models.ConvertDefault {
		return d.reportingCurrency(ctx)
	}
	return q.ConvertTo, nil
}
