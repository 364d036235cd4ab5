package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/catalog"
	"github.com/revops/stripe-datasource/pkg/frames"
	"github.com/revops/stripe-datasource/pkg/metrics"
	"github.com/revops/stripe-datasource/pkg/records"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// variableSources lists the choices of each catalog variable list as texts and values.
// TestEveryAnnotationAndVariableIsServed checks that the catalog and this map agree.
var variableSources = map[string]func(ctx context.Context, d *Datasource, r metricRequest) (texts, values []string, err error){
	"metrics": func(context.Context, *Datasource, metricRequest) ([]string, []string, error) {
		var texts, values []string
		for _, m := range catalog.Get().Metrics {
			texts, values = append(texts, m.Label), append(values, m.ID)
		}
		return texts, values, nil
	},
	"currencies": func(ctx context.Context, d *Datasource, r metricRequest) ([]string, []string, error) {
		curs, err := accountCurrencies(ctx, d, r)
		return curs, curs, err
	},
	"products": func(ctx context.Context, d *Datasource, _ metricRequest) (texts, values []string, err error) {
		err = d.client.ListProducts(ctx, stripeapi.Window{}, func(p *stripe.Product) error {
			texts, values = append(texts, orID(p.Name, p.ID)), append(values, p.ID)
			return nil
		})
		return texts, values, err
	},
	"customers": customerChoices,
	"prices": func(ctx context.Context, d *Datasource, _ metricRequest) (texts, values []string, err error) {
		err = d.client.ListPrices(ctx, stripeapi.Window{}, func(p *stripe.Price) error {
			terms := metrics.PriceTerms{UnitAmount: p.UnitAmount, Currency: string(p.Currency), Tiered: len(p.Tiers) > 0 || p.TiersMode != ""}
			if p.Product != nil {
				terms.Product = orID(p.Product.Name, p.Product.ID)
			}
			if p.Recurring != nil {
				terms.Interval, terms.IntervalCount = string(p.Recurring.Interval), p.Recurring.IntervalCount
			}
			texts, values = append(texts, metrics.PriceLabel(terms)), append(values, p.ID)
			return nil
		})
		return texts, values, err
	},
}

// orID is a name, or the id when the object has none.
func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// variables answers a template variable query with a text and a value field.
func variables(ctx context.Context, d *Datasource, r metricRequest) (data.Frames, error) {
	texts, values, err := variableSources[r.query.Variable](ctx, d, r)
	if err != nil {
		return nil, err
	}
	return frames.Choices(r.refID, texts, values), nil
}

// accountCurrencies are the currencies of the balance and of the charges in the range, sorted:
// settlement currencies come from the balance, presentment currencies from the charges.
func accountCurrencies(ctx context.Context, d *Datasource, r metricRequest) ([]string, error) {
	bal, err := d.client.Balance(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, a := range append(bal.Available, bal.Pending...) {
		if a != nil {
			seen[string(a.Currency)] = true
		}
	}
	if err := d.fetch.Charges(ctx, r.from, r.to, func(c records.Charge) { seen[c.Currency] = true }); err != nil {
		return nil, err
	}
	return metrics.SortedKeys(seen), nil
}
