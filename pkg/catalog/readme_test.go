package catalog

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update", false, "rewrite the README's generated tables from catalog.json")

// The README holds tables generated from the catalog between these markers, so the documentation
// cannot drift from what the plugin answers.
func TestReadmeTablesAreGenerated(t *testing.T) {
	const path = "../../README.md"
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	tables := map[string]string{
		"metric-table":     Get().MetricTable(),
		"permission-table": Get().PermissionTable(),
		"option-table":     Get().OptionTable(),
		"variable-table":   Get().VariableTable(),
		"annotation-table": Get().AnnotationTable(),
	}
	for name, table := range tables {
		start := "<!-- " + name + ":start (generated from pkg/catalog/catalog.json: go test ./pkg/catalog -update) -->\n"
		end := "<!-- " + name + ":end -->"
		i, j := strings.Index(readme, start), strings.Index(readme, end)
		if i < 0 || j < i {
			t.Errorf("README.md has no generated %s between %q and %q", name, start, end)
			continue
		}
		want := start + table + end
		if readme[i:j+len(end)] == want {
			continue
		}
		if !*updateReadme {
			t.Errorf("README.md's %s is out of date: run go test ./pkg/catalog -update", name)
			continue
		}
		readme = readme[:i] + want + readme[j+len(end):]
	}
	if *updateReadme && readme != string(raw) {
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTablesListEveryMetricAndPermission(t *testing.T) {
	metrics, perms := Get().MetricTable(), Get().PermissionTable()
	for _, m := range Get().Metrics {
		if !strings.Contains(metrics, "| `"+m.ID+"` |") {
			t.Errorf("metric %s missing from the table", m.ID)
		}
	}
	for _, g := range Get().Groups {
		for _, id := range g.Resources {
			r, _ := Get().Resource(id)
			if !strings.Contains(perms, "`"+r.Permission+"`") {
				t.Errorf("permission %s of group %s missing from the table", r.Permission, g.ID)
			}
		}
	}
}
