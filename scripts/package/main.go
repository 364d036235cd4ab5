// Command package builds the release zip of the plugin from a built dist/ (npm run build, then
// mage -v build:linux build:linuxARM64 build:linuxARM build:darwin build:darwinARM64 build:windows,
// then optionally npm run sign) in the layout Grafana's plugin catalog and grafana/plugin-validator
// expect: one top-level folder named by the plugin id holding dist's files unchanged, backend
// binaries 0755 and every other file 0644, in <out>/<id>-<version>.zip, with the archive's SHA1
// (the hash the catalog's submission form asks for) in <zip>.sha1 beside it.
//
// It prints the archive's listing on stderr and the zip's absolute path on stdout. scripts/package.sh runs
// it; tests/packaging checks what it writes.
package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha1" // #nosec G505 -- the catalog identifies archives by SHA1; nothing here relies on it for security
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// platforms are the backends the release carries: the six targets scripts/test-all.sh builds
// with mage, named as the SDK's build and Grafana's loader name them
// (<executable>_<os>_<arch>[.exe], pkg/plugins/plugins.go ExecutablePath).
var platforms = [][2]string{
	{"linux", "amd64"}, {"linux", "arm64"}, {"linux", "arm"},
	{"darwin", "amd64"}, {"darwin", "arm64"}, {"windows", "amd64"},
}

// required are the files every archive needs besides the binaries: plugin.json and module.js for
// Grafana to load the plugin, README.md (the catalog page), CHANGELOG.md and LICENSE.
var required = []string{"plugin.json", "module.js", "README.md", "CHANGELOG.md", "LICENSE"}

type pluginJSON struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Executable string `json:"executable"`
	Info       struct {
		Version string `json:"version"`
	} `json:"info"`
}

func main() {
	dist := flag.String("dist", "dist", "the built plugin (npm run build and the mage builds)")
	out := flag.String("out", "artifacts", "where to write the zip and its .sha1")
	flag.Parse()
	zipPath, err := pack(*dist, *out, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "package:", err)
		os.Exit(1)
	}
	fmt.Println(zipPath)
}

func pack(dist, out string, log io.Writer) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dist, "plugin.json"))
	if err != nil {
		return "", fmt.Errorf("%s has no plugin.json: build the frontend first (npm run build): %w", dist, err)
	}
	var pj pluginJSON
	if err := json.Unmarshal(raw, &pj); err != nil {
		return "", fmt.Errorf("%s/plugin.json: %w", dist, err)
	}
	if pj.ID == "" || pj.Executable == "" {
		return "", fmt.Errorf("%s/plugin.json needs an id and an executable", dist)
	}
	if v := pj.Info.Version; v == "" || strings.Contains(v, "%") {
		return "", fmt.Errorf("%s/plugin.json has version %q: it is the source plugin.json, not the built one (npm run build fills it in)", dist, v)
	}

	files, err := listFiles(dist)
	if err != nil {
		return "", err
	}
	have := map[string]bool{}
	for _, f := range files {
		have[f] = true
	}
	var missing []string
	for _, f := range required {
		if !have[f] {
			missing = append(missing, f)
		}
	}
	for _, p := range platforms {
		if name := executableName(pj.Executable, p[0], p[1]); !have[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("%s lacks %s: build the frontend (npm run build) and every backend "+
			"(mage -v build:linux build:linuxARM64 build:linuxARM build:darwin build:darwinARM64 build:windows)",
			dist, strings.Join(missing, ", "))
	}
	for _, f := range files {
		// Left by a debugger session; Grafana would then connect to it instead of starting the
		// plugin (plugin-validator's backenddebug analyzer).
		if b := path.Base(f); b == "standalone.txt" || b == "pid.txt" {
			return "", fmt.Errorf("%s/%s is a debug run's file: remove it and rebuild", dist, f)
		}
	}
	if have["MANIFEST.txt"] {
		if err := checkSignature(dist, files); err != nil {
			return "", err
		}
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	name := fmt.Sprintf("%s-%s.zip", pj.ID, pj.Info.Version)
	zipPath, err := filepath.Abs(filepath.Join(out, name))
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(out, name+".*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	fmt.Fprintf(log, "Archive: %s\n", zipPath)
	sum := sha1.New() // #nosec G401
	if err := writeZip(io.MultiWriter(tmp, sum), dist, pj, files, log); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), zipPath); err != nil {
		return "", err
	}
	// sha1sum's format: the validator and the catalog read the first field.
	line := fmt.Sprintf("%s  %s\n", hex.EncodeToString(sum.Sum(nil)), name)
	if err := os.WriteFile(zipPath+".sha1", []byte(line), 0o644); err != nil {
		return "", err
	}
	fmt.Fprintf(log, "sha1 %s", line)
	return zipPath, nil
}

func executableName(exe, goos, goarch string) string {
	name := fmt.Sprintf("%s_%s_%s", exe, goos, goarch)
	if goos == "windows" {
		name += ".exe"
	}
	return name
}

// listFiles lists every regular file under dist as a slash path, sorted. Anything else (a
// symlink, a device) is refused: Grafana's installer refuses links that leave the plugin folder,
// and the archive must hold what was signed.
func listFiles(dist string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dist, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dist, p)
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(files)
	return files, err
}

// writeZip writes one folder named by the plugin id, its subfolders as directory entries, and
// every file of dist with its content unchanged (a signature covers it) and its mode set:
// backend binaries 0755 (the validator's binarypermissions analyzer wants exactly that for every
// file named after the executable, .exe aside), everything else 0644.
func writeZip(w io.Writer, dist string, pj pluginJSON, files []string, log io.Writer) error {
	zw := zip.NewWriter(w)
	modified, err := archiveTime()
	if err != nil {
		return err
	}
	root := pj.ID + "/"
	dirs := map[string]bool{}
	addDir := func(dir string) error {
		if dirs[dir] {
			return nil
		}
		dirs[dir] = true
		h := &zip.FileHeader{Name: dir, Method: zip.Store, Modified: modified}
		h.SetMode(fs.ModeDir | 0o755)
		_, err := zw.CreateHeader(h)
		fmt.Fprintf(log, "  %10d  %s\n", 0, dir)
		return err
	}
	if err := addDir(root); err != nil {
		return err
	}
	for _, f := range files {
		// Each folder on the way gets its entry, parents first.
		parts := strings.Split(f, "/")
		for i := 1; i < len(parts); i++ {
			if err := addDir(root + strings.Join(parts[:i], "/") + "/"); err != nil {
				return err
			}
		}
		content, err := os.ReadFile(filepath.Join(dist, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		if strings.HasPrefix(path.Base(f), pj.Executable+"_") {
			mode = 0o755
		}
		h := &zip.FileHeader{Name: root + f, Method: zip.Deflate, Modified: modified}
		h.SetMode(mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(content); err != nil {
			return err
		}
		fmt.Fprintf(log, "  %10d  %s%s\n", len(content), root, f)
	}
	return zw.Close()
}

// archiveTime is the time stamped on every entry: SOURCE_DATE_EPOCH when set (reproducible
// builds), else now.
func archiveTime() (time.Time, error) {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: %w", s, err)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// checkSignature refuses a dist/ that changed after npm run sign: MANIFEST.txt must list every
// other file with its SHA256 and nothing else, or Grafana reports the plugin as modified and
// refuses to load it. It reads the signed message only; whether the signature is Grafana's is
// for Grafana to check.
func checkSignature(dist string, files []string) error {
	raw, err := os.ReadFile(filepath.Join(dist, "MANIFEST.txt"))
	if err != nil {
		return err
	}
	listed, err := manifestFiles(raw)
	if err != nil {
		return fmt.Errorf("%s/MANIFEST.txt: %w", dist, err)
	}
	var problems []string
	for _, f := range files {
		if f == "MANIFEST.txt" {
			continue
		}
		want, ok := listed[f]
		if !ok {
			problems = append(problems, f+" is not signed")
			continue
		}
		content, err := os.ReadFile(filepath.Join(dist, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		got := sha256.Sum256(content)
		if hex.EncodeToString(got[:]) != strings.ToLower(want) {
			problems = append(problems, f+" changed since it was signed")
		}
		delete(listed, f)
	}
	for f := range listed {
		problems = append(problems, f+" is signed but missing")
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%s/MANIFEST.txt does not match the files (%s): sign again (npm run sign) after the last build",
			dist, strings.Join(problems, "; "))
	}
	return nil
}

// manifestFiles reads the files map of a clear-signed MANIFEST.txt: the JSON between the armor
// header block and the signature.
func manifestFiles(raw []byte) (map[string]string, error) {
	text := string(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")))
	start := strings.Index(text, "\n\n")
	end := strings.Index(text, "-----BEGIN PGP SIGNATURE-----")
	if !strings.HasPrefix(text, "-----BEGIN PGP SIGNED MESSAGE-----") || start < 0 || end < start {
		return nil, errors.New("not a clear-signed message")
	}
	var m struct {
		Files map[string]string `json:"files"`
	}
	if err := json.Unmarshal([]byte(text[start:end]), &m); err != nil {
		return nil, err
	}
	if len(m.Files) == 0 {
		return nil, errors.New("lists no file")
	}
	return m.Files, nil
}
