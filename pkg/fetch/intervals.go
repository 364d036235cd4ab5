package fetch

import (
	"math"
	"slices"
)

// endOfTime stands for an open upper bound (a window with no `to`).
const endOfTime = int64(math.MaxInt64)

// span is a half-open range of Unix seconds [from, to).
type span struct{ from, to int64 }

func (s span) empty() bool          { return s.to <= s.from }
func (s span) has(t int64) bool     { return t >= s.from && t < s.to }
func (s span) overlaps(o span) bool { return s.from < o.to && o.from < s.to }
func (s span) clip(o span) span     { return span{max(s.from, o.from), min(s.to, o.to)} }
func (s span) contains(o span) bool { return s.from <= o.from && o.to <= s.to }

// subtract returns the parts of s that no span in cover overlaps, in order. cover need not be
// sorted or disjoint.
func subtract(s span, cover []span) []span {
	sorted := slices.Clone(cover)
	slices.SortFunc(sorted, func(a, b span) int { return compareInt(a.from, b.from) })
	var out []span
	at := s.from
	for _, c := range sorted {
		if c.to <= at || c.from >= s.to {
			continue
		}
		if c.from > at {
			out = append(out, span{at, c.from})
		}
		at = max(at, c.to)
		if at >= s.to {
			break
		}
	}
	if at < s.to {
		out = append(out, span{at, s.to})
	}
	return out
}

// intersect returns the parts of s that some span of cover (sorted, disjoint) overlaps.
func intersect(s span, cover []span) []span {
	var out []span
	for _, c := range cover {
		if p := s.clip(c); !p.empty() {
			out = append(out, p)
		}
	}
	return out
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
