package fetch

import (
	"bytes"
	"context"
	"encoding/gob"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	stripe "github.com/stripe/stripe-go/v85"

	"github.com/revops/stripe-datasource/pkg/persist"
	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// openDisk opens the encrypted store in dir with the demo key, as a data source would.
func openDisk(t *testing.T, dir string) *persist.Store {
	t.Helper()
	d, err := persist.Open(filepath.Join(dir, "store"), []byte("rk_test_disk-key"), persist.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// chargeIDs reads the charges of [from, to) through the store, with their status.
func chargeStates(t *testing.T, s *Store, from, to time.Time) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := s.Charges(context.Background(), from, to, func(c Charge) { out[c.ID] = c.Status }); err != nil {
		t.Fatal(err)
	}
	return out
}

// A Store made over the disk of a closed one answers from it: the closed days cost no request,
// only the event sync and the newest second; the answers are the account's (direct listing).
func TestStoreRestartsFromDisk(t *testing.T) {
	a := demoAt(t, t0)
	dir := t.TempDir()
	from, to := t0.AddDate(0, 0, -60), t0

	first := newRig(t, a, 1000, Options{Disk: openDisk(t, dir), SyncEvery: time.Second})
	readBalance(t, first.store, from, to)
	chargeStates(t, first.store, from, to)
	cold := total(first.count.take())
	first.store.Close()

	// The second process: a new disk handle on the same directory, a minute later.
	second := newRig(t, a, 1000, Options{Disk: openDisk(t, dir), SyncEvery: time.Second})
	second.clock.set(t0.Add(time.Minute))
	got := readBalance(t, second.store, from, to)
	charges := chargeStates(t, second.store, from, to)
	warm := second.count.take()
	sameIDs(t, "balance transactions after a restart", got, directBalance(t, a, stripeapi.WindowFor(from, to)))
	want := map[string]string{}
	for _, c := range direct(t, a, func(c *stripeapi.Client, fn func(*stripe.Charge) error) error {
		return c.ListCharges(context.Background(), stripeapi.WindowFor(from, to), fn)
	}) {
		want[c.ID] = string(c.Status)
	}
	if len(charges) != len(want) {
		t.Errorf("%d charges after a restart, the account has %d", len(charges), len(want))
	}
	for id, st := range want {
		if charges[id] != st {
			t.Errorf("charge %s: %q after a restart, %q at Stripe", id, charges[id], st)
			break
		}
	}
	t.Logf("cold %d requests; after a restart %d (%v)", cold, total(warm), warm)
	if total(warm) > 4 { // the events, and the newest second of each resource
		t.Errorf("after a restart %d requests (%v), want the events and the open edge only", total(warm), warm)
	}
}

// A damaged day on disk is read again (that day only), a store of another format entirely, and
// neither gives a wrong answer.
func TestDamagedDiskIsReadAgain(t *testing.T) {
	a := demoAt(t, t0)
	dir := t.TempDir()
	from, to := t0.AddDate(0, 0, -30), t0
	first := newRig(t, a, 1000, Options{Disk: openDisk(t, dir)})
	readBalance(t, first.store, from, to)
	cold := total(first.count.take())
	first.store.Close()

	disk := openDisk(t, dir)
	names, _ := disk.List("balance_transactions/")
	if len(names) < 10 {
		t.Fatalf("%d days on disk", len(names))
	}
	if err := disk.Put(names[len(names)/2], []byte("not gob")); err != nil { // sealed, so only our format is wrong
		t.Fatal(err)
	}
	second := newRig(t, a, 1000, Options{Disk: disk})
	sameIDs(t, "with a damaged day", readBalance(t, second.store, from, to), directBalance(t, a, stripeapi.WindowFor(from, to)))
	if n := listRequests(second.count.take(), "balance_transactions"); n == 0 || n >= cold {
		t.Errorf("a damaged day: %d requests (cold %d), want that day's only", n, cold)
	}
	second.store.Close()

	// The state as an older release wrote it: another format number.
	raw, _, _ := disk.Get(stateBlob)
	var st diskState
	if err := decodeGob(raw, &st); err != nil {
		t.Fatal(err)
	}
	var old bytes.Buffer
	enc := gob.NewEncoder(&old)
	if err := enc.Encode(diskFormat - 1); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(st); err != nil {
		t.Fatal(err)
	}
	if err := disk.Put(stateBlob, old.Bytes()); err != nil {
		t.Fatal(err)
	}
	third := newRig(t, a, 1000, Options{Disk: disk})
	sameIDs(t, "with a state of an older format", readBalance(t, third.store, from, to), directBalance(t, a, stripeapi.WindowFor(from, to)))
	if n := listRequests(third.count.take(), "balance_transactions"); n != cold {
		t.Errorf("a state of an older format: %d requests, want a cold read's %d", n, cold)
	}
}

// The disk format follows the records' shapes: a field added, renamed or retyped makes another
// format (a cache of another build reads again rather than decode into records missing fields);
// the same shapes always give the same format.
func TestDiskFormatFollowsTheRecordShapes(t *testing.T) {
	type v1 struct {
		ID     string
		Amount int64
	}
	type v2 struct {
		ID             string
		Amount         int64
		AmountCaptured int64
	}
	type renamed struct {
		ID  string
		Sum int64
	}
	type retyped struct {
		ID     string
		Amount int32
	}
	type nested struct{ Lines []v1 }
	type nested2 struct{ Lines []v2 }
	base := formatOf(1, reflect.TypeFor[v1]())
	for name, other := range map[string]int64{
		"field added":       formatOf(1, reflect.TypeFor[v2]()),
		"field renamed":     formatOf(1, reflect.TypeFor[renamed]()),
		"field retyped":     formatOf(1, reflect.TypeFor[retyped]()),
		"layout bumped":     formatOf(2, reflect.TypeFor[v1]()),
		"nested field":      formatOf(1, reflect.TypeFor[nested2]()),
		"nested vs element": formatOf(1, reflect.TypeFor[nested]()),
	} {
		if other == base {
			t.Errorf("%s: the same format", name)
		}
	}
	if formatOf(1, reflect.TypeFor[v1]()) != base || formatOf(1, reflect.TypeFor[nested]()) != formatOf(1, reflect.TypeFor[nested]()) {
		t.Error("the same shapes gave different formats")
	}
}
