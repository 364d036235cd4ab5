package enginebench

import (
	"crypto/aes"
	"crypto/cipher"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/revops/stripe-datasource/pkg/persist/internal/gen"
)

// TestEngineTable runs the plugin's workload on every engine, rounds times interleaved, and prints
// the medians as a markdown table with ratios to bbolt. It is skipped unless PERSIST_ENGINE_TABLE=1:
//
//	cd pkg/persist/enginebench && PERSIST_ENGINE_TABLE=1 go test -run TestEngineTable -v -count 1 -timeout 60m
//
// PERSIST_ENGINE_MB (default 200) sets the bytes written, PERSIST_ENGINE_ROUNDS (default 3) the rounds.
//
// Workload: blobs of 50–500 KB (gob-encoded days of balance transactions), ~200 MB of them written
// once, one blob per transaction (the cold read saved); the store closed, re-opened and every blob
// read and checked (a restart); then 60 "minutes" of 5 blobs replaced each (the warm phase), the
// store closed and re-opened. Values reach the engine as persist stores them, sealed with AES-GCM
// (so incompressible to the engine), after zstd ("zstd" rows) or without it ("raw" rows).
func TestEngineTable(t *testing.T) {
	if os.Getenv("PERSIST_ENGINE_TABLE") == "" {
		t.Skip("set PERSIST_ENGINE_TABLE=1 to run the engine benchmark (about 200 MB per engine and round)")
	}
	total := envInt("PERSIST_ENGINE_MB", 200) << 20
	rounds := envInt("PERSIST_ENGINE_ROUNDS", 3)

	raw := gen.History(1, total, 50<<10, 500<<10)
	rawBytes := 0
	for _, b := range raw {
		rawBytes += len(b.Value)
	}
	// The warm phase: 60 minutes × 5 blobs replaced by new days of similar size.
	r := rand.New(rand.NewPCG(2, 2))
	var warm []gen.Blob
	for i := range 60 * 5 {
		old := raw[r.IntN(len(raw))]
		warm = append(warm, gen.Blob{Name: old.Name, Value: gen.Day(uint64(100+i), int64(i)*86400, len(old.Value))})
	}

	key := make([]byte, 32)
	crand.Read(key)
	blk, _ := aes.NewCipher(key)
	aead, _ := cipher.NewGCM(blk)
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	seal := func(bs []gen.Blob, compress bool) ([]gen.Blob, time.Duration, int) {
		out := make([]gen.Blob, len(bs))
		n := 0
		t0 := time.Now()
		for i, b := range bs {
			v := b.Value
			if compress {
				v = enc.EncodeAll(v, nil)
			}
			nonce := make([]byte, aead.NonceSize())
			crand.Read(nonce)
			out[i] = gen.Blob{Name: b.Name, Value: aead.Seal(nonce, nonce, v, []byte(b.Name))}
			n += len(out[i].Value)
		}
		return out, time.Since(t0), n
	}

	var report strings.Builder
	fmt.Fprintf(&report, "%d blobs, %.1f MB of records (gob), %d rounds, %s/%s, GOMAXPROCS %d\n\n",
		len(raw), mb(rawBytes), rounds, runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	for _, compress := range []bool{true, false} {
		cfg := "raw"
		if compress {
			cfg = "zstd"
		}
		stored, sealTime, storedBytes := seal(raw, compress)
		warmStored, _, _ := seal(warm, compress)
		fmt.Fprintf(&report, "**%s**: %.1f MB stored for %.1f MB of records (%.3f); sealing%s took %.0f ms (%.0f MB/s of records)\n\n",
			cfg, mb(storedBytes), mb(rawBytes), float64(storedBytes)/float64(rawBytes),
			map[bool]string{true: " and compressing", false: ""}[compress], ms(sealTime), mb(rawBytes)/sealTime.Seconds())

		res := map[string][]result{}
		for round := range rounds {
			for i := range engines {
				e := engines[(i+round)%len(engines)] // a different engine goes first each round
				res[e.Name] = append(res[e.Name], run(t, e, stored, warmStored))
			}
		}
		med := map[string]result{}
		for _, e := range engines {
			med[e.Name] = median(res[e.Name])
		}
		writeTable(&report, cfg, rawBytes, storedBytes, med)
	}
	t.Log("\n" + report.String())
	if out := os.Getenv("PERSIST_ENGINE_OUT"); out != "" {
		os.WriteFile(out, []byte(report.String()), 0o644)
	}
}

type result struct {
	write, openRead, warmPut, warmReopen time.Duration
	diskWritten, diskWarm                int64
	heapPeak, rssAnon, rssFile           int64
}

func run(t *testing.T, e engine, stored, warm []gen.Blob) (r result) {
	dir := t.TempDir()
	// cold: written once
	t0 := time.Now()
	db, err := e.Open(dir)
	must(t, err)
	for _, b := range stored {
		must(t, db.Put(b.Name, b.Value))
	}
	must(t, db.Close())
	r.write = time.Since(t0)
	r.diskWritten = dirSize(dir)

	// restart: open, list, read every blob, in a new process (as a plugin restart is), which
	// reports its own time and memory.
	sum := sha256.New()
	for _, b := range stored { // names are written in sorted order
		sum.Write(b.Value)
	}
	c := restartInChild(t, e.Name, dir)
	if c.Count != len(stored) || c.Sum != hex.EncodeToString(sum.Sum(nil)) {
		t.Fatalf("%s: read back %d blobs (sum %s), want %d", e.Name, c.Count, c.Sum, len(stored))
	}
	r.openRead, r.heapPeak, r.rssAnon, r.rssFile = time.Duration(c.Nanos), c.HeapPeak, c.RssAnon, c.RssFile

	// warm: 60 minutes of 5 replacements, then a restart
	db, err = e.Open(dir)
	must(t, err)
	t0 = time.Now()
	for _, b := range warm {
		must(t, db.Put(b.Name, b.Value))
	}
	r.warmPut = time.Since(t0) / time.Duration(len(warm))
	must(t, db.Close())
	t0 = time.Now()
	db, err = e.Open(dir)
	must(t, err)
	_, err = db.Names()
	must(t, err)
	must(t, db.Close())
	r.warmReopen = time.Since(t0)
	r.diskWarm = dirSize(dir)
	return r
}

type childResult struct {
	Count                      int
	Sum                        string
	Nanos                      int64
	HeapPeak, RssAnon, RssFile int64
}

// restartInChild runs TestRestartChild in a new process of this test binary on dir.
func restartInChild(t *testing.T, engineName, dir string) childResult {
	cmd := childCommand("-test.run=^TestRestartChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PERSIST_ENGINE_CHILD="+engineName, "PERSIST_ENGINE_DIR="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s child: %v\n%s", engineName, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if j, ok := strings.CutPrefix(line, "RESULT "); ok {
			var c childResult
			must(t, json.Unmarshal([]byte(j), &c))
			return c
		}
	}
	t.Fatalf("%s child printed no result:\n%s", engineName, out)
	return childResult{}
}

// TestRestartChild is the restart phase, run by restartInChild in a fresh process: open the store,
// list it, read every blob (hashing them in name order), close; it samples the Go heap and the
// resident set (anonymous and file-backed, e.g. bbolt's mmap) above where they were at the start.
func TestRestartChild(t *testing.T) {
	name, dir := os.Getenv("PERSIST_ENGINE_CHILD"), os.Getenv("PERSIST_ENGINE_DIR")
	if name == "" {
		t.Skip("run by TestEngineTable")
	}
	var e engine
	for _, c := range engines {
		if c.Name == name {
			e = c
		}
	}
	runtime.GC()
	stop := sample()
	t0 := time.Now()
	db, err := e.Open(dir)
	must(t, err)
	names, err := db.Names()
	must(t, err)
	sum := sha256.New()
	for _, n := range names {
		v, err := db.Get(n)
		must(t, err)
		sum.Write(v)
	}
	must(t, db.Close())
	d := time.Since(t0)
	h, ra, rf := stop()
	j, _ := json.Marshal(childResult{len(names), hex.EncodeToString(sum.Sum(nil)), int64(d), h, ra, rf})
	fmt.Printf("RESULT %s\n", j)
}

// sample records the peaks of the Go heap and of the resident set above where they were when it
// was called, until the returned function is called.
func sample() func() (heap, rssAnon, rssFile int64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() (int64, int64, int64) {
		metrics.Read(s)
		a, f := rss()
		return int64(s[0].Value.Uint64()), a, f
	}
	h0, a0, f0 := read()
	var hmax, amax, fmax atomic.Int64
	hmax.Store(h0)
	amax.Store(a0)
	fmax.Store(f0)
	done := make(chan struct{})
	fin := make(chan struct{})
	go func() {
		defer close(fin)
		tk := time.NewTicker(2 * time.Millisecond)
		defer tk.Stop()
		for {
			h, a, f := read()
			hmax.Store(max(hmax.Load(), h))
			amax.Store(max(amax.Load(), a))
			fmax.Store(max(fmax.Load(), f))
			select {
			case <-done:
				return
			case <-tk.C:
			}
		}
	}()
	return func() (int64, int64, int64) {
		close(done)
		<-fin
		return hmax.Load() - h0, amax.Load() - a0, fmax.Load() - f0
	}
}

// rss reads RssAnon and RssFile from /proc/self/status (Linux), in bytes.
func rss() (anon, file int64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "RssAnon:":
			anon = kb << 10
		case "RssFile:":
			file = kb << 10
		}
	}
	return anon, file
}

func median(rs []result) result {
	pick := func(f func(result) int64) int64 {
		v := make([]int64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	d := func(f func(result) time.Duration) time.Duration {
		return time.Duration(pick(func(r result) int64 { return int64(f(r)) }))
	}
	return result{
		write:       d(func(r result) time.Duration { return r.write }),
		openRead:    d(func(r result) time.Duration { return r.openRead }),
		warmPut:     d(func(r result) time.Duration { return r.warmPut }),
		warmReopen:  d(func(r result) time.Duration { return r.warmReopen }),
		diskWritten: pick(func(r result) int64 { return r.diskWritten }),
		diskWarm:    pick(func(r result) int64 { return r.diskWarm }),
		heapPeak:    pick(func(r result) int64 { return r.heapPeak }),
		rssAnon:     pick(func(r result) int64 { return r.rssAnon }),
		rssFile:     pick(func(r result) int64 { return r.rssFile }),
	}
}

func writeTable(w *strings.Builder, cfg string, rawBytes, storedBytes int, med map[string]result) {
	base := med["bbolt"]
	ratio := func(a, b float64) string {
		if b == 0 {
			return "–"
		}
		return fmt.Sprintf("%.2f", a/b)
	}
	fmt.Fprintf(w, "| %s | write MB/s (records) | open+read-all ms | disk after write / stored | disk after warm / stored | warm put ms | reopen after warm ms | heap peak MB (read-all) | RSS anon peak MB | RSS file peak MB |\n", cfg)
	fmt.Fprintf(w, "|---|---|---|---|---|---|---|---|---|---|\n")
	for _, e := range engines {
		r := med[e.Name]
		wr := mb(rawBytes) / r.write.Seconds()
		fmt.Fprintf(w, "| %s | %.0f (×%s) | %.0f (×%s) | %.3f | %.3f | %.2f (×%s) | %.1f (×%s) | %.1f (×%s) | %.1f (×%s) | %.1f |\n",
			e.Name,
			wr, ratio(wr, mb(rawBytes)/base.write.Seconds()),
			ms(r.openRead), ratio(ms(r.openRead), ms(base.openRead)),
			float64(r.diskWritten)/float64(storedBytes), float64(r.diskWarm)/float64(storedBytes),
			ms(r.warmPut), ratio(ms(r.warmPut), ms(base.warmPut)),
			ms(r.warmReopen), ratio(ms(r.warmReopen), ms(base.warmReopen)),
			mb(int(r.heapPeak)), ratio(float64(r.heapPeak), float64(base.heapPeak)),
			mb(int(r.rssAnon)), ratio(float64(r.rssAnon), float64(base.rssAnon)), mb(int(r.rssFile)))
	}
	fmt.Fprintf(w, "\n(×: ratio to bbolt in the same run; medians of the rounds)\n\n")
}

func envInt(k string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(k)); err == nil && v > 0 {
		return v
	}
	return def
}

func mb(n int) float64           { return float64(n) / (1 << 20) }
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// childCommand runs this test binary again with args; under PERSIST_ENGINE_WRAPPER (e.g. qemu-arm,
// to run a cross-compiled test binary where the system does not run it by itself) when set.
func childCommand(args ...string) *exec.Cmd {
	if w := os.Getenv("PERSIST_ENGINE_WRAPPER"); w != "" {
		return exec.Command(w, append([]string{os.Args[0]}, args...)...)
	}
	return exec.Command(os.Args[0], args...)
}
