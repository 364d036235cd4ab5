package records

import stripe "github.com/stripe/stripe-go/v85"

// Product is a product's name, for labels.
type Product struct {
	ID      string
	Name    string
	Created int64
}

// FromProduct keeps the product's name.
func FromProduct(p *stripe.Product) Product {
	return Product{ID: p.ID, Name: p.Name, Created: p.Created}
}
