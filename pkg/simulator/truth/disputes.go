package truth

import (
	"sort"
	"time"
)

// DisputeRow is one bucket of disputes in one presentment currency: opened by creation, won and
// lost by the moment they were decided (which the model knows even where the API cannot date it).
type DisputeRow struct {
	Start          time.Time
	Opened         int
	OpenedAmount   int64
	OpenedByReason map[string]int
	Won            int
	WonAmount      int64
	Lost           int
	LostAmount     int64
}

// DisputeSeries is the disputes of one presentment currency.
type DisputeSeries struct {
	Currency string
	Rows     []DisputeRow
}

// Disputes per presentment currency (every currency with a dispute, sorted). Inquiries count as
// opened; they close as warning_closed, neither won nor lost.
func (t *Truth) Disputes(from, to time.Time, size Size, loc *time.Location) ([]DisputeSeries, error) {
	b, err := NewBuckets(from, to, size, loc)
	if err != nil {
		return nil, err
	}
	rows := map[string][]DisputeRow{}
	get := func(cur string) []DisputeRow {
		if rs, ok := rows[cur]; ok {
			return rs
		}
		rs := make([]DisputeRow, b.Len())
		for i := range rs {
			rs[i] = DisputeRow{Start: b.Starts[i], OpenedByReason: map[string]int{}}
		}
		rows[cur] = rs
		return rs
	}
	for di := range t.m.Disputes {
		d := &t.m.Disputes[di]
		rs := get(d.Currency)
		if i := b.Index(d.Created); i >= 0 {
			rs[i].Opened++
			rs[i].OpenedAmount += d.Amount
			rs[i].OpenedByReason[d.Reason]++
		}
		if d.ClosedAt == 0 {
			continue
		}
		if i := b.Index(d.ClosedAt); i >= 0 {
			switch d.Outcome {
			case "won":
				rs[i].Won++
				rs[i].WonAmount += d.Amount
			case "lost":
				rs[i].Lost++
				rs[i].LostAmount += d.Amount
			}
		}
	}
	curs := map[string]bool{}
	for c := range rows {
		curs[c] = true
	}
	var out []DisputeSeries
	for _, c := range sortedSet(curs) {
		out = append(out, DisputeSeries{Currency: c, Rows: rows[c]})
	}
	return out, nil
}

// OpenDispute is a dispute still waiting for the merchant or the bank at Now.
type OpenDispute struct {
	ID       string
	Charge   string
	Status   string
	Reason   string
	Amount   int64
	Currency string
	Created  time.Time
	DueBy    time.Time
}

// OpenDisputes are the disputes open at Now (warning_needs_response, needs_response,
// warning_under_review, under_review), earliest due first.
func (t *Truth) OpenDisputes() []OpenDispute {
	var out []OpenDispute
	for di := range t.m.Disputes {
		d := &t.m.Disputes[di]
		st := d.StatusAt(t.now)
		switch st {
		case "warning_needs_response", "needs_response", "warning_under_review", "under_review":
			out = append(out, OpenDispute{ID: d.ID, Charge: t.m.Charges[d.Charge].ID, Status: st, Reason: d.Reason, Amount: d.Amount,
				Currency: d.Currency, Created: time.Unix(d.Created, 0).UTC(), DueBy: time.Unix(d.DueBy, 0).UTC()})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].DueBy.Equal(out[j].DueBy) {
			return out[i].DueBy.Before(out[j].DueBy)
		}
		return out[i].ID < out[j].ID
	})
	return out
}
