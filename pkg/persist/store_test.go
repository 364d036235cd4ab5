package persist

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/revops/stripe-datasource/pkg/persist/internal/gen"
)

var secretA = []byte("sk_test_51AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH")
var secretB = []byte("rk_test_51ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210zyxwvutsrqponmlkjihgfedcbaZYXWVUTS")

func open(t *testing.T, dir string, secret []byte, opt Options) *Store {
	t.Helper()
	s, err := Open(dir, secret, opt)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func put(t *testing.T, s *Store, name string, v []byte) {
	t.Helper()
	if err := s.Put(name, v); err != nil {
		t.Fatalf("Put(%q): %v", name, err)
	}
}

func mustGet(t *testing.T, s *Store, name string, want []byte) {
	t.Helper()
	v, ok, err := s.Get(name)
	if err != nil || !ok || !bytes.Equal(v, want) {
		t.Fatalf("Get(%q) = %d bytes, %v, %v; want %d bytes", name, len(v), ok, err, len(want))
	}
}

func mustAbsent(t *testing.T, s *Store, name string) {
	t.Helper()
	v, ok, err := s.Get(name)
	if err != nil || ok || v != nil {
		t.Fatalf("Get(%q) = %d bytes, %v, %v; want absent", name, len(v), ok, err)
	}
}

func mustList(t *testing.T, s *Store, prefix string, want ...string) {
	t.Helper()
	got, err := s.List(prefix)
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("List(%q) = %q, %v; want %q", prefix, got, err, want)
	}
}

// blobFile is the path of name's blob file in dir.
func blobFile(t *testing.T, dir, name string) string {
	f, err := fileOf(name)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, f)
}

// storedBytes adds up the sizes of the store's files on disk (meta and blobs).
func storedBytes(t *testing.T, dir string) (n int64) {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Name() == metaFile || strings.HasPrefix(e.Name(), blobPrefix) {
			info, _ := e.Info()
			n += info.Size()
		}
	}
	return n
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, secretA, Options{})
	blobs := gen.History(1, 2<<20, 1<<10, 200<<10)
	blobs = append(blobs, gen.Blob{Name: "empty", Value: []byte{}}, gen.Blob{Name: "random", Value: randomBytes(5000)},
		gen.Blob{Name: "subscriptions/all: ü/\\:*?\"<>|", Value: []byte("odd names are file-safe")},
		gen.Blob{Name: strings.Repeat("n", MaxNameLen), Value: []byte("longest name")})
	for _, b := range blobs {
		put(t, s, b.Name, b.Value)
	}
	for _, b := range blobs {
		mustGet(t, s, b.Name, b.Value)
	}
	mustAbsent(t, s, "never written")
	mustList(t, s, "subscriptions/", "subscriptions/all: ü/\\:*?\"<>|")
	all, _ := s.List("")
	if len(all) != len(blobs) || !slices.IsSorted(all) {
		t.Fatalf("List(\"\") = %d names (sorted: %v), want %d", len(all), slices.IsSorted(all), len(blobs))
	}
	// replace and delete
	put(t, s, blobs[0].Name, []byte("replaced"))
	mustGet(t, s, blobs[0].Name, []byte("replaced"))
	if err := s.Delete(blobs[1].Name); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("never written"); err != nil {
		t.Fatalf("Delete of an absent name: %v", err)
	}
	mustAbsent(t, s, blobs[1].Name)
	if st := s.Stats(); st.Bytes != storedBytes(t, dir) || st.Blobs != len(blobs)-1 {
		t.Fatalf("Stats = %+v; on disk %d bytes, want %d blobs", st, storedBytes(t, dir), len(blobs)-1)
	}
	// names out of bounds
	for _, bad := range []string{"", strings.Repeat("n", MaxNameLen+1)} {
		if err := s.Put(bad, nil); !errors.Is(err, ErrName) {
			t.Fatalf("Put(%d-byte name) = %v, want ErrName", len(bad), err)
		}
		if _, _, err := s.Get(bad); !errors.Is(err, ErrName) {
			t.Fatalf("Get(%d-byte name) = %v, want ErrName", len(bad), err)
		}
	}
	if _, err := Open(t.TempDir(), nil, Options{}); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("Open without a secret = %v, want ErrNoSecret", err)
	}
}

func TestReopenAfterClose(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, secretA, Options{})
	blobs := gen.History(2, 3<<20, 10<<10, 300<<10)
	for _, b := range blobs {
		put(t, s, b.Name, b.Value)
	}
	put(t, s, blobs[0].Name, []byte("second value"))
	before := s.Stats()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := s.Put("x", nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Put after Close = %v, want ErrClosed", err)
	}
	if _, _, err := s.Get("x"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Get after Close = %v, want ErrClosed", err)
	}

	s = open(t, dir, secretA, Options{})
	if after := s.Stats(); after != before {
		t.Fatalf("Stats after reopening = %+v, before = %+v", after, before)
	}
	mustGet(t, s, blobs[0].Name, []byte("second value"))
	for _, b := range blobs[1:] {
		mustGet(t, s, b.Name, b.Value)
	}
}

func TestOtherSecretReadsNothingAndStartsFresh(t *testing.T) {
	dir := t.TempDir()
	var logged []string
	a := open(t, dir, secretA, Options{})
	put(t, a, "balance/2024-01-01", []byte("account A's day"))
	put(t, a, "charges/2024-01-01", []byte("account A's charges"))
	a.Close()

	b := open(t, dir, secretB, Options{Log: func(msg string, args ...any) { logged = append(logged, fmt.Sprint(msg, args)) }})
	mustList(t, b, "")
	mustAbsent(t, b, "balance/2024-01-01")
	if st := b.Stats(); st.Blobs != 0 || st.Bytes != int64(metaSize) {
		t.Fatalf("Stats of the fresh store = %+v", st)
	}
	if _, err := os.Stat(blobFile(t, dir, "balance/2024-01-01")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("account A's blob is still on disk: %v", err)
	}
	if len(logged) != 1 || !strings.Contains(logged[0], "key check") {
		t.Fatalf("logged %q, want the fresh start with the key check as reason", logged)
	}
	put(t, b, "balance/2024-01-01", []byte("account B's day"))
	b.Close()

	// The store is B's now: A finds nothing of B's either.
	a = open(t, dir, secretA, Options{})
	mustList(t, a, "")
	mustAbsent(t, a, "balance/2024-01-01")
}

func TestNothingOnDiskRevealsTheSecretOrKey(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, secretA, Options{})
	value := bytes.Repeat([]byte("plaintext that must not appear "), 100)
	put(t, s, "x", value)
	put(t, s, "y", randomBytes(100)) // stored uncompressed (zstd does not make it smaller)
	s.Close()
	meta, _ := os.ReadFile(filepath.Join(dir, metaFile))
	key := derive(secretA, meta[len(metaMagic)+1:len(metaMagic)+1+saltLen], infoKey, 32)
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		for what, secret := range map[string][]byte{"secret": secretA, "key": key, "a part of the secret": secretA[8:24], "the plaintext": value[:32]} {
			if bytes.Contains(b, secret) {
				t.Errorf("%s contains %s", e.Name(), what)
			}
		}
	}
}

func TestNameIsBound(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, secretA, Options{})
	put(t, s, "balance/2024-01-01", []byte("the first day"))
	put(t, s, "balance/2024-01-02", []byte("the second day"))
	put(t, s, "balance/2024-01-03", []byte("the third day"))
	s.Close()

	// Swap the first two blobs' files at the engine level (the file system), and copy the third
	// under a new name.
	p1, p2, p3 := blobFile(t, dir, "balance/2024-01-01"), blobFile(t, dir, "balance/2024-01-02"), blobFile(t, dir, "balance/2024-01-03")
	b1, _ := os.ReadFile(p1)
	b2, _ := os.ReadFile(p2)
	b3, _ := os.ReadFile(p3)
	os.WriteFile(p1, b2, 0o600)
	os.WriteFile(p2, b1, 0o600)
	os.WriteFile(blobFile(t, dir, "balance/2024-01-04"), b3, 0o600)

	s = open(t, dir, secretA, Options{})
	mustList(t, s, "", "balance/2024-01-01", "balance/2024-01-02", "balance/2024-01-03", "balance/2024-01-04")
	mustAbsent(t, s, "balance/2024-01-01")
	mustAbsent(t, s, "balance/2024-01-02")
	mustAbsent(t, s, "balance/2024-01-04")
	mustGet(t, s, "balance/2024-01-03", []byte("the third day"))
	mustList(t, s, "", "balance/2024-01-03") // the ones that failed are deleted
	for _, p := range []string{p1, p2} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s was not deleted: %v", p, err)
		}
	}
	if st := s.Stats(); st.Bytes != storedBytes(t, dir) {
		t.Fatalf("Stats.Bytes = %d, on disk %d", st.Bytes, storedBytes(t, dir))
	}
}

func TestFlippedByteIsAbsent(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, secretA, Options{})
	value := gen.Day(1, 0, 4<<10)
	put(t, s, "day", value)
	s.Close()
	path := blobFile(t, dir, "day")
	good, _ := os.ReadFile(path)
	// every byte of the header and nonce, and a spread of the sealed value and the tag
	var at []int
	for i := range len(good) {
		if i < headerLen+12 || i >= len(good)-16 || i%97 == 0 {
			at = append(at, i)
		}
	}
	for _, i := range at {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			bad := bytes.Clone(good)
			bad[i] ^= mask
			os.WriteFile(path, bad, 0o600)
			s := open(t, dir, secretA, Options{})
			mustAbsent(t, s, "day")
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("byte %d ^ %#x: the blob was not deleted", i, mask)
			}
			mustList(t, s, "")
			s.Close()
		}
	}
	// and the good file still opens
	os.WriteFile(path, good, 0o600)
	mustGet(t, open(t, dir, secretA, Options{}), "day", value)
}

func TestTruncatedOrGarbageIsDiscarded(t *testing.T) {
	build := func(t *testing.T) (string, []byte) {
		dir := t.TempDir()
		s := open(t, dir, secretA, Options{})
		v := gen.Day(2, 0, 20<<10)
		put(t, s, "day", v)
		s.Close()
		return dir, v
	}
	fresh := func(t *testing.T, dir string) {
		t.Helper()
		s := open(t, dir, secretA, Options{})
		mustList(t, s, "")
		mustAbsent(t, s, "day")
		put(t, s, "day", []byte("usable again"))
		mustGet(t, s, "day", []byte("usable again"))
	}
	t.Run("meta truncated", func(t *testing.T) {
		for _, n := range []int{0, 1, 4, 5, 20, metaSize - 1} {
			dir, _ := build(t)
			meta, _ := os.ReadFile(filepath.Join(dir, metaFile))
			os.WriteFile(filepath.Join(dir, metaFile), meta[:n], 0o600)
			fresh(t, dir)
		}
	})
	t.Run("meta overlong", func(t *testing.T) {
		dir, _ := build(t)
		meta, _ := os.ReadFile(filepath.Join(dir, metaFile))
		os.WriteFile(filepath.Join(dir, metaFile), append(meta, 0), 0o600)
		fresh(t, dir)
	})
	t.Run("meta garbage", func(t *testing.T) {
		dir, _ := build(t)
		os.WriteFile(filepath.Join(dir, metaFile), randomBytes(4096), 0o600)
		fresh(t, dir)
	})
	t.Run("meta missing", func(t *testing.T) {
		dir, _ := build(t)
		os.Remove(filepath.Join(dir, metaFile))
		fresh(t, dir)
	})
	t.Run("meta is a directory", func(t *testing.T) {
		dir, _ := build(t)
		os.Remove(filepath.Join(dir, metaFile))
		os.Mkdir(filepath.Join(dir, metaFile), 0o700)
		fresh(t, dir)
	})
	t.Run("store path is a garbage file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "store")
		os.WriteFile(dir, randomBytes(1000), 0o600)
		fresh(t, dir)
	})
	t.Run("blob truncated", func(t *testing.T) {
		for _, n := range []int{0, 3, headerLen, headerLen + 12, headerLen + 12 + 15, 1000} {
			dir, v := build(t)
			p := blobFile(t, dir, "day")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:n], 0o600)
			s := open(t, dir, secretA, Options{})
			mustAbsent(t, s, "day")
			put(t, s, "day", v)
			mustGet(t, s, "day", v)
		}
	})
	t.Run("blob garbage and stray files", func(t *testing.T) {
		dir, _ := build(t)
		os.WriteFile(blobFile(t, dir, "day"), randomBytes(3000), 0o600)
		os.WriteFile(filepath.Join(dir, "b-!!not base32"), []byte("x"), 0o600)
		os.WriteFile(filepath.Join(dir, tempPrefix+"123"), []byte("x"), 0o600)
		os.Mkdir(filepath.Join(dir, blobFile(t, "", "a directory")), 0o700)
		os.WriteFile(filepath.Join(dir, "README"), []byte("not the store's: left alone"), 0o600)
		s := open(t, dir, secretA, Options{})
		mustList(t, s, "", "day")
		mustAbsent(t, s, "day")
		mustList(t, s, "")
		es, _ := os.ReadDir(dir)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		if !slices.Equal(names, []string{"README", metaFile}) {
			t.Fatalf("files left: %q", names)
		}
	})
}

func TestOldFormatVersionIsDiscarded(t *testing.T) {
	for _, version := range []byte{0, FormatVersion + 1, 0xff} {
		t.Run(fmt.Sprint("meta version ", version), func(t *testing.T) {
			dir := t.TempDir()
			s := open(t, dir, secretA, Options{})
			put(t, s, "day", []byte("v1"))
			s.Close()
			// Same salt and key check, so only the version differs.
			meta, _ := os.ReadFile(filepath.Join(dir, metaFile))
			meta[len(metaMagic)] = version
			os.WriteFile(filepath.Join(dir, metaFile), meta, 0o600)
			var why string
			s = open(t, dir, secretA, Options{Log: func(msg string, args ...any) { why = fmt.Sprint(args...) }})
			mustList(t, s, "")
			if !strings.Contains(why, fmt.Sprintf("format version %d", version)) {
				t.Fatalf("reason logged: %q", why)
			}
		})
	}
	t.Run("blob version", func(t *testing.T) {
		dir := t.TempDir()
		s := open(t, dir, secretA, Options{})
		put(t, s, "day", []byte("v1"))
		s.Close()
		p := blobFile(t, dir, "day")
		b, _ := os.ReadFile(p)
		b[len(blobMagic)] = 0
		os.WriteFile(p, b, 0o600)
		mustAbsent(t, open(t, dir, secretA, Options{}), "day")
	})
}

func TestSizeBound(t *testing.T) {
	dir := t.TempDir()
	value := func(i int) []byte { return randomBytesSeed(uint64(i), 10_000) } // incompressible: stored as is
	perBlob := int64(10_000 + headerLen + 12 + 16)
	max := int64(metaSize) + 5*perBlob
	s := open(t, dir, secretA, Options{MaxBytes: max})
	for i := range 5 {
		put(t, s, fmt.Sprint("blob", i), value(i))
	}
	if st := s.Stats(); st.Bytes != max || st.Bytes != storedBytes(t, dir) || st.MaxBytes != max {
		t.Fatalf("Stats = %+v, want %d bytes (on disk %d)", st, max, storedBytes(t, dir))
	}
	// a new blob does not fit
	err := s.Put("blob5", value(5))
	var full *FullError
	if !errors.Is(err, ErrFull) || !errors.As(err, &full) || full.Name != "blob5" || full.Size != perBlob || full.Used != max || full.Max != max {
		t.Fatalf("Put over the bound = %v (%+v)", err, full)
	}
	mustAbsent(t, s, "blob5")
	// replacing a blob counts only the difference: the same size fits, 3 bytes more do not, and
	// then the old value stays
	put(t, s, "blob0", value(10))
	if err := s.Put("blob0", append(value(11), 1, 2, 3)); !errors.Is(err, ErrFull) {
		t.Fatalf("growing blob0 past the bound = %v", err)
	}
	mustGet(t, s, "blob0", value(10))
	put(t, s, "blob1", []byte("smaller"))
	put(t, s, "blob0", append(value(11), 1, 2, 3)) // fits now
	mustGet(t, s, "blob0", append(value(11), 1, 2, 3))
	// deleting makes room
	if err := s.Delete("blob2"); err != nil {
		t.Fatal(err)
	}
	put(t, s, "blob5", value(5))
	if st := s.Stats(); st.Bytes != storedBytes(t, dir) || st.Bytes > max {
		t.Fatalf("Stats = %+v, on disk %d", st, storedBytes(t, dir))
	}
	// a value larger than the whole bound
	if err := s.Put("huge", randomBytes(int(max))); !errors.Is(err, ErrFull) {
		t.Fatalf("Put larger than the bound = %v", err)
	}
	// no temporary file left behind by the refusals
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if strings.HasPrefix(e.Name(), tempPrefix) {
			t.Fatalf("temporary file left: %s", e.Name())
		}
	}
	// reopened with a lower bound, everything is kept, but nothing more fits until deletions
	s.Close()
	s = open(t, dir, secretA, Options{MaxBytes: max / 2})
	mustGet(t, s, "blob5", value(5))
	if err := s.Put("blob6", []byte("small")); !errors.Is(err, ErrFull) {
		t.Fatalf("Put over a lowered bound = %v", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, secretA, Options{})
	// Each value says which name and version it is, so a reader can check what it got.
	val := func(name string, version int) []byte {
		return append([]byte(fmt.Sprintf("%s#%d#", name, version)), gen.Day(uint64(version), 0, 2<<10)...)
	}
	check := func(name string, v []byte) error {
		var version int
		if _, err := fmt.Sscanf(string(v[len(name)+1:]), "%d#", &version); err != nil || !bytes.Equal(v, val(name, version)) {
			return fmt.Errorf("%s: got a value that is no version of it", name)
		}
		return nil
	}
	names := []string{"a", "b", "c", "d"}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 0))
			for i := range 60 {
				name := names[r.IntN(len(names))]
				switch r.IntN(5) {
				case 0, 1:
					if err := s.Put(name, val(name, w*1000+i)); err != nil {
						errs <- err
					}
				case 2:
					if err := s.Delete(name); err != nil {
						errs <- err
					}
				case 3:
					if _, err := s.List(""); err != nil {
						errs <- err
					}
				default:
					v, ok, err := s.Get(name)
					if err != nil {
						errs <- err
					} else if ok {
						if err := check(name, v); err != nil {
							errs <- err
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := s.Stats(); st.Bytes != storedBytes(t, dir) {
		t.Fatalf("Stats.Bytes = %d, on disk %d", st.Bytes, storedBytes(t, dir))
	}
	s.Close()
	s = open(t, dir, secretA, Options{})
	ls, _ := s.List("")
	for _, n := range ls {
		v, ok, err := s.Get(n)
		if err != nil || !ok {
			t.Fatalf("Get(%q) after reopening = %v, %v", n, ok, err)
		}
		if err := check(n, v); err != nil {
			t.Fatal(err)
		}
	}
}

func randomBytes(n int) []byte { return randomBytesSeed(rand.Uint64(), n) }

func randomBytesSeed(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestNewStoreLogsNothing(t *testing.T) {
	var logged []string
	s := open(t, filepath.Join(t.TempDir(), "a", "b"), secretA, Options{Log: func(msg string, args ...any) { logged = append(logged, msg) }})
	put(t, s, "x", []byte("y"))
	if len(logged) != 0 {
		t.Fatalf("logged %q for a new store", logged)
	}
}
