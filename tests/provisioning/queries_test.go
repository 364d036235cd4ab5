package provisioning_test

import (
	"fmt"
	"regexp"
	"time"

	"github.com/revops/stripe-datasource/pkg/catalog"
)

// currencyCode is a lower-case ISO code as the query model stores it.
var currencyCode = regexp.MustCompile(`^[a-z]{3}$`)

// grafanaKeys are what Grafana adds to every stored query; the rest must be the query model's.
var grafanaKeys = map[string]bool{"refId": true, "datasource": true, "hide": true, "intervalMs": true, "maxDataPoints": true}

// checkQuery returns what is wrong with a stored metric query: an unknown key or metric, an option
// the metric does not take, or a value the catalog does not allow. variables lists the template
// variables a currencies entry may name ("$currency"); alert rules have none.
func checkQuery(model map[string]any, variables ...string) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	id, _ := model["metric"].(string)
	m, ok := lookupMetric(id)
	if !ok {
		bad("metric %q is neither in the catalog nor pending", id)
		return errs
	}
	for k, v := range model {
		opt, isOption := catalog.Get().Options[k]
		switch {
		case k == "metric" || grafanaKeys[k]:
		case !isOption:
			bad("unknown query key %q", k)
		case !m.takes[k]:
			bad("%s does not take %s", id, k)
		case len(opt.Values) > 0 && !allowed(opt, v):
			bad("%s: %s %v is not one the catalog allows", id, k, v)
		}
	}
	if v, set := model["timeZone"]; set {
		if z, _ := v.(string); z == "" {
			bad("%s: empty time zone", id)
		} else if _, err := time.LoadLocation(z); err != nil {
			bad("%s: time zone %v is not an IANA name", id, v)
		}
	}
	if v, set := model["currencies"]; set {
		list, _ := v.([]any)
		for _, e := range list {
			s, _ := e.(string)
			if !currencyCode.MatchString(s) && !contains(variables, s) {
				bad("%s: currencies entry %v is neither a lower-case code nor one of the variables %v", id, e, variables)
			}
		}
	}
	return errs
}

func allowed(opt catalog.Option, v any) bool {
	for _, c := range opt.Values {
		if c.Value == v {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
