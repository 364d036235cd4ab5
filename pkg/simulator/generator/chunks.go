package generator

// chunkList is an append-only list kept in fixed-size chunks, for the generator's two
// million-element lists (charges, invoices) while they grow. Appending never moves what is
// already there: append's ~1.25× growth of a large slice copies every element about four times
// and leaves that much garbage, most of what generating the large profile allocated. Elements
// keep their index and their address. slice moves everything into one exact-size slice at the
// end.
type chunkList[T any] struct {
	chunks [][]T
	n      int
}

const (
	chunkBits = 13 // 8192 elements a chunk
	chunkLen  = 1 << chunkBits
)

// add appends v and returns its index.
func (l *chunkList[T]) add(v T) int32 {
	if l.n%chunkLen == 0 {
		l.chunks = append(l.chunks, make([]T, 0, chunkLen))
	}
	c := &l.chunks[len(l.chunks)-1]
	*c = append(*c, v)
	l.n++
	return int32(l.n - 1)
}

// at returns the element at index i.
func (l *chunkList[T]) at(i int32) *T { return &l.chunks[i>>chunkBits][i&(chunkLen-1)] }

func (l *chunkList[T]) len() int { return l.n }

// slice returns every element in one slice and empties the list; each chunk becomes garbage as
// soon as it is copied.
func (l *chunkList[T]) slice() []T {
	out := make([]T, 0, l.n)
	for i := range l.chunks {
		out = append(out, l.chunks[i]...)
		l.chunks[i] = nil
	}
	l.chunks, l.n = nil, 0
	return out
}
