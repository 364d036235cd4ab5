package catalog

import (
	"fmt"
	"strings"
)

// MetricTable renders the metric reference of the README from the catalog, so the documentation
// cannot drift from what the plugin answers (TestReadmeMetricTable keeps README.md in step).
func (c *Catalog) MetricTable() string {
	groups := map[string]string{}
	for _, g := range c.Groups {
		groups[g.ID] = g.Label
	}
	resources := map[string]Resource{}
	for _, r := range c.Resources {
		resources[r.ID] = r
	}
	var b strings.Builder
	b.WriteString("| id | group | kind | what it shows | how it is computed | permission |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, m := range c.Metrics {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | `%s` |\n", m.ID, groups[m.Group], m.Kind,
			cell(m.Description), cell(m.Computation), resources[m.Resource].Permission)
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// PermissionTable renders the README's table of the read permissions each metric group needs.
func (c *Catalog) PermissionTable() string {
	resources := map[string]Resource{}
	for _, r := range c.Resources {
		resources[r.ID] = r
	}
	var b strings.Builder
	b.WriteString("| Metric group | Stripe permissions (Read) |\n|---|---|\n")
	for _, g := range c.Groups {
		perms := make([]string, 0, len(g.Resources))
		for _, r := range g.Resources {
			perms = append(perms, fmt.Sprintf("`%s` (%s)", resources[r].Permission, resources[r].Label))
		}
		fmt.Fprintf(&b, "| %s | %s |\n", g.Label, strings.Join(perms, ", "))
	}
	return b.String()
}
