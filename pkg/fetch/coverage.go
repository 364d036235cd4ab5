package fetch

import (
	"slices"
	"time"
)

// coverage is the set of created-time ranges a cache holds every object of, each with when it
// was read (so a time-to-live can expire it). Ranges are sorted and disjoint.
type coverage []covered

type covered struct {
	span
	at time.Time // when the oldest part of this range was read
}

// fresh returns the ranges still valid at now under ttl (0: forever).
func (c coverage) fresh(now time.Time, ttl time.Duration) []span {
	out := make([]span, 0, len(c))
	for _, r := range c {
		if ttl <= 0 || now.Sub(r.at) < ttl {
			out = append(out, r.span)
		}
	}
	return out
}

// has reports whether t lies in any range, fresh or not.
func (c coverage) has(t int64) bool {
	_, found := slices.BinarySearchFunc(c, t, func(r covered, t int64) int {
		switch {
		case r.to <= t:
			return -1
		case r.from > t:
			return 1
		}
		return 0
	})
	return found
}

// add marks s as read at `at`. Touching ranges merge and keep the older read time, so a range
// expires as a whole once its oldest part is due.
func (c coverage) add(s span, at time.Time) coverage {
	if s.empty() {
		return c
	}
	c = c.remove(s)
	out := make(coverage, 0, len(c)+1)
	merged := covered{s, at}
	for _, r := range c {
		if r.to < merged.from || r.from > merged.to {
			out = append(out, r)
			continue
		}
		merged.from, merged.to = min(merged.from, r.from), max(merged.to, r.to)
		if r.at.Before(merged.at) {
			merged.at = r.at
		}
	}
	out = append(out, merged)
	slices.SortFunc(out, func(a, b covered) int { return compareInt(a.from, b.from) })
	return out
}

// remove forgets s (an evicted day, a range about to be re-read).
func (c coverage) remove(s span) coverage {
	out := make(coverage, 0, len(c)+1)
	for _, r := range c {
		if !r.overlaps(s) {
			out = append(out, r)
			continue
		}
		if r.from < s.from {
			out = append(out, covered{span{r.from, s.from}, r.at})
		}
		if r.to > s.to {
			out = append(out, covered{span{s.to, r.to}, r.at})
		}
	}
	return out
}
