package persist

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// PluginID is the plugin's id: the name of its directory under a shared data directory.
const PluginID = "revops-stripe-datasource"

// What Grafana gives a backend plugin process, and so where DefaultDir looks (docs/PERSISTENCE.md
// has the references into Grafana's source):
//
//   - GF_PLUGIN_CACHE_DIR: Grafana passes every key of the grafana.ini section
//     [plugin.revops-stripe-datasource] to the plugin as GF_PLUGIN_<KEY>, also when host
//     environment variables are not forwarded; so `cache_dir = /some/dir` there names the
//     directory (used as it is).
//   - GF_PATHS_DATA: Grafana's data path, set in the environment by the official Docker images;
//     go-plugin forwards Grafana's whole environment to the plugin unless the feature toggle
//     pluginsSkipHostEnvVars is on. Relative to GF_PATHS_HOME when relative, as Grafana reads it.
//   - DATA_DIR with GRAFANA_HOME: what the deb and rpm packages' systemd unit loads from
//     /etc/default/grafana-server or /etc/sysconfig/grafana-server (EnvironmentFile) and passes
//     to Grafana as cfg:default.paths.data; the environment is forwarded as above.
//   - otherwise the user's cache directory (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache,
//     ~/Library/Caches, %LocalAppData%).
//
// Grafana sets no working directory for the plugin (it inherits Grafana's: its home path, often
// read-only) and the plugin SDK's Grafana config (backend.GrafanaConfigFromContext) has no path.
const (
	EnvCacheDir = "GF_PLUGIN_CACHE_DIR"
	envDataPath = "GF_PATHS_DATA"
	envHomePath = "GF_PATHS_HOME"
	envDebData  = "DATA_DIR"
	envDebHome  = "GRAFANA_HOME"
)

// DefaultDir returns the directory for the plugin's stores, from what Grafana gives the plugin
// (see above): $GF_PLUGIN_CACHE_DIR, else <data path>/plugins-data/revops-stripe-datasource,
// else <user cache dir>/revops-stripe-datasource. It does not create it (Open does).
func DefaultDir() (string, error) {
	if d := os.Getenv(EnvCacheDir); d != "" {
		return filepath.Abs(d)
	}
	if d := os.Getenv(envDataPath); d != "" {
		if !filepath.IsAbs(d) {
			if home := os.Getenv(envHomePath); home != "" {
				d = filepath.Join(home, d)
			}
		}
		return filepath.Abs(filepath.Join(d, "plugins-data", PluginID))
	}
	if d := os.Getenv(envDebData); d != "" && filepath.IsAbs(d) && os.Getenv(envDebHome) != "" {
		return filepath.Join(d, "plugins-data", PluginID), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", errors.Join(errors.New("persist: Grafana gave no data path and there is no user cache directory"), err)
	}
	return filepath.Join(d, PluginID), nil
}

// StorePath is the directory of one data source's store under dir:
// "org<orgID>-<uid, lower-cased, letters digits - _ only, at most 40>-<12 hex digits of SHA-256(uid)>".
// The organization is in it because a data source's UID is unique only within its organization;
// the hash because UIDs are case-sensitive and file systems on macOS and Windows are not (and
// provisioning can put any character in a UID).
func StorePath(dir string, orgID int64, uid string) string {
	readable := make([]byte, 0, 40)
	for _, c := range []byte(strings.ToLower(uid)) {
		if len(readable) == cap(readable) {
			break
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			readable = append(readable, c)
		}
	}
	sum := sha256.Sum256([]byte(uid))
	return filepath.Join(dir, fmt.Sprintf("org%d-%s-%s", orgID, readable, hex.EncodeToString(sum[:6])))
}
