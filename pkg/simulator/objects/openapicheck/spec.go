// Package openapicheck validates JSON documents against Stripe's OpenAPI spec as shipped in the
// stripe-mock module (spec3.json). It is a small, focused validator written for the simulator's
// conformance tests: it checks required members, JSON types, nullable, enums, string patterns,
// anyOf (expandable ID-or-object members) and, unlike a lenient JSON Schema validator, it rejects
// members the schema does not define.
//
// Two refinements make it stricter than spec3.json alone and match what real accounts send:
//
//   - "Every documented non-includable member is present": spec3.json leaves nullable members out
//     of "required", so the required set of a component is spec3.json's required list plus the
//     members the SDK spec (spec3.beta.sdk.json, same module) marks required.
//   - A few deprecated members are absent from spec3.json but still sent by Stripe and required in
//     the SDK spec (DeprecatedSent); they are accepted and validated against the SDK spec.
//
// Import it only from tests: it embeds ~22 MB of specs.
package openapicheck

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sync"

	"github.com/stripe/stripe-mock/embedded"
)

// DeprecatedSent lists "component.member" pairs that are not in spec3.json but that Stripe still
// sends in the pinned API version (each is required in the SDK spec of the same module).
var DeprecatedSent = map[string]bool{
	"charge.source":               true,
	"subscription_item.plan":      true,
	"product.type":                true,
	"recurring.trial_period_days": true,
}

// schema is the subset of OpenAPI 3 schema keywords Stripe's spec uses for response objects.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Format               string             `json:"format"`
	Pattern              string             `json:"pattern"`
	Title                string             `json:"title"`
	Nullable             bool               `json:"nullable"`
	Enum                 []any              `json:"enum"`
	AnyOf                []*schema          `json:"anyOf"`
	Items                *schema            `json:"items"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
	ExpansionResources   json.RawMessage    `json:"x-expansionResources"`
	ExpandableFields     []string           `json:"x-expandableFields"`

	additional *schema // parsed AdditionalProperties when it is a schema
	anyExtra   bool    // AdditionalProperties is true
	pattern    *regexp.Regexp
}

type document struct {
	Info struct {
		Version string `json:"version"`
	} `json:"info"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
	Paths map[string]map[string]struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema *schema `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
}

// Spec is a loaded pair of specs. It is read-only and safe for concurrent use.
type Spec struct {
	main, sdk *document
	// required is, per component of the main spec, its effective required set (see package doc).
	required map[string]map[string]bool
}

var (
	loadOnce sync.Once
	loaded   *Spec
	loadErr  error
)

// Load parses the embedded specs once per process and returns the shared Spec.
func Load() (*Spec, error) {
	loadOnce.Do(func() { loaded, loadErr = parse(embedded.OpenAPISpec, embedded.BetaOpenAPISpec) })
	return loaded, loadErr
}

// Version is the API version of the main spec (info.version).
func (s *Spec) Version() string { return s.main.Info.Version }

func parse(mainJSON, sdkJSON []byte) (*Spec, error) {
	var main, sdk document
	if err := json.Unmarshal(mainJSON, &main); err != nil {
		return nil, fmt.Errorf("openapicheck: spec3.json: %w", err)
	}
	if err := json.Unmarshal(sdkJSON, &sdk); err != nil {
		return nil, fmt.Errorf("openapicheck: spec3.beta.sdk.json: %w", err)
	}
	for _, d := range []*document{&main, &sdk} {
		seen := map[*schema]bool{}
		for _, sc := range d.Components.Schemas {
			if err := prepare(sc, seen); err != nil {
				return nil, err
			}
		}
		for _, ops := range d.Paths {
			for _, op := range ops {
				for _, r := range op.Responses {
					for _, c := range r.Content {
						if err := prepare(c.Schema, seen); err != nil {
							return nil, err
						}
					}
				}
			}
		}
	}
	s := &Spec{main: &main, sdk: &sdk, required: map[string]map[string]bool{}}
	for name, sc := range main.Components.Schemas {
		req := map[string]bool{}
		for _, r := range sc.Required {
			req[r] = true
		}
		if sdkSc := sdk.Components.Schemas[name]; sdkSc != nil {
			for _, r := range sdkSc.Required {
				if sc.Properties[r] != nil {
					req[r] = true
				}
			}
		}
		s.required[name] = req
	}
	return s, nil
}

// prepare parses additionalProperties and compiles patterns, once per schema node.
func prepare(sc *schema, seen map[*schema]bool) error {
	if sc == nil || seen[sc] {
		return nil
	}
	seen[sc] = true
	switch raw := string(sc.AdditionalProperties); raw {
	case "", "false":
	case "true":
		sc.anyExtra = true
	default:
		sc.additional = &schema{}
		if err := json.Unmarshal(sc.AdditionalProperties, sc.additional); err != nil {
			return fmt.Errorf("openapicheck: additionalProperties: %w", err)
		}
	}
	if sc.Pattern != "" {
		re, err := regexp.Compile(sc.Pattern)
		if err != nil {
			return fmt.Errorf("openapicheck: pattern %q: %w", sc.Pattern, err)
		}
		sc.pattern = re
	}
	for _, sub := range sc.AnyOf {
		if err := prepare(sub, seen); err != nil {
			return err
		}
	}
	for _, sub := range sc.Properties {
		if err := prepare(sub, seen); err != nil {
			return err
		}
	}
	if err := prepare(sc.Items, seen); err != nil {
		return err
	}
	return prepare(sc.additional, seen)
}

// IsExpandable reports whether a component's member is expandable (an ID by default that
// expand[] turns into an object), directly or as an array of such IDs.
func (s *Spec) IsExpandable(component, member string) bool {
	sc := s.main.Components.Schemas[component]
	if sc == nil || sc.Properties[member] == nil {
		return false
	}
	p := sc.Properties[member]
	if p.Type == "array" && p.Items != nil {
		p = p.Items
	}
	return len(p.ExpansionResources) > 0
}
