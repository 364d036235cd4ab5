package server

import (
	_ "embed"
	"encoding/json"

	"github.com/revops/stripe-datasource/pkg/simulator/objects"
)

// expandSpecJSON is Stripe's expand rule for every kind the simulator serves, generated from the
// OpenAPI spec stripe-mock embeds (openapicheck.ExpandGraph; TestExpandSpecIsTheSpecs keeps it
// equal, `go test ./pkg/simulator/server -run TestExpandSpecIsTheSpecs -update-expand-spec`
// regenerates it): per schema, the members an expand[] path may name and the schemas each leads
// to. The server cannot embed the spec itself (22 MB); this is the part of it expansion needs.
//
//go:embed expand_spec.json
var expandSpecJSON []byte

// expandSpecFile is expand_spec.json.
type expandSpecFile struct {
	Source  string                         `json:"source"`
	Schemas map[string]map[string][]string `json:"schemas"`
}

var expandSpec = func() expandSpecFile {
	var f expandSpecFile
	if err := json.Unmarshal(expandSpecJSON, &f); err != nil {
		panic("server: expand_spec.json: " + err.Error()) // embedded: a broken file fails every test
	}
	return f
}()

// specRefuses returns "" when Stripe's spec lets an expand[] path of these segments start at an
// object of kind k, else the first segment it refuses.
func specRefuses(k objects.Kind, segs []string) string {
	at := []string{k.ObjectName()}
	for _, seg := range segs {
		var next []string
		found := false
		for _, schema := range at {
			if targets, ok := expandSpec.Schemas[schema][seg]; ok {
				found = true
				next = append(next, targets...)
			}
		}
		if !found {
			return seg
		}
		at = next
	}
	return ""
}

// servedKinds are the object types the simulator serves or expands into, whose expand rules
// expand_spec.json holds.
func servedKinds() []objects.Kind {
	var out []objects.Kind
	for k := objects.Kind(1); k.ObjectName() != ""; k++ {
		out = append(out, k)
	}
	return out
}
