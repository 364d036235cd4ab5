package enginebench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinarySize builds the plugin with each engine linked in and used (./binsize/*), with
// CGO_ENABLED=0, -trimpath and -ldflags=-s -w as a release build strips, for every platform the
// plugin ships for, and prints what each adds to the plugin alone. A build that fails is reported
// (it is what "builds for all six platforms" checks). Skipped unless PERSIST_ENGINE_TABLE=1.
func TestBinarySize(t *testing.T) {
	if os.Getenv("PERSIST_ENGINE_TABLE") == "" {
		t.Skip("set PERSIST_ENGINE_TABLE=1")
	}
	platforms := []string{"linux/amd64", "linux/arm64", "linux/arm", "darwin/amd64", "darwin/arm64", "windows/amd64"}
	if p := os.Getenv("PERSIST_ENGINE_PLATFORMS"); p != "" {
		platforms = strings.Split(p, ",")
	}
	mains := []string{"plugin", "bbolt", "pebble", "sqlite", "persist"}
	out := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "| platform | plugin alone | %s |\n|---|---|---|---|---|---|\n", strings.Join(mains[1:], " | "))
	for _, p := range platforms {
		goos, goarch, _ := strings.Cut(p, "/")
		size := map[string]int64{}
		for _, m := range mains {
			bin := filepath.Join(out, goos+"_"+goarch+"_"+m)
			cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, "./binsize/"+m)
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s %s: %v\n%s", p, m, err, msg)
				continue
			}
			info, _ := os.Stat(bin)
			size[m] = info.Size()
			os.Remove(bin)
		}
		fmt.Fprintf(&b, "| %s | %.1f MB |", p, float64(size["plugin"])/(1<<20))
		for _, m := range mains[1:] {
			if size[m] == 0 {
				fmt.Fprintf(&b, " build failed |")
				continue
			}
			d := size[m] - size["plugin"]
			fmt.Fprintf(&b, " +%.2f MB (×%.3f) |", float64(d)/(1<<20), float64(size[m])/float64(size["plugin"]))
		}
		b.WriteString("\n")
	}
	t.Log("\n" + b.String())
	if o := os.Getenv("PERSIST_ENGINE_OUT"); o != "" {
		os.WriteFile(o, []byte(b.String()), 0o644)
	}
}
