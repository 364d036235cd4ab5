package generator

import (
	"math"
	"math/rand/v2"
)

// Every random decision comes from a PCG stream derived from the seed and from *where* the decision
// belongs (a day, a customer, one subscription of that customer). Streams never depend on `now` or on
// how much of another timeline was simulated, so generating with a later `now` replays the same
// decisions for everything that already happened and only adds what comes after.

// Stream purposes: one per kind of independent timeline.
const (
	purposeArrivals uint64 = iota + 1
	purposeCustomer
	purposeTimeline
	purposeStory
)

// mix64 is the splitmix64 finaliser: a cheap bijective scrambler for deriving stream keys.
func mix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// hashString is FNV-1a, for deriving keys from short constant strings.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// newStream returns the PCG stream for (seed, purpose, a, b).
func newStream(seed, purpose, a, b uint64) *rand.Rand {
	k := mix64(seed ^ mix64(purpose^mix64(a^mix64(b))))
	return rand.New(rand.NewPCG(k, mix64(k^0x6A09E667F3BCC909)))
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	if p <= 0 {
		return false
	}
	return r.Float64() < p
}

// between draws an integer uniformly in [lo, hi].
func between(r *rand.Rand, lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo+1)
}

// pickWeighted returns an index drawn with the given weights (all >= 0, at least one > 0).
func pickWeighted(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// poisson draws a Poisson variate (Knuth's method for small means, a rounded normal above 30).
func poisson(r *rand.Rand, mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean > 30 {
		v := mean + r.NormFloat64()*math.Sqrt(mean)
		if v < 0 {
			return 0
		}
		return int(v + 0.5)
	}
	l := math.Exp(-mean)
	k, p := 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
