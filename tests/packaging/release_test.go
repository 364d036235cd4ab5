// Package packaging_test checks the release zip that scripts/package.sh writes: its layout
// against the rules of grafana/plugin-validator's analyzers (pkg/analysis/passes/*) that apply to
// an unsigned plugin, and that the backend binary unpacked from it starts over Grafana's plugin
// protocol and answers Save & test on the demo account.
//
// The zip is PLUGIN_ZIP when set (scripts/test-all.sh packages after the builds and sets it);
// otherwise the test packages dist/ into a temporary folder, and skips when dist/ has not been
// built.
package packaging_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha1" // #nosec G505 -- the checksum the catalog asks for
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/revops/stripe-datasource/tests/protocol/harness"
)

const pluginID = "revops-stripe-datasource"

// platforms are the six backends scripts/test-all.sh builds with mage.
var platforms = [][2]string{
	{"linux", "amd64"}, {"linux", "arm64"}, {"linux", "arm"},
	{"darwin", "amd64"}, {"darwin", "arm64"}, {"windows", "amd64"},
}

func repoPath(parts ...string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(append([]string{filepath.Dir(file), "..", ".."}, parts...)...)
}

type entry struct {
	mode    fs.FileMode
	dir     bool
	content []byte
}

type release struct {
	path    string
	raw     []byte
	entries map[string]entry // by name in the zip
	names   []string         // in the zip's order
	root    string           // the one top-level folder, without the slash
	files   map[string]entry // regular files by path below the root folder
	meta    pluginMeta
}

type pluginMeta struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	Executable string `json:"executable"`
	Backend    bool   `json:"backend"`
	Alerting   bool   `json:"alerting"`
	Includes   []struct {
		Type, Name, Path string
	} `json:"includes"`
	Info struct {
		Description string   `json:"description"`
		Keywords    []string `json:"keywords"`
		Version     string   `json:"version"`
		Updated     string   `json:"updated"`
		Logos       struct {
			Small string `json:"small"`
			Large string `json:"large"`
		} `json:"logos"`
		Screenshots []struct {
			Name, Path string
		} `json:"screenshots"`
	} `json:"info"`
	Dependencies struct {
		GrafanaDependency string `json:"grafanaDependency"`
	} `json:"dependencies"`
}

var (
	loadOnce   sync.Once
	loaded     *release
	loadErr    error
	loadSkip   string
	packageDir string
)

// load reads the release zip once per test process.
func load(t *testing.T) *release {
	t.Helper()
	loadOnce.Do(func() {
		zipPath := os.Getenv("PLUGIN_ZIP")
		if zipPath == "" {
			if reason := distNotBuilt(); reason != "" {
				loadSkip = reason
				return
			}
			dir, err := os.MkdirTemp("", "stripe-package")
			if err != nil {
				loadErr = err
				return
			}
			packageDir = dir
			cmd := exec.Command("go", "run", "./scripts/package", "-dist", "dist", "-out", dir)
			cmd.Dir = repoPath()
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				loadErr = fmt.Errorf("scripts/package: %v\n%s", err, stderr.String())
				return
			}
			zipPath = strings.TrimSpace(string(out))
		}
		loaded, loadErr = readRelease(zipPath)
	})
	if loadSkip != "" {
		t.Skip(loadSkip)
	}
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

func TestMain(m *testing.M) {
	code := m.Run()
	if packageDir != "" {
		os.RemoveAll(packageDir)
	}
	os.Exit(code)
}

// distNotBuilt says why dist/ cannot be packaged, or "" when it can.
func distNotBuilt() string {
	const how = "build it (npm run build; mage -v build:linux build:linuxARM64 build:linuxARM build:darwin build:darwinARM64 build:windows) " +
		"or point PLUGIN_ZIP at a release zip (scripts/package.sh prints its path); scripts/test-all.sh does both"
	if _, err := os.Stat(repoPath("dist", "module.js")); err != nil {
		return "dist/ has not been built: " + how
	}
	for _, p := range platforms {
		if _, err := os.Stat(repoPath("dist", exeName("gpx_stripe", p[0], p[1]))); err != nil {
			return "dist/ has the frontend but not every backend: " + how
		}
	}
	return ""
}

func exeName(exe, goos, goarch string) string {
	if goos == "windows" {
		return fmt.Sprintf("%s_%s_%s.exe", exe, goos, goarch)
	}
	return fmt.Sprintf("%s_%s_%s", exe, goos, goarch)
}

func readRelease(zipPath string) (*release, error) {
	raw, err := os.ReadFile(zipPath)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("%s is not a zip: %w", zipPath, err)
	}
	r := &release{path: zipPath, raw: raw, entries: map[string]entry{}, files: map[string]entry{}}
	for _, f := range zr.File {
		e := entry{mode: f.Mode(), dir: f.FileInfo().IsDir()}
		if !e.dir {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			e.content, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
		}
		r.entries[f.Name] = e
		r.names = append(r.names, f.Name)
	}
	return r, nil
}

// topLevel lists the distinct first path elements of the zip's entries, as an unzip leaves them
// in the folder it extracts to.
func (r *release) topLevel() []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range r.names {
		first := strings.SplitN(strings.TrimPrefix(n, "/"), "/", 2)[0]
		if !seen[first] {
			seen[first] = true
			out = append(out, first)
		}
	}
	sort.Strings(out)
	return out
}

// The archive analyzers: exactly one entry at the top, a folder (more-than-one-dir,
// no-root-dir), named by the plugin id (archivename's no-ident-root-dir), with no dist folder in
// it (dist); the zip itself named <id>-<version>.zip as the catalog's packaging docs show it.
func TestArchiveHasOneFolderNamedByThePluginID(t *testing.T) {
	r := load(t)
	top := r.topLevel()
	if len(top) != 1 {
		t.Fatalf("the archive's top level holds %v; it must hold one folder named %s", top, pluginID)
	}
	r.root = top[0]
	if r.root != pluginID {
		t.Errorf("the top-level folder is %q, want the plugin id %s", r.root, pluginID)
	}
	for _, n := range r.names {
		e := r.entries[n]
		if !strings.HasPrefix(n, r.root+"/") {
			t.Errorf("%s is not inside the folder %s/", n, r.root)
			continue
		}
		if strings.Contains(n, "..") || strings.HasPrefix(n, "/") || strings.Contains(n, "\\") {
			t.Errorf("%s is not a plain relative path", n)
		}
		if e.mode&fs.ModeSymlink != 0 {
			t.Errorf("%s is a symlink", n)
		}
		if n == r.root+"/dist/" || strings.HasPrefix(n, r.root+"/dist/") {
			t.Errorf("%s: dist/ must be renamed to the plugin id, not nested in it", n)
		}
	}
	meta := r.metadata(t)
	if want := fmt.Sprintf("%s-%s.zip", meta.ID, meta.Info.Version); filepath.Base(r.path) != want {
		t.Errorf("the archive is named %s, want %s", filepath.Base(r.path), want)
	}
}

// metadata reads the root plugin.json (metadata analyzer: it must exist at the folder's root and
// parse).
func (r *release) metadata(t *testing.T) pluginMeta {
	t.Helper()
	r.index(t)
	e, ok := r.files["plugin.json"]
	if !ok {
		t.Fatal("no plugin.json at the root of the plugin folder")
	}
	var m pluginMeta
	if err := json.Unmarshal(e.content, &m); err != nil {
		t.Fatalf("plugin.json does not parse: %v", err)
	}
	return m
}

// index fills r.files from the entries below the one top-level folder.
func (r *release) index(t *testing.T) {
	t.Helper()
	if len(r.files) > 0 {
		return
	}
	top := r.topLevel()
	if len(top) != 1 {
		t.Fatalf("the archive's top level holds %v, not one folder", top)
	}
	r.root = top[0]
	for _, n := range r.names {
		e := r.entries[n]
		if e.dir {
			continue
		}
		r.files[strings.TrimPrefix(n, r.root+"/")] = e
	}
}

// The sha1 file beside the zip: the catalog's submission form asks for the archive's SHA1 and the
// validator's checksum analyzer takes MD5 (32 hex digits) or SHA1 (40), first field of the line.
func TestChecksumFileBesideTheZip(t *testing.T) {
	r := load(t)
	raw, err := os.ReadFile(r.path + ".sha1")
	if err != nil {
		t.Fatalf("no checksum beside the zip: %v", err)
	}
	fields := strings.Fields(string(raw))
	if len(fields) == 0 || !regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(fields[0]) {
		t.Fatalf("%s.sha1 holds %q, not a SHA1", filepath.Base(r.path), raw)
	}
	sum := sha1.Sum(r.raw) // #nosec G401
	if got := hex.EncodeToString(sum[:]); fields[0] != got {
		t.Errorf("%s.sha1 says %s, the zip's SHA1 is %s", filepath.Base(r.path), fields[0], got)
	}
	if len(fields) > 1 && fields[1] != filepath.Base(r.path) {
		t.Errorf("%s.sha1 names %s", filepath.Base(r.path), fields[1])
	}
}

// What Grafana needs to load the plugin and the catalog to show it: plugin.json, module.js
// (modulejs) with its source map (jsMap, when the source code is given), README.md, CHANGELOG.md,
// LICENSE; exactly one plugin.json (a nested one is refused in a data source: includesnested);
// every included dashboard; no debugger files (backenddebug); every file readable by all
// (manifest's wrong-permissions).
func TestArchiveHoldsWhatGrafanaAndTheCatalogRead(t *testing.T) {
	r := load(t)
	meta := r.metadata(t)
	for _, f := range []string{"plugin.json", "module.js", "module.js.map", "README.md", "CHANGELOG.md", "LICENSE", "go_plugin_build_manifest"} {
		if _, ok := r.files[f]; !ok {
			t.Errorf("%s is missing", f)
		}
	}
	for f, e := range r.files {
		if path.Base(f) == "plugin.json" && f != "plugin.json" {
			t.Errorf("%s: a data source carries one plugin.json", f)
		}
		if b := path.Base(f); b == "standalone.txt" || b == "pid.txt" {
			t.Errorf("%s is a debug run's file", f)
		}
		if e.mode.Perm()&0o444 != 0o444 {
			t.Errorf("%s has mode %v: every file must be readable by all", f, e.mode.Perm())
		}
	}
	if len(meta.Includes) == 0 {
		t.Error("plugin.json includes no dashboard")
	}
	for _, inc := range meta.Includes {
		if inc.Type != "dashboard" {
			continue
		}
		e, ok := r.files[inc.Path]
		if !ok {
			t.Errorf("plugin.json includes %s, which is not in the archive", inc.Path)
			continue
		}
		var d struct{ Title string }
		if err := json.Unmarshal(e.content, &d); err != nil || d.Title != inc.Name {
			t.Errorf("%s: title %q (%v), plugin.json names it %q", inc.Path, d.Title, err, inc.Name)
		}
	}
	// The archive holds dist's files: the ones the build copies unchanged (the README, changelog
	// and license, every dashboard and image under src/) are byte for byte the repository's, so
	// a dist/ built from other sources (a stale build cache) shows here.
	pairs := [][2]string{{"LICENSE", "LICENSE"}, {"CHANGELOG.md", "CHANGELOG.md"}, {"README.md", "src/README.md"}}
	for f := range r.files {
		if strings.HasPrefix(f, "dashboards/") || strings.HasPrefix(f, "img/") {
			pairs = append(pairs, [2]string{f, "src/" + f})
		}
	}
	for _, pair := range pairs {
		want, err := os.ReadFile(repoPath(pair[1]))
		if err != nil {
			t.Errorf("%s in the archive: %v", pair[0], err)
			continue
		}
		if got := r.files[pair[0]].content; !bytes.Equal(got, want) {
			t.Errorf("%s in the archive is not the repository's %s", pair[0], pair[1])
		}
	}
	for _, dir := range []string{"dashboards", "img"} {
		err := filepath.WalkDir(repoPath("src", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(repoPath("src"), p)
			if _, ok := r.files[filepath.ToSlash(rel)]; !ok {
				t.Errorf("src/%s is not in the archive", filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// plugin.json as the metadata analyzers read it: the id ends with the type (typesuffix) and has
// org-name-type form (pluginname), the name is not the id, the version is semver (version) and
// filled in by the build, grafanaDependency is a range rather than one release
// (grafanadependency, restrictivedep), alerting and an executable need backend (backendbinary),
// description and keywords for the catalog (discoverability).
func TestPluginMetadata(t *testing.T) {
	r := load(t)
	m := r.metadata(t)
	if m.ID != pluginID || m.Type != "datasource" {
		t.Errorf("plugin.json: id %q type %q", m.ID, m.Type)
	}
	parts := strings.Split(m.ID, "-")
	if parts[len(parts)-1] != m.Type || len(parts) < 3 {
		t.Errorf("the id %q must read org-name-%s", m.ID, m.Type)
	}
	if m.Name == "" || m.Name == m.ID {
		t.Errorf("the name %q must be human-friendly, not the id", m.Name)
	}
	if !regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`).MatchString(m.Info.Version) {
		t.Errorf("version %q is not semver (the build fills in package.json's)", m.Info.Version)
	}
	if _, err := time.Parse("2006-01-02", m.Info.Updated); err != nil {
		t.Errorf("updated %q is not the build's date: %v", m.Info.Updated, err)
	}
	dep := m.Dependencies.GrafanaDependency
	if !regexp.MustCompile(`^(>=|>|~|\^)\s*\d+\.\d+\.\d+$`).MatchString(dep) {
		t.Errorf("grafanaDependency %q: want a lower bound such as >=12.4.0, not one release or a .x pin", dep)
	}
	if !m.Backend || m.Executable != "gpx_stripe" || !m.Alerting {
		t.Errorf("backend %v executable %q alerting %v: this is a backend data source with alerting", m.Backend, m.Executable, m.Alerting)
	}
	if strings.TrimSpace(m.Info.Description) == "" || len(m.Info.Keywords) == 0 {
		t.Error("the catalog indexes the description and keywords: both must be set")
	}
}

// Every backend binary: one per platform the build makes, named as Grafana's loader looks for it
// (<executable>_<os>_<arch>[.exe], pkg/plugins/plugins.go ExecutablePath), its embedded build
// info saying that platform (backendbinary requires a linux/amd64 one by build info, not by name),
// the module this repository builds, and mode exactly 0755 (binarypermissions, .exe aside).
func TestBackendBinaries(t *testing.T) {
	r := load(t)
	m := r.metadata(t)
	linuxAMD64 := false
	for _, p := range platforms {
		name := exeName(m.Executable, p[0], p[1])
		e, ok := r.files[name]
		if !ok {
			t.Errorf("%s is missing", name)
			continue
		}
		info, err := buildinfo.Read(bytes.NewReader(e.content))
		if err != nil {
			t.Errorf("%s: no Go build info: %v", name, err)
			continue
		}
		settings := map[string]string{}
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
		if settings["GOOS"] != p[0] || settings["GOARCH"] != p[1] {
			t.Errorf("%s is built for %s/%s", name, settings["GOOS"], settings["GOARCH"])
		}
		if settings["CGO_ENABLED"] != "0" {
			t.Errorf("%s is built with CGO_ENABLED=%q; the release binaries are static", name, settings["CGO_ENABLED"])
		}
		if info.Main.Path != "github.com/revops/stripe-datasource" {
			t.Errorf("%s is a build of %s", name, info.Main.Path)
		}
		linuxAMD64 = linuxAMD64 || (settings["GOOS"] == "linux" && settings["GOARCH"] == "amd64")
	}
	if !linuxAMD64 {
		t.Error("no linux/amd64 binary: Grafana's catalog requires one")
	}
	for f, e := range r.files {
		if !strings.HasPrefix(path.Base(f), m.Executable) {
			continue
		}
		if path.Ext(f) != ".exe" && e.mode.Perm() != 0o755 {
			t.Errorf("%s has mode %04o, want exactly 0755", f, e.mode.Perm())
		}
		if e.mode&fs.ModeType != 0 {
			t.Errorf("%s is not a regular file", f)
		}
	}
}

// go_plugin_build_manifest (the SDK's mage build writes it): the go-manifest analyzer, given the
// source code, wants every .go file of the repository outside node_modules listed with the
// SHA256 of its content (LF or CRLF line endings) and nothing listed that the source lacks. A
// mismatch means dist/ was built from other sources than these.
func TestGoBuildManifestMatchesTheSources(t *testing.T) {
	r := load(t)
	r.index(t)
	e, ok := r.files["go_plugin_build_manifest"]
	if !ok {
		t.Fatal("no go_plugin_build_manifest")
	}
	listed := map[string]string{}
	for _, line := range strings.Split(string(e.content), "\n") {
		if line == "" {
			continue
		}
		sum, file, ok := strings.Cut(line, ":")
		if !ok || strings.Contains(file, ":") {
			t.Fatalf("go_plugin_build_manifest line %q is not sha256:path", line)
		}
		listed[strings.ReplaceAll(strings.TrimSpace(file), "\\", "/")] = strings.TrimSpace(sum)
	}
	var problems []string
	err := filepath.WalkDir(repoPath(), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(repoPath(), p)
		rel = filepath.ToSlash(rel)
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lf := bytes.ReplaceAll(content, []byte("\r\n"), []byte("\n"))
		crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
		a, b := sha256.Sum256(lf), sha256.Sum256(crlf)
		want, ok := listed[rel]
		switch {
		case !ok:
			problems = append(problems, rel+" is not listed")
		case want != hex.EncodeToString(a[:]) && want != hex.EncodeToString(b[:]):
			problems = append(problems, rel+" changed since the build")
		}
		delete(listed, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for f := range listed {
		problems = append(problems, f+" is listed but not in the source")
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Errorf("go_plugin_build_manifest does not match the sources (rebuild the backends with mage): %s", strings.Join(problems, "; "))
	}
}

// README.md (readme: present and not empty; readme-comment: no HTML comment; templatereadme: not
// create-plugin's template; jargon: no "yarn" or "nodejs"), CHANGELOG.md not empty (changelog),
// LICENSE an Apache License 2.0 without the template's {yyyy} placeholders (license; its detector,
// go-license-detector, is not run here: the text is checked to be the repository's LICENSE and to
// open as the Apache License 2.0 does).
func TestReadmeChangelogLicense(t *testing.T) {
	r := load(t)
	r.index(t)
	readme := string(r.files["README.md"].content)
	if strings.TrimSpace(readme) == "" {
		t.Error("README.md is empty")
	}
	if strings.Contains(readme, "<!--") {
		t.Error("README.md contains an HTML comment (the catalog page shows the README)")
	}
	if regexp.MustCompile(`(?i)Grafana (Panel|Data Source|Datasource|App|Data Source Backend) Plugin Template`).MatchString(readme) {
		t.Error("README.md is create-plugin's template")
	}
	for _, w := range []string{"yarn", "nodejs"} {
		if strings.Contains(readme, w) {
			t.Errorf("README.md mentions %q: developer documentation belongs in the repository", w)
		}
	}
	if strings.TrimSpace(string(r.files["CHANGELOG.md"].content)) == "" {
		t.Error("CHANGELOG.md is empty")
	}
	license := string(r.files["LICENSE"].content)
	if !strings.Contains(license, "Apache License") || !strings.Contains(license, "Version 2.0, January 2004") {
		t.Error("LICENSE is not the Apache License 2.0 package.json declares")
	}
	if strings.Contains(license, "{yyyy}") || strings.Contains(license, "{name of copyright owner}") {
		t.Error("LICENSE keeps the template's placeholders")
	}
}

// Logos and screenshots (logos, screenshots, metadatapaths): both logos set; paths relative,
// without a leading . or /, pointing at files in the archive; at least one screenshot, each an
// image of an accepted type whose content matches its extension; SVGs without the elements the
// unsafesvg analyzer forbids or event-handler attributes.
func TestLogosAndScreenshots(t *testing.T) {
	r := load(t)
	m := r.metadata(t)
	if m.Info.Logos.Small == "" || m.Info.Logos.Large == "" {
		t.Error("plugin.json needs a small and a large logo")
	}
	if len(m.Info.Screenshots) == 0 {
		t.Error("no screenshot for the catalog")
	}
	paths := []string{m.Info.Logos.Small, m.Info.Logos.Large}
	for _, s := range m.Info.Screenshots {
		paths = append(paths, s.Path)
	}
	for _, p := range paths {
		if u, err := url.Parse(p); err != nil || u.IsAbs() {
			t.Errorf("%q must be a path relative to plugin.json", p)
			continue
		}
		if strings.HasPrefix(p, ".") || strings.HasPrefix(p, "/") || p == "" {
			t.Errorf("%q must not start with . or /", p)
			continue
		}
		e, ok := r.files[p]
		if !ok {
			t.Errorf("plugin.json names %s, which is not in the archive", p)
			continue
		}
		if err := checkImage(p, e.content); err != nil {
			t.Error(err)
		}
	}
	for f, e := range r.files {
		if strings.HasSuffix(f, ".svg") {
			if err := checkSVG(e.content); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

// checkImage sniffs the content type as net/http does and compares it with the extension's.
func checkImage(name string, content []byte) error {
	head := content
	if len(head) > 512 {
		head = head[:512]
	}
	kind := http.DetectContentType(head)
	if (strings.HasPrefix(kind, "text/plain") || strings.HasPrefix(kind, "text/xml")) && bytes.Contains(head, []byte("<svg")) {
		kind = "image/svg+xml"
	}
	switch kind {
	case "image/png", "image/jpeg", "image/gif", "image/svg+xml":
	default:
		return fmt.Errorf("%s is %s, not a PNG, JPEG, GIF or SVG image", name, kind)
	}
	if ext := mime.TypeByExtension(path.Ext(name)); ext != kind {
		return fmt.Errorf("%s has extension %s (%s) but holds %s", name, path.Ext(name), ext, kind)
	}
	return nil
}

var forbiddenSVGElements = map[string]bool{
	"script": true, "iframe": true, "audio": true, "template": true, "noscript": true, "noembed": true,
	"noframes": true, "plaintext": true, "xmp": true, "math": true, "annotation-xml": true,
}

func checkSVG(content []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(content))
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if el, ok := tok.(xml.StartElement); ok {
			if forbiddenSVGElements[strings.ToLower(el.Name.Local)] {
				return fmt.Errorf("element <%s> is not allowed", el.Name.Local)
			}
			for _, a := range el.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					return fmt.Errorf("attribute %s on <%s> is an event handler", a.Name.Local, el.Name.Local)
				}
			}
		}
	}
}

// Signing (manifest, signature): an unsigned archive is a warning for a first submission and
// loads in Grafana only with allow_loading_unsigned_plugins. A signed one must declare every file
// with its SHA256 and nothing else.
func TestSignatureIsAbsentOrCoversEveryFile(t *testing.T) {
	r := load(t)
	r.index(t)
	e, ok := r.files["MANIFEST.txt"]
	if !ok {
		t.Logf("unsigned: Grafana loads %s only when allow_loading_unsigned_plugins names it (README, Install into your Grafana)", pluginID)
		return
	}
	text := strings.ReplaceAll(string(e.content), "\r\n", "\n")
	start, end := strings.Index(text, "\n\n"), strings.Index(text, "-----BEGIN PGP SIGNATURE-----")
	if !strings.HasPrefix(text, "-----BEGIN PGP SIGNED MESSAGE-----") || start < 0 || end < start {
		t.Fatal("MANIFEST.txt is not a clear-signed message")
	}
	var manifest struct {
		Plugin, Version, SignatureType string
		Files                          map[string]string
	}
	if err := json.Unmarshal([]byte(text[start:end]), &manifest); err != nil {
		t.Fatalf("MANIFEST.txt: %v", err)
	}
	m := r.metadata(t)
	if manifest.Plugin != m.ID || manifest.Version != m.Info.Version {
		t.Errorf("MANIFEST.txt signs %s %s, the archive is %s %s", manifest.Plugin, manifest.Version, m.ID, m.Info.Version)
	}
	for f, fe := range r.files {
		if f == "MANIFEST.txt" {
			continue
		}
		sum := sha256.Sum256(fe.content)
		if want, ok := manifest.Files[f]; !ok || !strings.EqualFold(want, hex.EncodeToString(sum[:])) {
			t.Errorf("%s is not signed as it is", f)
		}
		delete(manifest.Files, f)
	}
	for f := range manifest.Files {
		t.Errorf("MANIFEST.txt signs %s, which the archive lacks", f)
	}
	t.Logf("signed, signature type %s", manifest.SignatureType)
}

// The archive installed as Grafana installs it (every entry extracted with its mode into a
// plugins folder), the backend for this machine, found by the name Grafana's loader builds,
// starts over the plugin protocol and answers Save & test on the demo account.
func TestBinaryFromTheArchiveAnswersCheckHealth(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the plugin binary")
	}
	r := load(t)
	m := r.metadata(t)
	pluginsDir := t.TempDir()
	for _, n := range r.names {
		e := r.entries[n]
		target := filepath.Join(pluginsDir, filepath.FromSlash(n))
		if e.dir {
			if err := os.MkdirAll(target, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, e.content, e.mode.Perm()); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(pluginsDir, m.ID, exeName(m.Executable, runtime.GOOS, runtime.GOARCH))
	if _, err := os.Stat(exe); err != nil {
		t.Skipf("the archive has no backend for this machine (%s/%s)", runtime.GOOS, runtime.GOARCH)
	}
	p := harness.StartBinary(t, exe, t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	demo := harness.DataSource{ID: 1, UID: "stripe-demo", Name: "Stripe (demo account)", JSONData: map[string]any{"source": "demo"}}
	res, err := p.CheckHealth(ctx, demo)
	if err != nil {
		t.Fatalf("CheckHealth: %v\n%s", err, p.Logs())
	}
	if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "demo") {
		t.Fatalf("Save & test on the demo source: %v %q", res.Status, res.Message)
	}
	t.Logf("%s: %s", filepath.Base(exe), strings.SplitN(res.Message, "\n", 2)[0])
}
