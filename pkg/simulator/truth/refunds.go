package truth

import (
	"sort"
	"time"
)

// RefundRow is one refund as the ledger books it: in the settlement currency of its charge.
type RefundRow struct {
	ID       string
	Created  time.Time
	Amount   int64 // positive, settlement currency
	Currency string
	Charge   string
	Reason   string
}

// Refunds lists the refunds created in [from, to), newest first (ties by id, descending).
func (t *Truth) Refunds(from, to time.Time) []RefundRow {
	var out []RefundRow
	for i := range t.m.Refunds {
		r := &t.m.Refunds[i]
		if r.Created < from.Unix() || r.Created >= to.Unix() || r.Created > t.now {
			continue
		}
		c := &t.m.Charges[r.Charge]
		out = append(out, RefundRow{ID: r.ID, Created: time.Unix(r.Created, 0).UTC(), Amount: r.SettleAmount,
			Currency: c.SettleCurrency, Charge: c.ID, Reason: r.Reason})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID > out[j].ID
	})
	return out
}
