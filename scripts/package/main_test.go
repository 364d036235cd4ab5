package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// fakeDist writes a dist/ with every file the packager requires; the binaries are placeholders
// (the packager copies them, tests/packaging checks real ones).
func fakeDist(t *testing.T, version string) string {
	t.Helper()
	dist := t.TempDir()
	files := map[string]string{
		"plugin.json":                 `{"id":"acme-thing-datasource","type":"datasource","executable":"gpx_thing","info":{"version":"` + version + `"}}`,
		"module.js":                   "define([],function(){})",
		"README.md":                   "# Thing\n",
		"CHANGELOG.md":                "## 1.2.3\n",
		"LICENSE":                     "Apache License\n",
		"img/logo.svg":                "<svg/>",
		"dashboards/overview.json":    "{}",
		"gpx_thing_linux_amd64":       "elf",
		"gpx_thing_linux_arm64":       "elf",
		"gpx_thing_linux_arm":         "elf",
		"gpx_thing_darwin_amd64":      "macho",
		"gpx_thing_darwin_arm64":      "macho",
		"gpx_thing_windows_amd64.exe": "pe",
	}
	for name, content := range files {
		p := filepath.Join(dist, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		// Modes as a careless build might leave them: the packager sets its own.
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dist
}

func TestPackWritesOneFolderWithModesAndTheSHA1(t *testing.T) {
	dist, out := fakeDist(t, "1.2.3"), t.TempDir()
	zipPath, err := pack(dist, out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(zipPath) != "acme-thing-datasource-1.2.3.zip" {
		t.Errorf("zip %s", zipPath)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	got := map[string]string{}
	var names []string
	for _, f := range zr.File {
		got[f.Name] = fmt.Sprintf("%v", f.Mode())
		names = append(names, f.Name)
	}
	want := map[string]string{
		"acme-thing-datasource/":                            "drwxr-xr-x",
		"acme-thing-datasource/plugin.json":                 "-rw-r--r--",
		"acme-thing-datasource/dashboards/":                 "drwxr-xr-x",
		"acme-thing-datasource/dashboards/overview.json":    "-rw-r--r--",
		"acme-thing-datasource/img/":                        "drwxr-xr-x",
		"acme-thing-datasource/img/logo.svg":                "-rw-r--r--",
		"acme-thing-datasource/gpx_thing_linux_amd64":       "-rwxr-xr-x",
		"acme-thing-datasource/gpx_thing_windows_amd64.exe": "-rwxr-xr-x",
	}
	for name, mode := range want {
		if got[name] != mode {
			t.Errorf("%s: mode %q, want %q", name, got[name], mode)
		}
	}
	if len(names) != 16 { // 13 files, the root folder and two subfolders
		sort.Strings(names)
		t.Errorf("%d entries: %v", len(names), names)
	}
	for _, n := range names {
		if !strings.HasPrefix(n, "acme-thing-datasource/") {
			t.Errorf("%s is outside the plugin folder", n)
		}
	}
	raw, err := os.ReadFile(zipPath + ".sha1")
	if err != nil {
		t.Fatal(err)
	}
	if fields := strings.Fields(string(raw)); len(fields) != 2 || len(fields[0]) != 40 || fields[1] != filepath.Base(zipPath) {
		t.Errorf(".sha1 holds %q", raw)
	}
}

func TestPackRefusesAnIncompleteOrUnbuiltDist(t *testing.T) {
	dist := fakeDist(t, "1.2.3")
	if err := os.Remove(filepath.Join(dist, "gpx_thing_linux_arm")); err != nil {
		t.Fatal(err)
	}
	if _, err := pack(dist, t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "gpx_thing_linux_arm") {
		t.Errorf("a missing backend: %v", err)
	}
	if _, err := pack(fakeDist(t, "%VERSION%"), t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "npm run build") {
		t.Errorf("the source plugin.json: %v", err)
	}
	dist = fakeDist(t, "1.2.3")
	if err := os.WriteFile(filepath.Join(dist, "standalone.txt"), []byte("1234"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pack(dist, t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "standalone.txt") {
		t.Errorf("a debugger's file: %v", err)
	}
}

// sign writes a MANIFEST.txt in the clear-signed shape sign-plugin writes, listing every file of
// dist with its SHA256 (the signature block is a placeholder: the packager does not verify it).
func sign(t *testing.T, dist string) {
	t.Helper()
	var entries []string
	err := filepath.WalkDir(dist, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dist, p)
		sum := sha256.Sum256(content)
		entries = append(entries, fmt.Sprintf("    %q: %q", filepath.ToSlash(rel), hex.EncodeToString(sum[:])))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	manifest := "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n{\n  \"plugin\": \"acme-thing-datasource\",\n  \"version\": \"1.2.3\",\n  \"files\": {\n" +
		strings.Join(entries, ",\n") + "\n  }\n}\n-----BEGIN PGP SIGNATURE-----\n\nwsBc\n-----END PGP SIGNATURE-----\n"
	if err := os.WriteFile(filepath.Join(dist, "MANIFEST.txt"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPackKeepsASignatureAndRefusesAStaleOne(t *testing.T) {
	dist := fakeDist(t, "1.2.3")
	sign(t, dist)
	zipPath, err := pack(dist, t.TempDir(), io.Discard)
	if err != nil {
		t.Fatalf("a dist/ signed as it is: %v", err)
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		found = found || f.Name == "acme-thing-datasource/MANIFEST.txt"
	}
	zr.Close()
	if !found {
		t.Error("MANIFEST.txt is not in the zip")
	}

	if err := os.WriteFile(filepath.Join(dist, "module.js"), []byte("define([],function(){return 1})"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pack(dist, t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "module.js changed since it was signed") {
		t.Errorf("a file changed after signing: %v", err)
	}
	dist = fakeDist(t, "1.2.3")
	sign(t, dist)
	if err := os.WriteFile(filepath.Join(dist, "extra.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pack(dist, t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "extra.json is not signed") {
		t.Errorf("a file added after signing: %v", err)
	}
}
