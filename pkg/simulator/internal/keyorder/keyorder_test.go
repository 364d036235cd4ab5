package keyorder

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

type obj struct {
	created int64
	id      string
}

// randomObjects makes many equal times, ids that share long prefixes, are prefixes of each
// other or hold zero bytes, and equal keys.
func randomObjects(r *rand.Rand, n int) []obj {
	out := make([]obj, n)
	for i := range out {
		var id string
		switch r.IntN(4) {
		case 0:
			id = fmt.Sprintf("txn_1%011d", r.IntN(1000))
		case 1:
			id = fmt.Sprintf("txn_1%011dSimTag%02d", r.IntN(50), r.IntN(3))
		case 2:
			id = "txn_1" + strings.Repeat("0", r.IntN(12))
		default:
			id = fmt.Sprintf("txn_1\x00%c%d", 'a'+r.IntN(3), r.IntN(5))
		}
		out[i] = obj{created: int64(r.IntN(5)), id: id}
		if r.IntN(3) == 0 { // a wide spread of times, negative too, needs several radix passes
			out[i].created = r.Int64N(1<<40) - 1<<39
		}
	}
	return out
}

func naive(objs []obj) []int32 {
	pos := make([]int32, len(objs))
	for i := range pos {
		pos[i] = int32(i)
	}
	slices.SortStableFunc(pos, func(a, b int32) int {
		if c := cmp.Compare(objs[a].created, objs[b].created); c != 0 {
			return c
		}
		return strings.Compare(objs[a].id, objs[b].id)
	})
	return pos
}

func TestAscendingMatchesAStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 17, 1000} {
		for range 20 {
			objs := randomObjects(r, n)
			key := func(i int) (int64, string) { return objs[i].created, objs[i].id }
			if got, want := Ascending(n, key), naive(objs); !slices.Equal(got, want) {
				t.Fatalf("Ascending(%d) = %v, want %v", n, got, want)
			}
		}
	}
}

// benchIDs are a million ids shaped like the generator's: a shared prefix, base62 digits that
// share their first few, a shared account tag.
func benchIDs() ([]int64, []string) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 1_000_000
	created, ids := make([]int64, n), make([]string, n)
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for i := range ids {
		k := r.Uint64() >> 5
		var b [11]byte
		for j := len(b) - 1; j >= 0; j-- {
			b[j] = digits[k%62]
			k /= 62
		}
		ids[i] = "txn_1" + string(b[:]) + "SimTag01"
		created[i] = int64(r.IntN(60_000_000))
	}
	return created, ids
}

func BenchmarkAscending1M(b *testing.B) {
	created, ids := benchIDs()
	for b.Loop() {
		Ascending(len(ids), func(i int) (int64, string) { return created[i], ids[i] })
	}
}

func TestAscendingByMatchesAStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 17, 1000} {
		for range 20 {
			objs := randomObjects(r, n)
			minor := make([]int64, n)
			for i := range minor {
				minor[i] = int64(r.IntN(3))
				if r.IntN(4) == 0 {
					minor[i] = r.Int64N(1<<50) - 1<<49
				}
			}
			pos := make([]int32, n)
			for i := range pos {
				pos[i] = int32(i)
			}
			slices.SortStableFunc(pos, func(a, b int32) int {
				return cmp.Or(cmp.Compare(objs[a].created, objs[b].created), cmp.Compare(minor[a], minor[b]),
					strings.Compare(objs[a].id, objs[b].id))
			})
			got := AscendingBy(n, func(i int) (int64, int64, string) { return objs[i].created, minor[i], objs[i].id })
			if !slices.Equal(got, pos) {
				t.Fatalf("AscendingBy(%d) = %v, want %v", n, got, pos)
			}
		}
	}
}

func TestApplyReorders(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{0, 1, 2, 3, 100} {
		items := make([]int, n)
		for i := range items {
			items[i] = 10 * i
		}
		order := make([]int32, n)
		for i := range order {
			order[i] = int32(i)
		}
		r.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		want := make([]int, n)
		for i, o := range order {
			want[i] = items[o]
		}
		Apply(items, order)
		if !slices.Equal(items, want) {
			t.Fatalf("Apply(%d) = %v, want %v", n, items, want)
		}
	}
}
