package enginebench

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCorruption flips bytes in a written store of each engine and counts what opening and reading
// every blob does: open error, read error, panic, wrong bytes returned undetected. Skipped unless
// PERSIST_ENGINE_TABLE=1. (Wrong bytes are what persist's AEAD catches; a panic is what a store
// built on the engine would have to recover from.)
func TestCorruption(t *testing.T) {
	if os.Getenv("PERSIST_ENGINE_TABLE") == "" {
		t.Skip("set PERSIST_ENGINE_TABLE=1")
	}
	const trials = 200
	blobs := make([][]byte, 40)
	r := rand.New(rand.NewPCG(3, 3))
	for i := range blobs {
		blobs[i] = make([]byte, 20<<10+r.IntN(100<<10))
		for j := range blobs[i] {
			blobs[i][j] = byte(r.Uint32())
		}
	}
	for _, e := range engines {
		if e.Name == "files" {
			continue // no engine format to corrupt: each blob file is persist's own, checked by its AEAD
		}
		src := t.TempDir()
		db, err := e.Open(src)
		must(t, err)
		for i, b := range blobs {
			must(t, db.Put(fmt.Sprintf("k%03d", i), b))
		}
		must(t, db.Close())
		var openErr, readErr, panics, crashes, wrong, fine int
		for trial := range trials {
			dir := t.TempDir()
			copyTree(t, src, dir)
			corrupt(t, dir, rand.New(rand.NewPCG(4, uint64(trial))), trial%2 == 0)
			switch outcome := corruptInChild(t, e.Name, dir, len(blobs)); outcome {
			case "open error":
				openErr++
			case "read error":
				readErr++
			case "panic":
				panics++
			case "crash":
				crashes++
			case "wrong":
				wrong++
			case "fine":
				fine++
			default:
				t.Fatalf("%s: child said %q", e.Name, outcome)
			}
		}
		t.Logf("%s: %d corrupted copies (half one flipped byte, half truncated): open error %d, read error %d, recoverable panic %d, process killed (fatal error: fault/SIGBUS) %d, wrong value returned %d, unaffected %d",
			e.Name, trials, openErr, readErr, panics, crashes, wrong, fine)
	}
}

func copyTree(t *testing.T, src, dst string) {
	filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		must(t, err)
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		must(t, err)
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
}

// corrupt flips one byte, or truncates, one of the engine's files chosen by size.
func corrupt(t *testing.T, dir string, r *rand.Rand, flip bool) {
	var files []string
	var sizes []int64
	var total int64
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && info.Size() > 0 {
			files = append(files, p)
			sizes = append(sizes, info.Size())
			total += info.Size()
		}
		return nil
	})
	at := r.Int64N(total)
	i := 0
	for ; at >= sizes[i]; i++ {
		at -= sizes[i]
	}
	b, err := os.ReadFile(files[i])
	must(t, err)
	if flip {
		b[at] ^= byte(1 + r.IntN(255))
	} else {
		b = b[:at]
	}
	must(t, os.WriteFile(files[i], b, 0o600))
}

// corruptInChild opens the corrupted store dir in a new process (a fatal error such as a SIGBUS on an
// mmap cannot be recovered and would end this one) and returns what happened.
func corruptInChild(t *testing.T, engineName, dir string, n int) string {
	cmd := childCommand("-test.run=^TestCorruptChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PERSIST_CORRUPT_CHILD="+engineName, "PERSIST_ENGINE_DIR="+dir, "PERSIST_CORRUPT_N="+strconv.Itoa(n))
	out, _ := cmd.CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if o, ok := strings.CutPrefix(line, "OUTCOME "); ok {
			return o
		}
	}
	if strings.Contains(string(out), "fatal error") {
		return "crash"
	}
	return "no outcome: " + string(out)
}

// TestCorruptChild is run by corruptInChild.
func TestCorruptChild(t *testing.T) {
	name, dir := os.Getenv("PERSIST_CORRUPT_CHILD"), os.Getenv("PERSIST_ENGINE_DIR")
	if name == "" {
		t.Skip("run by TestCorruption")
	}
	n, _ := strconv.Atoi(os.Getenv("PERSIST_CORRUPT_N"))
	fmt.Printf("OUTCOME %s\n", openAndRead(name, dir, n))
}

func openAndRead(name, dir string, n int) (outcome string) {
	defer func() {
		if recover() != nil {
			outcome = "panic"
		}
	}()
	var e engine
	for _, c := range engines {
		if c.Name == name {
			e = c
		}
	}
	db, err := e.Open(dir)
	if err != nil {
		return "open error"
	}
	defer db.Close()
	bad := false
	r := rand.New(rand.NewPCG(3, 3))
	for i := range n {
		want := make([]byte, 20<<10+r.IntN(100<<10))
		for j := range want {
			want[j] = byte(r.Uint32())
		}
		v, err := db.Get(fmt.Sprintf("k%03d", i))
		if err != nil {
			return "read error"
		}
		if string(v) != string(want) {
			bad = true
		}
	}
	if bad {
		return "wrong"
	}
	return "fine"
}
