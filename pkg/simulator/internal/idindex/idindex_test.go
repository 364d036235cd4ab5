package idindex

import (
	"fmt"
	"testing"
)

func TestFindsEveryIDAndNoOther(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000, 100_000} {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("txn_1%011dSimTag01", i*7919%1_000_003)
		}
		id := func(i int) string { return ids[i] }
		x, _, ok := Build(n, id)
		if !ok {
			t.Fatalf("n=%d: unexpected duplicate", n)
		}
		for i := range ids {
			if j, ok := x.Lookup(ids[i], id); !ok || j != i {
				t.Fatalf("n=%d: Lookup(%s) = %d,%v want %d", n, ids[i], j, ok, i)
			}
		}
		for _, missing := range []string{"", "txn_1", "txn_1x", ids0(ids) + "0"} {
			if _, ok := x.Lookup(missing, id); ok {
				t.Fatalf("n=%d: found missing id %q", n, missing)
			}
		}
	}
}

func ids0(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return ids[0]
}

func TestReportsTheLaterDuplicate(t *testing.T) {
	ids := []string{"a", "b", "c", "b", "a"}
	_, dup, ok := Build(len(ids), func(i int) string { return ids[i] })
	if ok || dup != 3 {
		t.Fatalf("Build = dup %d ok %v, want dup 3", dup, ok)
	}
}

func BenchmarkBuild1M(b *testing.B) {
	ids := make([]string, 1_000_000)
	for i := range ids {
		ids[i] = fmt.Sprintf("txn_1%011dSimTag01", uint64(i)*2654435761%1_000_000_007)
	}
	id := func(i int) string { return ids[i] }
	for b.Loop() {
		Build(len(ids), id)
	}
}
