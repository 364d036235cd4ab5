package generator

// Object IDs are built from a key that is unique by construction, not from a hash, so two objects
// can never collide. A key is (customer key, timeline, sequence number within that timeline):
// objects of one timeline are numbered in the order the timeline creates them, so a later `now`
// gives every existing object the same ID.

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// Bit layout of an object key: day (17 bits) | arrival index (18) | timeline (4) | sequence (20).
const (
	seqBits      = 20
	timelineBits = 4
	arrivalBits  = 18
	maxSeq       = 1<<seqBits - 1
	maxArrival   = 1<<arrivalBits - 1
	// storyArrivalBase is where scripted customers are numbered, far above random arrivals.
	storyArrivalBase = maxArrival - 4095
	// systemArrival numbers account-level objects (payouts, billing fees, the catalog).
	systemArrival = maxArrival
)

// Timelines of one customer (timeline 0 is the customer itself).
const (
	timelineCustomer = iota
	timelineOneOff
	timelineFirstSub
	// further subscriptions use timelineFirstSub+1, +2 ...
	maxTimeline = 1<<timelineBits - 1
)

// idSource hands out IDs for one timeline.
type idSource struct {
	acct string // 8 characters derived from the seed, shared by every ID of the account
	base uint64
	seq  uint64
}

func newIDSource(acct string, day int64, arrival int, timeline int) *idSource {
	base := (uint64(day)&(1<<17-1))<<(arrivalBits+timelineBits+seqBits) |
		uint64(arrival)<<(timelineBits+seqBits) | uint64(timeline)<<seqBits
	return &idSource{acct: acct, base: base}
}

// next returns prefix_ + a fresh identifier. After 2^20 objects in one timeline the sequence wraps;
// no timeline the generator simulates comes close (a weekly subscription over 20 years makes ~4,000).
func (s *idSource) next(prefix string) string {
	s.seq++
	return formatID(prefix, s.acct, s.base|(s.seq&maxSeq))
}

// reserve takes n sequence numbers without formatting IDs (formatting costs allocations; most
// reservations are never used). The IDs are formatted later with at.
func (s *idSource) reserve(n uint64) uint64 {
	first := s.seq + 1
	s.seq += n
	return first
}

// at formats the ID of a reserved sequence number.
func (s *idSource) at(prefix string, seq uint64) string {
	return formatID(prefix, s.acct, s.base|(seq&maxSeq))
}

func formatID(prefix, acct string, key uint64) string {
	// Built on the stack and converted once: one allocation per id, of exactly its size.
	var buf [48]byte
	b := append(buf[:0], prefix...)
	b = append(b, '_', '1')
	var digits [11]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = base62[key%62]
		key /= 62
	}
	b = append(b, digits[:]...)
	b = append(b, acct...)
	return string(b)
}

// accountTag derives the 8 characters every ID of the account shares (as real IDs share an
// account-specific segment).
func accountTag(seed uint64) string {
	x := mix64(seed ^ 0xA5A5A5A5)
	var b [8]byte
	for i := range b {
		b[i] = base62[x%62]
		x /= 62
	}
	return string(b[:])
}
