package truth

import "time"

// SubscriptionsByStatus counts subscriptions created by instant at by their status at that instant.
func (t *Truth) SubscriptionsByStatus(at time.Time) map[string]int {
	out := map[string]int{}
	u := at.Unix()
	for i := range t.m.Subscriptions {
		s := &t.m.Subscriptions[i]
		if s.Created > u {
			continue
		}
		out[s.StatusAt(u)]++
	}
	return out
}

// TrialConversions counts the trials that ended in [from, to) (and by Now), and how many of them
// turned active at their end (the rest were canceled or paused).
func (t *Truth) TrialConversions(from, to time.Time) (ended, converted int) {
	for i := range t.m.Subscriptions {
		s := &t.m.Subscriptions[i]
		if s.TrialEnd == 0 || s.TrialEnd < from.Unix() || s.TrialEnd >= to.Unix() || s.TrialEnd > t.now {
			continue
		}
		ended++
		if s.StatusAt(s.TrialEnd) == "active" {
			converted++
		}
	}
	return ended, converted
}
