package provisioning_test

import (
	"fmt"
	"regexp"
	"time"
)

// currencyCode is a lower-case ISO code as the query model stores it.
var currencyCode = regexp.MustCompile(`^[a-z]{3}$`)

// queryModelKeys are the keys a stored query may have: the query model (pkg/models/query.go)
// and what Grafana adds to every query.
var queryModelKeys = map[string]bool{
	"metric": true, "bucket": true, "timeZone": true, "currencies": true,
	"refId": true, "datasource": true, "hide": true, "intervalMs": true, "maxDataPoints": true,
}

// checkQuery returns what is wrong with a stored query: an unknown metric, an option the
// metric does not take, or a value the catalog does not allow. variables lists the template
// variables a currencies entry may name ("$currency"); alert rules have none.
func checkQuery(model map[string]any, buckets map[string]bool, variables ...string) []string {
	var errs []string
	bad := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	for k := range model {
		if !queryModelKeys[k] {
			bad("unknown query key %q", k)
		}
	}
	id, _ := model["metric"].(string)
	m, ok := lookupMetric(id)
	if !ok {
		bad("metric %q is neither in the catalog nor pending", id)
		return errs
	}
	if v, set := model["bucket"]; set {
		b, _ := v.(string)
		if !m.takes["bucket"] {
			bad("%s does not take a bucket", id)
		} else if !buckets[b] {
			bad("%s: bucket %v is not one the catalog allows", id, v)
		}
	}
	if v, set := model["timeZone"]; set {
		z, _ := v.(string)
		if !m.takes["timeZone"] {
			bad("%s does not take a time zone", id)
		} else if _, err := time.LoadLocation(z); z == "" || err != nil {
			bad("%s: time zone %v is not an IANA name", id, v)
		}
	}
	if v, set := model["currencies"]; set {
		list, _ := v.([]any)
		if !m.takes["currencies"] {
			bad("%s does not take currencies", id)
		}
		for _, e := range list {
			s, _ := e.(string)
			if !currencyCode.MatchString(s) && !contains(variables, s) {
				bad("%s: currencies entry %v is neither a lower-case code nor one of the variables %v", id, e, variables)
			}
		}
	}
	return errs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
