package persist

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestDefaultDir(t *testing.T) {
	clearEnv := func(t *testing.T) {
		for _, k := range []string{EnvCacheDir, envDataPath, envHomePath, envDebData, envDebHome} {
			t.Setenv(k, "")
		}
	}
	abs := func(p string) string {
		a, _ := filepath.Abs(p)
		return a
	}
	root := t.TempDir()
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"the plugin's cache_dir setting wins", map[string]string{EnvCacheDir: filepath.Join(root, "c"), envDataPath: "/var/lib/grafana"}, filepath.Join(root, "c")},
		{"a relative cache_dir is made absolute", map[string]string{EnvCacheDir: "rel"}, abs("rel")},
		{"Grafana's data path (Docker)", map[string]string{envDataPath: "/var/lib/grafana"}, filepath.Join("/var/lib/grafana", "plugins-data", PluginID)},
		{"a relative data path is under Grafana's home", map[string]string{envDataPath: "data", envHomePath: "/usr/share/grafana"}, filepath.Join("/usr/share/grafana", "data", "plugins-data", PluginID)},
		{"a relative data path without a home is under the working directory", map[string]string{envDataPath: "data"}, abs(filepath.Join("data", "plugins-data", PluginID))},
		{"deb/rpm: DATA_DIR with GRAFANA_HOME", map[string]string{envDebData: "/var/lib/grafana", envDebHome: "/usr/share/grafana"}, filepath.Join("/var/lib/grafana", "plugins-data", PluginID)},
		{"GF_PATHS_DATA before DATA_DIR", map[string]string{envDataPath: "/data", envDebData: "/var/lib/grafana", envDebHome: "/usr/share/grafana"}, filepath.Join("/data", "plugins-data", PluginID)},
	}
	if runtime.GOOS == "windows" {
		cases = cases[:2] // the absolute Unix paths above are not absolute there
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			got, err := DefaultDir()
			if err != nil || got != c.want {
				t.Fatalf("DefaultDir() = %q, %v; want %q", got, err, c.want)
			}
		})
	}
	t.Run("DATA_DIR alone is too common a name to trust", func(t *testing.T) {
		clearEnv(t)
		t.Setenv(envDebData, "/somewhere")
		if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
			t.Setenv("XDG_CACHE_HOME", filepath.Join(root, "xdg"))
		}
		want, err := os.UserCacheDir()
		if err != nil {
			t.Skip(err)
		}
		got, err := DefaultDir()
		if err != nil || got != filepath.Join(want, PluginID) {
			t.Fatalf("DefaultDir() = %q, %v; want the user cache dir %q", got, err, filepath.Join(want, PluginID))
		}
	})
	if runtime.GOOS == "linux" {
		t.Run("no data path and no cache dir", func(t *testing.T) {
			clearEnv(t)
			t.Setenv("XDG_CACHE_HOME", "")
			t.Setenv("HOME", "")
			if _, err := DefaultDir(); err == nil {
				t.Fatal("DefaultDir() found a directory with nothing to go on")
			}
		})
	}
}

func TestStorePath(t *testing.T) {
	dir := filepath.Join("data", "x")
	a := StorePath(dir, 1, "P8E80F9AEF21F6940")
	if filepath.Dir(a) != dir || !strings.HasPrefix(filepath.Base(a), "org1-p8e80f9aef21f6940-") || len(filepath.Base(a)) != len("org1-p8e80f9aef21f6940-")+12 {
		t.Fatalf("StorePath = %q", a)
	}
	seen := map[string]string{}
	for _, c := range []struct {
		org int64
		uid string
	}{{1, "P8E80F9AEF21F6940"}, {1, "p8e80f9aef21f6940"}, {2, "P8E80F9AEF21F6940"}, {1, "a/../../etc"}, {1, "a"}, {1, ""}, {1, strings.Repeat("u", 200)}} {
		p := StorePath(dir, c.org, c.uid)
		base := filepath.Base(p)
		if filepath.Dir(p) != dir || strings.ContainsAny(base, "/\\.:") || len(base) > 80 || strings.ToLower(base) != base {
			t.Fatalf("StorePath(%d, %q) = %q", c.org, c.uid, p)
		}
		if other, dup := seen[strings.ToLower(base)]; dup {
			t.Fatalf("StorePath(%d, %q) = %q, also the path of %s", c.org, c.uid, p, other)
		}
		seen[strings.ToLower(base)] = c.uid
	}
}
