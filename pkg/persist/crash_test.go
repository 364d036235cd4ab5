package persist

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// crashValue is version v of name: it says what it is, so that any value read back can be checked.
func crashValue(name string, v int) []byte {
	head := fmt.Sprintf("%s#%d#", name, v)
	return append([]byte(head), bytes.Repeat([]byte(head), 2000+v%7*3000)...)
}

func checkCrashValue(name string, b []byte) (int, bool) {
	rest, ok := strings.CutPrefix(string(b), name+"#")
	if !ok {
		return 0, false
	}
	n, _, ok := strings.Cut(rest, "#")
	v, err := strconv.Atoi(n)
	return v, ok && err == nil && bytes.Equal(b, crashValue(name, v))
}

// TestCrashChild is the process TestKilledMidWrite kills: it writes new versions of a few blobs
// as fast as it can, forever.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("PERSIST_CRASH_DIR")
	if dir == "" {
		t.Skip("run by TestKilledMidWrite")
	}
	s, err := Open(dir, secretA, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	start, _ := strconv.Atoi(os.Getenv("PERSIST_CRASH_START"))
	fmt.Println("writing")
	for v := start; ; v++ {
		for _, name := range []string{"a", "b", "c"} {
			if err := s.Put(name, crashValue(name, v)); err != nil {
				fmt.Println("put:", err)
				os.Exit(2)
			}
		}
		if v%5 == 0 {
			s.Delete("c")
		}
	}
}

// TestKilledMidWrite kills a process writing to a store at arbitrary moments (SIGKILL: no deferred
// code, no Close) and checks that the store opens every time with, for each blob, either no value
// or a whole version of it — never an error or a wrong value — and that the versions read never go
// back in time. Whatever the moment of the kill, the outcome must hold, so the test does not depend
// on timing.
func TestKilledMidWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	last := map[string]int{}
	for round := range 8 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "PERSIST_CRASH_DIR="+dir, "PERSIST_CRASH_START="+strconv.Itoa(round*100000))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 8)
		out.Read(buf) // "writing": the store is open
		time.Sleep(time.Duration(5+round*7) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()

		s, err := Open(dir, secretA, Options{})
		if err != nil {
			t.Fatalf("round %d: Open after the kill: %v", round, err)
		}
		for _, name := range []string{"a", "b", "c"} {
			v, ok, err := s.Get(name)
			if err != nil {
				t.Fatalf("round %d: Get(%q): %v", round, name, err)
			}
			if !ok {
				if _, seen := last[name]; seen && name != "c" {
					t.Fatalf("round %d: %q, read back in an earlier round, is gone", round, name)
				}
				continue
			}
			version, good := checkCrashValue(name, v)
			if !good {
				t.Fatalf("round %d: %q holds a value that is no version of it", round, name)
			}
			if version < last[name] {
				t.Fatalf("round %d: %q went back from version %d to %d", round, name, last[name], version)
			}
			last[name] = version
		}
		if st, n := s.Stats(), storedBytes(t, dir); st.Bytes != n {
			t.Fatalf("round %d: Stats.Bytes = %d, on disk %d", round, st.Bytes, n)
		}
		s.Close()
		es, _ := os.ReadDir(dir)
		for _, e := range es {
			if strings.HasPrefix(e.Name(), tempPrefix) {
				t.Fatalf("round %d: Open left the temporary file %s", round, e.Name())
			}
		}
	}
}

// TestDiesBeforeRename stops a Put between writing its temporary file and renaming it (a crash
// there): the old value stays, and the next Open removes the temporary file.
func TestDiesBeforeRename(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir, secretA, Options{})
	put(t, s, "day", []byte("old"))
	var tmp string
	testHookRename = func(t, _ string) {
		tmp = t
		panic("crash")
	}
	func() {
		defer func() { recover() }()
		s.Put("day", []byte("new"))
	}()
	testHookRename = nil
	if _, err := os.Stat(tmp); err != nil {
		t.Fatalf("the temporary file should be there as a crash leaves it: %v", err)
	}
	// the process is gone: a new one opens the store (the old Store is abandoned, not closed)
	s2 := open(t, dir, secretA, Options{})
	mustGet(t, s2, "day", []byte("old"))
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("Open left %s: %v", filepath.Base(tmp), err)
	}
	if st := s2.Stats(); st.Bytes != storedBytes(t, dir) {
		t.Fatalf("Stats.Bytes = %d, on disk %d", st.Bytes, storedBytes(t, dir))
	}
}
