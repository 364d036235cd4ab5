package plugin

import (
	"testing"

	"github.com/revops/stripe-datasource/pkg/stripeapi"
)

func TestEventVersionsSentence(t *testing.T) {
	for _, c := range []struct {
		in   []stripeapi.EventVersion
		want string
	}{
		{nil, ""},
		{[]stripeapi.EventVersion{{Version: "2024-06-20", Events: 100, Readable: true}},
			"The account's 100 most recent events are in API version 2024-06-20, which the plugin reads."},
		{[]stripeapi.EventVersion{{Version: "2024-06-20", Events: 37, Readable: true}, {Version: "2026-03-25.dahlia", Events: 63, Readable: true}},
			"The account's 100 most recent events are in API versions 2024-06-20 (37) and 2026-03-25.dahlia (63); the plugin reads each of them."},
		{[]stripeapi.EventVersion{{Version: "2019-12-03", Events: 12}, {Version: "2025-03-31.basil", Events: 8, Readable: true}},
			"The account's 20 most recent events are in API versions 2019-12-03 (12) and 2025-03-31.basil (8); 2019-12-03 cannot be read in place " +
				"(the plugin reads 2020-08-27 to 2026-03-25.dahlia), so each object such an event changes is read again from Stripe by id, one request per object."},
	} {
		if got := eventVersionsSentence(c.in); got != c.want {
			t.Errorf("eventVersionsSentence(%v)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
