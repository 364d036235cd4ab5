package plugin

import (
	"fmt"
	"math"
	"strconv"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

// rateLimitNote is the sentence Save & test adds when Stripe has answered 429 since the data
// source started: Stripe's limits are shared with the merchant's own servers, so an admin should
// know when this data source met them and where its budget stands. "" when there was none.
func rateLimitNote(s stripeapi.Stats, configured float64) string {
	if s.RateLimited == 0 {
		return ""
	}
	times := fmt.Sprintf("%d times", s.RateLimited)
	if s.RateLimited == 1 {
		times = "once"
	}
	lead := fmt.Sprintf(" Stripe answered 429 (rate limited) %s since the data source started; ", times)
	if s.EffectiveRateLimit < configured {
		return lead + fmt.Sprintf("the plugin lowered its budget to %s of %s requests/s for now.", rateText(s.EffectiveRateLimit), rateText(configured))
	}
	return lead + fmt.Sprintf("the plugin's budget is back at %s requests/s.", rateText(configured))
}

// rateText shows a budget to one decimal: 5.07 → "5.1", 10 → "10".
func rateText(r float64) string {
	return strconv.FormatFloat(math.Round(r*10)/10, 'f', -1, 64)
}

func (d *Datasource) rateLimitNote() string {
	if d.client == nil {
		return ""
	}
	return rateLimitNote(d.client.Stats(), d.client.RateLimit())
}
