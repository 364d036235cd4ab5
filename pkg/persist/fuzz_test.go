package persist

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The seeds below (and testdata/fuzz/FuzzOpen, inputs kept from fuzzing runs) run as regular tests
// with go test; fuzz with:
//
//	go test ./pkg/persist -run '^$' -fuzz FuzzOpen -fuzztime 60s
var (
	fuzzSalt  = bytes.Repeat([]byte{7}, saltLen)
	fuzzValue = []byte(`[{"ID":"txn_1","Created":1700000000,"Amount":1000}]`)
)

func fuzzStore(t testing.TB) *Store {
	aead, err := newAEAD(secretA, fuzzSalt)
	if err != nil {
		t.Fatal(err)
	}
	return &Store{aead: aead}
}

// sealRaw seals plain for name with flags as they are (a zstd flag on bytes that are no zstd frame
// makes a blob that authenticates and then fails to decompress).
func sealRaw(t testing.TB, name string, flags byte, plain []byte) []byte {
	s := fuzzStore(t)
	out := make([]byte, headerLen+12)
	copy(out, blobMagic)
	out[len(blobMagic)] = FormatVersion
	out[len(blobMagic)+1] = flags
	return s.aead.Seal(out, out[headerLen:], plain, aad(out[:headerLen], name))
}

// FuzzOpen writes a meta file and one blob file with any contents and any file name, opens the
// store and reads every blob: Open must not fail or panic, a Get must not fail or panic, and a value
// may only come back as the one really sealed under that name.
func FuzzOpen(f *testing.F) {
	meta := metaFor(secretA, fuzzSalt)
	good, err := fuzzStore(f).seal("day", fuzzValue)
	if err != nil {
		f.Fatal(err)
	}
	dayFile, _ := fileOf("day")
	old := bytes.Clone(meta)
	old[len(metaMagic)] = 0
	f.Add(meta, good, dayFile)
	f.Add(meta, good[:len(good)-1], dayFile)
	f.Add(meta, good, blobPrefix+"mrqg") // another name's file
	f.Add(meta, sealRaw(f, "day", flagZstd, []byte("no zstd frame")), dayFile)
	f.Add(meta, sealRaw(f, "day", 0x42, fuzzValue), dayFile) // unknown flags
	f.Add(old, good, dayFile)                                // old format version
	f.Add(metaFor(secretB, fuzzSalt), good, dayFile)         // another secret
	f.Add(meta[:metaSize-1], good, dayFile)                  // truncated meta
	f.Add([]byte{}, []byte{}, dayFile)
	f.Add([]byte("SGPM\x01garbage"), []byte("SGPB\x01\x00"), "b-")
	f.Add(meta, good, tempPrefix+"1")
	f.Fuzz(func(t *testing.T, meta, blob []byte, file string) {
		if file == "" || file == "." || file == ".." || strings.ContainsAny(file, "/\\\x00:") || len(file) > 200 {
			file = dayFile
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, metaFile), meta, 0o600); err != nil {
			t.Skip(err)
		}
		if file != metaFile {
			if err := os.WriteFile(filepath.Join(dir, file), blob, 0o600); err != nil {
				t.Skip(err) // a name this file system does not take
			}
		}
		s, err := Open(dir, secretA, Options{})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		names, err := s.List("")
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range append(names, "day") {
			v, ok, err := s.Get(name)
			if err != nil {
				t.Fatalf("Get(%q): %v", name, err)
			}
			if ok && (name != "day" || !bytes.Equal(v, fuzzValue)) {
				t.Fatalf("Get(%q) returned %q, which was never sealed under that name", name, v)
			}
		}
		// what is left is counted right, and the store works
		if st, n := s.Stats(), storedBytes(t, dir); st.Bytes != n {
			t.Fatalf("Stats.Bytes = %d, on disk %d", st.Bytes, n)
		}
		if err := s.Put("day", []byte("x")); err != nil {
			t.Fatalf("Put: %v", err)
		}
	})
}

// FuzzName: every name of 1 to MaxNameLen bytes has a file name that gives it back, and file names
// are safe everywhere (base32 lower-case, short enough).
func FuzzName(f *testing.F) {
	f.Add("balance/2024-01-02")
	f.Add("ü/\\:*?\"<>|")
	f.Add(strings.Repeat("x", MaxNameLen))
	f.Fuzz(func(t *testing.T, name string) {
		file, err := fileOf(name)
		if len(name) == 0 || len(name) > MaxNameLen {
			if err == nil {
				t.Fatalf("fileOf(%d bytes) accepted", len(name))
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(file) > 255 || strings.Trim(file[len(blobPrefix):], "0123456789abcdefghijklmnopqrstuv") != "" {
			t.Fatalf("file name %q", file)
		}
		if back, ok := nameOf(file); !ok || back != name {
			t.Fatalf("nameOf(fileOf(%q)) = %q, %v", name, back, ok)
		}
	})
}
