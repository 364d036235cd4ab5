package stripeapi

import "time"

// Adaptive budget. A 429 that is not a lock_timeout means the account's limit is being reached,
// usually by the merchant's own servers sharing it: the data source halves its budget at once
// (down to a floor of 1 request/s) and climbs back linearly, reaching the configured budget
// again after budgetRecovery without a 429 if it had gone down to nothing. Halving makes room
// within a few requests; the slow climb keeps the checkout's traffic from meeting a reporting
// tool that comes back at full speed a second later.
const (
	budgetFloor    = 1.0
	budgetRecovery = 30 * time.Second
)

// adaptive is the effective global budget. It holds no timers: the rate is a function of the
// time since the last decrease, read whenever the pacer needs it. Not safe for concurrent use;
// the pacer's mutex guards it.
type adaptive struct {
	ceiling float64 // the configured budget
	low     float64 // the budget right after the last decrease
	at      time.Duration
	lowered bool
}

// rate is the effective budget at now.
func (a *adaptive) rate(now time.Duration) float64 {
	if !a.lowered {
		return a.ceiling
	}
	r := a.low + a.ceiling*float64(now-a.at)/float64(budgetRecovery)
	if r >= a.ceiling {
		a.lowered = false
		return a.ceiling
	}
	return r
}

// decrease halves the budget for a 429 answering a request that left at departed. A request
// that left before the last decrease was sent at the old budget, so its 429 says nothing about
// the lowered one: several answers to one burst lower the budget once, not down to the floor.
func (a *adaptive) decrease(now, departed time.Duration) bool {
	if a.lowered && departed < a.at {
		return false
	}
	a.low = max(min(budgetFloor, a.ceiling), a.rate(now)/2)
	a.at, a.lowered = now, true
	return true
}
