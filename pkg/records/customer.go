package records

import stripe "github.com/stripe/stripe-go/v85"

// Customer is a customer of the account, as the customer list and the top customers table use it.
type Customer struct {
	ID      string
	Created int64
	Name    string // empty when the customer has none
	Email   string
}

// FromCustomer keeps a customer's id, creation time, name and email.
func FromCustomer(c *stripe.Customer) Customer {
	return Customer{ID: c.ID, Created: c.Created, Name: c.Name, Email: c.Email}
}

// Label is how a person recognises the customer: "Name <email>", the name or the email alone,
// or the id when there is neither.
func (c Customer) Label() string {
	switch {
	case c.Name != "" && c.Email != "":
		return c.Name + " <" + c.Email + ">"
	case c.Name != "":
		return c.Name
	case c.Email != "":
		return c.Email
	}
	return c.ID
}
