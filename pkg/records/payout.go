package records

import stripe "github.com/stripe/stripe-go/v85"

// Payout is one payout to the merchant's bank account (/v1/payouts), in the settlement currency.
type Payout struct {
	ID          string
	Created     int64
	ArrivalDate int64 // when the bank is expected to have it (or had it, once paid)
	Currency    string
	Amount      int64
	Status      string // paid, pending, in_transit, canceled, failed
	Automatic   bool
}

// FromPayout keeps what the payout annotations use.
func FromPayout(p *stripe.Payout) Payout {
	return Payout{ID: p.ID, Created: p.Created, ArrivalDate: p.ArrivalDate, Currency: string(p.Currency),
		Amount: p.Amount, Status: string(p.Status), Automatic: p.Automatic}
}
