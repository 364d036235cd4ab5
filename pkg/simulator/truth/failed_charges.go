package truth

import (
	"sort"
	"time"
)

// FailedCharge is one failed payment attempt, as the model decided it.
type FailedCharge struct {
	ID       string
	Created  time.Time
	Amount   int64
	Currency string
	Customer string
	Reason   string
}

// FailedCharges lists the attempts created in [from, to) that had failed by Now, newest first.
func (t *Truth) FailedCharges(from, to time.Time) []FailedCharge {
	var out []FailedCharge
	for i := range t.m.Charges {
		c := &t.m.Charges[i]
		if c.Created < from.Unix() || c.Created >= to.Unix() || c.StatusAt(t.now) != "failed" {
			continue
		}
		fc := FailedCharge{ID: c.ID, Created: time.Unix(c.Created, 0).UTC(), Amount: c.Amount, Currency: c.Currency, Reason: FailureReason(c)}
		if c.Customer >= 0 && int(c.Customer) < len(t.m.Customers) {
			fc.Customer = t.m.Customers[c.Customer].ID
		}
		out = append(out, fc)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID > out[j].ID
	})
	return out
}
