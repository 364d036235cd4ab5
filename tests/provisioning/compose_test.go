package provisioning_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"go.yaml.in/yaml/v3"

	"github.com/revops/stripe-datasource/pkg/models"
)

// Docker cannot run in CI, so the compose file is checked here: `docker compose up --build` starts
// the one Grafana as before, and the ha profile adds two replicas and a Redis, each replica given
// the HA data source, whose settings the plugin accepts.
func TestComposeHAProfile(t *testing.T) {
	var compose struct {
		Services map[string]struct {
			Profiles    []string          `yaml:"profiles"`
			Image       string            `yaml:"image"`
			Build       any               `yaml:"build"`
			Ports       []string          `yaml:"ports"`
			Volumes     []string          `yaml:"volumes"`
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(readFile(t, "docker-compose.yaml"), &compose); err != nil {
		t.Fatal(err)
	}
	var defaults, ha []string
	for name, s := range compose.Services {
		if len(s.Profiles) == 0 {
			defaults = append(defaults, name)
		} else if slices.Contains(s.Profiles, "ha") {
			ha = append(ha, name)
		}
	}
	slices.Sort(defaults)
	slices.Sort(ha)
	if !slices.Equal(defaults, []string{"grafana"}) {
		t.Errorf("docker compose up starts %v, want only grafana", defaults)
	}
	if !slices.Equal(ha, []string{"grafana-ha-1", "grafana-ha-2", "redis"}) {
		t.Errorf("the ha profile has %v, want two Grafana replicas and a redis", ha)
	}
	ports := map[string]bool{}
	for _, name := range []string{"grafana-ha-1", "grafana-ha-2"} {
		s := compose.Services[name]
		if s.Build == nil || len(s.Ports) != 1 || ports[s.Ports[0]] {
			t.Errorf("%s: build %v ports %v (each replica is built from the Dockerfile on a port of its own)", name, s.Build, s.Ports)
		}
		ports[s.Ports[0]] = true
		if len(s.Volumes) != 1 || s.Volumes[0] != "./provisioning-ha/datasources/stripe-ha.yml:/etc/grafana/provisioning/datasources/stripe-ha.yml:ro" {
			t.Errorf("%s does not get the HA data source: %v", name, s.Volumes)
		}
	}
	if compose.Services["redis"].Image == "" {
		t.Error("the redis service has no image")
	}

	var prov struct {
		Datasources []struct {
			UID      string         `yaml:"uid"`
			JSONData map[string]any `yaml:"jsonData"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal(readFile(t, "provisioning-ha", "datasources", "stripe-ha.yml"), &prov); err != nil {
		t.Fatal(err)
	}
	if len(prov.Datasources) == 0 {
		t.Fatal("no HA data source")
	}
	for _, ds := range prov.Datasources {
		url, _ := ds.JSONData["sharedStoreUrl"].(string)
		replicas, _ := ds.JSONData["replicas"].(int)
		if url != "redis://redis:6379/0" || replicas != 2 {
			t.Errorf("%s: shared store %q, replicas %v; want the compose redis and the 2 replicas", ds.UID, url, ds.JSONData["replicas"])
		}
		jd, _ := json.Marshal(ds.JSONData)
		if _, err := models.LoadSettings(backend.DataSourceInstanceSettings{JSONData: jd}); err != nil {
			t.Errorf("%s: the plugin refuses its settings: %v", ds.UID, err)
		}
	}
}
