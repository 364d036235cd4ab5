package plugin

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/revops/stripe-datasource/pkg/fetch"
	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// customerCounts answers new_customers and total_customers from the cached customer list.
func customerCounts(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	// New customers need only the range; the total counts everyone created before it too.
	w := stripeapi.WindowFor(r.grid.From(), r.grid.To())
	if r.metric.ID == "total_customers" {
		w = fetch.Window{}
	}
	var customers []records.Customer
	if err := d.fetch.Customers(ctx, w, func(c records.Customer) { customers = append(customers, c) }); err != nil {
		return nil, err
	}
	s := metrics.NewCustomers(customers, r.grid, r.metric.ID)
	if r.metric.ID == "total_customers" {
		s = metrics.TotalCustomers(customers, r.grid, r.now.Unix(), r.metric.ID)
	}
	notice := data.Notice{Severity: data.NoticeSeverityInfo,
		Text: "Stripe lists no deleted customer: customers deleted since are not counted."}
	return frames.TimeSeries(r.refID, []metrics.Series{s}, notice), nil
}

// payingCustomers counts the customers with a successful payment in each bucket.
func payingCustomers(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	keep := metrics.InCurrencies(r.query.Currencies)
	var charges []records.Charge
	err := d.fetch.Charges(ctx, r.grid.From(), r.grid.To(), func(c records.Charge) {
		if keep(c.Currency) {
			charges = append(charges, c)
		}
	})
	if err != nil {
		return nil, err
	}
	return frames.TimeSeries(r.refID, []metrics.Series{metrics.PayingCustomers(charges, r.grid, r.metric.ID)}), nil
}

// topCustomers lists the customers who paid the most in the panel's range, with their names
// and emails where the key may read customers, and their MRR now where it may read the
// subscription history.
func topCustomers(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	keep := metrics.InCurrencies(r.query.Currencies)
	var charges []records.Charge
	err := d.fetch.Charges(ctx, r.from, r.to, func(c records.Charge) {
		if keep(c.Currency) && c.Status == "succeeded" {
			charges = append(charges, c)
		}
	})
	if err != nil {
		return nil, err
	}
	target, err := d.convertTarget(ctx, r.query)
	if err != nil {
		return nil, err
	}
	var tc *tableConversion
	if target != "" {
		if charges, tc, err = convertedCustomerCharges(ctx, d, r, target, charges); err != nil {
			return nil, err
		}
	}
	top := metrics.TopCustomers(charges, r.query.TopN)
	rows := make([]frames.TopCustomerRow, len(top))
	for i, t := range top {
		rows[i] = frames.TopCustomerRow{Customer: t.Customer, Currency: t.Currency, Net: t.Net, Payments: t.Payments, First: t.First, Last: t.Last}
	}
	var notices []data.Notice
	if len(rows) == 0 {
		return frames.TopCustomersTable(r.refID, rows, d.dashboardURL(), data.Notice{Severity: data.NoticeSeverityInfo,
			Text: fmt.Sprintf("Stripe has no successful payment between %s and %s.", r.from.UTC().Format("2006-01-02 15:04"), r.to.UTC().Format("2006-01-02 15:04"))}), nil
	}
	named, err := d.customersByID(ctx)
	switch {
	case stripeapi.KindOf(err) == stripeapi.KindPermission:
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo,
			Text: "Names and emails need Read access to Customers ('rak_customer_read'); without it the table shows customer ids."})
	case err != nil:
		return nil, err
	}
	for i := range rows {
		if c, ok := named[rows[i].Customer]; ok {
			rows[i].Name, rows[i].Email = c.Name, c.Email
		}
	}
	mrrNow, notice, err := customerMRRNow(ctx, d, r)
	if err != nil {
		return nil, err
	}
	if notice != "" {
		notices = append(notices, data.Notice{Severity: data.NoticeSeverityInfo, Text: notice})
	}
	if tc != nil && mrrNow != nil {
		mrrNow = tc.byCustomer(mrrNow, target, r.now.Unix())
		if tc.err != nil {
			return nil, convertError(tc.err)
		}
	}
	for i := range rows {
		if mrrNow != nil {
			v := mrrNow[rows[i].Customer+" "+rows[i].Currency]
			rows[i].MRR = &v
		}
	}
	if tc != nil {
		notices = append(notices, fxNotices(tc.conv)...)
	}
	return frames.TopCustomersTable(r.refID, rows, d.dashboardURL(), notices...), nil
}

// customersByID is every customer of the account by id, from the cached list.
func (d *Datasource) customersByID(ctx context.Context) (map[string]records.Customer, error) {
	out := map[string]records.Customer{}
	err := d.fetch.Customers(ctx, fetch.Window{}, func(c records.Customer) { out[c.ID] = c })
	return out, err
}

// customerMRRNow is each customer's MRR now per currency, keyed "cus_… usd", from the shared
// reconstruction. A key that may not read the subscription history gets nil and a notice
// naming what is missing; other errors (a read still going on) are the caller's.
func customerMRRNow(ctx context.Context, d *Datasource, r metricRequest) (map[string]int64, string, error) {
	rec, _, err := reconstruct(ctx, d, r)
	if stripeapi.KindOf(err) == stripeapi.KindPermission {
		return nil, "MRR now is empty: " + err.Error(), nil
	}
	if err != nil {
		return nil, "", err
	}
	out := map[string]int64{}
	now := r.now.Unix()
	for i := range rec.res.Subscriptions {
		s := &rec.res.Subscriptions[i]
		out[s.Customer+" "+s.Currency] += s.At(now)
	}
	return out, "", nil
}

// maxCustomerChoices bounds the customer variable: a dropdown of more is no help, and the
// search narrows it.
const maxCustomerChoices = 1000

// customerChoices is the customer variable's list: "Name <email>" as text, the id as value,
// those matching the search (name, email or id, any case), sorted by text then id, at most
// maxCustomerChoices.
func customerChoices(ctx context.Context, d *Datasource, r metricRequest) (texts, values []string, err error) {
	search := strings.ToLower(r.query.Search)
	var matched []records.Customer
	err = d.fetch.Customers(ctx, fetch.Window{}, func(c records.Customer) {
		if search == "" || strings.Contains(strings.ToLower(c.Name), search) ||
			strings.Contains(strings.ToLower(c.Email), search) || strings.Contains(strings.ToLower(c.ID), search) {
			matched = append(matched, c)
		}
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(matched, func(i, j int) bool {
		a, b := matched[i].Label(), matched[j].Label()
		if a != b {
			return a < b
		}
		return matched[i].ID < matched[j].ID
	})
	if len(matched) > maxCustomerChoices {
		matched = matched[:maxCustomerChoices]
	}
	for _, c := range matched {
		texts, values = append(texts, c.Label()), append(values, c.ID)
	}
	return texts, values, nil
}
