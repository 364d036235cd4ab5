// Package harness starts the real gpx_stripe binary the way Grafana does (hashicorp/go-plugin,
// the SDK's handshake: protocol version 2, magic cookie grafana_plugin_type=datasource, gRPC) and
// calls it over gRPC. It is the closest stand-in for Grafana itself that runs without a server.
package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// PluginID is the id Grafana passes in every plugin context.
const PluginID = "revops-stripe-datasource"

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Binary builds gpx_stripe from ./pkg once per test process and returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gpx_stripe")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, "gpx_stripe")
		cmd := exec.Command("go", "build", "-o", buildPath, "./pkg")
		cmd.Dir = repoRoot()
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./pkg: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Plugin is a running gpx_stripe process.
type Plugin struct {
	client *goplugin.Client
	diag   pluginv2.DiagnosticsClient
	data   pluginv2.DataClient
	res    pluginv2.ResourceClient
	logs   *syncBuffer
	cmd    *exec.Cmd
}

// Start launches the binary and connects to it, with a cache directory of its own. The process
// is killed when the test ends.
func Start(t testing.TB) *Plugin {
	t.Helper()
	return StartIn(t, t.TempDir())
}

// StartIn launches the binary with its cache on disk in cacheDir (what grafana.ini's
// [plugin.revops-stripe-datasource] cache_dir hands the plugin as GF_PLUGIN_CACHE_DIR): a second
// process started in the same directory is the plugin restarted.
func StartIn(t testing.TB, cacheDir string) *Plugin {
	t.Helper()
	return StartBinary(t, Binary(t), cacheDir)
}

// StartBinary launches the executable at path (a gpx_stripe built elsewhere, such as the one
// unpacked from a release zip) the way StartIn launches the one built from ./pkg.
func StartBinary(t testing.TB, path, cacheDir string) *Plugin {
	t.Helper()
	logs := &syncBuffer{}
	cmd := exec.Command(path)
	// Grafana hands plugins these variables; the SDK reads them.
	cmd.Env = append(os.Environ(), "GF_PLUGIN_ID="+PluginID, "GF_PLUGIN_VERSION=test", "GF_PLUGIN_CACHE_DIR="+cacheDir)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		// Spelled out rather than borrowed from the SDK so a change on either side shows here.
		HandshakeConfig: goplugin.HandshakeConfig{
			ProtocolVersion:  2,
			MagicCookieKey:   "grafana_plugin_type",
			MagicCookieValue: "datasource",
		},
		VersionedPlugins: map[int]goplugin.PluginSet{
			grpcplugin.ProtocolVersion: {
				"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
				"data":        &grpcplugin.DataGRPCPlugin{},
				"resource":    &grpcplugin.ResourceGRPCPlugin{},
			},
		},
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		Logger:           hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug, Name: "gpx_stripe"}),
		Stderr:           logs,
		StartTimeout:     30 * time.Second,
	})
	t.Cleanup(client.Kill)
	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("start plugin: %v\n%s", err, logs.String())
	}
	p := &Plugin{client: client, logs: logs, cmd: cmd}
	for name, dst := range map[string]any{"diagnostics": &p.diag, "data": &p.data, "resource": &p.res} {
		raw, err := rpc.Dispense(name)
		if err != nil {
			t.Fatalf("dispense %s: %v", name, err)
		}
		switch d := dst.(type) {
		case *pluginv2.DiagnosticsClient:
			*d = raw.(pluginv2.DiagnosticsClient)
		case *pluginv2.DataClient:
			*d = raw.(pluginv2.DataClient)
		case *pluginv2.ResourceClient:
			*d = raw.(pluginv2.ResourceClient)
		}
	}
	return p
}

// Logs is everything the plugin process wrote, for asserting that no secret was logged.
func (p *Plugin) Logs() string { return p.logs.String() }

// Stop ends the plugin process as Grafana does when it stops or restarts a plugin: it closes the
// connection, lets the plugin exit on its own (for up to 2 s), then kills it.
func (p *Plugin) Stop() { p.client.Kill() }

// Kill ends the plugin process at once (SIGKILL), as a replica dies: nothing is written, nothing
// is given back.
func (p *Plugin) Kill() {
	if p.cmd.Process != nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
	}
	p.client.Kill()
}

// DataSource describes a data source instance as Grafana stores it.
type DataSource struct {
	ID       int64
	UID      string
	Name     string
	JSONData map[string]any
	Secure   map[string]string
	Updated  time.Time
}

func (ds DataSource) pluginContext() backend.PluginContext {
	jd, _ := json.Marshal(ds.JSONData)
	updated := ds.Updated
	if updated.IsZero() {
		updated = time.Unix(1700000000, 0)
	}
	return backend.PluginContext{
		OrgID:    1,
		PluginID: PluginID,
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID: ds.ID, UID: ds.UID, Name: ds.Name, Type: PluginID,
			JSONData: jd, DecryptedSecureJSONData: ds.Secure, Updated: updated,
		},
	}
}

// CheckHealth runs Save & test.
func (p *Plugin) CheckHealth(ctx context.Context, ds DataSource) (*backend.CheckHealthResult, error) {
	res, err := p.diag.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: backend.ToProto().PluginContext(ds.pluginContext())})
	if err != nil {
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(res), nil
}

// CollectMetrics asks for the plugin's Prometheus metrics, as Grafana does to serve
// /api/plugins/<plugin id>/metrics, and returns them in Prometheus' text format.
func (p *Plugin) CollectMetrics(ctx context.Context, ds DataSource) (string, error) {
	res, err := p.diag.CollectMetrics(ctx, &pluginv2.CollectMetricsRequest{PluginContext: backend.ToProto().PluginContext(ds.pluginContext())})
	if err != nil {
		return "", err
	}
	return string(res.GetMetrics().GetPrometheus()), nil
}

// Query is one panel query.
type Query struct {
	RefID         string
	Model         map[string]any
	From, To      time.Time
	Interval      time.Duration
	MaxDataPoints int64
}

// QueryData runs queries the way /api/ds/query does.
func (p *Plugin) QueryData(ctx context.Context, ds DataSource, queries ...Query) (*backend.QueryDataResponse, error) {
	req := &backend.QueryDataRequest{PluginContext: ds.pluginContext(), Headers: map[string]string{}}
	for _, q := range queries {
		js, err := json.Marshal(q.Model)
		if err != nil {
			return nil, err
		}
		if q.MaxDataPoints == 0 {
			q.MaxDataPoints = 1000
		}
		req.Queries = append(req.Queries, backend.DataQuery{
			RefID: q.RefID, JSON: js, TimeRange: backend.TimeRange{From: q.From, To: q.To},
			Interval: q.Interval, MaxDataPoints: q.MaxDataPoints,
		})
	}
	if _, ok := ctx.Deadline(); !ok {
		// A test waits as long as a read takes: without a deadline the plugin would answer
		// "still reading" after its patience (plugin.defaultPatience).
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, PatientTests)
		defer cancel()
	}
	res, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return nil, err
	}
	return backend.FromProto().QueryDataResponse(res)
}

// CallResource calls a resource endpoint and returns its status and whole body.
func (p *Plugin) CallResource(ctx context.Context, ds DataSource, method, path string, body []byte) (int, []byte, error) {
	req := &backend.CallResourceRequest{PluginContext: ds.pluginContext(), Path: path, Method: method, URL: "/" + path, Body: body}
	stream, err := p.res.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		return 0, nil, err
	}
	status := 0
	var buf bytes.Buffer
	for {
		msg, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, nil, err
		}
		if msg.Code != 0 {
			status = int(msg.Code)
		}
		buf.Write(msg.Body)
	}
	return status, buf.Bytes(), nil
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// PatientTests is the deadline a test's query gets when it sets none: long enough for any read
// the tests make, so the plugin waits instead of answering "still reading".
const PatientTests = 10 * time.Minute

// Values is every field's values of a frame list, one column after the other: what two answers
// are compared by (the same numbers at the same times), without the frames' metadata.
func Values(frames data.Frames) [][]any {
	var values [][]any
	for _, f := range frames {
		for _, fld := range f.Fields {
			col := make([]any, fld.Len())
			for i := range col {
				col[i] = fld.At(i)
			}
			values = append(values, col)
		}
	}
	return values
}
