package truth

import (
	"fmt"
	"sort"
	"time"
)

// Size is a bucket size.
type Size string

// Bucket sizes.
const (
	Hour  Size = "hour"
	Day   Size = "day"
	Week  Size = "week"
	Month Size = "month"
)

// bucketStart is the start of the bucket containing t, in loc.
func bucketStart(t time.Time, size Size, loc *time.Location) time.Time {
	l := t.In(loc)
	switch size {
	case Hour:
		// Subtracting the local minutes and seconds keeps half-hour zones aligned on local hours.
		return l.Add(-time.Duration(l.Minute())*time.Minute - time.Duration(l.Second())*time.Second - time.Duration(l.Nanosecond()))
	case Day:
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc)
	case Week:
		back := (int(l.Weekday()) + 6) % 7 // days since Monday
		return time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, loc)
	default:
		return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc)
	}
}

// nextStart is the start of the bucket after the one starting at s.
func nextStart(s time.Time, size Size, loc *time.Location) time.Time {
	l := s.In(loc)
	switch size {
	case Hour:
		return s.Add(time.Hour)
	case Day:
		return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
	case Week:
		return time.Date(l.Year(), l.Month(), l.Day()+7, 0, 0, 0, 0, loc)
	default:
		return time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, loc)
	}
}

// Buckets are the bucket edges of a window: bucket i is [Starts[i], Starts[i+1]).
type Buckets struct {
	Size   Size
	Loc    *time.Location
	Starts []time.Time // len = number of buckets + 1 (the last is the end of the last bucket)
	unix   []int64
}

// maxBuckets bounds a window so a mistaken call cannot allocate without limit.
const maxBuckets = 200000

// NewBuckets returns the buckets covering [from, to).
func NewBuckets(from, to time.Time, size Size, loc *time.Location) (*Buckets, error) {
	if loc == nil {
		return nil, fmt.Errorf("truth: nil location")
	}
	switch size {
	case Hour, Day, Week, Month:
	default:
		return nil, fmt.Errorf("truth: unknown bucket size %q", size)
	}
	if !from.Before(to) {
		return nil, fmt.Errorf("truth: empty window [%s, %s)", from, to)
	}
	b := &Buckets{Size: size, Loc: loc}
	for s := bucketStart(from, size, loc); ; s = nextStart(s, size, loc) {
		b.Starts = append(b.Starts, s)
		b.unix = append(b.unix, s.Unix())
		if !s.Before(to) {
			break
		}
		if len(b.Starts) > maxBuckets {
			return nil, fmt.Errorf("truth: more than %d buckets", maxBuckets)
		}
	}
	return b, nil
}

// Len is the number of buckets.
func (b *Buckets) Len() int { return len(b.Starts) - 1 }

// Index is the bucket holding Unix time t, or -1 outside the buckets.
func (b *Buckets) Index(t int64) int {
	if t < b.unix[0] || t >= b.unix[len(b.unix)-1] {
		return -1
	}
	return sort.Search(len(b.unix), func(i int) bool { return b.unix[i] > t }) - 1
}
